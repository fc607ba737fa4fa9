// The registration method of every builtin op in TFLM's MicroMutableOpResolver
// (tensorflow/lite/micro/micro_mutable_op_resolver.h @ 90b983c2: 101 builtin ops, CUSTOM
// included). Generated from that header and the schema's op list; the switch is exhaustive so
// a new op code in BuiltinOperator does not compile until it is classified here.

extension TFLMOpSupport {
    /// `AddConv2D` for CONV_2D; nil when TFLM has no kernel for the op.
    public static func resolverMethod(_ op: BuiltinOperator) -> String? {
        switch op {
        case .add: "AddAdd"
        case .averagePool2d: "AddAveragePool2D"
        case .concatenation: "AddConcatenation"
        case .conv2d: "AddConv2D"
        case .depthwiseConv2d: "AddDepthwiseConv2D"
        case .depthToSpace: "AddDepthToSpace"
        case .dequantize: "AddDequantize"
        case .embeddingLookup: "AddEmbeddingLookup"
        case .floor: "AddFloor"
        case .fullyConnected: "AddFullyConnected"
        case .l2Normalization: "AddL2Normalization"
        case .l2Pool2d: "AddL2Pool2D"
        case .logistic: "AddLogistic"
        case .maxPool2d: "AddMaxPool2D"
        case .mul: "AddMul"
        case .relu: "AddRelu"
        case .relu6: "AddRelu6"
        case .reshape: "AddReshape"
        case .resizeBilinear: "AddResizeBilinear"
        case .softmax: "AddSoftmax"
        case .spaceToDepth: "AddSpaceToDepth"
        case .svdf: "AddSvdf"
        case .tanh: "AddTanh"
        case .custom: "AddCustom"
        case .pad: "AddPad"
        case .gather: "AddGather"
        case .batchToSpaceNd: "AddBatchToSpaceNd"
        case .spaceToBatchNd: "AddSpaceToBatchNd"
        case .transpose: "AddTranspose"
        case .mean: "AddMean"
        case .sub: "AddSub"
        case .div: "AddDiv"
        case .squeeze: "AddSqueeze"
        case .unidirectionalSequenceLstm: "AddUnidirectionalSequenceLSTM"
        case .stridedSlice: "AddStridedSlice"
        case .exp: "AddExp"
        case .split: "AddSplit"
        case .logSoftmax: "AddLogSoftmax"
        case .cast: "AddCast"
        case .prelu: "AddPrelu"
        case .maximum: "AddMaximum"
        case .argMax: "AddArgMax"
        case .minimum: "AddMinimum"
        case .less: "AddLess"
        case .neg: "AddNeg"
        case .padv2: "AddPadV2"
        case .greater: "AddGreater"
        case .greaterEqual: "AddGreaterEqual"
        case .lessEqual: "AddLessEqual"
        case .slice: "AddSlice"
        case .sin: "AddSin"
        case .transposeConv: "AddTransposeConv"
        case .expandDims: "AddExpandDims"
        case .equal: "AddEqual"
        case .notEqual: "AddNotEqual"
        case .log: "AddLog"
        case .sum: "AddSum"
        case .sqrt: "AddSqrt"
        case .rsqrt: "AddRsqrt"
        case .shape: "AddShape"
        case .argMin: "AddArgMin"
        case .reduceMax: "AddReduceMax"
        case .pack: "AddPack"
        case .logicalOr: "AddLogicalOr"
        case .logicalAnd: "AddLogicalAnd"
        case .logicalNot: "AddLogicalNot"
        case .unpack: "AddUnpack"
        case .reduceMin: "AddReduceMin"
        case .floorDiv: "AddFloorDiv"
        case .square: "AddSquare"
        case .zerosLike: "AddZerosLike"
        case .fill: "AddFill"
        case .floorMod: "AddFloorMod"
        case .resizeNearestNeighbor: "AddResizeNearestNeighbor"
        case .leakyRelu: "AddLeakyRelu"
        case .squaredDifference: "AddSquaredDifference"
        case .mirrorPad: "AddMirrorPad"
        case .abs: "AddAbs"
        case .splitV: "AddSplitV"
        case .ceil: "AddCeil"
        case .reverseV2: "AddReverseV2"
        case .addN: "AddAddN"
        case .gatherNd: "AddGatherNd"
        case .cos: "AddCos"
        case .elu: "AddElu"
        case .quantize: "AddQuantize"
        case .round: "AddRound"
        case .hardSwish: "AddHardSwish"
        case .`if`: "AddIf"
        case .`while`: "AddWhile"
        case .selectV2: "AddSelectV2"
        case .batchMatmul: "AddBatchMatMul"
        case .cumsum: "AddCumSum"
        case .callOnce: "AddCallOnce"
        case .broadcastTo: "AddBroadcastTo"
        case .reduceAll: "AddReduceAll"
        case .varHandle: "AddVarHandle"
        case .readVariable: "AddReadVariable"
        case .assignVariable: "AddAssignVariable"
        case .broadcastArgs: "AddBroadcastArgs"
        case .dynamicUpdateSlice: "AddDynamicUpdateSlice"
        case .hashtableLookup, .localResponseNormalization, .lshProjection, .lstm, .reluN1To1,
             .rnn, .concatEmbeddings, .skipGram, .call, .embeddingLookupSparse,
             .unidirectionalSequenceRnn, .bidirectionalSequenceRnn, .topkV2, .delegate, .bidirectionalSequenceLstm,
             .select, .sparseToDense, .tile, .pow, .fakeQuant,
             .reduceProd, .oneHot, .reduceAny, .range, .unique,
             .`where`, .rank, .reverseSequence, .matrixDiag, .matrixSetDiag,
             .nonMaxSuppressionV4, .nonMaxSuppressionV5, .scatterNd, .densify, .segmentSum,
             .placeholderForGreaterOpCodes, .rfft2d, .conv3d, .imag, .real,
             .complexAbs, .hashtable, .hashtableFind, .hashtableImport, .hashtableSize,
             .conv3dTranspose, .randomStandardNormal, .bucketize, .randomUniform, .multinomial,
             .gelu, .relu0To1, .unsortedSegmentProd, .unsortedSegmentMax, .unsortedSegmentSum,
             .atan2, .unsortedSegmentMin, .sign, .bitcast, .bitwiseXor,
             .rightShift, .stablehloLogistic, .stablehloAdd, .stablehloDivide, .stablehloMultiply,
             .stablehloMaximum, .stablehloReshape, .stablehloClamp, .stablehloConcatenate, .stablehloBroadcastInDim,
             .stablehloConvolution, .stablehloSlice, .stablehloCustomCall, .stablehloReduce, .stablehloAbs,
             .stablehloAnd, .stablehloCosine, .stablehloExponential, .stablehloFloor, .stablehloLog,
             .stablehloMinimum, .stablehloNegate, .stablehloOr, .stablehloPower, .stablehloRemainder,
             .stablehloRsqrt, .stablehloSelect, .stablehloSubtract, .stablehloTanh, .stablehloScatter,
             .stablehloCompare, .stablehloConvert, .stablehloDynamicSlice, .stablehloDynamicUpdateSlice, .stablehloPad,
             .stablehloIota, .stablehloDotGeneral, .stablehloReduceWindow, .stablehloSort, .stablehloWhile,
             .stablehloGather, .stablehloTranspose, .dilate, .stablehloRngBitGenerator, .reduceWindow,
             .stablehloComposite, .stablehloShiftLeft, .stablehloCbrt, .stablehloCase:
            nil
        }
    }
}
