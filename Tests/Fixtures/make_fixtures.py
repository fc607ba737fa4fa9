"""Generate the .tflite test fixtures in Tests/Fixtures/ (run by hand, never in CI).

Usage (from the repository root):

    /work/venv-tf/bin/python Tests/Fixtures/make_fixtures.py [--out-dir DIR]

Needs TensorFlow (tensorflow-cpu 2.21), tf-keras (Keras 2; selected with
TF_USE_LEGACY_KERAS=1 below), numpy and tflite-micro (only for its bundled
flatbuffers schema, used to list the ops).

For every model below the script writes

  * ``<name>_float.tflite``: plain float32 conversion
    (``TFLiteConverter.from_keras_model``, no optimisation), and
  * ``<name>_int8.tflite``: full-integer post-training quantisation
    (``Optimize.DEFAULT``, a seeded representative dataset of 100 samples,
    ``TFLITE_BUILTINS_INT8``, int8 model input and output),

except for the ``unsupported_*`` models, which are float32 only.  It then
writes ``fixtures.json`` (shapes, dtypes, quantisation of the model inputs and
outputs, and the builtin op of every operator in execution order) and checks
that op list against ``tf.lite.experimental.Analyzer``.

Models:

  mlp               Dense(32, relu) -> Dense(16, relu) -> Dense(4, softmax), input (20,)
  conv1d            input (64, 3): Conv1D(8, 5, same, relu) -> MaxPool1D(2) ->
                    Conv1D(16, 3, relu) -> GlobalAveragePooling1D -> Dense(4, softmax)
  cnn2d             input (16, 16, 1): Conv2D(8, 3, stride 2, same) + ReLU(6) ->
                    DepthwiseConv2D(3, same, relu) -> Conv2D(12, 1, relu) ->
                    AveragePooling2D(2) -> MaxPooling2D(2) -> Flatten -> Dense(5, softmax)
  residual          input (12, 12, 4): x = Conv2D(8, 3, same, relu); y = Conv2D(8, 3, same)(x);
                    Add([x, y]) -> ReLU -> GlobalAveragePooling2D -> Dense(3, softmax)
                    (the ReLU is fused into ADD)
  misc_ops          input (8, 8, 3): a functional model made to produce PAD,
                    CONCATENATION, LOGISTIC, RELU6, RESHAPE, MUL, MEAN and
                    FULLY_CONNECTED (a tf.squeeze is in it, but the converter
                    turns SQUEEZE into RESHAPE; see build_misc_ops)
  unsupported_topk  float32 tf.function with tf.math.top_k -> TOPK_V2, an op
                    TFLite Micro cannot register

Every model is trained for a few epochs on a small seeded synthetic data set
(see synthetic_data) so that its weights and activation ranges are not
degenerate; the representative dataset comes from the same distribution.

Determinism: fixed seeds (``tf.keras.utils.set_random_seed`` per model),
deterministic ops, single-threaded TF, oneDNN off.  Re-running gives
byte-identical files (with the same TensorFlow version).
"""

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import sys

# Must be set before TensorFlow is imported.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.keras = tf-keras (Keras 2)
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
os.environ["TF_DETERMINISTIC_OPS"] = "1"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tflite_micro.tensorflow.lite.micro.python import (  # noqa: E402
    schema_py_generated as schema_fb,
)

tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()

keras = tf.keras
layers = tf.keras.layers

HERE = os.path.dirname(os.path.abspath(__file__))

TRAIN_SAMPLES = 512
REPRESENTATIVE_SAMPLES = 100
EPOCHS = 5


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------

