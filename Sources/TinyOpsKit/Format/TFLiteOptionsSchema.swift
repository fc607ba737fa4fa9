// The fields of every table in the TFLite `BuiltinOptions` union, in field-id order.
// Derived from the TFLite schema (tensorflow/compiler/mlir/lite/schema/schema.fbs in
// tensorflow/tflite-micro @ 90b983c2); a field's id is its index in `fields`.
// Keeping the whole union as data lets any converter-made model round-trip, while
// typed views (`Conv2DOptions`, ...) cover the options tinyops itself reasons about.

/// How one options field is stored in the flatbuffer.
public enum OptionFieldKind: Sendable {
    case bool, int8, uint8, int32, uint32, int64, float32
    /// `Padding : byte`, `ActivationFunctionType : byte`, `TensorType : byte`.
    case padding, activation, tensorType
    case int32Vector, float32Vector, string

    /// Byte width of a scalar kind; 4 (an offset) for vectors and strings.
    var width: Int {
        switch self {
        case .bool, .int8, .uint8, .padding, .activation, .tensorType: return 1
        case .int32, .uint32, .float32, .int32Vector, .float32Vector, .string: return 4
        case .int64: return 8
        }
    }
}

public struct OptionFieldSchema: Sendable {
    public let name: String
    public let kind: OptionFieldKind
    /// Schema default for integer, enum and bool fields (float defaults are all 0).
    public let defaultValue: Int64

    init(_ name: String, _ kind: OptionFieldKind, default defaultValue: Int64 = 0) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
    }
}

public struct OptionsTableSchema: Sendable {
    /// The `BuiltinOptions` union discriminator.
    public let type: UInt8
    public let name: String
    public let fields: [OptionFieldSchema]

    init(_ type: UInt8, _ name: String, _ fields: [OptionFieldSchema]) {
        self.type = type
        self.name = name
        self.fields = fields
    }

    /// Schema of union member `type`, or nil for NONE (0) and unknown members.
    public static func lookup(_ type: UInt8) -> OptionsTableSchema? {
        let index = Int(type) - 1
        return all.indices.contains(index) ? all[index] : nil
    }

