#!/bin/sh
# Signature checker: compares every binding's declarations of the C API with include/ofdm.h
# (Julia ccalls, Fortran bind(C) interfaces, the Rust extern block, each binding's struct
# mirrors) and the exported symbols of build/lib/libofdm.so with the header's functions, then
# runs the checker's own tests, which also plant mistakes to show that each kind is reported.
#
#   sh bindings/check/run_tests.sh        (from the repository root, after `make lib`)
#
# Needs only /usr/bin/python3 (standard library) and nm (binutils). Ends with GoogleTest's
# markers: "[  PASSED  ] N tests." and, on failure, "[  FAILED  ] M tests, listed below:".
here=$(dirname "$0")
PYTHON=${PYTHON:-/usr/bin/python3}
export PYTHONDONTWRITEBYTECODE=1 # leave no __pycache__ in the source tree
echo "=== the report"
"$PYTHON" "$here/check_bindings.py" "$(cd "$here/../.." && pwd)"
echo "=== the checker's tests"
exec "$PYTHON" "$here/test_check_bindings.py"
