"""The C side of the comparison: what include/ofdm.h declares.

A small parser for the one header, not for C in general: it reads the function prototypes marked
OFDM_API, the typedef'd enums, the typedef'd structs with their fields, the opaque handle
typedefs, the function-pointer typedefs and the function-like macros, and classifies every type
into a *kind* that the binding checkers map to their own languages (see kind_of).

Two forms go together for the init functions of the options and report structs:

    OFDM_API ofdm_status ofdm_fit_options_init_sized(ofdm_fit_options *options, size_t size);
    #define ofdm_fit_options_init(options) ofdm_fit_options_init_sized((options), sizeof *(options))
    OFDM_API void (ofdm_fit_options_init)(ofdm_fit_options *options);

A C program's ofdm_fit_options_init(&o) is the macro; the declaration with the name in
parentheses (which the macro cannot expand) is an older header's function, still exported for
programs built against it. Such a *legacy* function is a header function like any other (the
library exports it; a binding that binds it must match it), but bindings are not required to
wrap it: they call what its macro calls, with their own struct size (see Header.required).
"""
import re
from dataclasses import dataclass, field

# Scalar C types the API uses, by the name the kinds use.
SCALARS = ("int64_t", "int32_t", "uint64_t", "double", "size_t", "unsigned", "int", "char", "void")


@dataclass(frozen=True)
class CType:
    base: str          # "int64_t", "double", "ofdm_basis", "char", "void", "ofdm_status", ...
    pointers: int = 0  # pointer depth: 1 for "T *", 2 for "T **"
    const: bool = False  # const qualifies the pointee ("const T *")

    def __str__(self):
        return ("const " if self.const else "") + self.base + " " + "*" * self.pointers


@dataclass(frozen=True)
class Param:
    name: str
    ctype: CType


@dataclass
class Function:
    name: str
    returns: CType
    params: list
    legacy: bool = False  # declared with its name in parentheses: "OFDM_API void (name)(...);"


@dataclass
class Macro:
    """A function-like macro of the header, "#define name(params) body"."""
    name: str
    params: list  # the parameter names
    body: str
    calls: str = None  # the first ofdm_ function the body calls, if any


@dataclass
class Header:
    functions: list = field(default_factory=list)          # [Function], in header order
    enums: dict = field(default_factory=dict)              # name -> {constant: value}
    structs: dict = field(default_factory=dict)            # name -> [Param] (the fields, in order)
    opaque: set = field(default_factory=set)               # handle types: ofdm_basis, ofdm_model
    function_pointers: dict = field(default_factory=dict)  # name -> Function (name = typedef)
    macros: dict = field(default_factory=dict)             # name -> Macro (function-like only)

    def function(self, name):
        return next((f for f in self.functions if f.name == name), None)

    def required(self):
        """The functions every binding must wrap: all but the legacy ones."""
        return [f for f in self.functions if not f.legacy]

    def kind_of(self, ctype):
        """The kind of a type, the vocabulary every binding's rules are written in:
        a scalar name ("int64_t", "double", "size_t", "unsigned", "int", "void", ...), "enum",
        "funcptr", "handle" (ofdm_basis *), "handle**", "struct*" (an options struct), "char*",
        "void*", "<scalar>*" (an array or out-scalar), or "unknown"."""
        base, depth = ctype.base, ctype.pointers
        if depth == 0:
            if base in self.enums:
                return "enum"
            if base in self.function_pointers:
                return "funcptr"
            if base in SCALARS:
                return base
            return "unknown"
        if depth == 1:
            if base in self.opaque:
                return "handle"
            if base in self.structs:
                return "struct*"
            if base in ("char", "void"):
                return base + "*"
            if base in SCALARS:
                return base + "*"
            return "unknown"
        if depth == 2 and base in self.opaque:
            return "handle**"
        return "unknown"


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def parse_type(text):
    """'const ofdm_basis *' -> CType('ofdm_basis', 1, True)."""
    pointers = text.count("*")
    words = text.replace("*", " ").split()
    const = "const" in words
    words = [w for w in words if w not in ("const", "struct", "enum", "OFDM_API")]
    if words == ["unsigned", "int"]:
        words = ["unsigned"]
    return CType(" ".join(words), pointers, const and pointers > 0)


