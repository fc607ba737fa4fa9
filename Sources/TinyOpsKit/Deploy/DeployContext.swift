/// What the generators need to know about one model, worked out once: its bytes and hash, its
/// graph inputs and outputs, the metadata tinyops recorded (labels, normalization, feature
/// block), the operators, and the arena sizes.
struct DeployContext {
    /// A graph input or output.
    struct IO {
        let type: TensorType
        let shape: [Int]
        /// Per-tensor affine quantization, when the tensor is quantized.
        let scale: Float?
        let zeroPoint: Int64?

        var elementCount: Int { shape.reduce(1, *) }
    }

    let prefix: CSymbolPrefix
    /// The model file's name without its folder, as the banners show it (deterministic
    /// whatever folder the model is read from).
    let modelName: String
    let modelPath: String
    let modelBytes: [UInt8]
    let modelSHA256: String
    let model: Model
    let toolVersion: String
    let inputs: [IO]
    let outputs: [IO]
    let labels: [String]
    let normalization: InputNormalization?
    let features: FeatureSpec?
    /// Distinct builtin operators in order of first use.
    let operators: [BuiltinOperator]
    /// TinyOpsRuntime's exact arena, or why the runtime cannot run the model.
    let runtimePlan: Result<RuntimePlan, RuntimeError>
    /// The prepared image (`tinyops_init_prepared`), when asked for.
    let prepared: PreparedImage?
    /// The core the TFLM arena is estimated for, and the estimate.
    let tflmCore: CortexCore
    let tflmArenaBytes: Int

    init(modelPath: String, modelBytes: [UInt8], model: Model, prefix: CSymbolPrefix, tflmCore: CortexCore,
         toolVersion: String, prepared: Bool = false) throws {
        self.prefix = prefix
        self.modelPath = modelPath
        modelName = modelPath.split(separator: "/").last.map(String.init) ?? modelPath
        self.modelBytes = modelBytes
        modelSHA256 = SHA256.hex(modelBytes)
        self.model = model
        self.toolVersion = toolVersion
        let main = model.main
        func io(_ index: Int32) throws -> IO {
            let tensor = main.tensors[Int(index)]
            let quantization = tensor.quantization.flatMap { $0.scale.count == 1 && $0.zeroPoint.count == 1 ? $0 : nil }
            if let scale = quantization?.scale.first, !scale.isFinite {
                throw DeployError.nonFiniteConstant(model: modelPath, what: "the scale of tensor '\(tensor.name)'")
            }
            return IO(type: tensor.type, shape: tensor.shape.map(Int.init), scale: quantization?.scale.first,
                      zeroPoint: quantization?.zeroPoint.first)
        }
        inputs = try main.inputs.map(io)
        outputs = try main.outputs.map(io)
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw DeployError.unsupportedIO(model: modelPath, detail: "the model has \(inputs.count) input(s) and \(outputs.count) output(s)")
        }
        let metadata = try model.tinyopsMetadata()
        labels = metadata?["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        normalization = try InputNormalization(model: model)
        if let normalization, !(normalization.mean + normalization.std).allSatisfy(\.isFinite) {
            throw DeployError.nonFiniteConstant(model: modelPath, what: "the input normalization")
        }
        features = try FeatureInput.spec(of: model)
        var seen: [BuiltinOperator] = []
        for op in main.operators {
            if let builtin = op.builtin, !seen.contains(builtin) { seen.append(builtin) }
        }
        operators = seen
        runtimePlan = Result { () throws(RuntimeError) in try RuntimePlan.compute(modelBytes: modelBytes) }
        if prepared {
            do {
                self.prepared = try PreparedImage.make(modelBytes: modelBytes)
            } catch {
                throw DeployError.runtimeCannotRun(model: modelPath, reason: error.message)
            }
        } else {
            self.prepared = nil
        }
        self.tflmCore = tflmCore
        tflmArenaBytes = TFLMArenaModel.estimate(model, build: .device(tflmCore)).bytes
    }

    /// The exact TinyOpsRuntime arena; throws when the runtime cannot run the model.
    func requireRuntimePlan() throws -> RuntimePlan {
        switch runtimePlan {
        case .success(let plan): return plan
        case .failure(let error): throw DeployError.runtimeCannotRun(model: modelPath, reason: error.message)
        }
    }

    /// Elements of one raw sample as the application reads it: the feature block's input when
    /// the model has one, else input 0.
    var rawInputElements: Int { features?.inputSize ?? inputs[0].elementCount }
}
