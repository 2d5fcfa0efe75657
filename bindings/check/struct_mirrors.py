"""Struct layouts, the same question in every language: does the binding's mirror of each header
struct have the header's fields, in the header's order, with compatible types?

A binding checker finds which of its types mirrors which header struct from the way it is used:
the type passed for an `ofdm_fit_options *` parameter is the mirror of ofdm_fit_options, and a
mirror's pointer field (ofdm_sample_options.stats) names the mirror of the struct it points to.
"""
from dataclasses import dataclass


@dataclass
class Mirror:
    """A binding's struct: its fields as (name, type text) pairs, in order, and where it is."""
    name: str
    fields: list
    location: str


@dataclass
class FieldVerdict:
    ok: bool
    expected: str = ""     # what the rule accepts, for the message
    points_to: str = None  # for a pointer-to-struct field: the binding type it points to


def check_mirrors(header, language, uses, mirrors, judge_field):
    """Problems with the mirrors of every header struct.

    uses:        [(c_struct, binding_type, location)] — each parameter typed as a mirror
    mirrors:     {binding_type: Mirror} — the binding's struct definitions
    judge_field: (c_field: Param, kind: str, binding_type_text: str) -> FieldVerdict
    """
    problems = []
    used = {}  # c_struct -> {binding_type: first location}
    for c_struct, binding_type, location in uses:
        used.setdefault(c_struct, {}).setdefault(binding_type, location)
    checked = set()
    pending = [(c, b) for c, names in used.items() for b in names]
    while pending:
        c_struct, binding_type = pending.pop(0)
        if (c_struct, binding_type) in checked:
            continue
        checked.add((c_struct, binding_type))
        mirror = mirrors.get(binding_type)
        if mirror is None:
            problems.append("%s: %s is used as the mirror of %s (%s) but is not defined as a C-layout struct"
                            % (language, binding_type, c_struct, used[c_struct][binding_type]))
            continue
        c_fields = header.structs[c_struct]
        names = [name for name, _ in mirror.fields]
        if names != [f.name for f in c_fields]:
            problems.append("%s: %s: %s mirrors %s but its fields are (%s); the header's are (%s)"
                            % (language, mirror.location, binding_type, c_struct, ", ".join(names),
                               ", ".join(f.name for f in c_fields)))
        for c_field, (name, type_text) in zip(c_fields, mirror.fields):
            verdict = judge_field(c_field, header.kind_of(c_field.ctype), type_text)
            if not verdict.ok:
                problems.append("%s: %s: field %s.%s (%s) is %s; expected %s"
                                % (language, mirror.location, binding_type, name, str(c_field.ctype).strip(),
                                   type_text, verdict.expected))
            elif verdict.points_to is not None:
                target = c_field.ctype.base
                used.setdefault(target, {}).setdefault(verdict.points_to, "%s.%s" % (binding_type, name))
                pending.append((target, verdict.points_to))
    for c_struct in header.structs:
        if c_struct not in used:
            problems.append("%s: no mirror of struct %s: no wrapped function or mirror field uses one"
                            % (language, c_struct))
        elif len(used[c_struct]) > 1:
            problems.append("%s: struct %s has several mirrors: %s"
                            % (language, c_struct, ", ".join(sorted(used[c_struct]))))
    return problems


def check_coverage(header, language, wrapped):
    """Problems: header functions without a wrapper, and wrappers of functions the header lacks.
    Legacy functions (an older header's, hidden by a macro: see c_header) need no wrapper; one
    that is wrapped anyway is checked like any other. wrapped: {c_function_name: location}."""
    problems = []
    for function in header.required():
        if function.name not in wrapped:
            problems.append("%s: %s is not wrapped" % (language, function.name))
    names = {f.name for f in header.functions}
    for name, location in sorted(wrapped.items()):
        if name not in names:
            problems.append("%s: %s: %s is not a function of the header" % (language, location, name))
    return problems
