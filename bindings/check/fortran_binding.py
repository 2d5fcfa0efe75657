"""The Fortran binding against the header: every procedure with bind(C, name="ofdm_…") in
bindings/fortran/*.f90 — its dummy arguments' types, `value` attributes and result — and the
bind(C) derived types passed to them.

Value versus reference matters in Fortran: a C scalar passed by value needs the `value`
attribute (without it Fortran passes an address), and a C pointer parameter must not have it,
unless it is declared type(c_ptr) (the pointer itself, by value).
"""
import re
from dataclasses import dataclass, field

from c_header import Param
from source_text import split_top_level
from struct_mirrors import FieldVerdict, Mirror, check_coverage, check_mirrors

LANGUAGE = "fortran"

# Header scalar kind -> the one interoperable Fortran type for it. Fortran has no unsigned
# integers: uint64_t is integer(c_int64_t) (same bits) and unsigned is integer(c_int).
SCALAR_TYPES = {
    "int64_t": ("integer", "c_int64_t"),
    "int32_t": ("integer", "c_int32_t"),
    "uint64_t": ("integer", "c_int64_t"),
    "double": ("real", "c_double"),
    "size_t": ("integer", "c_size_t"),
    "unsigned": ("integer", "c_int"),
    "int": ("integer", "c_int"),
    "enum": ("integer", "c_int"),
}
C_PTR = ("type", "c_ptr")


@dataclass
class Dummy:
    name: str
    type: tuple = None  # ("integer", "c_int64_t"), ("type", "c_ptr"), ...
    value: bool = False
    array: bool = False


@dataclass
class Procedure:
    fortran_name: str
    c_name: str
    dummies: list
    result: str  # the result variable; None for a subroutine
    location: str
    declared: dict = field(default_factory=dict)  # name -> Dummy, filled from declarations
    prefix_type: tuple = None  # "integer(c_int) function f(...)"


def logical_lines(path, text):
    """(line number, statement) pairs: comments removed, continuations joined, lower case."""
    statements, pending, start = [], "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        line, quote = [], None
        for c in raw:
            if quote:
                quote = None if c == quote else quote
            elif c in "'\"":
                quote = c
            elif c == "!":
                break
            line.append(c)
        line = "".join(line).strip()
        if not pending:
            start = number
        if line.startswith("&"):
            line = line[1:].strip()
        if line.endswith("&"):
            pending += line[:-1] + " "
            continue
        statement = (pending + line).strip()
        pending = ""
        if statement:
            statements.append((start, statement))
    return statements


def parse_type_spec(text):
    """'integer(c_int64_t)' / 'integer(kind=c_int64_t)' / 'character(kind=c_char, len=1)' ->
    ('integer', 'c_int64_t'), ...; None if text is not a type spec."""
    match = re.match(r"^(integer|real|type|character|logical|complex)\s*(?:\((.*)\))?$", text.strip())
    if not match:
        return None
    kind = None
    for part in split_top_level(match.group(2) or ""):
        key, _, value = part.partition("=")
        if value and key.strip() == "kind":
            kind = value.strip()
        elif not value and part:
            kind = part.strip()
    return (match.group(1), kind)


def parse_declaration(statement):
    """'integer(c_int64_t), value :: dim' -> (type, attributes, [(name, is_array)]), or None."""
    if "::" not in statement:
        return None
    head, entities = statement.split("::", 1)
    parts = split_top_level(head)
    type_spec = parse_type_spec(parts[0])
    if type_spec is None:
        return None
    attributes = [re.sub(r"\s+", "", a) for a in parts[1:]]
    names = []
    for entity in split_top_level(entities):
        entity = entity.split("=")[0].strip()
        match = re.match(r"^(\w+)\s*(\(.*\))?$", entity)
        if match:
            names.append((match.group(1), bool(match.group(2))))
    return type_spec, attributes, names


PROCEDURE = re.compile(
    r"^(?P<prefix>(?:[\w()=, ]*?\s)?)(?P<what>function|subroutine)\s+(?P<name>\w+)\s*\((?P<args>[^)]*)\)(?P<rest>.*)$")


