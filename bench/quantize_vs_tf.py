"""tinyops quantize vs the TensorFlow Lite converter's post-training quantization, side by side.

    /work/venv-tf/bin/python bench/quantize_vs_tf.py DATASETS_DIR TINYOPS_BINARY [--repeats 5]

DATASETS_DIR holds datasets written by bench/make_datasets.py (digits, basic_motions).
For each dataset this script, in one run:
  1. trains a small Keras model on the train split (seeded; normalized inputs),
  2. converts it with TensorFlow to a float32 .tflite (the input tinyops quantizes) and,
     with full-integer PTQ on N calibration samples, to TF's own int8 .tflite,
  3. quantizes the float .tflite with `tinyops quantize` on the SAME N calibration samples,
  4. evaluates float, TF-int8 and tinyops-int8 on the test split in the TFLM interpreter
     (the bit-exactness oracle; TinyOpsRuntime gives the same int8 outputs),
  5. times the whole process of both quantizers: a fresh Python process that imports
     TensorFlow, loads the saved Keras model and converts; a fresh `tinyops quantize`.
It prints a markdown table: accuracies, the int8 drop of each quantizer and the time ratio.

Oracle-side only: TensorFlow is a benchmark peer, never a tinyops dependency.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

CALIBRATION_SAMPLES = 200

TF_CONVERT = r"""
import sys, numpy as np, tensorflow as tf
model = tf.keras.models.load_model(sys.argv[1])
calibration = np.load(sys.argv[2])
def representative():
    for row in calibration:
        yield [row[None, ...].astype(np.float32)]
converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
open(sys.argv[3], "wb").write(converter.convert())
"""


def load_dataset(path):
    x = np.load(os.path.join(path, "x.npy")).astype(np.float32)
    y = np.load(os.path.join(path, "y.npy")).astype(np.int64)
    manifest = json.load(open(os.path.join(path, "dataset.json")))
    split = np.array([row[3] for row in manifest["samples"]])  # rows: id, source, start, split, label
    return x, y, split, len(manifest["labels"])


def build_model(name, shape, classes):
    import tensorflow as tf
    layers = tf.keras.layers
    if name == "digits":
        body = [layers.Conv2D(8, 3, padding="same", activation="relu"), layers.DepthwiseConv2D(3, padding="same", activation="relu"),
                layers.Conv2D(16, 1, activation="relu"), layers.MaxPooling2D(2), layers.Flatten()]
    else:
        body = [layers.Conv1D(16, 5, padding="same", activation="relu"), layers.MaxPooling1D(2),
                layers.Conv1D(32, 3, activation="relu"), layers.GlobalAveragePooling1D()]
    model = tf.keras.Sequential([tf.keras.Input(shape)] + body + [layers.Dense(classes, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def tflm_accuracy(model_path, x, y):
    from tflite_micro.python.tflite_micro import runtime
    interpreter = runtime.Interpreter.from_file(model_path, arena_size=1 << 20)
    details = interpreter.get_input_details(0)
    scale, zero = details["quantization_parameters"]["scales"], details["quantization_parameters"]["zero_points"]
    correct = 0
    for row, label in zip(x, y):
        sample = row[None, ...]
        if details["dtype"] == np.int8:
            sample = np.clip(np.round(sample / scale[0]) + zero[0], -128, 127).astype(np.int8)
        interpreter.set_input(sample.reshape(details["shape"]), 0)
        interpreter.invoke()
        correct += int(np.argmax(interpreter.get_output(0)) == label)
    return correct / len(y)


def best_time(command, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), float(np.median(times))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("datasets")
    parser.add_argument("tinyops")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import tensorflow as tf
    tf.keras.utils.set_random_seed(0)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for name in ("digits", "basic_motions", "italy_power"):
            x, y, split, classes = load_dataset(os.path.join(args.datasets, name))
            train = split == "train"
            mean = x[train].reshape(-1, x.shape[-1]).mean(axis=0)
            std = x[train].reshape(-1, x.shape[-1]).std(axis=0) + 1e-6
            x = (x - mean) / std
            model = build_model(name, x.shape[1:], classes)
            model.fit(x[train], y[train], epochs=30, batch_size=32, verbose=0)
            keras_path = os.path.join(work, f"{name}.keras")
            model.save(keras_path)
            float_path = os.path.join(work, f"{name}_float.tflite")
            open(float_path, "wb").write(tf.lite.TFLiteConverter.from_keras_model(model).convert())
            calibration = x[train][:CALIBRATION_SAMPLES]
            calibration_path = os.path.join(work, f"{name}_calibration.npy")
            np.save(calibration_path, calibration)
            script = os.path.join(work, "convert.py")
            open(script, "w").write(TF_CONVERT)
            tf_int8 = os.path.join(work, f"{name}_tf_int8.tflite")
            ours_int8 = os.path.join(work, f"{name}_tinyops_int8.tflite")
            tf_time = best_time([sys.executable, script, keras_path, calibration_path, tf_int8], args.repeats)
            ours_time = best_time([args.tinyops, "quantize", float_path, "--calibration", calibration_path,
                                   "--samples", str(CALIBRATION_SAMPLES), "-o", ours_int8, "--quiet"], args.repeats)
            test = split == "test"
            accuracy = {tag: tflm_accuracy(path, x[test], y[test])
                        for tag, path in (("float", float_path), ("tf", tf_int8), ("tinyops", ours_int8))}
            rows.append((name, int(test.sum()), accuracy, tf_time, ours_time,
                         os.path.getsize(tf_int8), os.path.getsize(ours_int8)))

    print(f"calibration: {CALIBRATION_SAMPLES} train samples; accuracy on the test split in TFLM; "
          f"times are the best (median) of {args.repeats} whole-process runs\n")
    print("| dataset | test samples | float acc | TF int8 acc (drop) | tinyops int8 acc (drop) | TF PTQ s | tinyops s | speed-up | TF / tinyops bytes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, n, acc, tf_time, ours_time, tf_bytes, ours_bytes in rows:
        def drop(tag):
            return f"{acc[tag] * 100:.2f}% ({(acc['float'] - acc[tag]) * 100:+.2f} pp)"
        print(f"| {name} | {n} | {acc['float'] * 100:.2f}% | {drop('tf')} | {drop('tinyops')} | "
              f"{tf_time[0]:.2f} ({tf_time[1]:.2f}) | {ours_time[0]:.3f} ({ours_time[1]:.3f}) | "
              f"{tf_time[0] / ours_time[0]:.0f}× | {tf_bytes} / {ours_bytes} |")


if __name__ == "__main__":
    main()
