/// The runtime a model is budgeted for.
public enum RuntimeKind: String, CaseIterable, Sendable {
    /// TensorFlow Lite for Microcontrollers (with CMSIS-NN kernels on Cortex-M).
    case tflm
    /// TinyOpsRuntime, tinyops' C99 int8 interpreter.
    case tinyops
}

/// How one operator runs on the target.
public struct OpSupport: Equatable, Sendable {
    public let index: Int
    public let name: String
    /// nil for an op code the schema does not know.
    public let builtin: BuiltinOperator?
    /// The activation type the kernel dispatches on (`int8`), or nil for an op without tensors.
    public let type: TensorType?
    /// TFLM has a built-in kernel for this op and type.
    public let tflm: Bool
    /// `AddConv2D` when TFLM can register the op.
    public let resolverMethod: String?
    /// TinyOpsRuntime implements this op and type.
    public let tinyops: Bool
    /// The CMSIS-NN function a TFLM CMSIS-NN build calls, when there is one for this type.
    public let cmsisNN: String?
    /// What runs on this target with the chosen runtime, for the report.
    public let kernel: String
}

/// Checks each operator against the TFLM and TinyOpsRuntime kernels and their constraints.
enum OpCompatibility {
    static func analyze(_ subgraph: Subgraph, target: Target, runtime: RuntimeKind) -> ([OpSupport], [Finding]) {
        var supports: [OpSupport] = []
        var findings: [Finding] = []
        for (index, op) in subgraph.operators.enumerated() {
            let (support, opFindings) = analyze(op, index, subgraph, target, runtime)
            supports.append(support)
            findings += opFindings
        }
        return (supports, findings)
    }

    private static func analyze(_ op: Operator, _ index: Int, _ subgraph: Subgraph, _ target: Target,
                                _ runtime: RuntimeKind) -> (OpSupport, [Finding]) {
        let view = OpTensors(op: op, subgraph: subgraph)
        let type = view.activationType
        let name = op.opcode.name
        var tflmProblems: [Finding] = []
        var findings: [Finding] = []

        guard let builtin = op.builtin, builtin != .custom else {
            let problem = op.builtin == nil
                ? Finding(.error, "unknown-op", op: index, "\(name): an operator code this schema does not know; TFLM cannot register it",
                          fix: "convert the model with a TensorFlow version whose ops TFLM supports")
                : Finding(.error, "custom-op", op: index, "custom op '\(name)': TFLM has no built-in kernel for it",
                          fix: "register your implementation with resolver.AddCustom(\"\(name)\", ...), or re-export without it")
            let support = OpSupport(index: index, name: name, builtin: op.builtin, type: type, tflm: false, resolverMethod: nil,
                                    tinyops: false, cmsisNN: nil, kernel: "none")
            return (support, [problem])
        }

        let method = TFLMOpSupport.resolverMethod(builtin)
        if method == nil {
            tflmProblems.append(Finding(.error, "unsupported-op", op: index,
                                        "\(name) is not implemented in TFLM (MicroMutableOpResolver has no method for it)",
                                        fix: TFLMOpSupport.replacementHint(builtin)))
        } else if let type, let types = TFLMOpSupport.referenceTypes(builtin), !types.contains(type) {
            tflmProblems.append(Finding(.error, "unsupported-type", op: index,
                                        "\(type.name) \(name): TFLM's kernel handles \(Self.list(types))",
                                        fix: type == .float32 ? nil : "quantize with `tinyops quantize` (int8)"))
        }
        tflmProblems += OpConstraints.check(builtin, view, index)

        let cmsis = type.flatMap { TFLMOpSupport.cmsisNNFunction(builtin, $0) }
        let tinyopsProblem = TinyOpsRuntimeSupport.problem(builtin, input: type, output: view.tensor(output: 0)?.type)

        switch runtime {
        case .tflm:
            findings += tflmProblems
        case .tinyops:
            if let tinyopsProblem {
                let fix = type == .float32 ? "quantize with `tinyops quantize`, or use --runtime tflm" : "use --runtime tflm"
                findings.append(Finding(.error, "unsupported-op", op: index, "\(tinyopsProblem) (op \(index))", fix: fix))
            }
        }

        // Float arithmetic without an FPU runs in software (libgcc's __aeabi_f*): it works, slowly.
        if runtime == .tflm, type == .float32, !TFLMOpSupport.isDataMovement(builtin), builtin != .quantize,
           !target.fpu.hasFloat32 {
            findings.append(Finding(.warning, "float-without-fpu", op: index,
                                    "float32 \(name) on \(target.core.rawValue): no FPU, software float",
                                    fix: "quantize with `tinyops quantize`"))
        }

        let kernel: String
        switch runtime {
        case .tflm:
            if let cmsis {
                kernel = "CMSIS-NN \(cmsis) (\(target.core.cmsisNNPath.rawValue))"
            } else if method == nil {
                kernel = "none"
            } else {
                kernel = "TFLM reference"
            }
        case .tinyops:
            kernel = tinyopsProblem == nil ? "TinyOpsRuntime C99" : "none"
        }
        let support = OpSupport(index: index, name: name, builtin: builtin, type: type, tflm: method != nil && tflmProblems.isEmpty,
                                resolverMethod: method, tinyops: tinyopsProblem == nil, cmsisNN: cmsis, kernel: kernel)
        return (support, findings)
    }

    static func list(_ types: Set<TensorType>) -> String {
        types.map(\.name).sorted().joined(separator: ", ")
    }
}
