/// Full-integer post-training quantization following the TFLite int8 specification:
/// per-channel symmetric int8 weights (conv: axis 0, depthwise: axis 3, fully connected:
/// axis 0), per-tensor asymmetric int8 activations calibrated on samples, int32 biases with
/// `scale = input_scale × weight_scale[c]`, the spec's fixed output parameters for
/// SOFTMAX/LOGISTIC/TANH, and shared parameters across same-scale ops.
public enum Quantizer {
    public enum IOType: String, CaseIterable, Sendable {
        /// The model takes and returns int8 (what firmware feeds the runtime directly).
        case int8
        /// The model keeps float32 input/output, with QUANTIZE and DEQUANTIZE at the edges.
        case float
    }

    public struct Options: Sendable {
        public var method: CalibrationMethod
        public var io: IOType
        /// Ranges to use instead of calibrated ones, by tensor index of the float model
        /// (ranges learned in quantization-aware training). A same-scale group with a given
        /// range takes the union of its given ranges only; calibration fills in the rest.
        public var activationRanges: [Int: (min: Float, max: Float)]

        public init(method: CalibrationMethod = .minMax, io: IOType = .int8,
                    activationRanges: [Int: (min: Float, max: Float)] = [:]) {
            self.method = method
            self.io = io
            self.activationRanges = activationRanges
        }
    }

    /// Quantizes a float32 model. `samples[i][k]` is input `k` of calibration sample `i`,
    /// as the float model takes it (already normalized, if the model expects that).
    public static func quantize(_ original: Model, samples: [[[Float]]], options: Options = Options()) throws -> Model {
        // The int8 model has no shape arithmetic left: it is static on the device.
        var model = ShapeFolding.fold(original)
        model.subgraphs[0] = unshareWeights(model.main)
        let subgraph = model.main
        if let input = subgraph.inputs.first.map({ subgraph.tensors[Int($0)] }), input.type != .float32 {
            throw QuantizeError.notFloat(type: input.type.name)
        }
        guard !samples.isEmpty else { throw QuantizeError.noCalibrationSamples }
        let interpreter = try FloatInterpreter(model)
        for sample in samples where sample.map(\.count) != interpreter.inputSizes {
            throw QuantizeError.calibrationShape(expected: interpreter.inputSizes, found: sample.map(\.count))
        }
        let calibration = try Calibration(interpreter: interpreter, samples: samples, method: options.method)
        let plan = try QuantizationPlan(model: model, calibration: calibration, method: options.method,
                                        given: options.activationRanges)

        var quantized = model
        var tensors = subgraph.tensors
        for (index, tensor) in subgraph.tensors.enumerated() {
            switch plan.roles[index] {
            case .structural:
                continue
            case .activation:
                guard let (scale, zeroPoint) = plan.parameters[index] else { continue }
                tensors[index].type = .int8
                tensors[index].quantization = Quantization(scale: [scale], zeroPoint: [zeroPoint])
                if let values = tensor.floatValues {
                    tensors[index].data = values.map { UInt8(bitPattern: QuantizationMath.quantize($0, scale: scale, zeroPoint: zeroPoint)) }
                }
            case .weights(let axis):
                let (values, scales) = QuantizationMath.quantizeWeights(tensor.floatValues ?? [], shape: tensor.shape.map(Int.init), axis: axis)
                tensors[index].type = .int8
                tensors[index].data = values.map { UInt8(bitPattern: $0) }
                tensors[index].quantization = Quantization(scale: scales, zeroPoint: Array(repeating: 0, count: scales.count),
                                                           quantizedDimension: Int32(axis))
            case .bias:
                continue  // needs the weight scales: done below
            }
        }
        for (index, role) in plan.roles.enumerated() {
            guard case .bias(let o) = role else { continue }
            let op = subgraph.operators[o]
            let inputScale = plan.parameters[Int(op.inputs[0])]?.scale ?? 1
            let weightScales = tensors[Int(op.inputs[1])].quantization?.scale ?? [1]
            let (values, scales) = QuantizationMath.quantizeBias(subgraph.tensors[index].floatValues ?? [],
                                                                 inputScale: inputScale, weightScales: weightScales)
            tensors[index].type = .int32
            tensors[index].data = Tensor.bytes(values)
            tensors[index].quantization = Quantization(scale: scales, zeroPoint: Array(repeating: 0, count: scales.count))
        }

        var operators = subgraph.operators
        for o in operators.indices {
            operators[o].opcode.version = QuantizationRule.int8Version(operators[o].builtin)
        }
        quantized.subgraphs[0].tensors = tensors
        quantized.subgraphs[0].operators = operators
        if options.io == .float { addFloatEdges(&quantized) }
        try recordLineage(&quantized, samples: samples.count, options: options)
        return quantized
    }

