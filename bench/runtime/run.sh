#!/usr/bin/env bash
# TinyOpsRuntime side by side with its peers, on the int8 fixtures (or the models given):
#   1. arena bytes: tinyops_plan (exact, same on 32- and 64-bit) vs TFLite Micro's smallest
#      working arena (Tests/Oracles/tflm_arena.py, found by bisection on this 64-bit host);
#   2. host latency per sample: TinyOpsRuntime (C, -O2 plus $BENCH_CFLAGS; the host fast
#      paths are on unless BENCH_CFLAGS=-DTINYOPS_FAST_KERNELS=0, with their AVX2 / AVX-512
#      VNNI variants where the CPU has them unless -DTINYOPS_NO_AVX2 / -DTINYOPS_NO_VNNI /
#      -DTINYOPS_NO_AVX512) vs TFLite Micro and the
#      TFLite interpreter (XNNPACK and reference kernels) through their Python bindings;
#   3. Cortex-M4 code size: arm-none-eabi-gcc -Os -mcpu=cortex-m4 -mthumb, per object file
#      and linked into a firmware-shaped program with --gc-sections.
#
#   bench/runtime/run.sh [MODEL.tflite ...]
#
# Needs numpy + tflite-micro (TINYOPS_PYTHON, else .venv, else python3); TensorFlow for the
# TFLite interpreter columns (skipped without it); arm-none-eabi-gcc for step 3 (skipped
# without it). Not run by CI. Timings are process CPU time, best of 5 runs of 2000 samples.
set -euo pipefail
cd "$(dirname "$0")/../.."

python="${TINYOPS_PYTHON:-}"
if [ -z "$python" ]; then
    if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi
fi
models=("$@")
if [ ${#models[@]} -eq 0 ]; then models=(Tests/Fixtures/*_int8.tflite); fi
build="$(mktemp -d "${TMPDIR:-/tmp}/tinyops-bench.XXXXXX")"
trap 'rm -rf "$build"' EXIT
cc="${CC:-cc}"
sources=(Sources/TinyOpsRuntime/*.c)

echo "== arena bytes (TinyOpsRuntime plan vs TFLM smallest working arena, 64-bit host)"
"$cc" -std=c99 -O2 ${BENCH_CFLAGS:-} -ISources/TinyOpsRuntime/include bench/runtime/bench_runtime.c "${sources[@]}" -o "$build/bench_runtime"
"$python" Tests/Oracles/tflm_arena.py --jobs 1 "${models[@]}" > "$build/tflm_arena.json" 2>/dev/null || true
for model in "${models[@]}"; do
    ours="$("$build/bench_runtime" "$model" 1 1 | sed -E 's/.*"arena_bytes": ([0-9]+).*/\1/')"
    tflm="$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]))' "$build/tflm_arena.json" "$model")"
    printf '%-42s tinyops %6s   tflm %6s\n' "$model" "$ours" "$tflm"
done

echo "== host latency, microseconds per sample (input copy + invoke; Python peers include binding overhead)"
for model in "${models[@]}"; do "$build/bench_runtime" "$model" 2000 5; done
TF_CPP_MIN_LOG_LEVEL=3 "$python" bench/runtime/peers_latency.py "${models[@]}" 2>/dev/null

if command -v arm-none-eabi-gcc >/dev/null 2>&1; then
    echo "== Cortex-M4 code size (arm-none-eabi-gcc -Os -mcpu=cortex-m4 -mthumb)"
    flags=(-std=c99 -Wall -Wextra -Werror -pedantic -Os -mcpu=cortex-m4 -mthumb -ffunction-sections -fdata-sections
           -ISources/TinyOpsRuntime/include)
    mkdir -p "$build/obj"
    for source in "${sources[@]}"; do
        arm-none-eabi-gcc "${flags[@]}" -c "$source" -o "$build/obj/$(basename "$source" .c).o"
    done
    arm-none-eabi-size -t "$build"/obj/*.o
    link() { arm-none-eabi-gcc "${flags[@]}" "$@" --specs=nano.specs --specs=nosys.specs -Wl,--gc-sections -o "$build/fw.elf"; arm-none-eabi-size "$build/fw.elf" | awk 'NR == 2 { print $1 }'; }
    for variant in "soft-float" "hard-float"; do
        abi=()
        if [ "$variant" = hard-float ]; then abi=(-mfloat-abi=hard -mfpu=fpv4-sp-d16); fi
        base="$(link "${abi[@]}" -DSIZE_BASELINE bench/runtime/size_main.c)"
        full="$(link "${abi[@]}" bench/runtime/size_main.c "${sources[@]}")"
        bare="$(link "${abi[@]}" -DTINYOPS_NO_ERROR_TEXT bench/runtime/size_main.c "${sources[@]}")"
        echo "linked flash added by the runtime ($variant, libgcc helpers included): $((full - base)) bytes; with -DTINYOPS_NO_ERROR_TEXT: $((bare - base)) bytes"
    done
fi
