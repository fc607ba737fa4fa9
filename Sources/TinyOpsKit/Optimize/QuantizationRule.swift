/// How the TFLite int8 specification treats each operator tinyops can quantize.
enum QuantizationRule: Equatable {
    /// Input 1 holds weights quantized per channel along `axis`, input 2 an int32 bias.
    case weighted(axis: Int)
    /// The output gets its own calibrated range.
    case free
    /// The output (and, for CONCATENATION, every input) shares input 0's scale and zero point.
    case sameScale
    /// The specification fixes the output parameters.
    case fixed(scale: Float, zeroPoint: Int64)

    /// nil for operators the quantizer does not handle.
    static func of(_ op: BuiltinOperator?) -> QuantizationRule? {
        switch op {
        case .conv2d, .fullyConnected: return .weighted(axis: 0)
        case .depthwiseConv2d: return .weighted(axis: 3)
        case .add, .sub, .mul, .mean: return .free
        // TFLM's int8 RELU/RELU6 clamp in the input's quantized domain without rescaling
        // (activations_common.cc), so the output must share the input's parameters to be
        // right in TFLM, TinyOpsRuntime and LiteRT alike.
        case .averagePool2d, .maxPool2d, .reshape, .expandDims, .squeeze, .pad, .padv2, .concatenation, .relu, .relu6:
            return .sameScale
        case .softmax, .logistic: return .fixed(scale: 1.0 / 256, zeroPoint: -128)
        case .tanh: return .fixed(scale: 1.0 / 128, zeroPoint: 0)
        default: return nil
        }
    }

    /// Input slots whose constants keep their type (shapes, axes, paddings).
    static func structuralSlots(_ op: BuiltinOperator?) -> Set<Int> {
        switch op {
        case .reshape, .expandDims, .mean, .pad, .padv2: return [1]
        default: return []
        }
    }

    /// The op version the TensorFlow converter writes for the int8 form of `op`.
    static func int8Version(_ op: BuiltinOperator?) -> Int32 {
        switch op {
        case .conv2d, .depthwiseConv2d: return 3
        case .fullyConnected: return 4
        case .add, .sub, .mul, .mean, .averagePool2d, .maxPool2d, .pad, .padv2, .concatenation, .relu, .relu6,
             .softmax, .logistic, .tanh, .dequantize:
            return 2
        default: return 1
        }
    }
}
