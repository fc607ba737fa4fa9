/// What kind of work an operator does, for the cost model.
public enum CostClass: String, Sendable, CaseIterable {
    case convolution
    /// 1×1 convolution with stride 1 and no padding (CMSIS-NN's fast path).
    case pointwise
    case depthwise, fullyConnected
    /// Pooling: cost per input element each output window reads.
    case pooling
    /// Element-wise arithmetic with requantization (ADD, MUL, SUB, ...).
    case elementwise
    /// Clamps (RELU, RELU6): a compare per element.
    case clamp
    /// SOFTMAX, LOGISTIC, TANH: an exponential per element.
    case transcendental
    /// MEAN, SUM, REDUCE_MAX: one accumulate per input element.
    case reduction
    /// RESHAPE, CONCATENATION, PAD, ...: cost per output element.
    case dataMovement
    /// QUANTIZE, DEQUANTIZE: a float multiply and round per element.
    case quantization
}

/// The code that runs an operator, which sets its speed.
public enum KernelImplementation: Hashable, Sendable {
    /// A CMSIS-NN kernel in the core's implementation class.
    case cmsisNN(CMSISNNPath)
    /// Portable C on integers (TFLM reference kernels, TinyOpsRuntime).
    case portableInteger
    /// float32 on a hardware FPU.
    case floatHardware
    /// float32 in software (libgcc's __aeabi_f* routines).
    case floatSoftware

    public var label: String {
        switch self {
        case .cmsisNN(let path): "CMSIS-NN \(path.rawValue)"
        case .portableInteger: "portable C int"
        case .floatHardware: "float (FPU)"
        case .floatSoftware: "float (software)"
        }
    }
}

/// Estimated cycles of one operator.
public struct OpCost: Equatable, Sendable {
    public let costClass: CostClass
    public let implementation: KernelImplementation
    public let macs: Int
    /// Elements or bytes the non-MAC part of the op touches.
    public let work: Int
    public let cycles: Int
}

/// A per-core cycle estimate of one operator:
///
///     cycles = CPI(core) × (a × MACs + b × work + c) + dispatch
///
/// with (a, b, c) instructions per (cost class, implementation, core tier), fitted to the
/// instructions TFLM executed per operator on QEMU (bench/tflm-cortex-m), and CPI an assumed
/// cycles-per-instruction figure per core. See docs/cost-model.md for the sources and how
/// wrong it can be.
public enum CostModel {
    public static func cost(_ op: Operator, in subgraph: Subgraph, core: CortexCore, fpu: FPU,
                            runtime: RuntimeKind) -> OpCost {
        let view = OpTensors(op: op, subgraph: subgraph)
        let costClass = classify(op, view)
        let implementation = implementation(op, costClass: costClass, view: view, core: core, fpu: fpu, runtime: runtime)
        let macs = subgraph.macs(of: op)
        let work = work(costClass, view)
        let tier = CostTable.Tier(core)
        let k = CostTable.coefficients(costClass, implementation, tier)
        let instructions = k.a * Double(macs) + k.b * Double(work) + k.c + CostTable.dispatchInstructions
        let total = CostTable.cyclesPerInstruction(core) * instructions
        let cycles = total >= Double(Int.max / 2) ? Int.max / 2 : Int(total.rounded())
        return OpCost(costClass: costClass, implementation: implementation, macs: macs, work: work, cycles: cycles)
    }

    static func classify(_ op: Operator, _ view: OpTensors) -> CostClass {
        if op.builtin == .conv2d, let options = op.options.conv2D, let filter = view.tensor(input: 1),
           filter.shape.count == 4, filter.shape[1] == 1, filter.shape[2] == 1,
           options.strideW == 1, options.strideH == 1, options.dilationW == 1, options.dilationH == 1 {
            return .pointwise
        }
        return classify(op.builtin)
    }

    static func classify(_ op: BuiltinOperator?) -> CostClass {
        switch op {
        case .conv2d, .transposeConv: .convolution
        case .depthwiseConv2d: .depthwise
        case .fullyConnected, .batchMatmul, .svdf, .unidirectionalSequenceLstm: .fullyConnected
        case .averagePool2d, .maxPool2d, .l2Pool2d: .pooling
        case .relu, .relu6, .reluN1To1, .maximum, .minimum, .leakyRelu, .prelu, .abs, .neg: .clamp
        case .softmax, .logistic, .tanh, .logSoftmax, .exp, .hardSwish, .gelu, .elu: .transcendental
        case .mean, .sum, .reduceMax, .reduceMin, .reduceProd, .argMax, .argMin: .reduction
        case .quantize, .dequantize, .cast: .quantization
        case .add, .sub, .mul, .div, .squaredDifference, .addN, .rsqrt, .sqrt, .square: .elementwise
        default: .dataMovement
        }
    }

    static func implementation(_ op: Operator, costClass: CostClass, view: OpTensors, core: CortexCore, fpu: FPU,
                               runtime: RuntimeKind) -> KernelImplementation {
        let type = view.activationType
        let floatWork = type == .float32 || op.builtin == .dequantize
        if floatWork && costClass != .dataMovement {
            return fpu.hasFloat32 ? .floatHardware : .floatSoftware
        }
        if runtime == .tflm, let builtin = op.builtin, let type, TFLMOpSupport.cmsisNNFunction(builtin, type) != nil {
            return .cmsisNN(core.cmsisNNPath)
        }
        return .portableInteger
    }

    /// The non-MAC work: window reads for pooling, input elements for reductions and
    /// conversions, output elements otherwise (each output of a MAC op is requantized).
    static func work(_ costClass: CostClass, _ view: OpTensors) -> Int {
        switch costClass {
        case .pooling:
            let window = view.op.options.pool2D.map { Int($0.filterW) * Int($0.filterH) } ?? 1
            return view.elements(output: 0) * max(window, 1)
        case .reduction, .quantization:
            return view.elements(input: 0)
        case .convolution, .pointwise, .depthwise, .fullyConnected, .elementwise, .clamp, .transcendental, .dataMovement:
            return view.elements(output: 0)
        }
    }
}
