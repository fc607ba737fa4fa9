/// What prune, distill and QAT share: evaluating a folded network, and turning one trained
/// with fake quantization into the int8 model through the quantizer.
enum FineTuning {
    /// The split results are reported on: test, else val, else train.
    static func evaluationSplit(_ data: TrainingSet) -> (split: TrainingSet.Split, indices: [Int]) {
        if !data.test.isEmpty { return (.test, data.test) }
        if !data.validation.isEmpty { return (.val, data.validation) }
        return (.train, data.train)
    }

    /// The folded network's accuracy on `indices` (tinyops' float forward pass, batch norm
    /// frozen; with `ranges`, fake-quantized as in QAT).
    static func evaluate(_ folded: FoldedNetwork, data: TrainingSet, normalization: Normalization, indices: [Int],
                         lanes: Int) -> Evaluation {
        let engine = Engine(network: folded.network, capacity: 64, lanes: lanes, seed: 0)
        engine.parameterValues = folded.parameters
        engine.stateValues = folded.state
        engine.frozenBatchNorm = true
        let x = normalization.apply(Trainer.gather(data.x, sampleSize: data.sampleSize, indices: indices))
        let logits = x.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: indices.count).logits }
        return Evaluation(logits: logits, labels: indices.map { data.y[$0] }, classes: data.classCount)
    }

    /// Up to `limit` train-split samples, evenly spread, normalized: calibration for the quantizer.
    static func calibrationSamples(_ data: TrainingSet, normalization: Normalization, limit: Int) -> [[[Float]]] {
        let taken = min(limit, data.train.count)
        return (0..<taken).map { k in
            let i = data.train[k * data.train.count / taken]
            return [normalization.apply(Array(data.x[(i * data.sampleSize)..<((i + 1) * data.sampleSize)]))]
        }
    }

    /// The int8 model of a network trained with fake quantization: the float export with its
    /// `metadata`, quantized with the learned ranges (`ranges` by node) and per-channel weights
    /// exactly as fake quantization rounded them; tensors QAT did not track are calibrated.
    static func int8Model(_ folded: FoldedNetwork, ranges: [Int: (min: Float, max: Float)], metadata: JSONValue,
                          calibration: [[[Float]]]) throws -> Model {
        var (model, nodeTensors) = ModelExporter.exportMapped(folded.network, parameters: folded.parameters, state: folded.state)
        try model.setTinyopsMetadata(metadata)
        var given: [Int: (min: Float, max: Float)] = [:]
        for (node, range) in ranges {
            if let tensor = nodeTensors[node] { given[Int(tensor)] = range }
        }
        return try Quantizer.quantize(model, samples: calibration, options: .init(method: .minMax, io: .int8, activationRanges: given))
    }

    /// Post-training quantization of `model`, as `tinyops quantize --calibration DATASET` does it.
    static func postTrainingInt8(_ model: Model, calibration: [[[Float]]]) throws -> Model {
        try Quantizer.quantize(model, samples: calibration, options: .init(method: .minMax, io: .int8))
    }

    /// Accuracy of a model file's contents run as the device runs it (raw samples, the
    /// model's own normalization; int8 models in TinyOpsRuntime).
    static func deviceEvaluation(_ model: Model, data: TrainingSet, indices: [Int]) throws -> Evaluation {
        let runner = try ModelRunner(model: model, bytes: try TFLiteWriter.encode(model))
        var outputs: [Float] = []
        outputs.reserveCapacity(indices.count * runner.outputSize)
        for i in indices { outputs += try runner.outputs(for: data.x[(i * data.sampleSize)..<((i + 1) * data.sampleSize)]) }
        return Evaluation(outputs: outputs, labels: indices.map { data.y[$0] }, classes: data.classCount,
                          probabilities: runner.outputsProbabilities)
    }

    /// Parameters and MACs of each weighted layer, and how many weights are 0.
    struct LayerCost: Equatable, Sendable {
        var name: String
        var type: String
        var parameters: Int
        var weights: Int
        var zeroWeights: Int
        var macs: Int
    }

    static func layerCosts(_ folded: FoldedNetwork) -> [LayerCost] {
        let network = folded.network, p = folded.parameters
        var result: [LayerCost] = []
        for (index, op) in network.ops.enumerated() {
            let macs: Int
            switch op {
            case .dense(let inputs, let units, _, _): macs = inputs * units
            case .conv(let g, let filters, _, _): macs = g.outputPositions * g.patchSize * filters
            case .depthwise(let g, let m, _, _): macs = g.outputPositions * g.kH * g.kW * g.inC * m
            case .separable(let g, let m, let filters, _, _, _, _):
                macs = g.outputPositions * g.inC * m * (g.kH * g.kW + filters)
            default: continue
            }
            let tensors = network.tensors.filter { $0.layer == index }
            let weights = tensors.filter { $0.role == .weight }
            let zeros = weights.reduce(0) { total, t in total + p[t.offset..<(t.offset + t.count)].filter { $0 == 0 }.count }
            result.append(LayerCost(name: network.layers[index].spec.name, type: network.layers[index].spec.type.rawValue,
                                    parameters: tensors.reduce(0) { $0 + $1.count }, weights: weights.reduce(0) { $0 + $1.count },
                                    zeroWeights: zeros, macs: macs))
        }
        return result
    }
}
