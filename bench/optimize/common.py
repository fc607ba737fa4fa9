"""Shared pieces of the optimization benchmarks (prune, structured, distill, QAT).

Oracle-side code (numpy, TensorFlow, TFMOT): it drives the tinyops binary and rebuilds the
same models in Keras; it is not part of tinyops.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tinyops(binary, *args):
    """Runs `tinyops ARGS --json` and returns the parsed result; raises with stderr on failure."""
    result = subprocess.run([binary, *args, "--json"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"tinyops {' '.join(args)}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def metadata(binary, model):
    """The model's tinyops metadata (via `tinyops inspect --json`)."""
    report = tinyops(binary, "inspect", model)
    return next(entry["json"] for entry in report["metadata"] if entry["name"] == "tinyops")


def load_dataset(directory):
    x = np.load(os.path.join(directory, "x.npy")).astype(np.float32)
    y = np.load(os.path.join(directory, "y.npy")).astype(np.int64)
    with open(os.path.join(directory, "dataset.json")) as f:
        manifest = json.load(f)
    samples = manifest["samples"]
    split = np.array([row[3] if isinstance(row, list) else row["split"] for row in samples])
    return x, y, manifest["labels"], split


def normalise(x, meta):
    """The model's recorded per-channel normalization, as tinyops applies it."""
    norm = meta["normalization"]
    mean = np.array(norm["mean"], dtype=np.float32)
    std = np.array(norm["std"], dtype=np.float32)
    return ((x - mean) / std).astype(np.float32)


def steps_per_epoch(train_count, batch):
    return math.ceil(train_count / batch)


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def tflite_constants(path):
    """Constant float tensors of a .tflite by name (TensorFlow's interpreter reads them)."""
    import tensorflow as tf
    interpreter = tf.lite.Interpreter(model_path=path)
    interpreter.allocate_tensors()
    constants = {}
    for detail in interpreter.get_tensor_details():
        try:
            value = interpreter.get_tensor(detail["index"])
        except ValueError:
            continue
        if value.dtype == np.float32 and value.size > 0:
            constants[detail["name"]] = np.array(value)
    return constants


def keras_model(spec, sample_shape, classes):
    """A tinyops spec (the subset the benchmarks use) as a tf_keras functional model."""
    import tf_keras as keras
    inputs = keras.Input(shape=tuple(sample_shape))
    x = inputs
    nodes = {"input": inputs}
    for index, layer in enumerate(spec["layers"]):
        kind = layer["type"]
        name = layer.get("name", f"{kind}_{index}")
        activation = layer.get("activation")
        activation = None if activation in (None, "none", "linear") else activation
        if kind == "dense":
            units = classes if layer["units"] == "classes" else layer["units"]
            x = keras.layers.Dense(units, use_bias=layer.get("use_bias", True), name=name)(x)
        elif kind in ("conv1d", "conv2d"):
            conv = keras.layers.Conv1D if kind == "conv1d" else keras.layers.Conv2D
            x = conv(layer["filters"], layer["kernel_size"], strides=layer.get("strides", 1),
                     padding=layer.get("padding", "valid"), use_bias=layer.get("use_bias", True), name=name)(x)
        elif kind == "max_pool":
            pool = keras.layers.MaxPooling1D if len(x.shape) == 3 else keras.layers.MaxPooling2D
            x = pool(layer["pool_size"], strides=layer.get("strides"), padding=layer.get("padding", "valid"), name=name)(x)
        elif kind == "global_avg_pool":
            pool = keras.layers.GlobalAveragePooling1D if len(x.shape) == 3 else keras.layers.GlobalAveragePooling2D
            x = pool(name=name)(x)
        elif kind == "flatten":
            x = keras.layers.Flatten(name=name)(x)
        elif kind == "dropout":
            x = keras.layers.Dropout(layer["rate"], name=name)(x)
        elif kind == "relu":
            x = keras.layers.ReLU(name=name)(x)
        elif kind == "softmax":
            x = keras.layers.Softmax(name=name)(x)
        else:
            raise ValueError(f"the benchmark's Keras translation has no {kind}")
        if activation:
            x = keras.layers.ReLU(max_value=6 if activation == "relu6" else None, name=f"{name}_{activation}")(x)
        nodes[name] = x
    return keras.Model(inputs, x)


def load_tinyops_weights(model, spec, path):
    """Copies the weights of a tinyops float .tflite (no batch norm) into the Keras model."""
    constants = tflite_constants(path)
    for index, layer in enumerate(spec["layers"]):
        kind = layer["type"]
        name = layer.get("name", f"{kind}_{index}")
        if kind not in ("dense", "conv1d", "conv2d"):
            continue
        kernel = constants[f"{name}/kernel"]
        bias = constants[f"{name}/bias"]
        if kind == "dense":
            kernel = kernel.T                                  # [units, in] -> [in, units]
        elif kind == "conv1d":
            kernel = kernel[:, 0, :, :].transpose(1, 2, 0)     # [F, 1, k, C] -> [k, C, F]
        else:
            kernel = kernel.transpose(1, 2, 3, 0)              # [F, kh, kw, C] -> [kh, kw, C, F]
        keras_layer = model.get_layer(name)
        keras_layer.set_weights([kernel, bias] if keras_layer.use_bias else [kernel])


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)
