#!/usr/bin/env bash
# The optimization benchmarks (issue 5), on two datasets: the bundled IMU example and
# scikit-learn's digits (bench/make_datasets.py). Figures go to docs/BENCHMARKS.md.
#
#   bench/optimize/run.sh [OUT_DIR]
#
# Needs: a release build (swift build -c release); /work/venv-torch (numpy, scikit-learn,
# aeon) for bench/make_datasets.py; a Python with TensorFlow 2.21 + tf-keras + tflite-micro
# (TINYOPS_PYTHON, default /work/venv-tf/bin/python) and tensorflow-model-optimization on
# PYTHONPATH (TFMOT_PATH; installed with
#   $TINYOPS_PYTHON -m pip install --target .bench-pkgs tensorflow-model-optimization dm-tree --no-deps).
# Not run by CI. Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-build/bench}"
python="${TINYOPS_PYTHON:-/work/venv-tf/bin/python}"
tfmot="${TFMOT_PATH:-$PWD/.bench-pkgs}"
tinyops="$PWD/.build/release/tinyops"
mkdir -p "$out"
[ -d build/imu ] || "$tinyops" collect examples/imu-activity/data -o build/imu --window 5s --stride 1s --seed 3 > /dev/null
[ -d bench/data/digits ] || TINYOPS="$tinyops" /work/venv-torch/bin/python bench/make_datasets.py bench/data
export PYTHONPATH="$tfmot${PYTHONPATH:+:$PYTHONPATH}" TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3
b=bench/optimize

echo "== magnitude pruning vs TensorFlow Model Optimization"
"$python" $b/prune_vs_tfmot.py --tinyops "$tinyops" --data build/imu --spec models/imu_conv1d.json \
    --train-epochs 30 --train-lr 0.005 --epochs 20 --ramp-epochs 10 --frequency 10 --seeds 5 --json "$out/prune_imu.json"
"$python" $b/prune_vs_tfmot.py --tinyops "$tinyops" --data bench/data/digits --spec models/mlp.json \
    --train-epochs 30 --train-lr 0.001 --epochs 20 --ramp-epochs 10 --frequency 10 --seeds 5 --json "$out/prune_digits.json"

echo "== structured pruning"
"$python" $b/structured.py --tinyops "$tinyops" --data build/imu --spec models/imu_conv1d.json \
    --train-epochs 30 --train-lr 0.005 --epochs 40 --lr 0.002 --json "$out/structured_imu.json"
"$python" $b/structured.py --tinyops "$tinyops" --data bench/data/digits --spec models/cnn2d_small.json \
    --train-epochs 20 --epochs 40 --lr 0.002 --json "$out/structured_digits.json"

echo "== distillation"
"$python" $b/distill.py --tinyops "$tinyops" --data build/imu --teacher-spec models/imu_conv1d.json --teacher-epochs 30 \
    --teacher-lr 0.005 --student $b/specs/conv1d_tiny.json --epochs 60 --lr 0.003 --seeds 10 --json "$out/distill_imu.json"
"$python" $b/distill.py --tinyops "$tinyops" --data bench/data/digits --teacher-spec models/cnn2d_small.json --teacher-epochs 20 \
    --student $b/specs/mlp_tiny.json --epochs 60 --lr 0.003 --seeds 5 --json "$out/distill_digits.json"
"$python" $b/distill.py --tinyops "$tinyops" --data bench/data/digits --teacher-spec models/mlp.json --teacher-from tensorflow \
    --teacher-epochs 30 --student $b/specs/mlp_tiny.json --epochs 60 --lr 0.003 --seeds 5 --json "$out/distill_digits_tf.json"

echo "== quantization-aware training vs post-training quantization"
"$python" $b/qat.py --tinyops "$tinyops" --python "$python" --data build/imu --spec models/imu_conv1d.json \
    --epochs 30 --lr 0.005 --qat-epochs 5 --seeds 3 --json "$out/qat_imu.json"
"$python" $b/qat.py --tinyops "$tinyops" --python "$python" --data bench/data/digits --spec models/cnn2d_small.json \
    --epochs 20 --qat-epochs 5 --seeds 3 --json "$out/qat_digits.json"
