#!/bin/sh
# Builds and runs the Rust binding's tests against the library in build/lib: `cargo test` of the
# crate (integration tests and doc tests) and of examples/rust (its unit test), offline. Prints
# cargo's output and the names of the failed tests, then ends with the summary lines the
# project's parser reads:
#   [  PASSED  ] N tests.
#   [  FAILED  ] M tests, listed below:      (only when something failed)
# N and M are summed over every "test result:" line of every test binary. A test binary that
# ends without a result line (a crash) or a build that fails counts as one failure. Exits
# non-zero on any failure. Installs nothing; needs cargo (with rustc) and a C compiler.
#
# Run from anywhere (normally the repository root) after `make lib`.

root=$(cd "$(dirname "$0")/../.." && pwd)
lib="$root/build/lib"

# The crate's build.rs links the library found here (OFDM_LIB_DIR wins over pkg-config), and the
# test binaries, the doc tests and the examples load it from here.
OFDM_LIB_DIR="$lib"
LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OFDM_LIB_DIR LD_LIBRARY_PATH
# Never the network: every cargo call says --offline, and nested ones (the example test) too.
CARGO_NET_OFFLINE=true
export CARGO_NET_OFFLINE
# cargo needs a writable home for its lock and cache files, even offline.
if [ -z "${CARGO_HOME:-}" ] && ! [ -w "${HOME:-/nonexistent}/.cargo" ]; then
    CARGO_HOME="$root/bindings/rust/target/cargo-home"
    export CARGO_HOME
fi

passed=0
failed=0
failures=$(mktemp)
log=$(mktemp)
trap 'rm -f "$log" "$failures"' EXIT

# One line "PASSED FAILED" for a cargo log, and the failed tests' names appended to $failures.
# A suite that cargo reports as failed ("to rerun pass ...") without a failing result line
# crashed, and counts as one failure.
summarize() {
    awk -v failures="$failures" '
        /^     Running / { suite = ($2 == "unittests") ? $3 : $2; seen = 0; suite_failed = 0 }
        /^   Doc-tests / { suite = "doc-tests " $2; seen = 0; suite_failed = 0 }
        /^test result: / { p += $4; f += $6; seen = 1; suite_failed = $6 }
        /^test .* \.\.\. FAILED$/ {
            name = $0; sub(/^test /, "", name); sub(/ \.\.\. FAILED$/, "", name)
            print suite ": " name >> failures
        }
        /to rerun pass/ && !(seen && suite_failed > 0) {
            f += 1; print suite ": ended without a test result (crashed?)" >> failures
        }
        END { print p + 0, f + 0 }
    ' "$log"
}

run_cargo_tests() {
    manifest="$1"
    echo "=== cargo test --offline --manifest-path $manifest"
    cargo test --offline --no-fail-fast --manifest-path "$root/$manifest" >"$log" 2>&1
    status=$?
    cat "$log"
    set -- $(summarize)
    p=$1
    f=$2
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "$manifest: cargo test exited with status $status without a failing test (build error?)" >>"$failures"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

if [ ! -e "$lib/libofdm.so" ]; then
    echo "libofdm.so is not in $lib: run 'make lib' in $root first"
    echo "build/lib/libofdm.so missing" >>"$failures"
    failed=1
elif ! command -v cargo >/dev/null 2>&1; then
    echo "cargo is not installed (Debian: apt-get install cargo)"
    echo "cargo missing" >>"$failures"
    failed=1
else
    run_cargo_tests bindings/rust/Cargo.toml
    run_cargo_tests examples/rust/Cargo.toml
fi

if [ "$failed" -ne 0 ]; then
    echo "=== failed:"
    sed 's/^/    /' "$failures"
fi
# The marker lines come last, so that the parser finds them at the end of the output.
echo "[  PASSED  ] $passed tests."
if [ "$failed" -ne 0 ]; then
    echo "[  FAILED  ] $failed tests, listed below:"
    exit 1
fi
exit 0
