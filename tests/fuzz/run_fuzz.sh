#!/bin/sh
# Runs each libFuzzer target for a fixed time and reports what it did; called by `make fuzz`.
# Usage: run_fuzz.sh SECONDS TIMEOUT FUZZ_DIR TARGET...
# Each target starts from the seed models (FUZZ_DIR/seeds) plus the corpus it grew in earlier
# runs (FUZZ_DIR/corpus/NAME). A crash, sanitizer report, broken invariant or input slower than
# TIMEOUT seconds stops the target, keeps the input in FUZZ_DIR/crashes/ and fails the run.
seconds=$1
timeout=$2
dir=$3
shift 3
here=$(dirname "$0")
mkdir -p "$dir/crashes"
total_execs=0
total_crashes=0
for target in "$@"; do
    name=$(basename "$target")
    corpus="$dir/corpus/$name"
    log="$dir/$name.log"
    mkdir -p "$corpus"
    before=$(ls "$dir/crashes" | grep -c "^$name-")
    start=$(date +%s)
    "$target" -max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1 \
        -dict="$here/model_file.dict" -artifact_prefix="$dir/crashes/$name-" \
        "$corpus" "$dir/seeds" >"$log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - start))
    after=$(ls "$dir/crashes" | grep -c "^$name-")
    crashes=$((after - before))
    # The final statistics; a run stopped by a crash may not print them, so fall back on the
    # last progress line ("#N ...").
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -n 1)
    execs=${execs:-0}
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    units=$(ls "$corpus" | wc -l)
    echo "fuzz: $name: $execs executions in ${elapsed} s (${rate:-?} per second), corpus $units inputs, $crashes crashes"
    if [ "$status" -ne 0 ]; then
        [ "$crashes" -gt 0 ] || crashes=1
        echo "*** $name stopped with status $status; the end of $log:"
        tail -n 40 "$log"
        ls "$dir/crashes" | grep "^$name-" | sed "s|^|*** input kept: $dir/crashes/|"
    fi
    total_execs=$((total_execs + execs))
    total_crashes=$((total_crashes + crashes))
done
echo "fuzz: $total_execs executions, $total_crashes crashes"
[ "$total_crashes" -eq 0 ]
