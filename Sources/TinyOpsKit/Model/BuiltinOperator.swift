// Generated from the TFLite schema (tensorflow/compiler/mlir/lite/schema/schema.fbs,
// tflite-micro @ 90b983c2). Every builtin operator code with its schema name.

/// A TFLite builtin operator code (`enum BuiltinOperator : int32` in the schema).
public enum BuiltinOperator: Int32, CaseIterable, Sendable {
    case add = 0
    case averagePool2d = 1
    case concatenation = 2
    case conv2d = 3
    case depthwiseConv2d = 4
    case depthToSpace = 5
    case dequantize = 6
    case embeddingLookup = 7
    case floor = 8
    case fullyConnected = 9
    case hashtableLookup = 10
    case l2Normalization = 11
    case l2Pool2d = 12
    case localResponseNormalization = 13
    case logistic = 14
    case lshProjection = 15
    case lstm = 16
    case maxPool2d = 17
    case mul = 18
    case relu = 19
    case reluN1To1 = 20
    case relu6 = 21
    case reshape = 22
    case resizeBilinear = 23
    case rnn = 24
    case softmax = 25
    case spaceToDepth = 26
    case svdf = 27
    case tanh = 28
    case concatEmbeddings = 29
    case skipGram = 30
    case call = 31
    case custom = 32
    case embeddingLookupSparse = 33
    case pad = 34
    case unidirectionalSequenceRnn = 35
    case gather = 36
    case batchToSpaceNd = 37
    case spaceToBatchNd = 38
    case transpose = 39
    case mean = 40
    case sub = 41
    case div = 42
    case squeeze = 43
    case unidirectionalSequenceLstm = 44
    case stridedSlice = 45
    case bidirectionalSequenceRnn = 46
    case exp = 47
    case topkV2 = 48
    case split = 49
    case logSoftmax = 50
    case delegate = 51
    case bidirectionalSequenceLstm = 52
    case cast = 53
    case prelu = 54
    case maximum = 55
    case argMax = 56
    case minimum = 57
    case less = 58
    case neg = 59
    case padv2 = 60
    case greater = 61
    case greaterEqual = 62
    case lessEqual = 63
    case select = 64
    case slice = 65
    case sin = 66
    case transposeConv = 67
    case sparseToDense = 68
    case tile = 69
    case expandDims = 70
    case equal = 71
    case notEqual = 72
    case log = 73
    case sum = 74
    case sqrt = 75
    case rsqrt = 76
    case shape = 77
    case pow = 78
    case argMin = 79
    case fakeQuant = 80
    case reduceProd = 81
    case reduceMax = 82
    case pack = 83
    case logicalOr = 84
    case oneHot = 85
    case logicalAnd = 86
    case logicalNot = 87
    case unpack = 88
    case reduceMin = 89
    case floorDiv = 90
    case reduceAny = 91
    case square = 92
    case zerosLike = 93
    case fill = 94
    case floorMod = 95
    case range = 96
    case resizeNearestNeighbor = 97
    case leakyRelu = 98
    case squaredDifference = 99
    case mirrorPad = 100
    case abs = 101
    case splitV = 102
    case unique = 103
    case ceil = 104
    case reverseV2 = 105
    case addN = 106
    case gatherNd = 107
    case cos = 108
    case `where` = 109
    case rank = 110
    case elu = 111
    case reverseSequence = 112
    case matrixDiag = 113
    case quantize = 114
    case matrixSetDiag = 115
    case round = 116
    case hardSwish = 117
    case `if` = 118
    case `while` = 119
    case nonMaxSuppressionV4 = 120
    case nonMaxSuppressionV5 = 121
    case scatterNd = 122
    case selectV2 = 123
    case densify = 124
    case segmentSum = 125
    case batchMatmul = 126
    case placeholderForGreaterOpCodes = 127
    case cumsum = 128
    case callOnce = 129
    case broadcastTo = 130
    case rfft2d = 131
    case conv3d = 132
    case imag = 133
    case real = 134
    case complexAbs = 135
    case hashtable = 136
    case hashtableFind = 137
    case hashtableImport = 138
    case hashtableSize = 139
    case reduceAll = 140
    case conv3dTranspose = 141
    case varHandle = 142
    case readVariable = 143
    case assignVariable = 144
    case broadcastArgs = 145
    case randomStandardNormal = 146
    case bucketize = 147
    case randomUniform = 148
    case multinomial = 149
    case gelu = 150
    case dynamicUpdateSlice = 151
    case relu0To1 = 152
    case unsortedSegmentProd = 153
    case unsortedSegmentMax = 154
    case unsortedSegmentSum = 155
    case atan2 = 156
    case unsortedSegmentMin = 157
    case sign = 158
    case bitcast = 159
    case bitwiseXor = 160
    case rightShift = 161
    case stablehloLogistic = 162
    case stablehloAdd = 163
    case stablehloDivide = 164
    case stablehloMultiply = 165
    case stablehloMaximum = 166
    case stablehloReshape = 167
    case stablehloClamp = 168
    case stablehloConcatenate = 169
    case stablehloBroadcastInDim = 170
    case stablehloConvolution = 171
    case stablehloSlice = 172
    case stablehloCustomCall = 173
    case stablehloReduce = 174
    case stablehloAbs = 175
    case stablehloAnd = 176
    case stablehloCosine = 177
    case stablehloExponential = 178
    case stablehloFloor = 179
    case stablehloLog = 180
    case stablehloMinimum = 181
    case stablehloNegate = 182
    case stablehloOr = 183
    case stablehloPower = 184
    case stablehloRemainder = 185
    case stablehloRsqrt = 186
    case stablehloSelect = 187
    case stablehloSubtract = 188
    case stablehloTanh = 189
    case stablehloScatter = 190
    case stablehloCompare = 191
    case stablehloConvert = 192
    case stablehloDynamicSlice = 193
    case stablehloDynamicUpdateSlice = 194
    case stablehloPad = 195
    case stablehloIota = 196
    case stablehloDotGeneral = 197
    case stablehloReduceWindow = 198
    case stablehloSort = 199
    case stablehloWhile = 200
    case stablehloGather = 201
    case stablehloTranspose = 202
    case dilate = 203
    case stablehloRngBitGenerator = 204
    case reduceWindow = 205
    case stablehloComposite = 206
    case stablehloShiftLeft = 207
    case stablehloCbrt = 208
    case stablehloCase = 209
}

