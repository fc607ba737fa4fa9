"""Prints, per runnable fixture and calibration model, its path, name and the OP(AddX) list
the measured firmware registers. Usage: fixture_ops.py FIXTURES_DIR | fixture_ops.py --methods"""
import json
import os
import sys

METHODS = {
    "ADD": "AddAdd", "AVERAGE_POOL_2D": "AddAveragePool2D", "CONCATENATION": "AddConcatenation",
    "CONV_2D": "AddConv2D", "DEPTHWISE_CONV_2D": "AddDepthwiseConv2D", "EXPAND_DIMS": "AddExpandDims",
    "FULLY_CONNECTED": "AddFullyConnected", "LOGISTIC": "AddLogistic", "MAX_POOL_2D": "AddMaxPool2D",
    "MEAN": "AddMean", "MUL": "AddMul", "PAD": "AddPad", "RELU6": "AddRelu6", "RESHAPE": "AddReshape",
    "SOFTMAX": "AddSoftmax", "QUANTIZE": "AddQuantize", "DEQUANTIZE": "AddDequantize",
}
if sys.argv[1] == "--methods":
    print(" ".join(sorted(set(METHODS.values()))))
    sys.exit(0)
# The calibration models of make_calibration_models.py, in bench/tflm-cortex-m/models.
CALIBRATION = {
    "dscnn": ["CONV_2D", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"],
    "dense": ["FULLY_CONNECTED", "SOFTMAX"],
}


def line(path, name, ops):
    methods = []
    for op in ops:
        if METHODS[op] not in methods:
            methods.append(METHODS[op])
    print(path, name, " ".join(f"OP({m})" for m in methods))


fixtures = json.load(open(os.path.join(sys.argv[1], "fixtures.json")))["fixtures"]
for fixture in fixtures:
    if fixture["tflm_supported"]:
        line(os.path.join(sys.argv[1], fixture["file"]), fixture["file"][:-len(".tflite")], fixture["ops"])
models = os.path.join(os.path.dirname(os.path.abspath(__file__)), "models")
for model, ops in CALIBRATION.items():
    for kind in ("int8", "float"):
        path = os.path.join(models, f"{model}_{kind}.tflite")
        if os.path.exists(path):
            line(path, f"{model}_{kind}", ops)
