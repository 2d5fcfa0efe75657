#!/bin/sh
# Fortran binding tests. Run from the repository root after `make lib`:
#
#   sh bindings/fortran/run_tests.sh
#
# Builds the binding and the test programs with gfortran (Debian package gfortran) in a temporary
# directory, runs them, then checks the example against the C example, a failure without `err`,
# the refusal of a library of another ABI major, and handle ownership under valgrind (if
# installed). Ends with GoogleTest's summary markers, "[  PASSED  ] N tests." and, when any test
# failed, "[  FAILED  ] M tests, listed below:" followed by their names; exits non-zero on failure.
root=$(cd "$(dirname "$0")/../.." && pwd) # the repository, wherever this is run from
lib="$root/build/lib"
binding="$root/bindings/fortran"
FC=${FC:-gfortran}
CC=${CC:-cc}
# -fwrapv: the tests' splitmix64 relies on two's-complement wrap-around of int64 + and *.
FFLAGS=${FFLAGS:-"-std=f2018 -O2 -g -Wall -Wextra -fwrapv"}
# Tests compare floating-point results exactly where the library promises bit-identity, and
# gfortran 12 warns falsely about reallocating assignments to allocatable arrays.
TEST_FFLAGS="$FFLAGS -Wno-compare-reals -Wno-uninitialized -Wno-maybe-uninitialized"
MODULES="ofdm_c ofdm_errors ofdm_basis_type ofdm_model_type ofdm_model_selection ofdm_adaptive_basis ofdm_moments_type ofdm_reweighting ofdm"
SUPPORT="test_harness test_data test_fixtures"
PROGRAMS="test_basis test_model test_files test_sampling test_likelihood test_errors test_moments test_coordinates test_selection test_adaptive"

passed=0
failed=0
failures=""
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

summary() {
    echo "[  PASSED  ] $passed tests."
    if [ "$failed" -gt 0 ]; then
        echo "[  FAILED  ] $failed tests, listed below:"
        for name in $failures; do echo "[  FAILED  ] $name"; done
        exit 1
    fi
    exit 0
}

# check NAME COMMAND...: one test run by this script.
check() {
    name=$1
    shift
    echo "[ RUN      ] $name"
    if "$@"; then
        passed=$((passed + 1))
        echo "[       OK ] $name"
    else
        failed=$((failed + 1))
        failures="$failures $name"
        echo "[  FAILED  ] $name"
    fi
}

# run_program NAME COMMAND...: a test program printing its own markers; a crash counts as a failure.
run_program() {
    name=$1
    shift
    "$@" >"$tmp/program.log" 2>&1
    status=$?
    cat "$tmp/program.log"
    ok=$(grep -c '^\[       OK \] ' "$tmp/program.log")
    bad=$(grep '^\[  FAILED  \] ' "$tmp/program.log" | sed 's/^\[  FAILED  \] //')
    passed=$((passed + ok))
    for test in $bad; do
        failed=$((failed + 1))
        failures="$failures $test"
    done
    if [ "$status" -ne 0 ] && [ -z "$bad" ]; then
        echo "*** $name exited with status $status"
        failed=$((failed + 1))
        failures="$failures $name"
    fi
}

if [ ! -e "$lib/libofdm.so" ]; then
    echo "no $lib/libofdm.so: run 'make lib' in the repository root first"
    failed=1
    failures="library_is_built"
    summary
fi

# ---- build ---------------------------------------------------------------------------------
mkdir -p "$tmp/mod" "$tmp/run"
build() {
    for module in $MODULES; do
        $FC $FFLAGS -J "$tmp/mod" -c "$binding/$module.f90" -o "$tmp/mod/$module.o" || return 1
    done
    for module in $SUPPORT; do
        $FC $TEST_FFLAGS -J "$tmp/mod" -c "$binding/tests/$module.f90" -o "$tmp/mod/$module.o" || return 1
    done
    objects=""
    for module in $MODULES $SUPPORT; do objects="$objects $tmp/mod/$module.o"; done
    for program in $PROGRAMS stop_without_err test_ownership; do
        $FC $TEST_FFLAGS -J "$tmp/mod" "$binding/tests/$program.f90" $objects -L"$lib" -lofdm \
            -Wl,-rpath,"$lib" -o "$tmp/$program" || return 1
    done
    $FC $FFLAGS -J "$tmp/mod" "$root/examples/fortran/example.f90" $objects -L"$lib" -lofdm \
        -Wl,-rpath,"$lib" -o "$tmp/example_fortran" || return 1
    $CC -std=c99 -I"$root/include" "$root/examples/c/example.c" -L"$lib" -lofdm -Wl,-rpath,"$lib" -lm \
        -o "$tmp/example_c" || return 1
}
check binding_tests_and_example_compile build
[ "$failed" -eq 0 ] || summary