def parse(path, text):
    """(procedures bound to C, {name: Mirror} of bind(C) derived types, problems) of one file."""
    procedures, mirrors, problems = [], {}, []
    current, current_type = None, None
    for number, statement in logical_lines(path, text):
        lower = statement.lower()
        location = "%s:%d" % (path, number)
        if current_type is not None:
            if re.match(r"^end\s*type\b", lower):
                current_type = None
                continue
            declaration = parse_declaration(lower)
            if declaration:
                type_spec, _, names = declaration
                for name, _ in names:
                    current_type.fields.append((name, "%s(%s)" % type_spec))
            continue
        type_header = re.match(r"^type\s*,(.*)::\s*(\w+)$", lower)
        if type_header and re.search(r"\bbind\s*\(\s*c\s*\)", type_header.group(1)):
            current_type = Mirror(type_header.group(2), [], location)
            mirrors[current_type.name] = current_type
            continue
        if current is not None:
            if re.match(r"^end(\s*(function|subroutine)\b.*)?$", lower):
                procedures.append(current)
                current = None
                continue
            declaration = parse_declaration(lower)
            if declaration:
                type_spec, attributes, names = declaration
                for name, is_array in names:
                    current.declared[name] = Dummy(name, type_spec, "value" in attributes,
                                                   is_array or any(a.startswith("dimension") for a in attributes))
            continue
        match = PROCEDURE.match(lower)
        if not match or "bind" not in match.group("rest"):
            continue
        bind = re.search(r"\bbind\s*\(\s*c\s*(?:,\s*name\s*=\s*(['\"])(.*?)\1)?\s*\)", statement, flags=re.I)
        if not bind:
            continue
        c_name = bind.group(2) if bind.group(2) is not None else match.group("name")
        result = None
        if match.group("what") == "function":
            named = re.search(r"\bresult\s*\(\s*(\w+)\s*\)", match.group("rest"))
            result = named.group(1) if named else match.group("name")
        prefix_words = re.sub(r"\b(pure|impure|elemental|recursive|module)\b", " ", match.group("prefix")).strip()
        current = Procedure(match.group("name"), c_name,
                            [a.strip() for a in match.group("args").split(",") if a.strip()],
                            result, location, prefix_type=parse_type_spec(prefix_words) if prefix_words else None)
    if current is not None:
        problems.append("%s: %s: no end of procedure %s" % (LANGUAGE, current.location, current.fortran_name))
    return procedures, mirrors, problems


def judge_dummy(header, param, dummy):
    """FieldVerdict for one dummy argument against a header parameter."""
    kind = header.kind_of(param.ctype)
    if dummy.type is None:
        return FieldVerdict(False, "a declaration (none found)")
    if kind in SCALAR_TYPES:
        want = SCALAR_TYPES[kind]
        if dummy.type != want or dummy.array:
            return FieldVerdict(False, "%s(%s), value" % want)
        return FieldVerdict(dummy.value, "%s(%s) with the value attribute (a C scalar is passed by value)" % want)
    if kind == "funcptr":
        return FieldVerdict(dummy.type == ("type", "c_funptr") and dummy.value, "type(c_funptr), value")
    if dummy.type == C_PTR:
        # The pointer itself: by value for a pointer parameter, by reference for a pointer's address.
        if kind == "handle**":
            return FieldVerdict(not dummy.value and not dummy.array,
                                "type(c_ptr) without value (the address of the handle)")
        return FieldVerdict(dummy.value and not dummy.array,
                            "type(c_ptr) with the value attribute (the pointer itself)")
    if dummy.value:
        return FieldVerdict(False, "no value attribute: %s is a pointer, passed by reference" % param.ctype)
    if kind == "void*":
        return FieldVerdict(True)
    if kind == "char*":
        return FieldVerdict(dummy.type == ("character", "c_char") and dummy.array,
                            "character(kind=c_char) :: %s(*)" % param.name)
    if kind == "struct*":
        ok = dummy.type[0] == "type" and not dummy.array
        return FieldVerdict(ok, "type(<bind(C) mirror>) by reference, or type(c_ptr), value",
                            points_to=dummy.type[1] if ok else None)
    if kind.endswith("*") and kind[:-1] in SCALAR_TYPES:
        want = SCALAR_TYPES[kind[:-1]]
        return FieldVerdict(dummy.type == want, "%s(%s) passed by reference (an array or scalar)" % want)
    return FieldVerdict(False, "type(c_ptr) for %s" % param.ctype)


