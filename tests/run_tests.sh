#!/bin/sh
# Runs every test binary given on the command line, echoes its output, and ends with one line
# "N passed, N failed" summed over all suites (GoogleTest and cmocka print the same markers).
# A binary that exits non-zero without reporting a failure (a crash) counts as one failure, and
# so does one that reports no test passed and none failed (an empty suite, a missing summary).
# With --valgrind, each binary runs under valgrind memcheck and any error fails it.
valgrind=""
if [ "$1" = "--valgrind" ]; then
    # nouserintercepts: valgrind leaves a test's own operator new alone (the allocation-failure
    # suite replaces it to inject failures).
    valgrind="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --soname-synonyms=somalloc=nouserintercepts"
    shift
fi
passed=0
failed=0
log=$(mktemp)
for binary in "$@"; do
    echo "=== $binary"
    if [ -n "$valgrind" ]; then
        $valgrind --log-file="$log.vg" "$binary" >"$log" 2>&1
        status=$?
        cat "$log"
        # valgrind's own verdict: the error summary, the leak summary, any error report.
        grep -E "ERROR SUMMARY|definitely lost|Invalid|uninitialised|at 0x" "$log.vg" | sed 's/^==[0-9]*== /valgrind: /'
        rm -f "$log.vg"
    else
        "$binary" >"$log" 2>&1
        status=$?
        cat "$log"
    fi
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "*** $binary exited with status $status"
        f=1
    elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && ! grep -q '^\[  SKIPPED \] [1-9]' "$log"; then
        # A suite that ran nothing, or printed no summary, proves nothing: it fails (one whose
        # tests all say why they are skipped, e.g. under valgrind, does not).
        echo "*** $binary ran no test (no '[  PASSED  ] N test' summary, or N = 0)"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
