import TinyOpsKit

/// Single-operator int8 models covering what the fixtures do not: per-tensor weights,
/// strides with dilation, grouped conv, depth multipliers, broadcasting, every fused
/// activation, the shapes the host fast paths split on (k_conv_fast.c), MEAN over several
/// axis sets, PADV2, QUANTIZE/DEQUANTIZE, requantizing RELU and RELU6 with different input
/// and output quantization, and the shape arithmetic converters emit (SHAPE, STRIDED_SLICE
/// with every mask TFLM implements, PACK) on int8 and int32 tensors. New cases go at the
/// end: a case's position seeds its random weights (and its Tests/RuntimeFuzz/corpus file).
enum RuntimeOpCases {
    typealias Build = @Sendable (inout OpModelBuilder) -> (inputs: [Int32], outputs: [Int32])

    static let all: [(name: String, build: Build)] = [
        ("fully_connected_per_tensor_relu", { b in
            let x = b.activation([2, 12], scale: 0.05, zeroPoint: -3)
            let (w, s) = b.weights([5, 12], axis: 0, perChannel: false)
            let bias = b.bias(channels: 5, inputScale: 0.05, weightScales: s)
            let y = b.activation([2, 5], scale: 0.04, zeroPoint: -20)
            b.op(.fullyConnected, [x, w, bias], [y], .withActivation(BuiltinOptions.Kind.fullyConnected, .relu))
            return ([x], [y])
        }),
        ("fully_connected_per_channel_relu6_no_bias", { b in
            let x = b.activation([1, 3, 8], scale: 0.03, zeroPoint: 7)
            let (w, _) = b.weights([6, 8], axis: 0, perChannel: true)
            let y = b.activation([3, 6], scale: 0.05, zeroPoint: -128)
            b.op(.fullyConnected, [x, w, -1], [y], .withActivation(BuiltinOptions.Kind.fullyConnected, .relu6))
            return ([x], [y])
        }),
        ("conv_same_stride2_dilation2_relu_n1_to_1", { b in
            let x = b.activation([1, 9, 9, 3], scale: 0.04, zeroPoint: 2)
            let (w, s) = b.weights([4, 3, 3, 3], axis: 0, perChannel: true)
            let bias = b.bias(channels: 4, inputScale: 0.04, weightScales: s)
            let y = b.activation([1, 5, 5, 4], scale: 0.02, zeroPoint: 0)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .same, strideW: 2, strideH: 2,
                                                                   activation: .reluN1To1, dilationW: 2, dilationH: 2)))
            return ([x], [y])
        }),
        ("conv_valid_stride_1x2_per_tensor_weights", { b in
            let x = b.activation([2, 6, 7, 2], scale: 0.06, zeroPoint: -10)
            let (w, s) = b.weights([3, 2, 3, 2], axis: 0, perChannel: false)
            let bias = b.bias(channels: 3, inputScale: 0.06, weightScales: s)
            let y = b.activation([2, 5, 3, 3], scale: 0.08, zeroPoint: 5)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .valid, strideW: 2, strideH: 1)))
            return ([x], [y])
        }),
        ("conv_same_5x5_six_channels_relu", { b in
            let x = b.activation([1, 6, 7, 3], scale: 0.05, zeroPoint: 9)
            let (w, s) = b.weights([6, 5, 5, 3], axis: 0, perChannel: true)
            let bias = b.bias(channels: 6, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 6, 7, 6], scale: 0.1, zeroPoint: -128)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .same, activation: .relu)))
            return ([x], [y])
        }),
        ("conv_grouped_two_groups", { b in
            let x = b.activation([1, 5, 5, 4], scale: 0.05, zeroPoint: -2)
            let (w, s) = b.weights([6, 3, 3, 2], axis: 0, perChannel: true)
            let bias = b.bias(channels: 6, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 3, 3, 6], scale: 0.04, zeroPoint: 4)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .valid)))
            return ([x], [y])
        }),
        ("depthwise_multiplier2_dilation2_relu6", { b in
            let x = b.activation([1, 7, 7, 3], scale: 0.05, zeroPoint: -5)
            let (w, s) = b.weights([1, 3, 3, 6], axis: 3, perChannel: true)
            let bias = b.bias(channels: 6, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 7, 7, 6], scale: 0.03, zeroPoint: -128)
            b.op(.depthwiseConv2d, [x, w, bias], [y],
                 .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, depthMultiplier: 2, activation: .relu6,
                                                         dilationW: 2, dilationH: 2)))
            return ([x], [y])
        }),
        ("depthwise_valid_stride2", { b in
            let x = b.activation([1, 8, 6, 4], scale: 0.05, zeroPoint: 3)
            let (w, s) = b.weights([1, 2, 2, 4], axis: 3, perChannel: true)
            let bias = b.bias(channels: 4, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 4, 3, 4], scale: 0.02, zeroPoint: 1)
            b.op(.depthwiseConv2d, [x, w, bias], [y],
                 .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, strideW: 2, strideH: 2)))
            return ([x], [y])
        }),
        ("average_pool_same_stride2_relu", { b in
            let x = b.activation([1, 7, 7, 5], scale: 0.1, zeroPoint: 4)
            let y = b.activation([1, 4, 4, 5], scale: 0.1, zeroPoint: 4)
            b.op(.averagePool2d, [x], [y], .pool2D(Pool2DOptions(padding: .same, strideW: 2, strideH: 2, filterW: 3,
                                                                 filterH: 3, activation: .relu)))
            return ([x], [y])
        }),
        ("max_pool_valid_relu6", { b in
            let x = b.activation([2, 6, 5, 3], scale: 0.05, zeroPoint: -7)
            let y = b.activation([2, 3, 2, 3], scale: 0.05, zeroPoint: -7)
            b.op(.maxPool2d, [x], [y], .pool2D(Pool2DOptions(padding: .valid, strideW: 2, strideH: 2, filterW: 2,
                                                             filterH: 2, activation: .relu6)))
            return ([x], [y])
        }),
        ("add_broadcast_channel_relu", { b in
            let x = b.activation([1, 4, 4, 3], scale: 0.02, zeroPoint: -4)
            let z = b.activation([3], scale: 0.07, zeroPoint: 9)
            let y = b.activation([1, 4, 4, 3], scale: 0.06, zeroPoint: -50)
            b.op(.add, [x, z], [y], .withActivation(BuiltinOptions.Kind.add, .relu))
            return ([x, z], [y])
        }),
        ("add_same_shape", { b in
            let x = b.activation([2, 3, 5], scale: 0.03, zeroPoint: 10)
            let z = b.activation([2, 3, 5], scale: 0.03, zeroPoint: -10)
            let y = b.activation([2, 3, 5], scale: 0.05, zeroPoint: 0)
            b.op(.add, [x, z], [y], .withActivation(BuiltinOptions.Kind.add, .none))
            return ([x, z], [y])
        }),
        ("mul_elementwise", { b in
            let x = b.activation([2, 3, 4], scale: 0.05, zeroPoint: 2)
            let z = b.activation([2, 3, 4], scale: 0.04, zeroPoint: -6)
            let y = b.activation([2, 3, 4], scale: 0.03, zeroPoint: 3)
            b.op(.mul, [x, z], [y], .withActivation(BuiltinOptions.Kind.mul, .none))
            return ([x, z], [y])
        }),
        ("mul_broadcast_both_relu6", { b in
            let x = b.activation([1, 4, 1, 3], scale: 0.05, zeroPoint: 0)
            let z = b.activation([1, 1, 5, 1], scale: 0.1, zeroPoint: -20)
            let y = b.activation([1, 4, 5, 3], scale: 0.08, zeroPoint: -100)
            b.op(.mul, [x, z], [y], .withActivation(BuiltinOptions.Kind.mul, .relu6))
            return ([x, z], [y])
        }),
        ("mean_spatial_keep_dims", { b in
            let x = b.activation([2, 5, 6, 3], scale: 0.05, zeroPoint: 3)
            let axes = b.int32s([1, 2])
            let y = b.activation([2, 1, 1, 3], scale: 0.02, zeroPoint: -1)
            b.op(.mean, [x, axes], [y], .with(BuiltinOptions.Kind.reducer, ["keep_dims": .integer(1)]))
            return ([x], [y])
        }),
        ("mean_last_axis_negative", { b in
            let x = b.activation([3, 4, 7], scale: 0.05, zeroPoint: -8)
            let axes = b.int32s([-1])
            let y = b.activation([3, 4], scale: 0.05, zeroPoint: -8)
            b.op(.mean, [x, axes], [y], .with(BuiltinOptions.Kind.reducer, [:]))
            return ([x], [y])
        }),
        ("mean_outer_axes_duplicated", { b in
            let x = b.activation([2, 3, 4, 5], scale: 0.04, zeroPoint: 12)
            let axes = b.int32s([0, 3, -1])
            let y = b.activation([3, 4], scale: 0.01, zeroPoint: 0)
            b.op(.mean, [x, axes], [y], .with(BuiltinOptions.Kind.reducer, [:]))
            return ([x], [y])
        }),
        ("softmax_beta_half_rows", { b in
            let x = b.activation([3, 10], scale: 0.2, zeroPoint: 5)
            let y = b.activation([3, 10], scale: 1.0 / 256, zeroPoint: -128)
            b.op(.softmax, [x], [y], .with(BuiltinOptions.Kind.softmax, ["beta": .float(0.5)]))
            return ([x], [y])
        }),
        ("softmax_rank3_small_scale", { b in
            let x = b.activation([2, 2, 7], scale: 0.02, zeroPoint: -30)
            let y = b.activation([2, 2, 7], scale: 1.0 / 256, zeroPoint: -128)
            b.op(.softmax, [x], [y], .with(BuiltinOptions.Kind.softmax, ["beta": .float(1)]))
            return ([x], [y])
        }),
        ("logistic", { b in
            let x = b.activation([4, 9], scale: 0.07, zeroPoint: 10)
            let y = b.activation([4, 9], scale: 1.0 / 256, zeroPoint: -128)
            b.op(.logistic, [x], [y])
            return ([x], [y])
        }),
        ("relu_requantizes", { b in
            let x = b.activation([3, 11], scale: 0.05, zeroPoint: 3)
            let y = b.activation([3, 11], scale: 0.03, zeroPoint: -128)
            b.op(.relu, [x], [y])
            return ([x], [y])
        }),
        ("relu6_clamps_in_input_domain", { b in
            let x = b.activation([2, 13], scale: 0.04, zeroPoint: -5)
            let y = b.activation([2, 13], scale: 0.0235, zeroPoint: -128)
            b.op(.relu6, [x], [y])
            return ([x], [y])
        }),
        ("quantize_float_to_int8", { b in
            let x = b.float([1, 16])
            let y = b.activation([1, 16], scale: 0.013, zeroPoint: -7)
            b.op(.quantize, [x], [y])
            return ([x], [y])
        }),
        ("quantize_requantize_int8", { b in
            let x = b.activation([2, 10], scale: 0.05, zeroPoint: 4)
            let y = b.activation([2, 10], scale: 0.02, zeroPoint: -3)
            b.op(.quantize, [x], [y])
            return ([x], [y])
        }),
        ("dequantize_int8_to_float", { b in
            let x = b.activation([3, 7], scale: 0.0371, zeroPoint: -11)
            let y = b.float([3, 7])
            b.op(.dequantize, [x], [y])
            return ([x], [y])
        }),
        ("pad_rank3", { b in
            let x = b.activation([2, 3, 4], scale: 0.05, zeroPoint: 17)
            let paddings = b.int32s([0, 1, 2, 0, 1, 3], shape: [3, 2])
            let y = b.activation([3, 5, 8], scale: 0.05, zeroPoint: 17)
            b.op(.pad, [x, paddings], [y])
            return ([x], [y])
        }),
        ("padv2_constant_value", { b in
            let x = b.activation([1, 3, 3, 2], scale: 0.05, zeroPoint: -4)
            let paddings = b.int32s([0, 0, 1, 1, 2, 0, 0, 0], shape: [4, 2])
            let value = b.int8Constant(55, scale: 0.05, zeroPoint: -4)
            let y = b.activation([1, 5, 5, 2], scale: 0.05, zeroPoint: -4)
            b.op(.padv2, [x, paddings, value], [y])
            return ([x], [y])
        }),
        ("concatenation_middle_axis_three_inputs", { b in
            let x1 = b.activation([2, 2, 3], scale: 0.05, zeroPoint: 1)
            let x2 = b.activation([2, 1, 3], scale: 0.05, zeroPoint: 1)
            let x3 = b.activation([2, 4, 3], scale: 0.05, zeroPoint: 1)
            let y = b.activation([2, 7, 3], scale: 0.05, zeroPoint: 1)
            b.op(.concatenation, [x1, x2, x3], [y], .with(BuiltinOptions.Kind.concatenation, ["axis": .integer(1)]))
            return ([x1, x2, x3], [y])
        }),
        ("squeeze_then_expand_dims", { b in
            let x = b.activation([1, 3, 1, 4], scale: 0.05, zeroPoint: 0)
            let s = b.activation([3, 4], scale: 0.05, zeroPoint: 0)
            let axis = b.int32s([0], shape: [])
            let y = b.activation([1, 3, 4], scale: 0.05, zeroPoint: 0)
            b.op(.squeeze, [x], [s], .with(BuiltinOptions.Kind.squeeze, ["squeeze_dims": .int32s([0, 2])]))
            b.op(.expandDims, [s, axis], [y])
            return ([x], [y])
        }),
        ("shape_of_int8_packed_with_int32_last_axis", { b in
            let x = b.activation([2, 3, 5], scale: 0.05, zeroPoint: 1)
            let z = b.int32([3])
            let s = b.int32([3])
            let y = b.int32([3, 2])
            b.op(.shape, [x], [s], .with(BuiltinOptions.Kind.shape, ["out_type": .integer(Int64(TensorType.int32.rawValue))]))
            b.op(.pack, [s, z], [y], .with(BuiltinOptions.Kind.pack, ["values_count": .integer(2), "axis": .integer(1)]))
            return ([x, z], [y])
        }),
        ("strided_slice_int32_shrink_negative_begin_then_pack", { b in
            // The converter's Flatten chain: take one dimension, pack it with a constant -1.
            let x = b.int32([6])
            let begin = b.int32s([-2]), end = b.int32s([0]), strides = b.int32s([1])
            let d = b.int32([])
            let minusOne = b.int32s([-1], shape: [])
            let y = b.int32([2])
            b.op(.stridedSlice, [x, begin, end, strides], [d], .with(BuiltinOptions.Kind.stridedSlice, ["shrink_axis_mask": .integer(1)]))
            b.op(.pack, [d, minusOne], [y], .with(BuiltinOptions.Kind.pack, ["values_count": .integer(2)]))
            return ([x], [d, y])
        }),
        ("strided_slice_int8_rank4_masks_negative_stride", { b in
            // axis 0 shrunk to index 1; axis 1 from the end backwards by 2; axis 2 every other
            // to the end (end_mask); axis 3 from the start (begin_mask) as one contiguous run.
            let x = b.activation([2, 5, 6, 3], scale: 0.04, zeroPoint: -9)
            let begin = b.int32s([1, -1, 0, 7]), end = b.int32s([2, 0, 1, 3]), strides = b.int32s([1, -2, 2, 1])
            let y = b.activation([2, 3, 3], scale: 0.04, zeroPoint: -9)
            b.op(.stridedSlice, [x, begin, end, strides], [y],
                 .with(BuiltinOptions.Kind.stridedSlice, ["begin_mask": .integer(8), "end_mask": .integer(4), "shrink_axis_mask": .integer(1)]))
            return ([x], [y])
        }),
        ("strided_slice_int8_clamped_strided_inner", { b in
            let x = b.activation([3, 10], scale: 0.05, zeroPoint: 6)
            let begin = b.int32s([-100, 1]), end = b.int32s([100, 9]), strides = b.int32s([2, 3])
            let y = b.activation([2, 3], scale: 0.05, zeroPoint: 6)
            b.op(.stridedSlice, [x, begin, end, strides], [y], .with(BuiltinOptions.Kind.stridedSlice, [:]))
            return ([x], [y])
        }),
        ("strided_slice_int32_reversed_with_masks", { b in
            let x = b.int32([4, 5])
            let begin = b.int32s([3, 0]), end = b.int32s([0, 0]), strides = b.int32s([1, -1])
            let y = b.int32([4, 5])
            b.op(.stridedSlice, [x, begin, end, strides], [y],
                 .with(BuiltinOptions.Kind.stridedSlice, ["begin_mask": .integer(3), "end_mask": .integer(3)]))
            return ([x], [y])
        }),
        ("pack_int8_three_inputs_negative_axis", { b in
            let x1 = b.activation([2, 4], scale: 0.03, zeroPoint: -2)
            let x2 = b.activation([2, 4], scale: 0.03, zeroPoint: -2)
            let x3 = b.activation([2, 4], scale: 0.03, zeroPoint: -2)
            let y = b.activation([2, 3, 4], scale: 0.03, zeroPoint: -2)
            b.op(.pack, [x1, x2, x3], [y], .with(BuiltinOptions.Kind.pack, ["values_count": .integer(3), "axis": .integer(-2)]))
            return ([x1, x2, x3], [y])
        }),
        // The host fast paths (k_conv_fast.c): channel counts that are not multiples of the
        // vector width, two batches, border taps, filters in two weight blocks, a window
        // too wide for them (the portable kernel runs), depthwise channels in two passes.
        ("conv_fast_odd_channels_same_two_batches", { b in
            let x = b.activation([2, 7, 6, 5], scale: 0.05, zeroPoint: -128)
            let (w, s) = b.weights([7, 3, 3, 5], axis: 0, perChannel: true)
            let bias = b.bias(channels: 7, inputScale: 0.05, weightScales: s)
            let y = b.activation([2, 7, 6, 7], scale: 0.1, zeroPoint: 3)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .same)))
            return ([x], [y])
        }),
        ("conv_fast_wide_window_two_filter_blocks_relu6", { b in
            let x = b.activation([1, 4, 4, 113], scale: 0.05, zeroPoint: 127)
            let (w, s) = b.weights([6, 3, 3, 113], axis: 0, perChannel: true)
            let bias = b.bias(channels: 6, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 2, 2, 6], scale: 0.05, zeroPoint: -128)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .valid, activation: .relu6)))
            return ([x], [y])
        }),
        ("conv_window_too_wide_for_the_fast_path", { b in
            let x = b.activation([1, 3, 4, 120], scale: 0.05, zeroPoint: 9)
            let (w, s) = b.weights([5, 3, 3, 120], axis: 0, perChannel: false)
            let bias = b.bias(channels: 5, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 1, 2, 5], scale: 0.5, zeroPoint: -3)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .valid)))
            return ([x], [y])
        }),
        ("depthwise_fast_19_channels_same_stride2", { b in
            let x = b.activation([1, 9, 8, 19], scale: 0.05, zeroPoint: 127)
            let (w, s) = b.weights([1, 3, 3, 19], axis: 3, perChannel: true)
            let bias = b.bias(channels: 19, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 5, 4, 19], scale: 0.03, zeroPoint: -6)
            b.op(.depthwiseConv2d, [x, w, bias], [y],
                 .depthwiseConv2D(DepthwiseConv2DOptions(padding: .same, strideW: 2, strideH: 2, depthMultiplier: 1)))
            return ([x], [y])
        }),
        ("depthwise_fast_dilation2_two_batches_relu", { b in
            let x = b.activation([2, 8, 8, 12], scale: 0.05, zeroPoint: -9)
            let (w, s) = b.weights([1, 3, 3, 12], axis: 3, perChannel: true)
            let bias = b.bias(channels: 12, inputScale: 0.05, weightScales: s)
            let y = b.activation([2, 4, 4, 12], scale: 0.02, zeroPoint: -128)
            b.op(.depthwiseConv2d, [x, w, bias], [y],
                 .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, depthMultiplier: 1, activation: .relu,
                                                         dilationW: 2, dilationH: 2)))
            return ([x], [y])
        }),
        ("depthwise_fast_260_channels_two_passes", { b in
            let x = b.activation([1, 3, 3, 260], scale: 0.05, zeroPoint: 1)
            let (w, s) = b.weights([1, 2, 2, 260], axis: 3, perChannel: true)
            let bias = b.bias(channels: 260, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 2, 2, 260], scale: 0.02, zeroPoint: 0)
            b.op(.depthwiseConv2d, [x, w, bias], [y],
                 .depthwiseConv2D(DepthwiseConv2DOptions(padding: .valid, depthMultiplier: 1)))
            return ([x], [y])
        }),
        // k_arith_fast.c: rows of 8 lanes with one input broadcast along the row.
        ("add_broadcast_along_rows", { b in
            let x = b.activation([2, 3, 20], scale: 0.03, zeroPoint: 5)
            let z = b.activation([2, 3, 1], scale: 0.05, zeroPoint: -7)
            let y = b.activation([2, 3, 20], scale: 0.06, zeroPoint: -3)
            b.op(.add, [x, z], [y], .withActivation(BuiltinOptions.Kind.add, .none))
            return ([x, z], [y])
        }),
        ("mul_broadcast_along_rows_relu", { b in
            let x = b.activation([1, 5, 1], scale: 0.05, zeroPoint: -20)
            let z = b.activation([1, 5, 19], scale: 0.04, zeroPoint: 11)
            let y = b.activation([1, 5, 19], scale: 0.02, zeroPoint: -128)
            b.op(.mul, [x, z], [y], .withActivation(BuiltinOptions.Kind.mul, .relu))
            return ([x, z], [y])
        }),
        // k_conv_avx2.c: rows of 8 + 4 + 1 pixels, an odd number of 4-tap quads per window
        // row (3 x 3 taps of 3 channels), two channel blocks (8 + 2).
        ("conv_avx2_thirteen_wide_ten_channels_relu", { b in
            let x = b.activation([1, 4, 13, 3], scale: 0.05, zeroPoint: -6)
            let (w, s) = b.weights([10, 3, 3, 3], axis: 0, perChannel: true)
            let bias = b.bias(channels: 10, inputScale: 0.05, weightScales: s)
            let y = b.activation([1, 4, 13, 10], scale: 0.08, zeroPoint: -128)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .same, activation: .relu)))
            return ([x], [y])
        }),
        // k_arith_avx2.c: rows of 16 + 8 + 5 values; one input's scale 2^-23 of the other's,
        // past the shifts rescale_input takes.
        ("add_far_apart_scales_relu6", { b in
            let x = b.activation([3, 29], scale: 0.05, zeroPoint: 4)
            let z = b.activation([3, 29], scale: 0.000000006, zeroPoint: -9)
            let y = b.activation([3, 29], scale: 0.03, zeroPoint: -100)
            b.op(.add, [x, z], [y], .withActivation(BuiltinOptions.Kind.add, .relu6))
            return ([x, z], [y])
        }),
        // k_fully_connected.c (AVX2): depth 37 (16 + 16 + 5), 11 outputs (8 + 3), two batches.
        ("fully_connected_avx2_depth_37_eleven_outputs", { b in
            let x = b.activation([2, 37], scale: 0.04, zeroPoint: 12)
            let (w, s) = b.weights([11, 37], axis: 0, perChannel: false)
            let bias = b.bias(channels: 11, inputScale: 0.04, weightScales: s)
            let y = b.activation([2, 11], scale: 0.1, zeroPoint: 3)
            b.op(.fullyConnected, [x, w, bias], [y], .withActivation(BuiltinOptions.Kind.fullyConnected, .none))
            return ([x], [y])
        }),
        // k_arith_avx2.c: an input repeating along the output (period 12, copied 240 bytes
        // long on the stack: two whole copies, then 24 values), the repeating input first.
        ("mul_repeated_row_vector_period_12_relu6", { b in
            let x = b.activation([1, 6, 7, 12], scale: 0.05, zeroPoint: -3)
            let z = b.activation([1, 1, 1, 12], scale: 0.04, zeroPoint: 9)
            let y = b.activation([1, 6, 7, 12], scale: 0.03, zeroPoint: -20)
            b.op(.mul, [z, x], [y], .withActivation(BuiltinOptions.Kind.mul, .relu6))
            return ([z, x], [y])
        }),
        ("add_repeated_rows_period_20", { b in
            let x = b.activation([9, 20], scale: 0.03, zeroPoint: 5)
            let z = b.activation([1, 20], scale: 0.05, zeroPoint: -7)
            let y = b.activation([9, 20], scale: 0.06, zeroPoint: -3)
            b.op(.add, [x, z], [y], .withActivation(BuiltinOptions.Kind.add, .none))
            return ([x, z], [y])
        }),
        ("mul_scalar_period_1", { b in
            let x = b.activation([1, 1], scale: 0.1, zeroPoint: 4)
            let z = b.activation([3, 37], scale: 0.04, zeroPoint: -11)
            let y = b.activation([3, 37], scale: 0.05, zeroPoint: 2)
            b.op(.mul, [x, z], [y], .withActivation(BuiltinOptions.Kind.mul, .none))
            return ([x, z], [y])
        }),
        // k_shape.c fast PAD: unpadded channels join the width into runs of 18 bytes (16 + an
        // overlapping 16), padding on the batch axis too; zero paddings are one copy.
        ("pad_spatial_runs_of_18_bytes", { b in
            let x = b.activation([2, 5, 6, 3], scale: 0.05, zeroPoint: 17)
            let paddings = b.int32s([0, 1, 1, 2, 2, 1, 0, 0], shape: [4, 2])
            let y = b.activation([3, 8, 9, 3], scale: 0.05, zeroPoint: 17)
            b.op(.pad, [x, paddings], [y])
            return ([x], [y])
        }),
        ("pad_zero_paddings", { b in
            let x = b.activation([2, 3, 5], scale: 0.05, zeroPoint: -9)
            let paddings = b.int32s([0, 0, 0, 0, 0, 0], shape: [3, 2])
            let y = b.activation([2, 3, 5], scale: 0.05, zeroPoint: -9)
            b.op(.pad, [x, paddings], [y])
            return ([x], [y])
        }),
        // k_shape.c fast CONCATENATION: pieces of 2, 9 and 17 bytes (each copy size class).
        ("concatenation_last_axis_2_9_17", { b in
            let x1 = b.activation([4, 3, 2], scale: 0.05, zeroPoint: 1)
            let x2 = b.activation([4, 3, 9], scale: 0.05, zeroPoint: 1)
            let x3 = b.activation([4, 3, 17], scale: 0.05, zeroPoint: 1)
            let y = b.activation([4, 3, 28], scale: 0.05, zeroPoint: 1)
            b.op(.concatenation, [x1, x2, x3], [y], .with(BuiltinOptions.Kind.concatenation, ["axis": .integer(-1)]))
            return ([x1, x2, x3], [y])
        }),
        // k_activation.c fast RELU6: 16 + 16 + 13 values.
        ("relu6_sixteen_lanes_and_tail", { b in
            let x = b.activation([5, 9], scale: 0.03, zeroPoint: 20)
            let y = b.activation([5, 9], scale: 0.03, zeroPoint: 20)
            b.op(.relu6, [x], [y])
            return ([x], [y])
        }),
        // k_softmax.c AVX2 LOGISTIC: 8 + 8 + 6 values, inputs past the saturation radius
        // on both sides (a wide input scale), and zero.
        ("logistic_avx2_wide_scale_saturates", { b in
            let x = b.activation([2, 11], scale: 0.4, zeroPoint: -3)
            let y = b.activation([2, 11], scale: 1.0 / 256, zeroPoint: -128)
            b.op(.logistic, [x], [y])
            return ([x], [y])
        }),
        // k_softmax.c AVX2 exps: rows of 8 + 8 + 3, a wide input scale so differences fall
        // below diff_min (their exps left out of the sum).
        ("softmax_avx2_wide_scale_cutoff", { b in
            let x = b.activation([2, 19], scale: 0.5, zeroPoint: 7)
            let y = b.activation([2, 19], scale: 1.0 / 256, zeroPoint: -128)
            b.op(.softmax, [x], [y], .with(BuiltinOptions.Kind.softmax, ["beta": .float(1)]))
            return ([x], [y])
        }),
        // k_conv_avx512.c: rows of 9 pixels (four pairs and a pixel A alone), stride 2 along
        // the row, dilation 2 down, three channel blocks (8 + 8 + 4), two batches.
        ("conv_avx512_odd_width_stride2_dilation2_twenty_channels_relu6", { b in
            let x = b.activation([2, 9, 17, 4], scale: 0.05, zeroPoint: -7)
            let (w, s) = b.weights([20, 3, 3, 4], axis: 0, perChannel: true)
            let bias = b.bias(channels: 20, inputScale: 0.05, weightScales: s)
            let y = b.activation([2, 9, 9, 20], scale: 0.04, zeroPoint: 10)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .same, strideW: 2, strideH: 1,
                                                                   activation: .relu6, dilationW: 1, dilationH: 2)))
            return ([x], [y])
        }),
        // k_conv_avx512.c: rows of 37 pixels (8 + 8 + 3 pairs, the last pixel alone), nine
        // channels (8 + 1), and output scales below input x weight scale, so some channels
        // shift left before the multiplier.
        ("conv_avx512_wide_1x1_left_shift_nine_channels", { b in
            let x = b.activation([1, 3, 37, 8], scale: 0.5, zeroPoint: 3)
            let (w, s) = b.weights([9, 1, 1, 8], axis: 0, perChannel: true)
            let bias = b.bias(channels: 9, inputScale: 0.5, weightScales: s)
            let y = b.activation([1, 3, 37, 9], scale: 0.003, zeroPoint: -2)
            b.op(.conv2d, [x, w, bias], [y], .conv2D(Conv2DOptions(padding: .valid)))
            return ([x], [y])
        }),
    ]
}