# ---- the test programs -----------------------------------------------------------------------
for program in $PROGRAMS; do
    mkdir -p "$tmp/run/$program"
    run_program "$program" "$tmp/$program" "$tmp/run/$program"
done

# ---- the example job -------------------------------------------------------------------------
# Both examples run with no argument in directories of their own, so even the "wrote ... to ./"
# line must match; the data streams are identical, so the model files are byte-identical, and
# the sample CSVs hold the same doubles (C prints %.17g, Fortran g0: compared as numbers).
example_prints_what_the_c_example_prints() {
    mkdir -p "$tmp/c" "$tmp/fortran"
    (cd "$tmp/c" && "$tmp/example_c" >stdout) || return 1
    (cd "$tmp/fortran" && "$tmp/example_fortran" >stdout) || return 1
    diff "$tmp/c/stdout" "$tmp/fortran/stdout" || return 1
    [ "$(grep -c '^score at t = ' "$tmp/fortran/stdout")" -eq 6 ] || return 1
    cmp "$tmp/c/mixture.ofdm" "$tmp/fortran/mixture.ofdm" || return 1
    [ "$(head -n 1 "$tmp/fortran/samples.csv")" = "x0,x1" ] || return 1
    [ "$(wc -l <"$tmp/fortran/samples.csv")" -eq 1001 ] || return 1
    paste -d, "$tmp/c/samples.csv" "$tmp/fortran/samples.csv" |
        awk -F, 'NR > 1 && ($1 + 0 != $3 + 0 || $2 + 0 != $4 + 0) { bad = 1; print "differs: " $0 }
                 END { exit bad }'
}
check example_prints_what_the_c_example_prints example_prints_what_the_c_example_prints

example_writes_into_the_given_directory() {
    mkdir -p "$tmp/out dir"
    "$tmp/example_fortran" "$tmp/out dir" >"$tmp/out.log" || return 1
    [ -s "$tmp/out dir/samples.csv" ] && [ -s "$tmp/out dir/mixture.ofdm" ] &&
        grep -q "the model to $tmp/out dir/mixture.ofdm" "$tmp/out.log"
}
check example_writes_into_the_given_directory example_writes_into_the_given_directory

# ---- failure without err: the message on stderr, then error stop ------------------------------
failure_without_err_stops_with_the_library_message() {
    if "$tmp/stop_without_err" >"$tmp/stop.out" 2>"$tmp/stop.err"; then return 1; fi
    grep -q "ofdm: input/output error: ofdm_model_load: cannot open '/nonexistent/model.ofdm'" "$tmp/stop.err" &&
        ! grep -q "not reached" "$tmp/stop.out"
}
check failure_without_err_stops_with_the_library_message failure_without_err_stops_with_the_library_message

# ---- a library of another ABI major is refused --------------------------------------------------
# A stand-in libofdm.so.0 whose version functions report 1.2.3, found first through
# LD_LIBRARY_PATH (the program has no rpath); lazy binding leaves the functions it lacks unresolved,
# and the check must refuse before calling any of them.
library_of_another_abi_major_is_refused() {
    mkdir -p "$tmp/fake"
    $CC -shared -fPIC -Wl,-soname,libofdm.so.0 "$binding/tests/fake_library_1_2_3.c" \
        -o "$tmp/fake/libofdm.so.0" || return 1
    $FC $TEST_FFLAGS -J "$tmp/mod" "$binding/tests/version_refusal.f90" $objects -L"$lib" -lofdm \
        -Wl,-z,lazy -o "$tmp/version_refusal" || return 1
    LD_LIBRARY_PATH="$tmp/fake" "$tmp/version_refusal" >"$tmp/refusal.log" 2>&1
    status=$?
    cat "$tmp/refusal.log"
    [ "$status" -eq 0 ] && grep -q "refused: 1.2.3" "$tmp/refusal.log"
}
check library_of_another_abi_major_is_refused library_of_another_abi_major_is_refused

# ---- ownership: finalizers free each handle exactly once ------------------------------------------
# glibc aborts on most double frees by itself; valgrind also proves that nothing leaks, i.e. that
# the final procedures ran.
handles_are_freed_once_by_finalizers() {
    if command -v valgrind >/dev/null 2>&1; then
        OPENBLAS_NUM_THREADS=1 valgrind --quiet --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite "$tmp/test_ownership" >"$tmp/ownership.log" 2>&1
    else
        echo "(valgrind not installed: checking for crashes only)"
        "$tmp/test_ownership" >"$tmp/ownership.log" 2>&1
    fi
    status=$?
    cat "$tmp/ownership.log"
    [ "$status" -eq 0 ]
}
check handles_are_freed_once_by_finalizers handles_are_freed_once_by_finalizers

summary
