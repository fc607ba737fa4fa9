import Foundation

/// Op-specific rules TFLM's kernels enforce in Prepare (a model breaking one fails
/// `AllocateTensors()` on the device), and facts about how CMSIS-NN will run the op.
enum OpConstraints {
    static func check(_ op: BuiltinOperator, _ view: OpTensors, _ index: Int) -> [Finding] {
        var findings: [Finding] = []
        let name = op.name
        let type = view.activationType

        // Every tensor must have a static, positive shape (MicroInterpreterGraph rejects
        // dynamic tensors after Prepare).
        for t in view.inputIndices + view.outputIndices {
            let tensor = view.subgraph.tensors[Int(t)]
            if tensor.shape.contains(where: { $0 <= 0 }) && !(tensor.shape == [0]) {
                findings.append(Finding(.error, "dynamic-shape", op: index,
                                        "\(name): tensor '\(tensor.name)' has shape \(tensor.shape); TFLM needs static shapes",
                                        fix: "convert with fixed input shapes (batch 1)"))
            }
        }

        // Float activations with int8 weights.
        if TFLMOpSupport.rejectsHybrid(op), type == .float32, let weights = view.tensor(input: 1),
           weights.type == .int8 || weights.type == .int4 {
            findings.append(Finding(.error, "hybrid-op", op: index,
                                    "\(name): float32 activations with \(weights.type.name) weights (hybrid) are not supported on TFLM",
                                    fix: "quantize activations too with `tinyops quantize` (full int8)"))
        }

        if let activation = view.op.options.fusedActivation, activation == .tanh || activation == .signBit {
            findings.append(Finding(.error, "fused-activation", op: index,
                                    "\(name): fused activation \(activation.name) is not supported by TFLM's kernels",
                                    fix: "apply the activation as a separate op"))
        }
        if op == .concatenation, let activation = view.op.options.fusedActivation, activation != .none {
            findings.append(Finding(.error, "fused-activation", op: index,
                                    "CONCATENATION: TFLM accepts no fused activation (found \(activation.name))",
                                    fix: "apply the activation as a separate op"))
        }

        switch op {
        case .conv2d, .depthwiseConv2d:
            findings += convolution(op, view, index)
        case .softmax where type == .int8:
            if let out = view.tensor(output: 0), out.type == .int8,
               !quantization(out, scale: 1.0 / 256, zeroPoint: -128) {
                findings.append(Finding(.error, "output-quantization", op: index,
                                        "SOFTMAX: an int8 output must have scale 1/256 and zero point -128 (TFLM checks it)",
                                        fix: "quantize with the TFLite converter or `tinyops quantize`, which fix it"))
            }
        case .logistic where type == .int8:
            if let out = view.tensor(output: 0), out.quantization?.zeroPoint.first != -128 {
                findings.append(Finding(.error, "output-quantization", op: index,
                                        "LOGISTIC: an int8 output must have zero point -128 (TFLM checks it)"))
            }
        case .averagePool2d, .maxPool2d, .concatenation:
            let output = view.tensor(output: 0)
            let inputs = op == .concatenation ? view.inputIndices.map { view.subgraph.tensors[Int($0)] }
                                              : [view.tensor(input: 0)].compactMap { $0 }
            if type == .int8, let output, inputs.contains(where: { !sameQuantization($0, output) }) {
                findings.append(Finding(.error, "requantization", op: index,
                                        "\(name): int8 inputs and output must share scale and zero point in TFLM",
                                        fix: "requantize the inputs with a QUANTIZE op, or re-convert the model"))
            }
            if op == .concatenation, inputs.count > 10 {
                findings.append(Finding(.error, "too-many-inputs", op: index,
                                        "CONCATENATION: \(inputs.count) inputs; TFLM takes at most 10"))
            }
        case .pad, .padv2:
            if view.rank(input: 0) > 5 {
                findings.append(Finding(.error, "rank", op: index, "\(name): TFLM pads tensors of up to 5 dimensions"))
            }
        case .fullyConnected:
            if type == .int16, (view.tensor(input: 1)?.quantization?.scale.count ?? 0) > 1 {
                findings.append(Finding(.error, "per-channel", op: index,
                                        "FULLY_CONNECTED: TFLM takes per-channel weights only with int8 activations"))
            }
        default:
            break
        }
        return findings
    }

    private static func convolution(_ op: BuiltinOperator, _ view: OpTensors, _ index: Int) -> [Finding] {
        var findings: [Finding] = []
        let name = op.name
        for (label, tensor) in [("input", view.tensor(input: 0)), ("filter", view.tensor(input: 1)),
                                ("output", view.tensor(output: 0))] {
            if let tensor, tensor.shape.count != 4 {
                findings.append(Finding(.error, "rank", op: index,
                                        "\(name): the \(label) must be 4-D (NHWC), found \(tensor.shape.count)-D"))
            }
        }
        let quantized = view.isQuantized
        if op == .depthwiseConv2d, let options = view.op.options.depthwiseConv2D {
            let inC = view.dim(view.tensor(input: 0), 3), outC = view.dim(view.tensor(output: 0), 3)
            let multiplier = inC > 0 ? outC / inC : Int(options.depthMultiplier)
            if quantized && multiplier != 1 {
                findings.append(Finding(.info, "depth-multiplier", op: index,
                                        "DEPTHWISE_CONV_2D: depth multiplier \(multiplier); CMSIS-NN runs its generic kernel, "
                                            + "not the optimized one (which needs multiplier 1)"))
            }
            if quantized && (options.dilationW != 1 || options.dilationH != 1) {
                findings.append(Finding(.info, "dilation", op: index,
                                        "DEPTHWISE_CONV_2D: dilation \(options.dilationH)x\(options.dilationW); "
                                            + "CMSIS-NN runs its generic kernel"))
            }
        }
        if op == .conv2d, let options = view.op.options.conv2D, quantized,
           options.dilationW != 1 || options.dilationH != 1 {
            findings.append(Finding(.info, "dilation", op: index,
                                    "CONV_2D: dilation \(options.dilationH)x\(options.dilationW); "
                                        + "CMSIS-NN has no fast 1x1 or 1xN path for dilated convolutions"))
        }
        if let filter = view.tensor(input: 1), quantized, let q = filter.quantization, q.scale.count > 1 {
            let axis = op == .conv2d ? 0 : 3
            if Int(q.quantizedDimension) != axis {
                findings.append(Finding(.error, "per-channel", op: index,
                                        "\(name): per-channel weights must be quantized along dimension \(axis), "
                                            + "found \(q.quantizedDimension)"))
            }
        }
        return findings
    }

    private static func quantization(_ tensor: Tensor, scale: Float, zeroPoint: Int64) -> Bool {
        guard let q = tensor.quantization, let s = q.scale.first else { return false }
        return abs(s - scale) <= scale * 1e-6 && q.zeroPoint.first == zeroPoint
    }

    private static func sameQuantization(_ a: Tensor, _ b: Tensor) -> Bool {
        a.quantization?.scale.first == b.quantization?.scale.first
            && a.quantization?.zeroPoint.first == b.quantization?.zeroPoint.first
    }
}
