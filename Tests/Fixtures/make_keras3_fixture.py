"""Generate the Keras 3 fixture: a Flatten with a dynamic batch, which the TensorFlow
converter turns into SHAPE -> STRIDED_SLICE -> PACK -> RESHAPE. tinyops folds that shape
arithmetic into constants (ShapeFolding); this fixture keeps the real converter output
under test. Run by hand with TensorFlow 2.21 and Keras 3 (no TF_USE_LEGACY_KERAS):

    /work/venv-tf/bin/python Tests/Fixtures/make_keras3_fixture.py

Writes keras3_flatten_float.tflite and keras3_flatten_int8.tflite next to this script.
Deterministic: fixed seeds, one thread.
"""
import os

os.environ.pop("TF_USE_LEGACY_KERAS", None)
os.environ["TF_DETERMINISTIC_OPS"] = "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.keras.utils.set_random_seed(21)
here = os.path.dirname(os.path.abspath(__file__))
layers = tf.keras.layers

rng = np.random.default_rng(21)
x = rng.normal(size=(160, 8, 8, 1)).astype(np.float32)
y = (x[:, :4].mean(axis=(1, 2, 3)) > x[:, 4:].mean(axis=(1, 2, 3))).astype(np.int64) + 2 * (x[:, 0, 0, 0] > 0).astype(np.int64)

model = tf.keras.Sequential([
    tf.keras.Input((8, 8, 1)),
    layers.Conv2D(6, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=5, batch_size=32, verbose=0)

converter = tf.lite.TFLiteConverter.from_keras_model(model)
open(os.path.join(here, "keras3_flatten_float.tflite"), "wb").write(converter.convert())


def representative():
    for row in x[:100]:
        yield [row[None]]


converter = tf.lite.TFLiteConverter.from_keras_model(model)
converter.optimizations = [tf.lite.Optimize.DEFAULT]
converter.representative_dataset = representative
converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
converter.inference_input_type = tf.int8
converter.inference_output_type = tf.int8
open(os.path.join(here, "keras3_flatten_int8.tflite"), "wb").write(converter.convert())