extension BuiltinOperator {
    /// The schema name, as TFLite and Netron print it (`CONV_2D`).
    public var name: String { Self.names[self]! }

    private static let names: [BuiltinOperator: String] = [
        .add: "ADD",
        .averagePool2d: "AVERAGE_POOL_2D",
        .concatenation: "CONCATENATION",
        .conv2d: "CONV_2D",
        .depthwiseConv2d: "DEPTHWISE_CONV_2D",
        .depthToSpace: "DEPTH_TO_SPACE",
        .dequantize: "DEQUANTIZE",
        .embeddingLookup: "EMBEDDING_LOOKUP",
        .floor: "FLOOR",
        .fullyConnected: "FULLY_CONNECTED",
        .hashtableLookup: "HASHTABLE_LOOKUP",
        .l2Normalization: "L2_NORMALIZATION",
        .l2Pool2d: "L2_POOL_2D",
        .localResponseNormalization: "LOCAL_RESPONSE_NORMALIZATION",
        .logistic: "LOGISTIC",
        .lshProjection: "LSH_PROJECTION",
        .lstm: "LSTM",
        .maxPool2d: "MAX_POOL_2D",
        .mul: "MUL",
        .relu: "RELU",
        .reluN1To1: "RELU_N1_TO_1",
        .relu6: "RELU6",
        .reshape: "RESHAPE",
        .resizeBilinear: "RESIZE_BILINEAR",
        .rnn: "RNN",
        .softmax: "SOFTMAX",
        .spaceToDepth: "SPACE_TO_DEPTH",
        .svdf: "SVDF",
        .tanh: "TANH",
        .concatEmbeddings: "CONCAT_EMBEDDINGS",
        .skipGram: "SKIP_GRAM",
        .call: "CALL",
        .custom: "CUSTOM",
        .embeddingLookupSparse: "EMBEDDING_LOOKUP_SPARSE",
        .pad: "PAD",
        .unidirectionalSequenceRnn: "UNIDIRECTIONAL_SEQUENCE_RNN",
        .gather: "GATHER",
        .batchToSpaceNd: "BATCH_TO_SPACE_ND",
        .spaceToBatchNd: "SPACE_TO_BATCH_ND",
        .transpose: "TRANSPOSE",
        .mean: "MEAN",
        .sub: "SUB",
        .div: "DIV",
        .squeeze: "SQUEEZE",
        .unidirectionalSequenceLstm: "UNIDIRECTIONAL_SEQUENCE_LSTM",
        .stridedSlice: "STRIDED_SLICE",
        .bidirectionalSequenceRnn: "BIDIRECTIONAL_SEQUENCE_RNN",
        .exp: "EXP",
        .topkV2: "TOPK_V2",
        .split: "SPLIT",
        .logSoftmax: "LOG_SOFTMAX",
        .delegate: "DELEGATE",
        .bidirectionalSequenceLstm: "BIDIRECTIONAL_SEQUENCE_LSTM",
        .cast: "CAST",
        .prelu: "PRELU",
        .maximum: "MAXIMUM",
        .argMax: "ARG_MAX",
        .minimum: "MINIMUM",
        .less: "LESS",
        .neg: "NEG",
        .padv2: "PADV2",
        .greater: "GREATER",
        .greaterEqual: "GREATER_EQUAL",
        .lessEqual: "LESS_EQUAL",
        .select: "SELECT",
        .slice: "SLICE",
        .sin: "SIN",
        .transposeConv: "TRANSPOSE_CONV",
        .sparseToDense: "SPARSE_TO_DENSE",
        .tile: "TILE",
        .expandDims: "EXPAND_DIMS",
        .equal: "EQUAL",
        .notEqual: "NOT_EQUAL",
        .log: "LOG",
        .sum: "SUM",
        .sqrt: "SQRT",
        .rsqrt: "RSQRT",
        .shape: "SHAPE",
        .pow: "POW",
        .argMin: "ARG_MIN",
        .fakeQuant: "FAKE_QUANT",
        .reduceProd: "REDUCE_PROD",
        .reduceMax: "REDUCE_MAX",
        .pack: "PACK",
        .logicalOr: "LOGICAL_OR",
        .oneHot: "ONE_HOT",
        .logicalAnd: "LOGICAL_AND",
        .logicalNot: "LOGICAL_NOT",
        .unpack: "UNPACK",
        .reduceMin: "REDUCE_MIN",
        .floorDiv: "FLOOR_DIV",
        .reduceAny: "REDUCE_ANY",
        .square: "SQUARE",
        .zerosLike: "ZEROS_LIKE",
        .fill: "FILL",
        .floorMod: "FLOOR_MOD",
        .range: "RANGE",
        .resizeNearestNeighbor: "RESIZE_NEAREST_NEIGHBOR",
        .leakyRelu: "LEAKY_RELU",
        .squaredDifference: "SQUARED_DIFFERENCE",
        .mirrorPad: "MIRROR_PAD",
        .abs: "ABS",
        .splitV: "SPLIT_V",
        .unique: "UNIQUE",
        .ceil: "CEIL",
        .reverseV2: "REVERSE_V2",
        .addN: "ADD_N",
        .gatherNd: "GATHER_ND",
        .cos: "COS",
        .`where`: "WHERE",
        .rank: "RANK",
        .elu: "ELU",
        .reverseSequence: "REVERSE_SEQUENCE",
        .matrixDiag: "MATRIX_DIAG",
        .quantize: "QUANTIZE",
        .matrixSetDiag: "MATRIX_SET_DIAG",
        .round: "ROUND",
        .hardSwish: "HARD_SWISH",
        .`if`: "IF",
        .`while`: "WHILE",
        .nonMaxSuppressionV4: "NON_MAX_SUPPRESSION_V4",
        .nonMaxSuppressionV5: "NON_MAX_SUPPRESSION_V5",
        .scatterNd: "SCATTER_ND",
        .selectV2: "SELECT_V2",
        .densify: "DENSIFY",
        .segmentSum: "SEGMENT_SUM",
        .batchMatmul: "BATCH_MATMUL",
        .placeholderForGreaterOpCodes: "PLACEHOLDER_FOR_GREATER_OP_CODES",
        .cumsum: "CUMSUM",
        .callOnce: "CALL_ONCE",
        .broadcastTo: "BROADCAST_TO",
        .rfft2d: "RFFT2D",
        .conv3d: "CONV_3D",
        .imag: "IMAG",
        .real: "REAL",
        .complexAbs: "COMPLEX_ABS",
        .hashtable: "HASHTABLE",
        .hashtableFind: "HASHTABLE_FIND",
        .hashtableImport: "HASHTABLE_IMPORT",
        .hashtableSize: "HASHTABLE_SIZE",
        .reduceAll: "REDUCE_ALL",
        .conv3dTranspose: "CONV_3D_TRANSPOSE",
        .varHandle: "VAR_HANDLE",
        .readVariable: "READ_VARIABLE",
        .assignVariable: "ASSIGN_VARIABLE",
        .broadcastArgs: "BROADCAST_ARGS",
        .randomStandardNormal: "RANDOM_STANDARD_NORMAL",
        .bucketize: "BUCKETIZE",
        .randomUniform: "RANDOM_UNIFORM",
        .multinomial: "MULTINOMIAL",
        .gelu: "GELU",
        .dynamicUpdateSlice: "DYNAMIC_UPDATE_SLICE",
        .relu0To1: "RELU_0_TO_1",
        .unsortedSegmentProd: "UNSORTED_SEGMENT_PROD",
        .unsortedSegmentMax: "UNSORTED_SEGMENT_MAX",
        .unsortedSegmentSum: "UNSORTED_SEGMENT_SUM",
        .atan2: "ATAN2",
        .unsortedSegmentMin: "UNSORTED_SEGMENT_MIN",
        .sign: "SIGN",
        .bitcast: "BITCAST",
        .bitwiseXor: "BITWISE_XOR",
        .rightShift: "RIGHT_SHIFT",
        .stablehloLogistic: "STABLEHLO_LOGISTIC",
        .stablehloAdd: "STABLEHLO_ADD",
        .stablehloDivide: "STABLEHLO_DIVIDE",
        .stablehloMultiply: "STABLEHLO_MULTIPLY",
        .stablehloMaximum: "STABLEHLO_MAXIMUM",
        .stablehloReshape: "STABLEHLO_RESHAPE",
        .stablehloClamp: "STABLEHLO_CLAMP",
        .stablehloConcatenate: "STABLEHLO_CONCATENATE",
        .stablehloBroadcastInDim: "STABLEHLO_BROADCAST_IN_DIM",
        .stablehloConvolution: "STABLEHLO_CONVOLUTION",
        .stablehloSlice: "STABLEHLO_SLICE",
        .stablehloCustomCall: "STABLEHLO_CUSTOM_CALL",
        .stablehloReduce: "STABLEHLO_REDUCE",
        .stablehloAbs: "STABLEHLO_ABS",
        .stablehloAnd: "STABLEHLO_AND",
        .stablehloCosine: "STABLEHLO_COSINE",
        .stablehloExponential: "STABLEHLO_EXPONENTIAL",
        .stablehloFloor: "STABLEHLO_FLOOR",
        .stablehloLog: "STABLEHLO_LOG",
        .stablehloMinimum: "STABLEHLO_MINIMUM",
        .stablehloNegate: "STABLEHLO_NEGATE",
        .stablehloOr: "STABLEHLO_OR",
        .stablehloPower: "STABLEHLO_POWER",
        .stablehloRemainder: "STABLEHLO_REMAINDER",
        .stablehloRsqrt: "STABLEHLO_RSQRT",
        .stablehloSelect: "STABLEHLO_SELECT",
        .stablehloSubtract: "STABLEHLO_SUBTRACT",
        .stablehloTanh: "STABLEHLO_TANH",
        .stablehloScatter: "STABLEHLO_SCATTER",
        .stablehloCompare: "STABLEHLO_COMPARE",
        .stablehloConvert: "STABLEHLO_CONVERT",
        .stablehloDynamicSlice: "STABLEHLO_DYNAMIC_SLICE",
        .stablehloDynamicUpdateSlice: "STABLEHLO_DYNAMIC_UPDATE_SLICE",
        .stablehloPad: "STABLEHLO_PAD",
        .stablehloIota: "STABLEHLO_IOTA",
        .stablehloDotGeneral: "STABLEHLO_DOT_GENERAL",
        .stablehloReduceWindow: "STABLEHLO_REDUCE_WINDOW",
        .stablehloSort: "STABLEHLO_SORT",
        .stablehloWhile: "STABLEHLO_WHILE",
        .stablehloGather: "STABLEHLO_GATHER",
        .stablehloTranspose: "STABLEHLO_TRANSPOSE",
        .dilate: "DILATE",
        .stablehloRngBitGenerator: "STABLEHLO_RNG_BIT_GENERATOR",
        .reduceWindow: "REDUCE_WINDOW",
        .stablehloComposite: "STABLEHLO_COMPOSITE",
        .stablehloShiftLeft: "STABLEHLO_SHIFT_LEFT",
        .stablehloCbrt: "STABLEHLO_CBRT",
        .stablehloCase: "STABLEHLO_CASE",
    ]
}