    static let all: [OptionsTableSchema] = [
        .init(1, "Conv2DOptions", [
            .init("padding", .padding),
            .init("stride_w", .int32),
            .init("stride_h", .int32),
            .init("fused_activation_function", .activation),
            .init("dilation_w_factor", .int32, default: 1),
            .init("dilation_h_factor", .int32, default: 1),
            .init("quantized_bias_type", .tensorType)]),
        .init(2, "DepthwiseConv2DOptions", [
            .init("padding", .padding),
            .init("stride_w", .int32),
            .init("stride_h", .int32),
            .init("depth_multiplier", .int32),
            .init("fused_activation_function", .activation),
            .init("dilation_w_factor", .int32, default: 1),
            .init("dilation_h_factor", .int32, default: 1)]),
        .init(3, "ConcatEmbeddingsOptions", [
            .init("num_channels", .int32),
            .init("num_columns_per_channel", .int32Vector),
            .init("embedding_dim_per_channel", .int32Vector)]),
        .init(4, "LSHProjectionOptions", [
            .init("type", .int8)]),
        .init(5, "Pool2DOptions", [
            .init("padding", .padding),
            .init("stride_w", .int32),
            .init("stride_h", .int32),
            .init("filter_width", .int32),
            .init("filter_height", .int32),
            .init("fused_activation_function", .activation)]),
        .init(6, "SVDFOptions", [
            .init("rank", .int32),
            .init("fused_activation_function", .activation),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(7, "RNNOptions", [
            .init("fused_activation_function", .activation),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(8, "FullyConnectedOptions", [
            .init("fused_activation_function", .activation),
            .init("weights_format", .int8),
            .init("keep_num_dims", .bool),
            .init("asymmetric_quantize_inputs", .bool),
            .init("quantized_bias_type", .tensorType)]),
        .init(9, "SoftmaxOptions", [
            .init("beta", .float32)]),
        .init(10, "ConcatenationOptions", [
            .init("axis", .int32),
            .init("fused_activation_function", .activation)]),
        .init(11, "AddOptions", [
            .init("fused_activation_function", .activation),
            .init("pot_scale_int16", .bool, default: 1)]),
        .init(12, "L2NormOptions", [
            .init("fused_activation_function", .activation)]),
        .init(13, "LocalResponseNormalizationOptions", [
            .init("radius", .int32),
            .init("bias", .float32),
            .init("alpha", .float32),
            .init("beta", .float32)]),
        .init(14, "LSTMOptions", [
            .init("fused_activation_function", .activation),
            .init("cell_clip", .float32),
            .init("proj_clip", .float32),
            .init("kernel_type", .int8),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(15, "ResizeBilinearOptions", [
            .init("new_height", .int32),
            .init("new_width", .int32),
            .init("align_corners", .bool),
            .init("half_pixel_centers", .bool)]),
        .init(16, "CallOptions", [
            .init("subgraph", .uint32)]),
        .init(17, "ReshapeOptions", [
            .init("new_shape", .int32Vector)]),
        .init(18, "SkipGramOptions", [
            .init("ngram_size", .int32),
            .init("max_skip_size", .int32),
            .init("include_all_ngrams", .bool)]),
        .init(19, "SpaceToDepthOptions", [
            .init("block_size", .int32)]),
        .init(20, "EmbeddingLookupSparseOptions", [
            .init("combiner", .int8)]),
        .init(21, "MulOptions", [
            .init("fused_activation_function", .activation)]),
        .init(22, "PadOptions", []),
        .init(23, "GatherOptions", [
            .init("axis", .int32),
            .init("batch_dims", .int32)]),
        .init(24, "BatchToSpaceNDOptions", []),
        .init(25, "SpaceToBatchNDOptions", []),
        .init(26, "TransposeOptions", []),
        .init(27, "ReducerOptions", [
            .init("keep_dims", .bool)]),
        .init(28, "SubOptions", [
            .init("fused_activation_function", .activation),
            .init("pot_scale_int16", .bool, default: 1)]),
        .init(29, "DivOptions", [
            .init("fused_activation_function", .activation)]),
        .init(30, "SqueezeOptions", [
            .init("squeeze_dims", .int32Vector)]),
        .init(31, "SequenceRNNOptions", [
            .init("time_major", .bool),
            .init("fused_activation_function", .activation),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(32, "StridedSliceOptions", [
            .init("begin_mask", .int32),
            .init("end_mask", .int32),
            .init("ellipsis_mask", .int32),
            .init("new_axis_mask", .int32),
            .init("shrink_axis_mask", .int32),
            .init("offset", .bool)]),
        .init(33, "ExpOptions", []),
        .init(34, "TopKV2Options", []),
        .init(35, "SplitOptions", [
            .init("num_splits", .int32)]),
        .init(36, "LogSoftmaxOptions", []),
        .init(37, "CastOptions", [
            .init("in_data_type", .tensorType),
            .init("out_data_type", .tensorType)]),
        .init(38, "DequantizeOptions", []),
        .init(39, "MaximumMinimumOptions", []),
        .init(40, "ArgMaxOptions", [
            .init("output_type", .tensorType)]),
        .init(41, "LessOptions", []),
        .init(42, "NegOptions", []),
        .init(43, "PadV2Options", []),
        .init(44, "GreaterOptions", []),
        .init(45, "GreaterEqualOptions", []),
        .init(46, "LessEqualOptions", []),
        .init(47, "SelectOptions", []),
        .init(48, "SliceOptions", []),
        .init(49, "TransposeConvOptions", [
            .init("padding", .padding),
            .init("stride_w", .int32),
            .init("stride_h", .int32),
            .init("fused_activation_function", .activation),
            .init("quantized_bias_type", .tensorType)]),
        .init(50, "SparseToDenseOptions", [
            .init("validate_indices", .bool)]),
        .init(51, "TileOptions", []),
        .init(52, "ExpandDimsOptions", []),
        .init(53, "EqualOptions", []),
        .init(54, "NotEqualOptions", []),
        .init(55, "ShapeOptions", [
            .init("out_type", .tensorType)]),
        .init(56, "PowOptions", []),
        .init(57, "ArgMinOptions", [
            .init("output_type", .tensorType)]),
        .init(58, "FakeQuantOptions", [
            .init("min", .float32),
            .init("max", .float32),
            .init("num_bits", .int32),
            .init("narrow_range", .bool)]),
        .init(59, "PackOptions", [
            .init("values_count", .int32),
            .init("axis", .int32)]),
        .init(60, "LogicalOrOptions", []),
        .init(61, "OneHotOptions", [
            .init("axis", .int32)]),
        .init(62, "LogicalAndOptions", []),
        .init(63, "LogicalNotOptions", []),
        .init(64, "UnpackOptions", [
            .init("num", .int32),
            .init("axis", .int32)]),
        .init(65, "FloorDivOptions", []),
        .init(66, "SquareOptions", []),
        .init(67, "ZerosLikeOptions", []),
        .init(68, "FillOptions", []),
        .init(69, "BidirectionalSequenceLSTMOptions", [
            .init("fused_activation_function", .activation),
            .init("cell_clip", .float32),
            .init("proj_clip", .float32),
            .init("merge_outputs", .bool),
            .init("time_major", .bool, default: 1),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(70, "BidirectionalSequenceRNNOptions", [
            .init("time_major", .bool),
            .init("fused_activation_function", .activation),
            .init("merge_outputs", .bool),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(71, "UnidirectionalSequenceLSTMOptions", [
            .init("fused_activation_function", .activation),
            .init("cell_clip", .float32),
            .init("proj_clip", .float32),
            .init("time_major", .bool),
            .init("asymmetric_quantize_inputs", .bool),
            .init("diagonal_recurrent_tensors", .bool)]),
        .init(72, "FloorModOptions", []),
        .init(73, "RangeOptions", []),
        .init(74, "ResizeNearestNeighborOptions", [
            .init("align_corners", .bool),
            .init("half_pixel_centers", .bool)]),
        .init(75, "LeakyReluOptions", [
            .init("alpha", .float32)]),
        .init(76, "SquaredDifferenceOptions", []),
        .init(77, "MirrorPadOptions", [
            .init("mode", .int8)]),
        .init(78, "AbsOptions", []),
        .init(79, "SplitVOptions", [
            .init("num_splits", .int32)]),
        .init(80, "UniqueOptions", [
            .init("idx_out_type", .tensorType, default: 2)]),
        .init(81, "ReverseV2Options", []),
        .init(82, "AddNOptions", []),
        .init(83, "GatherNdOptions", []),
        .init(84, "CosOptions", []),
        .init(85, "WhereOptions", []),
        .init(86, "RankOptions", []),
        .init(87, "ReverseSequenceOptions", [
            .init("seq_dim", .int32),
            .init("batch_dim", .int32)]),
        .init(88, "MatrixDiagOptions", []),
        .init(89, "QuantizeOptions", []),
        .init(90, "MatrixSetDiagOptions", []),
        .init(91, "HardSwishOptions", []),
        .init(92, "IfOptions", [
            .init("then_subgraph_index", .int32),
            .init("else_subgraph_index", .int32)]),
        .init(93, "WhileOptions", [
            .init("cond_subgraph_index", .int32),
            .init("body_subgraph_index", .int32)]),
        .init(94, "DepthToSpaceOptions", [
            .init("block_size", .int32)]),
        .init(95, "NonMaxSuppressionV4Options", []),
        .init(96, "NonMaxSuppressionV5Options", []),
        .init(97, "ScatterNdOptions", []),
        .init(98, "SelectV2Options", []),
        .init(99, "DensifyOptions", []),
        .init(100, "SegmentSumOptions", []),
        .init(101, "BatchMatMulOptions", [
            .init("adj_x", .bool),
            .init("adj_y", .bool),
            .init("asymmetric_quantize_inputs", .bool)]),
        .init(102, "CumsumOptions", [
            .init("exclusive", .bool),
            .init("reverse", .bool)]),
        .init(103, "CallOnceOptions", [
            .init("init_subgraph_index", .int32)]),
        .init(104, "BroadcastToOptions", []),
        .init(105, "Rfft2dOptions", []),
        .init(106, "Conv3DOptions", [
            .init("padding", .padding),
            .init("stride_d", .int32),
            .init("stride_w", .int32),
            .init("stride_h", .int32),
            .init("fused_activation_function", .activation),
            .init("dilation_d_factor", .int32, default: 1),
            .init("dilation_w_factor", .int32, default: 1),
            .init("dilation_h_factor", .int32, default: 1)]),
        .init(107, "HashtableOptions", [
            .init("table_id", .int32),
            .init("key_dtype", .tensorType),
            .init("value_dtype", .tensorType)]),
        .init(108, "HashtableFindOptions", []),
        .init(109, "HashtableImportOptions", []),
        .init(110, "HashtableSizeOptions", []),
        .init(111, "VarHandleOptions", [
            .init("container", .string),
            .init("shared_name", .string)]),
        .init(112, "ReadVariableOptions", []),
        .init(113, "AssignVariableOptions", []),
        .init(114, "RandomOptions", [
            .init("seed", .int64),
            .init("seed2", .int64)]),
        .init(115, "BucketizeOptions", [
            .init("boundaries", .float32Vector)]),
        .init(116, "GeluOptions", [
            .init("approximate", .bool)]),
        .init(117, "DynamicUpdateSliceOptions", []),
        .init(118, "UnsortedSegmentProdOptions", []),
        .init(119, "UnsortedSegmentMaxOptions", []),
        .init(120, "UnsortedSegmentMinOptions", []),
        .init(121, "UnsortedSegmentSumOptions", []),
        .init(122, "ATan2Options", []),
        .init(123, "SignOptions", []),
        .init(124, "BitcastOptions", []),
        .init(125, "BitwiseXorOptions", []),
        .init(126, "RightShiftOptions", []),
    ]
}
