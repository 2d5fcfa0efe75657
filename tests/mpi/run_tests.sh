#!/bin/sh
# The MPI example (examples/mpi/fit_and_sample.c) on 1, 2 and 3 processes: every rank fits the
# same model, the ranks' samples together are bit for bit one process's, and the coefficients of
# a distributed fit equal the one-process fit's to 1e-12 (tests/mpi/check_results.c).
# Run from the repository root after `make lib`; needs mpicc and mpirun (Debian libopenmpi-dev,
# openmpi-bin). Ends with the markers the top-level summary reads:
#     [  PASSED  ] N tests.
#     [  FAILED  ] M tests, listed below:     (only when something failed)

build=build/tests/mpi
rows=20000
samples=1000
seed=12345
steps=100

# A failure to start counts as one failed test, so that a broken set-up never reads as a pass.
refuse() {
    echo "tests/mpi/run_tests.sh: $1"
    echo "[  PASSED  ] 0 tests."
    echo "[  FAILED  ] 1 tests, listed below:"
    exit 1
}

[ -f examples/mpi/fit_and_sample.c ] || refuse "run me from the repository root"
[ -e build/lib/libofdm.so ] || refuse "build/lib/libofdm.so not found: build the library first (make lib)"
command -v mpicc >/dev/null 2>&1 || refuse "mpicc not found (Debian packages libopenmpi-dev openmpi-bin)"
command -v mpirun >/dev/null 2>&1 || refuse "mpirun not found (Debian package openmpi-bin)"

mkdir -p "$build"
mpicc -std=c99 -O2 -Wall -Wextra -pedantic -Werror -Iinclude examples/mpi/fit_and_sample.c -Lbuild/lib -lofdm \
    -Wl,-rpath,"$(pwd)/build/lib" -lm -o "$build/fit_and_sample" || refuse "cannot build examples/mpi/fit_and_sample.c"
${CC:-cc} -std=c99 -O2 -Wall -Wextra -pedantic -Werror -Iinclude tests/mpi/check_results.c -Lbuild/lib -lofdm \
    -Wl,-rpath,"$(pwd)/build/lib" -lm -o "$build/check_results" || refuse "cannot build tests/mpi/check_results.c"

work=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$work" "$log"' EXIT

# --oversubscribe: more ranks than cores is fine for a test; --allow-run-as-root: CI runs as root.
# One BLAS thread per rank, so that the ranks do not fight over the cores.
run() {
    mkdir -p "$work/np$1"
    OPENBLAS_NUM_THREADS=1 mpirun -np "$1" --allow-run-as-root --oversubscribe \
        "$build/fit_and_sample" "$work/np$1" $rows $samples $seed $steps
}

failed_runs=0
for np in 1 2 3; do
    if run $np >"$log" 2>&1; then
        cat "$log"
        if [ $np -eq 1 ]; then
            "$build/check_results" "$work/np1" 1 $samples $seed $steps
        else
            "$build/check_results" "$work/np$np" $np $samples $seed $steps "$work/np1"
        fi
    else
        cat "$log"
        echo "[  FAILED  ] mpirun -np $np: the example failed"
        failed_runs=$((failed_runs + 1))
    fi
done >"$work/report" 2>&1
cat "$work/report"

passed=$(grep -c '^\[       OK \]' "$work/report")
failed=$(grep -c '^\[  FAILED  \]' "$work/report")
echo "[  PASSED  ] $passed tests."
if [ "$failed" -gt 0 ]; then
    echo "[  FAILED  ] $failed tests, listed below:"
    grep '^\[  FAILED  \]' "$work/report" | sed 's/^\[  FAILED  \]/    /'
    exit 1
fi
exit 0