def synthetic_data(seed, input_shape, num_classes, count, sample_seed):
    """Seeded synthetic classification data: class template + shift + noise.

    ``seed`` fixes the per-class templates (smoothed standard-normal patterns
    of ``input_shape``); ``sample_seed`` fixes the samples drawn from them, so
    training and representative data share classes but not samples.  For
    inputs with spatial/time axes (rank >= 2) each sample is the template of
    its class circularly shifted by a random offset along those axes, plus
    Gaussian noise, which is a task small conv nets learn in a few epochs.
    """
    rng = np.random.default_rng(seed)
    templates = rng.standard_normal((num_classes,) + tuple(input_shape))
    spatial_axes = list(range(1, len(input_shape)))  # all but the channel axis
    for axis in spatial_axes:  # smooth so that shifts/convolutions matter
        templates = (templates + np.roll(templates, 1, axis=axis)
                     + np.roll(templates, -1, axis=axis)) / 3.0
    templates /= templates.std()

    rng = np.random.default_rng(sample_seed)
    y = rng.integers(0, num_classes, size=count).astype(np.int32)
    x = templates[y]
    for axis in spatial_axes:
        shifts = rng.integers(0, input_shape[axis - 1], size=count)
        x = np.stack([np.roll(x[i], shifts[i], axis=axis - 1) for i in range(count)])
    x = x + 0.5 * rng.standard_normal(x.shape)
    return x.astype(np.float32), y


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

def build_mlp():
    inp = keras.Input((20,), name="input")
    x = layers.Dense(32, activation="relu")(inp)
    x = layers.Dense(16, activation="relu")(x)
    out = layers.Dense(4, activation="softmax")(x)
    return keras.Model(inp, out, name="mlp")


def build_conv1d():
    inp = keras.Input((64, 3), name="input")
    x = layers.Conv1D(8, 5, padding="same", activation="relu")(inp)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(16, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(4, activation="softmax")(x)
    return keras.Model(inp, out, name="conv1d")


def build_cnn2d():
    inp = keras.Input((16, 16, 1), name="input")
    x = layers.Conv2D(8, 3, strides=2, padding="same")(inp)
    x = layers.ReLU(6.0)(x)  # fused into CONV_2D as RELU6
    x = layers.DepthwiseConv2D(3, padding="same", activation="relu")(x)
    x = layers.Conv2D(12, 1, activation="relu")(x)
    x = layers.AveragePooling2D(2)(x)
    x = layers.MaxPooling2D(2)(x)
    x = layers.Flatten()(x)
    out = layers.Dense(5, activation="softmax")(x)
    return keras.Model(inp, out, name="cnn2d")


def build_residual():
    inp = keras.Input((12, 12, 4), name="input")
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
    y = layers.Conv2D(8, 3, padding="same")(x)
    z = layers.Add()([x, y])
    z = layers.ReLU()(z)
    z = layers.GlobalAveragePooling2D()(z)
    out = layers.Dense(3, activation="softmax")(z)
    return keras.Model(inp, out, name="residual")


def build_misc_ops():
    """A model whose only purpose is to produce many different ops.

    input (8,8,3)
      -> ZeroPadding2D(1)                       PAD
      -> ReLU(6) (nothing to fuse into)         RELU6
      -> Conv2D(6, 3, relu)                     CONV_2D      -> a (8,8,6)
    input -> Conv2D(6, 1)                       CONV_2D      -> b (8,8,6)
    Concatenate([a, b])                         CONCATENATION -> c (8,8,12)
    squeeze-and-excitation style gate on c:
      reduce_mean(axis 1,2, keepdims)           MEAN          (1,1,12)
      tf.squeeze(axis 1,2)                      RESHAPE       (12,)
      Dense(12, sigmoid)                        FULLY_CONNECTED + LOGISTIC
      tf.reshape(-1,1,1,12)                     RESHAPE
    Multiply([c, gate])                         MUL (broadcast)
    GlobalAveragePooling2D                      MEAN
    Dense(3, sigmoid)                           FULLY_CONNECTED + LOGISTIC

    Note (int8): the converter gives the standalone RELU6 a different output
    scale/zero point than its input.  TFLite Micro's int8 RELU6 clamps in
    the input's quantised domain and does not requantise (activations_common.cc
    Relu6Prepare), whereas TFLite's RELU6 requantises, so TFLM and TFLite
    disagree on this model from op 1 on.  TFLM is the bit-exactness oracle.

    The TF 2.21 converter always rewrites SQUEEZE into RESHAPE (tried static
    and dynamic shapes), so no SQUEEZE appears.  tf.reshape with -1 is used
    instead of layers.Reshape, whose dynamic batch size would add
    SHAPE/STRIDED_SLICE/PACK ops.
    """
    inp = keras.Input((8, 8, 3), name="input")
    a = layers.ZeroPadding2D(1)(inp)
    a = layers.ReLU(6.0)(a)
    a = layers.Conv2D(6, 3, activation="relu")(a)
    b = layers.Conv2D(6, 1)(inp)
    c = layers.Concatenate(axis=-1)([a, b])
    g = tf.reduce_mean(c, axis=[1, 2], keepdims=True)
    g = tf.squeeze(g, axis=[1, 2])
    g = layers.Dense(12, activation="sigmoid")(g)
    g = tf.reshape(g, [-1, 1, 1, 12])
    m = layers.Multiply()([c, g])
    m = layers.GlobalAveragePooling2D()(m)
    out = layers.Dense(3, activation="sigmoid")(m)
    return keras.Model(inp, out, name="misc_ops")


# name: (builder, input shape, number of classes, seed)
KERAS_MODELS = [
    ("mlp", build_mlp, (20,), 4, 101),
    ("conv1d", build_conv1d, (64, 3), 4, 202),
    ("cnn2d", build_cnn2d, (16, 16, 1), 5, 303),
    ("residual", build_residual, (12, 12, 4), 3, 404),
    ("misc_ops", build_misc_ops, (8, 8, 3), 3, 505),
]


def train(name, builder, input_shape, num_classes, seed):
    """Build the Keras model with a fixed seed and train it briefly."""
    keras.backend.clear_session()
    keras.utils.set_random_seed(seed)
    model = builder()
    x, y = synthetic_data(seed, input_shape, num_classes, TRAIN_SAMPLES,
                          sample_seed=seed + 1)
    final_act = model.layers[-1].activation.__name__
    if final_act == "sigmoid":  # multi-label style head: one-hot targets
        loss = "binary_crossentropy"
        y = tf.keras.utils.to_categorical(y, num_classes)
    else:
        loss = "sparse_categorical_crossentropy"
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=loss)
    model.fit(x, y, epochs=EPOCHS, batch_size=32, shuffle=False, verbose=0)
    pred = model.predict(x, verbose=0)
    accuracy = float(np.mean(np.argmax(pred, axis=1) == np.argmax(y, axis=1)
                             if y.ndim == 2 else np.argmax(pred, axis=1) == y))
    print(f"[make_fixtures] {name}: training accuracy {accuracy:.3f} "
          f"after {EPOCHS} epochs", file=sys.stderr)
    return model


