#!/usr/bin/python3
"""Checks every binding's declarations of the C API against include/ofdm.h, and the shared
library's exported symbols against the header's functions (legacy ones included: see c_header).
The header is checked first for what the legacy rule relies on: each legacy function is hidden
by a macro that calls a function every binding wraps.

    /usr/bin/python3 bindings/check/check_bindings.py [repository root]

Prints one section per binding with its problems (or "ok"); exits 1 if any binding has one. A
binding whose sources do not exist is reported as skipped, not as a failure.
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import exported_symbols  # noqa: E402
import fortran_binding  # noqa: E402
import julia_binding  # noqa: E402
import rust_binding  # noqa: E402
from c_header import check_header, read_header  # noqa: E402
from source_text import read_sources  # noqa: E402


class Skipped(Exception):
    """A check that cannot run here, with the reason."""


def paths(root):
    return {
        "header": os.path.join(root, "include", "ofdm.h"),
        "julia": sorted(glob.glob(os.path.join(root, "bindings", "julia", "src", "*.jl"))),
        "fortran": sorted(glob.glob(os.path.join(root, "bindings", "fortran", "*.f90"))),
        "rust": os.path.join(root, "bindings", "rust", "src", "ffi.rs"),
        "library": os.path.join(root, "build", "lib", "libofdm.so"),
    }


def check_own_header(root):
    return check_header(read_header(paths(root)["header"]))


def check_julia(root):
    where = paths(root)
    if not where["julia"]:
        raise Skipped("no bindings/julia/src/*.jl")
    return julia_binding.check(read_header(where["header"]), read_sources(where["julia"]))


def check_fortran(root):
    where = paths(root)
    if not where["fortran"]:
        raise Skipped("no bindings/fortran/*.f90")
    return fortran_binding.check(read_header(where["header"]), read_sources(where["fortran"]))


def check_rust(root):
    where = paths(root)
    if not os.path.exists(where["rust"]):
        raise Skipped("bindings/rust/src/ffi.rs does not exist (yet)")
    path = where["rust"]
    return rust_binding.check(read_header(where["header"]), path, read_sources([path])[path])


def check_library(root):
    where = paths(root)
    if not os.path.exists(where["library"]):
        raise Skipped("build/lib/libofdm.so is not built: run `make lib`")
    return exported_symbols.check(read_header(where["header"]), exported_symbols.read_nm(where["library"]))


CHECKS = [("header macros", check_own_header), ("julia ccalls", check_julia), ("fortran interfaces", check_fortran),
          ("rust extern block", check_rust), ("exported symbols", check_library)]


def main(root):
    failed = False
    for title, run in CHECKS:
        try:
            problems = run(root)
        except Skipped as reason:
            print("%s: skipped: %s" % (title, reason))
            continue
        print("%s: %s" % (title, "ok" if not problems else "%d problems" % len(problems)))
        for problem in problems:
            print("  " + problem)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(here, "..", ".."))))
