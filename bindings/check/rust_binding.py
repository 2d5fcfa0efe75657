"""The Rust binding against the header: the `extern "C"` block of bindings/rust/src/ffi.rs, its
type aliases and its #[repr(C)] structs.

Pointer constness is compared too: `const T *` must be `*const T` and `T *` must be `*mut T` (a
`*const` for a pointer the library writes through would let safe code hand it read-only memory).
The function-pointer fields must be `Option<extern "C" fn …>`: the *_init functions set them to
NULL, which a bare Rust fn pointer may never be.
"""
import re

from c_header import Param
from source_text import line_of, matching_close, split_top_level
from struct_mirrors import FieldVerdict, Mirror, check_coverage, check_mirrors

LANGUAGE = "rust"

SCALAR_TYPES = {
    "int64_t": {"i64"},
    "int32_t": {"i32"},
    "uint64_t": {"u64"},
    "double": {"f64", "c_double"},
    "size_t": {"usize", "size_t"},
    "unsigned": {"c_uint", "u32"},
    "int": {"c_int", "i32"},
    "enum": {"c_int", "i32"},
    "char": {"c_char", "i8", "u8"},
    "void": {"c_void"},
}
ARROW = "\u2192"  # "->" while splitting, so that its ">" does not close an angle bracket


def strip_comments(text):
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))
    text = re.sub(r"/\*.*?\*/", blank, text, flags=re.S)
    return re.sub(r"//[^\n]*", blank, text)


def normalize(type_text):
    """Canonical spelling: no paths (std::os::raw::c_int -> c_int), single spaces."""
    type_text = re.sub(r"\b(?:\w+::)+(\w+)", r"\1", type_text.replace("->", ARROW))
    type_text = re.sub(r"\s+", " ", type_text).strip()
    type_text = re.sub(r"\s*([<>(),{}\[\]%s])\s*" % ARROW, r"\1", type_text)
    return re.sub(r"\*\s*(const|mut)\s*", r"*\1 ", type_text)


def parse_params(text):
    params = []
    for part in split_top_level(text.replace("->", ARROW), ",", "<", ">"):
        if part:
            name, _, type_text = part.partition(":")
            params.append((name.strip(), normalize(type_text)))
    return params


def parse(path, text):
    """({name: (params, return type, location)}, {alias: type}, {name: (Mirror, repr_c)})."""
    code = strip_comments(text)
    functions, aliases, structs = {}, {}, {}
    for match in re.finditer(r"\btype\s+(\w+)\s*=\s*([^;]+);", code):
        aliases[match.group(1)] = normalize(match.group(2))
    for match in re.finditer(r"((?:#\[[^\]]*\]\s*)*)(?:pub(?:\([^)]*\))?\s+)?struct\s+(\w+)\s*\{", code):
        close = matching_close(code, match.end() - 1)
        fields = []
        for part in split_top_level(code[match.end():close].replace("->", ARROW), ",", "<", ">"):
            part = re.sub(r"^(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?", "", part.strip())
            if ":" in part:
                name, _, type_text = part.partition(":")
                fields.append((name.strip(), normalize(type_text)))
        repr_c = re.search(r"#\[repr\(\s*C\b", match.group(1)) is not None
        structs[match.group(2)] = (Mirror(match.group(2), fields, "%s:%d" % (path, line_of(code, match.start(2)))),
                                   repr_c)
    for block in re.finditer(r"extern\s+\"C\"\s*\{", code):
        close = matching_close(code, block.end() - 1)
        body_start = block.end()
        for item in re.finditer(r"(?:pub(?:\([^)]*\))?\s+)?fn\s+(\w+)\s*\(", code[body_start:close]):
            open_at = body_start + item.end() - 1
            params_end = matching_close(code, open_at)
            tail = code[params_end + 1:code.index(";", params_end)]
            returns = normalize(tail.split("->", 1)[1]) if "->" in tail else "()"
            functions[item.group(1)] = (parse_params(code[open_at + 1:params_end]), returns,
                                        "%s:%d" % (path, line_of(code, body_start + item.start())))
    return functions, aliases, structs


def resolve(type_text, aliases, depth=0):
    while type_text in aliases and depth < 10:
        type_text, depth = aliases[type_text], depth + 1
    return type_text