def parse_declaration(text):
    """'const double *x' -> Param('x', CType('double', 1, True))."""
    text = text.strip()
    match = re.match(r"^(.*?)(\w+)\s*$", text, flags=re.S)
    if not match or not match.group(1).strip():
        raise ValueError("cannot parse declaration %r" % text)
    return Param(match.group(2), parse_type(match.group(1)))


def parse_params(text):
    text = " ".join(text.split())
    if text in ("", "void"):
        return []
    return [parse_declaration(part) for part in text.split(",")]


def parse_header(text):
    """Parses the text of ofdm.h into a Header."""
    header = Header()
    code = strip_comments(text)
    code = re.sub(r"\\\n", " ", code)  # continued preprocessor lines
    for match in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)\(([^)]*)\)(.*)$", code, flags=re.M):
        body = " ".join(match.group(3).split())
        call = re.search(r"\b(ofdm_\w+)\s*\(", body)
        params = [p.strip() for p in match.group(2).split(",") if p.strip()]
        header.macros[match.group(1)] = Macro(match.group(1), params, body, call.group(1) if call else None)
    code = re.sub(r"^\s*#.*$", " ", code, flags=re.M)  # preprocessor lines

    for match in re.finditer(r"typedef\s+enum\s+\w*\s*\{(.*?)\}\s*(\w+)\s*;", code, flags=re.S):
        constants = {}
        for item in match.group(1).split(","):
            if "=" in item:
                name, value = item.split("=", 1)
                constants[name.strip()] = int(value.strip(), 0)
        header.enums[match.group(2)] = constants

    for match in re.finditer(r"typedef\s+struct\s+\w*\s*\{(.*?)\}\s*(\w+)\s*;", code, flags=re.S):
        fields = [parse_declaration(part) for part in match.group(1).split(";") if part.strip()]
        header.structs[match.group(2)] = fields

    for match in re.finditer(r"typedef\s+struct\s+(\w+)\s+(\w+)\s*;", code):
        header.opaque.add(match.group(2))

    for match in re.finditer(r"typedef\s+([^;{}()]+?)\(\s*\*\s*(\w+)\s*\)\s*\(([^)]*)\)\s*;", code):
        header.function_pointers[match.group(2)] = Function(
            match.group(2), parse_type(match.group(1)), parse_params(match.group(3)))

    # "OFDM_API T name(params);" or, legacy, "OFDM_API T (name)(params);".
    for match in re.finditer(r"OFDM_API\s+([^;{}()]*?)(?:\b(ofdm_\w+)|\(\s*(ofdm_\w+)\s*\))\s*\(([^)]*)\)\s*;",
                             code, flags=re.S):
        legacy = match.group(3) is not None
        header.functions.append(Function(match.group(3) if legacy else match.group(2), parse_type(match.group(1)),
                                         parse_params(match.group(4)), legacy))
    return header


def check_header(header):
    """Problems of the header with itself, for the rule that bindings need not wrap the legacy
    functions: each must be hidden by a function-like macro of its name that calls a function
    the bindings do wrap (a non-legacy header function)."""
    problems = []
    for function in header.functions:
        if not function.legacy:
            continue
        macro = header.macros.get(function.name)
        if macro is None:
            problems.append("ofdm.h: %s is declared with its name in parentheses, but no function-like macro "
                            "of that name replaces it" % function.name)
            continue
        target = header.function(macro.calls) if macro.calls else None
        if target is None or target.legacy:
            problems.append("ofdm.h: the macro %s calls %s, which is not a non-legacy function of the header"
                            % (macro.name, macro.calls or "no ofdm_ function"))
    for function in header.required():
        if function.name in header.macros:
            problems.append("ofdm.h: %s is declared as a plain function, but a function-like macro of that name "
                            "hides it from C programs" % function.name)
    return problems


def read_header(path):
    with open(path, encoding="utf-8") as source:
        return parse_header(source.read())
