#!/usr/bin/env bash
# Whole-process time of `tinyops check` on every fixture, release build (goal: under 50 ms).
# Uses hyperfine when installed (apt-get install hyperfine), else a plain timing loop.
#   bench/check_speed.sh [TARGET]      (default target: nano33ble)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-nano33ble}
swift build -c release --product tinyops >/dev/null
bin=.build/release/tinyops
models=$(cd Tests/Fixtures && ls *.tflite | sed 's/\.tflite$//' | paste -sd, -)
if command -v hyperfine >/dev/null; then
    # -N: run without a shell, so the time is tinyops' alone. Exit 3 (unsupported fixture) is expected.
    table=$(mktemp)
    trap 'rm -f "$table"' EXIT
    hyperfine -N --warmup 5 --runs 40 -i --style none --export-markdown "$table" \
        -L model "$models" "$bin check Tests/Fixtures/{model}.tflite --target $target" >/dev/null 2>&1
    cat "$table"
else
    for model in ${models//,/ }; do
        start=$(date +%s%N)
        for _ in $(seq 40); do "$bin" check "Tests/Fixtures/$model.tflite" --target "$target" >/dev/null || true; done
        echo "$model: $(( ($(date +%s%N) - start) / 40000000 )) ms per run"
    done
fi