def convert_float(model):
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    return converter.convert()


def convert_int8(model, input_shape, num_classes, seed):
    """Full-integer PTQ with a seeded representative dataset."""
    rep_x, _ = synthetic_data(seed, input_shape, num_classes,
                              REPRESENTATIVE_SAMPLES, sample_seed=seed + 2)

    def representative_dataset():
        for i in range(REPRESENTATIVE_SAMPLES):
            yield [rep_x[i:i + 1]]

    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    converter.optimizations = [tf.lite.Optimize.DEFAULT]
    converter.representative_dataset = representative_dataset
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    converter.inference_input_type = tf.int8
    converter.inference_output_type = tf.int8
    return converter.convert()


def make_unsupported_topk():
    """float32 graph: FULLY_CONNECTED-ish matmul + TOPK_V2 (not in TFLM)."""
    rng = np.random.default_rng(606)
    w = tf.constant(rng.standard_normal((16, 8)).astype(np.float32))
    b = tf.constant(rng.standard_normal((8,)).astype(np.float32))

    class TopK(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([1, 16], tf.float32, name="input")])
        def __call__(self, x):
            logits = tf.matmul(x, w) + b
            values, _ = tf.math.top_k(logits, k=3)
            return values

    module = TopK()
    concrete = module.__call__.get_concrete_function()
    converter = tf.lite.TFLiteConverter.from_concrete_functions([concrete], module)
    converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
    return converter.convert()


# --------------------------------------------------------------------------
# Describing a .tflite file
# --------------------------------------------------------------------------

_OP_NAMES = {v: k for k, v in vars(schema_fb.BuiltinOperator).items()
             if not k.startswith("_")}
_TYPE_NAMES = {v: k.lower() for k, v in vars(schema_fb.TensorType).items()
               if not k.startswith("_")}


