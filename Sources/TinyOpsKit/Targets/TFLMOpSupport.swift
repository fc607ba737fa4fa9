/// What TFLM and CMSIS-NN implement, from their sources (shared notes `tflite-facts.md` §1:
/// tensorflow/tflite-micro @ 90b983c2 `kernels/*.cc` and `kernels/cmsis_nn/*.cc`).
public enum TFLMOpSupport {
    /// Activation types the reference kernel handles (the type of input 0, which kernels
    /// dispatch on), or nil when tinyops has not read the kernel's type switch. From the
    /// `case kTfLiteX` branches of the kernel file, so "handled somewhere in the kernel".
    public static func referenceTypes(_ op: BuiltinOperator) -> Set<TensorType>? {
        switch op {
        case .add, .sub, .mul, .pad, .padv2, .split:
            [.float32, .int8, .int16, .int32]
        case .averagePool2d, .maxPool2d, .conv2d, .depthwiseConv2d, .fullyConnected, .logistic, .relu, .relu6,
             .softmax, .tanh, .transpose, .mean, .sum, .reduceMax, .prelu, .transposeConv, .expandDims,
             .resizeNearestNeighbor, .leakyRelu, .batchMatmul, .unidirectionalSequenceLstm:
            [.float32, .int8, .int16]
        case .concatenation:
            [.float32, .int8, .int16, .int32, .int64, .bool]
        case .dequantize:
            [.int8, .int16, .uint8]
        case .quantize:
            [.float32, .int8, .int16]
        case .resizeBilinear, .svdf, .hardSwish:
            [.float32, .int8]
        case .gather:
            [.float32, .int8, .int32]
        case .stridedSlice:
            [.float32, .int8, .int16, .int32, .bool]
        case .maximum, .minimum, .pack:
            [.float32, .int8, .int16, .int32, .int64]
        case .unpack:
            [.float32, .int8, .int16, .int32]
        default:
            nil
        }
    }

    /// Ops that only move or relabel data: no arithmetic, so no FPU question and no CMSIS-NN.
    public static func isDataMovement(_ op: BuiltinOperator) -> Bool {
        switch op {
        case .reshape, .squeeze, .expandDims, .concatenation, .pad, .padv2, .transpose, .gather, .stridedSlice,
             .slice, .split, .splitV, .pack, .unpack, .shape, .spaceToDepth, .depthToSpace, .spaceToBatchNd,
             .batchToSpaceNd, .mirrorPad, .broadcastTo:
            true
        default:
            false
        }
    }

    /// The CMSIS-NN function TFLM's cmsis_nn kernel calls for this op and activation type,
    /// or nil when the reference kernel runs even in a CMSIS-NN build.
    public static func cmsisNNFunction(_ op: BuiltinOperator, _ type: TensorType) -> String? {
        let suffix: String
        switch type {
        case .int8: suffix = "s8"
        case .int16: suffix = "s16"
        default: return nil
        }
        let int8Only = type == .int8
        switch op {
        case .conv2d: return "arm_convolve_wrapper_\(suffix)"
        case .depthwiseConv2d: return int8Only ? "arm_depthwise_conv_wrapper_s8" : "arm_depthwise_conv_s16"
        case .fullyConnected: return "arm_fully_connected_\(suffix)"
        case .softmax: return "arm_softmax_\(suffix)"
        case .add: return "arm_elementwise_add_\(suffix)"
        case .mul: return "arm_elementwise_mul_\(suffix)"
        case .maxPool2d: return "arm_max_pool_\(suffix)"
        case .averagePool2d: return "arm_avgpool_\(suffix)"
        case .batchMatmul: return "arm_batch_matmul_\(suffix)"
        case .unidirectionalSequenceLstm: return "arm_lstm_unidirectional_\(suffix)"
        case .svdf: return int8Only ? "arm_svdf_s8" : nil
        case .pad, .padv2: return int8Only ? "arm_pad_s8" : nil
        case .transpose: return int8Only ? "arm_transpose_s8" : nil
        case .transposeConv: return int8Only ? "arm_transpose_conv_wrapper_s8" : nil
        case .maximum: return int8Only ? "arm_maximum_s8" : nil
        case .minimum: return int8Only ? "arm_minimum_s8" : nil
        default: return nil
        }
    }

    /// Ops with weights whose kernels reject float activations with int8 weights
    /// ("Hybrid models are not supported on TFLite Micro").
    public static func rejectsHybrid(_ op: BuiltinOperator) -> Bool {
        switch op {
        case .conv2d, .depthwiseConv2d, .fullyConnected, .transposeConv, .batchMatmul, .svdf,
             .unidirectionalSequenceLstm:
            true
        default:
            false
        }
    }

    /// How to get rid of an op TFLM cannot run.
    public static func replacementHint(_ op: BuiltinOperator) -> String {
        switch op {
        case .topkV2:
            "for top-1 use ARG_MAX, or take the top k on the host from the model's output"
        case .lstm, .bidirectionalSequenceLstm:
            "convert the LSTM as UNIDIRECTIONAL_SEQUENCE_LSTM (Keras LSTM with unroll=False, a fixed batch)"
        case .rnn, .unidirectionalSequenceRnn, .bidirectionalSequenceRnn:
            "use a GRU/LSTM that converts to UNIDIRECTIONAL_SEQUENCE_LSTM, or 1-D convolutions"
        case .reluN1To1, .relu0To1:
            "express the clamp with MINIMUM and MAXIMUM, or RELU6 after rescaling"
        case .gelu:
            "use HARD_SWISH or RELU in the model"
        case .tile:
            "use BROADCAST_TO or rely on broadcasting in ADD/MUL"
        case .pow:
            "use MUL for small integer powers, or SQRT/RSQRT"
        case .range, .oneHot, .`where`, .unique, .nonMaxSuppressionV4, .nonMaxSuppressionV5:
            "move this step out of the model into application code"
        case .conv3d, .conv3dTranspose:
            "reshape the data to 2-D and use CONV_2D"
        default:
            "re-export the model without it, or implement it as a custom op and register it with AddCustom"
        }
    }
}
