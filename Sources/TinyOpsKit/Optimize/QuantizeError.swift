/// Why a model cannot be quantized.
public enum QuantizeError: UserFacingError, Equatable {
    case notFloat(type: String)
    case unsupportedOperator(index: Int, op: String)
    case sharedTensor(tensor: String, reason: String)
    case noCalibrationSamples
    case calibrationShape(expected: [Int], found: [Int])

    public var message: String {
        switch self {
        case .notFloat(let type):
            return "the model's input is \(type); quantize takes a float32 model"
        case .unsupportedOperator(let index, let op):
            return "operator \(index) (\(op)) has no int8 form in tinyops' quantizer"
        case .sharedTensor(let tensor, let reason):
            return "tensor '\(tensor)' \(reason)"
        case .noCalibrationSamples:
            return "no calibration samples: the calibration data is empty"
        case .calibrationShape(let expected, let found):
            return "calibration samples have shape \(found) but the model input takes \(expected)"
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedOperator:
            return "quantizable ops: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, SUB, MUL, MEAN, pooling, RESHAPE, "
                + "EXPAND_DIMS, SQUEEZE, PAD, CONCATENATION, RELU, RELU6, SOFTMAX, LOGISTIC, TANH"
        case .noCalibrationSamples: return "pass --calibration with a dataset or an .npy file of samples"
        default: return nil
        }
    }
}