def judge_result(header, function, procedure):
    kind = header.kind_of(function.returns)
    if kind == "void":
        return FieldVerdict(procedure.result is None, "a subroutine")
    if procedure.result is None:
        return FieldVerdict(False, "a function")
    result = procedure.declared.get(procedure.result)
    result_type = result.type if result else procedure.prefix_type
    if kind in SCALAR_TYPES:
        return FieldVerdict(result_type == SCALAR_TYPES[kind], "%s(%s)" % SCALAR_TYPES[kind])
    if kind in ("char*", "handle", "void*", "struct*"):
        return FieldVerdict(result_type == C_PTR, "type(c_ptr)")
    return FieldVerdict(False, "a type for %s" % function.returns)


def judge_component(field, kind, type_text):
    """A bind(C) type's component against a header struct field."""
    if kind in SCALAR_TYPES:
        want = "%s(%s)" % SCALAR_TYPES[kind]
        return FieldVerdict(type_text == want, want)
    if kind == "funcptr":
        return FieldVerdict(type_text == "type(c_funptr)", "type(c_funptr)")
    if kind.endswith("*") or kind == "handle":
        return FieldVerdict(type_text == "type(c_ptr)", "type(c_ptr)")
    return FieldVerdict(False, "a type for %s" % field.ctype)


def check(header, sources):
    """Problems of the Fortran sources {path: text} against the header."""
    problems, wrapped, uses, mirrors = [], {}, [], {}
    for path, text in sorted(sources.items()):
        procedures, file_mirrors, file_problems = parse(path, text)
        problems += file_problems
        mirrors.update(file_mirrors)
        for procedure in procedures:
            if not procedure.c_name.startswith("ofdm_"):
                continue
            if procedure.c_name in wrapped:
                problems.append("%s: %s: a second interface for %s (first at %s)"
                                % (LANGUAGE, procedure.location, procedure.c_name, wrapped[procedure.c_name]))
                continue
            wrapped[procedure.c_name] = procedure.location
            function = header.function(procedure.c_name)
            if function is None:
                continue  # reported by check_coverage
            where = "%s: %s: %s" % (LANGUAGE, procedure.location, procedure.c_name)
            if len(procedure.dummies) != len(function.params):
                problems.append("%s takes %d arguments in the header, the interface %d"
                                % (where, len(function.params), len(procedure.dummies)))
                continue
            verdict = judge_result(header, function, procedure)
            if not verdict.ok:
                problems.append("%s returns %s; expected %s" % (where, str(function.returns).strip(), verdict.expected))
            for index, (param, name) in enumerate(zip(function.params, procedure.dummies), 1):
                dummy = procedure.declared.get(name, Dummy(name))
                verdict = judge_dummy(header, param, dummy)
                if not verdict.ok:
                    declared = "%s(%s)%s%s" % (dummy.type + (", value" if dummy.value else "",
                                                             " (array)" if dummy.array else "")) \
                        if dummy.type else "undeclared"
                    problems.append("%s argument %d (%s %s) is %s; expected %s"
                                    % (where, index, str(param.ctype).strip(), param.name, declared, verdict.expected))
                elif verdict.points_to is not None:
                    uses.append((param.ctype.base, verdict.points_to, procedure.location))
    problems += check_coverage(header, LANGUAGE, wrapped)
    problems += check_mirrors(header, LANGUAGE, uses, mirrors, judge_component)
    return problems
