/// The ABI a TFLM build uses, which sets the size of every struct it puts in the arena.
public enum TFLMABI: String, Sendable, CaseIterable {
    /// x86-64 Linux (8-byte pointers) as the tflite-micro Python wheel, the test oracle, is
    /// built: with `USE_TFLM_COMPRESSION`, which adds fields to several structs.
    case lp64Host = "lp64"
    /// 32-bit Cortex-M built by arm-none-eabi-gcc (4-byte pointers, short enums), with TFLM's
    /// default options (no compression).
    case ilp32CortexM = "ilp32"
}

/// Size and alignment of one C/C++ type.
public struct StructLayout: Equatable, Sendable {
    public let size: Int
    public let alignment: Int

    init(_ size: Int, _ alignment: Int) {
        self.size = size
        self.alignment = alignment
    }
}

/// `sizeof`/`alignof` of the TFLM types that take arena space, for each ABI.
///
/// Measured, not guessed: a probe (not committed: it compiles third-party headers) printed
/// `sizeof(T)` for each type against the TFLM sources (tensorflow/tflite-micro @ 90b983c2, flatbuffers v25.9.23,
/// CMSIS-NN @ 99f736a6) with g++ for lp64 (with `-DUSE_TFLM_COMPRESSION`, as the wheel) and with
/// an ILP32 layout equal to arm-none-eabi-gcc's (the C structs were cross-checked with
/// arm-none-eabi-gcc 12.2 -mcpu=cortex-m4). `MicroBuiltinDataAllocator` is private to
/// micro_allocator.cc; its size is its vtable pointer plus one pointer. Re-measure when TFLM
/// changes and update the table.
///
/// Two lp64 figures are not from the sources: the wheel (tflite-micro 0.dev20261023, newer than
/// the source snapshot) spends 32 bytes, not 16, on each FULLY_CONNECTED's parsed options and
/// 12, not 8, on ADD's. Its `print_allocations()` report shows the tail outside the recorded
/// categories growing by 16 bytes per FULLY_CONNECTED and 4 per ADD across the fixtures, with
/// everything else matching the sources; lp64 uses those figures. (The ilp32 table, for the
/// source snapshot, matches TFLM built for Cortex-M4 and run under QEMU byte for byte:
/// bench/tflm-cortex-m.)
public struct TFLMStructLayouts: Sendable {
    // Interpreter bookkeeping.
    public let tfLiteTensor: StructLayout
    public let tfLiteEvalTensor: StructLayout
    public let tfLiteAffineQuantization: StructLayout
    public let nodeAndRegistration: StructLayout
    public let subgraphAllocations: StructLayout
    public let scratchBufferRequest: StructLayout
    public let scratchBufferHandle: StructLayout
    public let allocationInfo: StructLayout
    public let pointer: StructLayout
    public let sizeT: StructLayout
    // Allocator objects placed at the top of the arena.
    public let singleArenaBufferAllocator: StructLayout
    public let recordingSingleArenaBufferAllocator: StructLayout
    public let microAllocator: StructLayout
    public let recordingMicroAllocator: StructLayout
    public let greedyMemoryPlanner: StructLayout
    public let microBuiltinDataAllocator: StructLayout
    // Kernel op data (reference kernels, then the CMSIS-NN wrappers).
    public let opDataConv: StructLayout
    public let opDataFullyConnected: StructLayout
    public let softmaxParams: StructLayout
    public let concatenationOpData: StructLayout
    public let cmsisConvOpData: StructLayout
    public let cmsisFullyConnectedOpData: StructLayout
    public let cmsisSoftmaxParams: StructLayout
    // Parsed builtin options whose layout depends on the ABI (short enums).
    public let fullyConnectedParams: StructLayout
    public let addParams: StructLayout
    public let subParams: StructLayout
    public let mulParams: StructLayout
    public let transposeConvParams: StructLayout

    public static func of(_ abi: TFLMABI) -> TFLMStructLayouts {
        switch abi {
        case .lp64Host: lp64
        case .ilp32CortexM: ilp32
        }
    }

