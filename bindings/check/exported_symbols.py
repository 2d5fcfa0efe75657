"""The shared library against the header: the dynamic symbols libofdm.so defines must be exactly
the header's functions — no internal symbol leaks out, and no declared function is missing."""
import re
import subprocess

LANGUAGE = "libofdm.so"


def parse_nm(output):
    """Names of the defined dynamic symbols in `nm -D --defined-only` output. Absolute (A)
    entries are symbol-version nodes, not code or data; a version suffix (@@V) is dropped."""
    names = set()
    for line in output.splitlines():
        match = re.match(r"^\s*(?:[0-9a-fA-F]+\s+)?([A-Za-z])\s+(\S+)$", line)
        if match and match.group(1) != "A":
            names.add(match.group(2).split("@")[0])
    return names


def read_nm(library_path):
    return subprocess.run(["nm", "-D", "--defined-only", library_path], check=True,
                          capture_output=True, text=True).stdout


def check(header, nm_output):
    exported = parse_nm(nm_output)
    declared = {f.name for f in header.functions}
    problems = ["%s: exports %s, which the header does not declare" % (LANGUAGE, name)
                for name in sorted(exported - declared)]
    problems += ["%s: does not export %s, which the header declares" % (LANGUAGE, name)
                 for name in sorted(declared - exported)]
    return problems