def _tensor_info(subgraph, index):
    t = subgraph.Tensors(index)
    info = {
        "shape": [int(d) for d in t.ShapeAsNumpy()] if t.ShapeLength() else [],
        "dtype": _TYPE_NAMES[t.Type()],
    }
    if t.ShapeSignatureLength():  # -1 marks a dynamic (batch) dimension
        info["shape_signature"] = [int(d) for d in t.ShapeSignatureAsNumpy()]
    q = t.Quantization()
    if q is not None and q.ScaleLength() > 0:
        info["scale"] = [float(s) for s in q.ScaleAsNumpy()]
        info["zero_point"] = [int(z) for z in q.ZeroPointAsNumpy()]
    return info


def describe(data):
    """Shapes/dtypes of subgraph 0's inputs and outputs and its op list."""
    model = schema_fb.Model.GetRootAsModel(data, 0)
    sg = model.Subgraphs(0)
    ops = []
    for i in range(sg.OperatorsLength()):
        oc = model.OperatorCodes(sg.Operators(i).OpcodeIndex())
        code = max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())
        name = _OP_NAMES[code]
        if name == "CUSTOM":
            name = "CUSTOM:" + oc.CustomCode().decode()
        ops.append(name)
    inputs = [_tensor_info(sg, sg.Inputs(i)) for i in range(sg.InputsLength())]
    outputs = [_tensor_info(sg, sg.Outputs(i)) for i in range(sg.OutputsLength())]
    return {
        "subgraphs": model.SubgraphsLength(),
        "inputs": inputs,
        "outputs": outputs,
        "ops": ops,
    }


def analyzer_ops(data):
    """Op names of subgraph 0 as printed by tf.lite.experimental.Analyzer."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):  # analyze() uses Python print()
        tf.lite.experimental.Analyzer.analyze(model_content=data)
    text = buf.getvalue()
    ops, in_sg0 = [], False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("Subgraph#"):
            in_sg0 = line.startswith("Subgraph#0 ")
        elif in_sg0 and line.startswith("Op#"):
            ops.append(line.split(" ", 1)[1].split("(", 1)[0])
    return ops


def compact_json(obj):
    """json.dumps(indent=2), but lists of numbers/strings kept on one line."""
    text = json.dumps(obj, indent=2)
    return re.sub(r"\[\s+([^\[\]{}]*?)\s+\]",
                  lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",\n")) + "]",
                  text)


# --------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)

    files = []  # (file name, bytes)
    for name, builder, input_shape, num_classes, seed in KERAS_MODELS:
        print(f"[make_fixtures] {name}: training", file=sys.stderr)
        model = train(name, builder, input_shape, num_classes, seed)
        files.append((f"{name}_float.tflite", convert_float(model)))
        files.append((f"{name}_int8.tflite", convert_int8(model, input_shape, num_classes, seed)))
    print("[make_fixtures] unsupported_topk", file=sys.stderr)
    files.append(("unsupported_topk_float.tflite", make_unsupported_topk()))

    entries = []
    for file_name, data in files:
        path = os.path.join(args.out_dir, file_name)
        with open(path, "wb") as f:
            f.write(data)
        desc = describe(data)
        checked = analyzer_ops(data)
        if checked != desc["ops"]:
            sys.exit(f"op list mismatch for {file_name}: schema {desc['ops']} "
                     f"vs Analyzer {checked}")
        entries.append({
            "file": file_name,
            "model": file_name.rsplit("_", 1)[0],
            "dtype": "int8" if file_name.endswith("_int8.tflite") else "float32",
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "tflm_supported": not file_name.startswith("unsupported_"),
            **desc,
        })
        print(f"[make_fixtures] wrote {file_name} ({len(data)} bytes): "
              f"{' '.join(desc['ops'])}", file=sys.stderr)

    meta = {
        "generator": "Tests/Fixtures/make_fixtures.py",
        "tensorflow": tf.__version__,
        "fixtures": entries,
    }
    with open(os.path.join(args.out_dir, "fixtures.json"), "w") as f:
        f.write(compact_json(meta) + "\n")


if __name__ == "__main__":
    main()
