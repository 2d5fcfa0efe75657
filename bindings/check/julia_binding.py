"""The Julia binding against the header: every `ccall((:ofdm_…, lib), Ret, (Types…), args…)` in
bindings/julia/src/*.jl, and the structs passed to them.

Accepted Julia types for each header kind are listed in SCALAR_TYPES and judge_param; anything
else is reported, with the file, line, function and argument.
"""
import re

from c_header import Param
from source_text import line_of, matching_close, split_top_level
from struct_mirrors import FieldVerdict, Mirror, check_coverage, check_mirrors

LANGUAGE = "julia"

SCALAR_TYPES = {
    "int64_t": {"Int64", "Clonglong"},
    "int32_t": {"Int32", "Cint"},
    "uint64_t": {"UInt64", "Culonglong"},
    "double": {"Cdouble", "Float64"},
    "size_t": {"Csize_t", "UInt"},
    "unsigned": {"Cuint", "UInt32"},
    "int": {"Cint", "Int32"},
    "enum": {"Cint", "Int32"},
    "char": {"Cchar", "UInt8", "Int8"},
    "void": {"Cvoid", "Nothing"},
}
STRING_TYPES = {"Cstring", "Ptr{UInt8}", "Ptr{Cchar}", "Ptr{Int8}"}


def strip_comments(text):
    """Removes docstrings, block comments and line comments, keeping line numbers."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))
    text = re.sub(r'"""(.*?)"""', blank, text, flags=re.S)
    text = re.sub(r"#=.*?=#", blank, text, flags=re.S)
    lines = []
    for line in text.split("\n"):
        in_string = False
        for i, c in enumerate(line):
            if c == '"' and (i == 0 or line[i - 1] != "\\"):
                in_string = not in_string
            elif c == "#" and not in_string:
                line = line[:i]
                break
        lines.append(line)
    return "\n".join(lines)


def pointee(type_text):
    """'Ptr{Cdouble}' -> ('Ptr', 'Cdouble'); 'Ref{FitOptions}' -> ('Ref', 'FitOptions')."""
    match = re.match(r"^(Ptr|Ref)\{(.*)\}$", type_text)
    return (match.group(1), match.group(2)) if match else (None, None)


def judge_param(header, param, type_text, is_return=False):
    """FieldVerdict for one ccall argument (or return) type against a header parameter.
    points_to is set when the type names a struct mirror."""
    kind = header.kind_of(param.ctype)
    wrapper, inner = pointee(type_text)
    if kind in SCALAR_TYPES:
        return FieldVerdict(type_text in SCALAR_TYPES[kind], "/".join(sorted(SCALAR_TYPES[kind])))
    if kind == "char*":
        return FieldVerdict(type_text in STRING_TYPES, "/".join(sorted(STRING_TYPES)))
    if kind == "handle":
        allowed = {"Ptr{Cvoid}", "Ptr{%s}" % param.ctype.base}
        return FieldVerdict(type_text in allowed, "/".join(sorted(allowed)))
    if kind == "handle**":
        allowed = {"Ref{Ptr{Cvoid}}", "Ptr{Ptr{Cvoid}}"}
        return FieldVerdict(type_text in allowed and not is_return, "/".join(sorted(allowed)))
    if kind == "void*":
        return FieldVerdict(wrapper is not None, "Ptr{T} or Ref{T}")
    if kind == "funcptr":
        return FieldVerdict(type_text == "Ptr{Cvoid}", "Ptr{Cvoid}")
    if kind == "struct*":
        if type_text == "Ptr{Cvoid}":
            return FieldVerdict(True)
        return FieldVerdict(wrapper is not None, "Ref{<mirror>}/Ptr{<mirror>}/Ptr{Cvoid}",
                            points_to=inner if wrapper else None)
    if kind.endswith("*") and kind[:-1] in SCALAR_TYPES:
        allowed = SCALAR_TYPES[kind[:-1]]
        return FieldVerdict(wrapper is not None and inner in allowed,
                            "Ptr{T}/Ref{T} with T in " + "/".join(sorted(allowed)))
    return FieldVerdict(False, "a type for the unknown C type %s" % param.ctype)


def parse_ccalls(path, text):
    """[(symbol, library, return type, [arg types], [args], location)] of every ccall."""
    code = strip_comments(text)
    calls = []
    for match in re.finditer(r"\bccall\s*\(", code):
        open_at = match.end() - 1
        close_at = matching_close(code, open_at)
        location = "%s:%d" % (path, line_of(code, match.start()))
        if close_at < 0:
            calls.append((None, None, None, None, None, location))
            continue
        parts = split_top_level(code[open_at + 1:close_at])
        target = re.match(r"^\(\s*:(\w+)\s*,\s*(.+?)\s*\)$", parts[0], flags=re.S)
        if len(parts) < 3 or not target or not (parts[2].startswith("(") and parts[2].endswith(")")):
            calls.append((None, None, None, None, None, location))
            continue
        types = [re.sub(r"\s+", "", t) for t in split_top_level(parts[2][1:-1]) if t]
        calls.append((target.group(1), target.group(2), re.sub(r"\s+", "", parts[1]), types,
                      [a for a in parts[3:] if a], location))
    return calls


def parse_structs(path, text):
    """{name: Mirror} of every (mutable) struct whose fields are all `name::Type` lines."""
    code = strip_comments(text)
    structs = {}
    for match in re.finditer(r"^([ \t]*)(?:mutable\s+)?struct\s+(\w+)[^\n]*\n", code, flags=re.M):
        fields = []
        indent = len(match.group(1))
        for line in code[match.end():].split("\n"):
            stripped = line.strip()
            if stripped == "end" and len(line) - len(line.lstrip()) <= indent:
                break
            field = re.match(r"^(\w+)\s*::\s*(.+)$", stripped)
            if field:
                fields.append((field.group(1), re.sub(r"\s+", "", field.group(2))))
        structs[match.group(2)] = Mirror(match.group(2), fields, "%s:%d" % (path, line_of(code, match.start())))
    return structs


def check(header, sources):
    """Problems of the Julia sources {path: text} against the header."""
    problems, wrapped, uses, mirrors, libraries = [], {}, [], {}, set()
    for path, text in sorted(sources.items()):
        mirrors.update(parse_structs(path, text))
        for symbol, library, returns, types, args, location in parse_ccalls(path, text):
            if symbol is None:
                problems.append("%s: %s: a ccall not of the form ccall((:name, lib), Ret, (Types...), args...)"
                                % (LANGUAGE, location))
                continue
            if not symbol.startswith("ofdm_"):
                continue
            libraries.add(library)
            wrapped.setdefault(symbol, location)
            function = header.function(symbol)
            if function is None:
                continue  # reported by check_coverage
            if len(types) != len(function.params):
                problems.append("%s: %s: %s takes %d arguments in the header, the ccall declares %d"
                                % (LANGUAGE, location, symbol, len(function.params), len(types)))
                continue
            if len(args) != len(types):
                problems.append("%s: %s: %s declares %d argument types but passes %d arguments"
                                % (LANGUAGE, location, symbol, len(types), len(args)))
            verdict = judge_param(header, Param("return", function.returns), returns, is_return=True)
            if not verdict.ok:
                problems.append("%s: %s: %s returns %s; the ccall says %s, expected %s"
                                % (LANGUAGE, location, symbol, str(function.returns).strip(), returns, verdict.expected))
            for index, (param, type_text) in enumerate(zip(function.params, types), 1):
                verdict = judge_param(header, param, type_text)
                if not verdict.ok:
                    problems.append("%s: %s: %s argument %d (%s %s) is %s; expected %s"
                                    % (LANGUAGE, location, symbol, index, str(param.ctype).strip(), param.name,
                                       type_text, verdict.expected))
                elif verdict.points_to is not None:
                    uses.append((param.ctype.base, verdict.points_to, location))
    if len(libraries) > 1:
        problems.append("%s: the ccalls name several libraries (%s); keep the path in one constant"
                        % (LANGUAGE, ", ".join(sorted(libraries))))
    problems += check_coverage(header, LANGUAGE, wrapped)
    problems += check_mirrors(header, LANGUAGE, uses, mirrors,
                              lambda field, kind, type_text: judge_param(header, field, type_text))
    return problems
