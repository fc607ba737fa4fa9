#!/usr/bin/env bash
# Patch bytes vs full bytes when only the classifier head is retrained (issue 9), for the IMU
# example (imu_conv1d, 2.2 K parameters) and the keyword-spotting example (DS-CNN, 23 K).
#
# The scenario: v1 is trained on the recordings collected first (A) and shipped; more
# recordings arrive (B = A + new ones); v2 retrains only the last dense layer on B
# (`tinyops finetune`), is quantized, and goes out as a patch (`tinyops diff`). For contrast:
# v2 quantized with the new data as calibration set, and v2 trained from scratch on B.
#
#   bench/update/patch_size.sh [OUT_DIR]        (TINYOPS=path/to/tinyops, default .build/release/tinyops)
#
# Prints a Markdown table; the diffs' JSON reports stay in OUT_DIR. Not run by CI; a few
# minutes on 2 cores with a release build.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-build/bench/update}"
tinyops="${TINYOPS:-$PWD/.build/release/tinyops}"
mkdir -p "$out"

scenario() {  # name spec A-inputs B-inputs "collect options" "train options"
    local name=$1 spec=$2 a=$3 b=$4 collect=$5 train=$6 d="$out/$1"
    mkdir -p "$d"
    # shellcheck disable=SC2086
    "$tinyops" collect $a -o "$d/A" $collect --quiet > /dev/null
    # shellcheck disable=SC2086
    "$tinyops" collect $b -o "$d/B" $collect --quiet > /dev/null
    # shellcheck disable=SC2086
    "$tinyops" train "$spec" --data "$d/A" -o "$d/v1.tflite" $train --seed 0 --quiet > /dev/null
    "$tinyops" finetune "$d/v1.tflite" --data "$d/B" --epochs 10 --lr 0.001 --seed 0 -o "$d/v2.tflite" --quiet > /dev/null
    # shellcheck disable=SC2086
    "$tinyops" train "$spec" --data "$d/B" -o "$d/v2_full.tflite" $train --seed 0 --quiet > /dev/null
    "$tinyops" quantize "$d/v1.tflite" --calibration "$d/A" -o "$d/v1_int8.tflite" --quiet > /dev/null
    "$tinyops" quantize "$d/v2.tflite" --calibration "$d/A" -o "$d/v2_int8.tflite" --quiet > /dev/null
    "$tinyops" quantize "$d/v2.tflite" --calibration "$d/B" -o "$d/v2_int8_newcal.tflite" --quiet > /dev/null
    "$tinyops" quantize "$d/v2_full.tflite" --calibration "$d/B" -o "$d/v2_full_int8.tflite" --quiet > /dev/null
    "$tinyops" diff "$d/v1.tflite" "$d/v2.tflite" -o "$d/float.patch" --json > "$d/float.json"
    "$tinyops" diff "$d/v1_int8.tflite" "$d/v2_int8.tflite" -o "$d/int8.patch" --json > "$d/int8.json"
    "$tinyops" diff "$d/v1_int8.tflite" "$d/v2_int8_newcal.tflite" -o "$d/int8_newcal.patch" --json > "$d/int8_newcal.json"
    "$tinyops" diff "$d/v1_int8.tflite" "$d/v2_full_int8.tflite" -o "$d/int8_full.patch" --json > "$d/int8_full.json"
}

imu=examples/imu-activity/data
scenario imu models/imu_conv1d.json "$(ls $imu/*/basicmotions_train_*.csv | tr '\n' ' ')" "$imu" \
    "--window 5s --stride 1s --seed 3" "--epochs 30 --batch-size 32 --lr 0.003 --patience 8"
kws=examples/audio-keywords/data
scenario kws models/ds_cnn_kws.json "$(ls $kws/*/*_00[0-6].wav | tr '\n' ' ')" "$kws" \
    "--features mfcc --seed 0" "--epochs 40 --batch-size 8 --lr 0.003"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
rows = [("float32, head fine-tuned", "float"), ("int8, head fine-tuned, same calibration set", "int8"),
        ("int8, head fine-tuned, recalibrated on B", "int8_newcal"), ("int8, retrained from scratch on B", "int8_full")]
print("| model | update | new model | gzip -9 | patch | patch / model | metadata in patch | changed buffers |")
print("|---|---|---:|---:|---:|---:|---:|---|")
for model in ("imu", "kws"):
    for label, name in rows:
        r = json.load(open(f"{out}/{model}/{name}.json"))
        meta = sum(b["inserted"] for b in r["changed_buffers"] if b["name"].startswith("metadata"))
        changed = [b["name"] for b in r["changed_buffers"] if not b["name"].startswith("metadata")]
        listed = ", ".join(changed) if len(changed) <= 3 else f"{len(changed)} of {len(changed) + r['unchanged_buffers'] - 1}"
        print(f"| {model} | {label} | {r['new_bytes']:,} | {r['gzip_new_bytes']:,} | {r['patch_bytes']:,} | "
              f"{100 * r['patch_ratio']:.1f} % | {meta:,} | {listed} |")
PY