def judge_type(header, ctype, type_text, aliases, is_return=False):
    """FieldVerdict for a Rust type against a C type (parameter, return or field)."""
    kind = header.kind_of(ctype)
    type_text = resolve(type_text, aliases)
    if kind == "void" and ctype.pointers == 0:
        return FieldVerdict(type_text == "()", "no return type")
    if kind in SCALAR_TYPES:
        return FieldVerdict(type_text in SCALAR_TYPES[kind], "/".join(sorted(SCALAR_TYPES[kind])))
    if kind == "funcptr":
        return judge_function_pointer(header, header.function_pointers[ctype.base], type_text, aliases)
    pointer = re.match(r"^\*(const|mut) (.+)$", type_text)
    if ctype.pointers == 0 or not pointer:
        return FieldVerdict(False, "a raw pointer for %s" % str(ctype).strip())
    want_const = "const" if ctype.const else "mut"
    if pointer.group(1) != want_const:
        return FieldVerdict(False, "*%s … (the header's %s)" % (want_const, str(ctype).strip()))
    inner = resolve(pointer.group(2), aliases)
    if kind == "handle**":
        allowed = {"*mut %s" % ctype.base, "*mut c_void"}
        return FieldVerdict(inner in allowed, "*mut *mut %s" % ctype.base)
    if kind == "handle":
        return FieldVerdict(inner in (ctype.base, "c_void"), "*%s %s" % (want_const, ctype.base))
    if kind == "struct*":
        if inner == "c_void":
            return FieldVerdict(True)
        return FieldVerdict(re.match(r"^\w+$", inner) is not None, "*%s <repr(C) mirror>" % want_const,
                            points_to=inner)
    if kind == "void*":
        return FieldVerdict(inner in ("c_void", "u8"), "*%s c_void" % want_const)
    if kind == "char*":
        return FieldVerdict(inner in SCALAR_TYPES["char"], "*%s c_char" % want_const)
    if kind.endswith("*") and kind[:-1] in SCALAR_TYPES:
        allowed = SCALAR_TYPES[kind[:-1]]
        return FieldVerdict(inner in allowed, "*%s %s" % (want_const, "/".join(sorted(allowed))))
    return FieldVerdict(False, "a type for %s" % str(ctype).strip())


def judge_function_pointer(header, typedef, type_text, aliases):
    match = re.match(r"^Option<(?:unsafe )?extern ?\"C\" ?fn\((.*)\)(?:%s(.+))?>$" % ARROW, type_text)
    expected = "Option<unsafe extern \"C\" fn(...)> matching %s" % typedef.name
    if not match:
        return FieldVerdict(False, expected)
    params = [part.split(":")[-1] for part in split_top_level(match.group(1), ",", "<", ">") if part]
    if len(params) != len(typedef.params):
        return FieldVerdict(False, expected)
    for param, text in zip(typedef.params, params):
        if not judge_type(header, param.ctype, normalize(text), aliases).ok:
            return FieldVerdict(False, expected)
    return judge_type(header, typedef.returns, normalize(match.group(2) or "()"), aliases)


def check(header, path, text):
    """Problems of the Rust FFI file against the header."""
    functions, aliases, structs = parse(path, text)
    problems, uses = [], []
    wrapped = {name: location for name, (_, _, location) in functions.items() if name.startswith("ofdm_")}
    for name, (params, returns, location) in sorted(functions.items()):
        function = header.function(name)
        if function is None:
            continue  # reported by check_coverage
        where = "%s: %s: %s" % (LANGUAGE, location, name)
        if len(params) != len(function.params):
            problems.append("%s takes %d arguments in the header, the declaration %d"
                            % (where, len(function.params), len(params)))
            continue
        verdict = judge_type(header, function.returns, returns, aliases, is_return=True)
        if not verdict.ok:
            problems.append("%s returns %s; the declaration says %s, expected %s"
                            % (where, str(function.returns).strip(), returns, verdict.expected))
        for index, (param, (param_name, type_text)) in enumerate(zip(function.params, params), 1):
            verdict = judge_type(header, param.ctype, type_text, aliases)
            if not verdict.ok:
                problems.append("%s argument %d (%s %s) is %s; expected %s"
                                % (where, index, str(param.ctype).strip(), param.name, type_text, verdict.expected))
            elif verdict.points_to is not None:
                uses.append((param.ctype.base, verdict.points_to, location))
    mirrors = {}
    for name, (mirror, repr_c) in structs.items():
        mirrors[name] = mirror
        if name in header.structs and not repr_c:
            problems.append("%s: %s: struct %s lacks #[repr(C)]" % (LANGUAGE, mirror.location, name))
    problems += check_coverage(header, LANGUAGE, wrapped)
    problems += check_mirrors(header, LANGUAGE, uses, mirrors,
                              lambda field, kind, type_text: judge_type(header, field.ctype, type_text, aliases))
    return problems


__all__ = ["check", "parse", "Param"]
