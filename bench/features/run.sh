#!/usr/bin/env bash
# Feature blocks: host throughput (tinyops Swift and C, librosa, python_speech_features, in the
# same run) and Cortex-M instruction counts for one 1-second 16 kHz window, on the audio
# example's clips. Not run by CI.
#
#   bench/features/run.sh
#
# Host part: a Python with librosa and python_speech_features (TINYOPS_PYTHON, else python3;
# e.g. a venv with `pip install -r Tests/Oracles/requirements-audio.txt python_speech_features`).
# Device part (skipped without the tools): arm-none-eabi-gcc, qemu-system-arm and the
# instruction-count plugin built from QEMU_INSNCOUNT (default /work/shared/tools/qemu-insncount);
# counts are exact and deterministic (instructions, not cycles) for the feature call only
# (bench_begin..bench_end in Tests/FeatureHarness/harness_main.c).
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
python="${TINYOPS_PYTHON:-python3}"
clips="$root/examples/audio-keywords/data"
imu="$root/examples/imu-activity/data/walking/basicmotions_test_020.csv"
swift build -c release --product features-bench >&2
bench=.build/release/features-bench

echo "== host: windows per second (one thread)"
"$bench" time "$clips" "$imu"
"$python" bench_python.py "$clips"

if ! command -v arm-none-eabi-gcc >/dev/null || ! command -v qemu-system-arm >/dev/null; then
    echo "== Cortex-M: skipped (arm-none-eabi-gcc or qemu-system-arm missing)"
    exit 0
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/tinyops-features-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"${QEMU_INSNCOUNT:-/work/shared/tools/qemu-insncount}/build.sh" "$work" >/dev/null
clip="$clips/yes/yes_001.wav"
echo "== Cortex-M: instructions for one 1 s 16 kHz window (arm-none-eabi-gcc -O2, qemu-system-arm + insncount plugin)"
printf '%-20s %-4s %13s %11s %12s %13s\n' block core instructions "per frame" "code bytes" "table bytes"
for text in mfcc logmel "mfcc:arith=fixed" "logmel:arith=fixed"; do
    for core in m4 m3 m0; do
        case "$core" in
            m4) machine=mps2-an386; flags=(-mcpu=cortex-m4 -mfloat-abi=hard -mfpu=fpv4-sp-d16) ;;
            m3) machine=mps2-an385; flags=(-mcpu=cortex-m3 -mfloat-abi=soft) ;;
            # ARMv6-M code runs on the Cortex-M3 board (a superset); QEMU's M0 boards lack the RAM.
            m0) machine=mps2-an385; flags=(-mcpu=cortex-m0 -mfloat-abi=soft) ;;
        esac
        dir="$work/$core-${text//[:=,]/_}"
        mkdir -p "$dir"
        "$bench" emit "$dir" "$text" "$clip"
        common=(-std=c99 -O2 -mthumb "${flags[@]}" -ffunction-sections -fdata-sections -I"$root/Sources/TinyOpsRuntime/include" -I"$dir")
        arm-none-eabi-gcc "${common[@]}" -T "$root/Tests/FeatureHarness/cortex_m/mps2.ld" \
            --specs=nano.specs --specs=rdimon.specs -nostartfiles -Wl,--gc-sections -Wl,--no-warn-rwx-segments \
            "$root/Tests/FeatureHarness/cortex_m/startup.c" "$root/Tests/FeatureHarness/harness_main.c" "$dir/features_config.c" \
            "$root"/Sources/TinyOpsRuntime/features*.c -o "$dir/h.elf"
        address() { printf '0x%x' $(( 0x$(arm-none-eabi-nm "$dir/h.elf" | awk -v s="$1" '$3 == s {print $1}') & ~1 )); }
        timeout 300 qemu-system-arm -M "$machine" -nographic -monitor none -serial none \
            -semihosting-config enable=on,target=native \
            -plugin "$work/libinsncount.so,out=$dir/count.txt,start=$(address bench_begin),stop=$(address bench_end)" \
            -kernel "$dir/h.elf" >/dev/null
        count="$(awk '/region_insns/{print $2}' "$dir/count.txt")"
        # Code: the feature functions linked in (text of features*.o with --gc-sections is close
        # to the linked share); tables: the generated config's const data.
        for f in "$root"/Sources/TinyOpsRuntime/features*.c "$dir/features_config.c"; do
            arm-none-eabi-gcc "${common[@]}" -c "$f" -o "$dir/$(basename "$f" .c).o"
        done
        code="$(arm-none-eabi-size -t "$dir"/features.o "$dir"/features_fft.o "$dir"/features_fixed.o "$dir"/features_math.o | awk 'END{print $1}')"
        tables="$(arm-none-eabi-size "$dir/features_config.o" | awk 'NR==2{print $1}')"
        printf '%-20s %-4s %13s %11s %12s %13s\n' "$text" "$core" "$count" "$((count / 49))" "$code" "$tables"
    done
done