    /// Converters share identical constants (an all-zero bias of two convolutions). Weights
    /// and biases are quantized per op (a bias's scale depends on its op's input scale), so
    /// each weighted op gets its own copy.
    static func unshareWeights(_ subgraph: Subgraph) -> Subgraph {
        var subgraph = subgraph
        var claimed = Set<Int32>()
        for o in subgraph.operators.indices {
            guard case .weighted = QuantizationRule.of(subgraph.operators[o].builtin) else { continue }
            for slot in [1, 2] where slot < subgraph.operators[o].inputs.count {
                let index = subgraph.operators[o].inputs[slot]
                guard index >= 0 else { continue }
                if claimed.insert(index).inserted { continue }
                var copy = subgraph.tensors[Int(index)]
                copy.name += "_\(o)"
                subgraph.tensors.append(copy)
                subgraph.operators[o].inputs[slot] = Int32(subgraph.tensors.count - 1)
            }
        }
        return subgraph
    }

    /// `--io float`: float32 input → QUANTIZE → the int8 graph → DEQUANTIZE → float32 output.
    static func addFloatEdges(_ model: inout Model) {
        var subgraph = model.subgraphs[0]
        var renamed: [Int32: Int32] = [:]
        var prologue: [Operator] = []
        for (i, input) in subgraph.inputs.enumerated() {
            let int8 = subgraph.tensors[Int(input)]
            subgraph.tensors.append(Tensor(name: int8.name, type: .float32, shape: int8.shape, shapeSignature: int8.shapeSignature))
            subgraph.tensors[Int(input)].name += "_int8"
            let float = Int32(subgraph.tensors.count - 1)
            prologue.append(Operator(opcode: OperatorCode(.quantize), inputs: [float], outputs: [input],
                                     options: BuiltinOptions(type: BuiltinOptions.Kind.quantize)))
            subgraph.inputs[i] = float
            renamed[input] = float
        }
        var epilogue: [Operator] = []
        for (i, output) in subgraph.outputs.enumerated() {
            let int8 = subgraph.tensors[Int(output)]
            subgraph.tensors.append(Tensor(name: int8.name, type: .float32, shape: int8.shape, shapeSignature: int8.shapeSignature))
            subgraph.tensors[Int(output)].name += "_int8"
            let float = Int32(subgraph.tensors.count - 1)
            epilogue.append(Operator(opcode: OperatorCode(.dequantize, version: 2), inputs: [output], outputs: [float],
                                     options: BuiltinOptions(type: BuiltinOptions.Kind.dequantize)))
            subgraph.outputs[i] = float
            renamed[output] = float
        }
        subgraph.operators = prologue + subgraph.operators + epilogue
        model.subgraphs[0] = subgraph
        for s in model.signatureDefs.indices where model.signatureDefs[s].subgraphIndex == 0 {
            for k in model.signatureDefs[s].inputs.indices {
                let old = Int32(model.signatureDefs[s].inputs[k].tensorIndex)
                if let new = renamed[old] { model.signatureDefs[s].inputs[k].tensorIndex = UInt32(new) }
            }
            for k in model.signatureDefs[s].outputs.indices {
                let old = Int32(model.signatureDefs[s].outputs[k].tensorIndex)
                if let new = renamed[old] { model.signatureDefs[s].outputs[k].tensorIndex = UInt32(new) }
            }
        }
    }

    /// Adds how the model was quantized to the `tinyops` metadata, keeping what was there.
    static func recordLineage(_ model: inout Model, samples: Int, options: Options) throws {
        var metadata = (try model.tinyopsMetadata())?.objectValue ?? JSONObject()
        metadata["quantization"] = [
            "scheme": "int8 per-channel weights, per-tensor activations (TFLite spec)",
            "calibration": .string(options.activationRanges.isEmpty ? options.method.name
                                   : "\(options.activationRanges.count) ranges from quantization-aware training, \(options.method.name) for the rest"),
            "calibration_samples": .int(samples),
            "io": .string(options.io.rawValue),
            "tool": .string("tinyops \(TinyOps.version)"),
        ]
        try model.setTinyopsMetadata(.object(metadata))
    }
}