    static let lp64 = TFLMStructLayouts(
        tfLiteTensor: .init(64, 8), tfLiteEvalTensor: .init(24, 8), tfLiteAffineQuantization: .init(24, 8),
        nodeAndRegistration: .init(64, 8), subgraphAllocations: .init(24, 8), scratchBufferRequest: .init(16, 8),
        scratchBufferHandle: .init(8, 8), allocationInfo: .init(32, 8), pointer: .init(8, 8), sizeT: .init(8, 8),
        singleArenaBufferAllocator: .init(72, 8), recordingSingleArenaBufferAllocator: .init(104, 8),
        microAllocator: .init(72, 8), recordingMicroAllocator: .init(272, 8), greedyMemoryPlanner: .init(72, 8),
        microBuiltinDataAllocator: .init(16, 8),
        opDataConv: .init(80, 8), opDataFullyConnected: .init(72, 8), softmaxParams: .init(80, 8),
        concatenationOpData: .init(80, 8), cmsisConvOpData: .init(88, 8), cmsisFullyConnectedOpData: .init(104, 8),
        cmsisSoftmaxParams: .init(88, 8),
        fullyConnectedParams: .init(32, 4), addParams: .init(12, 4), subParams: .init(8, 4), mulParams: .init(4, 4),
        transposeConvParams: .init(20, 4))

    static let ilp32 = TFLMStructLayouts(
        tfLiteTensor: .init(32, 4), tfLiteEvalTensor: .init(12, 4), tfLiteAffineQuantization: .init(12, 4),
        nodeAndRegistration: .init(32, 4), subgraphAllocations: .init(8, 4), scratchBufferRequest: .init(12, 4),
        scratchBufferHandle: .init(4, 4), allocationInfo: .init(24, 4), pointer: .init(4, 4), sizeT: .init(4, 4),
        singleArenaBufferAllocator: .init(36, 4), recordingSingleArenaBufferAllocator: .init(52, 4),
        microAllocator: .init(36, 4), recordingMicroAllocator: .init(124, 4), greedyMemoryPlanner: .init(44, 4),
        microBuiltinDataAllocator: .init(8, 4),
        opDataConv: .init(56, 4), opDataFullyConnected: .init(48, 4), softmaxParams: .init(56, 8),
        concatenationOpData: .init(24, 4), cmsisConvOpData: .init(60, 4), cmsisFullyConnectedOpData: .init(72, 4),
        cmsisSoftmaxParams: .init(64, 8),
        fullyConnectedParams: .init(5, 1), addParams: .init(2, 1), subParams: .init(2, 1), mulParams: .init(1, 1),
        transposeConvParams: .init(16, 4))

    /// Layouts that are the same on both ABIs (plain int32/float members).
    static let opDataPooling = StructLayout(32, 4)
    static let cmsisPoolingOpData = StructLayout(36, 4)
    static let opDataAdd = StructLayout(60, 4)
    static let opDataSub = StructLayout(52, 4)
    static let opDataMul = StructLayout(36, 4)
    static let opDataLogistic = StructLayout(16, 4)
    static let opDataReduce = StructLayout(44, 4)
    static let reluOpData = StructLayout(28, 4)
    static let relu6OpData = StructLayout(8, 4)
    static let leakyReluOpData = StructLayout(24, 4)
    static let hardSwishParams = StructLayout(20, 4)
    static let stridedSliceParams = StructLayout(84, 4)
    static let padOpData = StructLayout(56, 4)
    static let tanhOpData = StructLayout(16, 4)
    static let quantizeOpData = StructLayout(32, 8)
    static let dequantizeOpData = StructLayout(32, 8)
    static let convParams = StructLayout(28, 4)
    static let depthwiseConvParams = StructLayout(28, 4)
    static let poolParams = StructLayout(40, 4)
    static let softmaxOptions = StructLayout(4, 4)
    static let reshapeParams = StructLayout(36, 4)
    static let concatenationParams = StructLayout(8, 4)
    static let reducerParams = StructLayout(1, 1)
    static let squeezeParams = StructLayout(36, 4)
    static let stridedSliceOptions = StructLayout(24, 4)
    static let leakyReluParams = StructLayout(4, 4)

    /// `TfLiteIntArrayGetSizeInBytes(n)`: the size field and n ints.
    static func intArrayBytes(_ count: Int) -> Int { 4 + 4 * count }
    static let intArrayAlignment = 4
}
