#!/bin/sh
# Runs the Python binding's test suite (bindings/python/tests, pytest) against the library in
# build/lib and ends with the summary markers the top-level test summary reads:
#     [  PASSED  ] N tests.
#     [  FAILED  ] M tests, listed below:     (only when something failed; the list is just above)
# Run from the repository root after `make lib`. Exits non-zero on any failure. Installs nothing:
# it needs Debian's /usr/bin/python3 with python3-numpy and python3-pytest (and libopenblas0 so
# that NumPy does not run on the reference BLAS); valgrind and a C compiler for two of the tests;
# python3-sklearn for tests/test_sklearn.py, which is skipped without it.

python=/usr/bin/python3
library="$(pwd)/build/lib/libofdm.so"

# Reports a failure to start as one failed test, so that a broken set-up never reads as a pass.
refuse() {
    echo "run_tests.sh: $1"
    echo "[  PASSED  ] 0 tests."
    echo "[  FAILED  ] 1 tests, listed below:"
    exit 1
}

[ -d bindings/python/tests ] || refuse "run me from the repository root (bindings/python/tests not found)"
[ -e "$library" ] || refuse "$library not found: build the library first (make lib)"
[ -x "$python" ] || refuse "$python not found (Debian package python3)"
for module in numpy pytest; do
    "$python" -c "import $module" 2>/dev/null || refuse "$python cannot import $module (Debian package python3-$module)"
done

log=$(mktemp)
status_file=$(mktemp)
trap 'rm -f "$log" "$status_file"' EXIT

# -p no:cacheprovider: no .pytest_cache left in the tree; no byte-code files either.
{
    OFDM_LIBRARY="$library" PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -v -rfEs -p no:cacheprovider \
        bindings/python/tests 2>&1
    echo $? >"$status_file"
} | tee "$log"
status=$(cat "$status_file")

# pytest's last line: "=== 2 failed, 90 passed, 1 skipped, 1 error in 12.3s ===" (any order).
summary=$(tail -n 1 "$log")
count() { echo "$summary" | sed -n "s/.*[^0-9]\([0-9][0-9]*\) $1.*/\1/p"; }
passed=$(count passed)
failed=$(count failed)
errors=$(count error)
passed=${passed:-0}
failed=$((${failed:-0} + ${errors:-0}))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # No summary: pytest died (a crash in native code kills the interpreter). Count the tests the
    # verbose log shows as passed, and blame the last test it started.
    passed=$(grep -c '::.* PASSED' "$log")
    crashed=$(sed -n 's/^\(bindings\/python\/tests\/[^ ]*::[^ ]*\).*/\1/p' "$log" | tail -n 1)
    echo "*** pytest exited with status $status without a summary; last test started: ${crashed:-none}"
    echo "FAILED ${crashed:-pytest} - exited with status $status" >>"$log"
    failed=1
fi

if [ "$failed" -gt 0 ]; then
    echo
    echo "failed tests:"
    sed -n -e 's/^FAILED \([^ ]*\).*/    \1/p' -e 's/^ERROR \([^ ]*\).*/    \1/p' "$log"
fi
echo "[  PASSED  ] $passed tests."
if [ "$failed" -gt 0 ]; then
    echo "[  FAILED  ] $failed tests, listed below:"
    exit 1
fi
exit 0
