"""Two larger models for calibrating the cost model (the test fixtures are tiny, so their
per-op overheads dominate). Run by hand:

    /work/venv-tf/bin/python bench/tflm-cortex-m/make_calibration_models.py

Writes bench/tflm-cortex-m/models/{dscnn,dense}_{float,int8}.tflite. The weights are random
(seeded): only shapes and quantization matter for timing.

  dscnn  input (32, 32, 3): Conv2D(16, 3, stride 2, relu) -> DepthwiseConv2D(3, relu) ->
         Conv2D(32, 1, relu) -> DepthwiseConv2D(3, stride 2, relu) -> Conv2D(64, 1, relu) ->
         AveragePooling2D(8) -> Flatten -> Dense(10, softmax)
  dense  input (256,): Dense(256, relu) -> Dense(128, relu) -> Dense(10, softmax)
"""
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
keras = tf.keras


def dscnn():
    inputs = keras.Input((32, 32, 3), batch_size=1)
    x = keras.layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inputs)
    x = keras.layers.DepthwiseConv2D(3, padding="same", activation="relu")(x)
    x = keras.layers.Conv2D(32, 1, activation="relu")(x)
    x = keras.layers.DepthwiseConv2D(3, strides=2, padding="same", activation="relu")(x)
    x = keras.layers.Conv2D(64, 1, activation="relu")(x)
    x = keras.layers.AveragePooling2D(8)(x)
    x = keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs), (32, 32, 3)


def dense():
    inputs = keras.Input((256,), batch_size=1)
    x = keras.layers.Dense(256, activation="relu")(inputs)
    x = keras.layers.Dense(128, activation="relu")(x)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs), (256,)


def convert(model, shape, int8):
    converter = tf.lite.TFLiteConverter.from_keras_model(model)
    if int8:
        rng = np.random.default_rng(7)

        def representative():
            for _ in range(50):
                yield [rng.normal(size=(1,) + shape).astype(np.float32)]

        converter.optimizations = [tf.lite.Optimize.DEFAULT]
        converter.representative_dataset = representative
        converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        converter.inference_input_type = tf.int8
        converter.inference_output_type = tf.int8
    return converter.convert()


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, build in [("dscnn", dscnn), ("dense", dense)]:
        tf.keras.utils.set_random_seed(11)
        model, shape = build()
        for suffix, int8 in [("float", False), ("int8", True)]:
            path = os.path.join(OUT, f"{name}_{suffix}.tflite")
            with open(path, "wb") as f:
                f.write(convert(model, shape, int8))
            print(path, os.path.getsize(path))


if __name__ == "__main__":
    main()
