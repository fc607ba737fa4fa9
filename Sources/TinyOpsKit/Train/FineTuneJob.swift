/// `tinyops finetune`: retrain some layers of a tinyops float model on (new) data and keep
/// every other parameter exactly as it was: the classifier head by default. The update a
/// device then needs is the retrained layers' buffers (`tinyops diff`), not the model.
///
/// The model is read back through its spec (`TrainedModel`), trained from its own
/// parameters with its own input normalization and frozen batch norm; the optimizer never
/// touches the parameters of the other layers, so they, and after quantization with the same
/// calibration data their int8 weights, are bit-identical to the source's.
public enum FineTuneJob {
    public static func run(model path: String, data dataPath: String, output: String, layers names: [String]?,
                           training: TrainingOptions, progress: (EpochMetrics) -> Void = { _ in }) throws -> FineTuneReport {
        try training.validate()
        let data = try TrainingSetReader.read(dataPath)
        let sourceBytes = try FileBytes.read(path)
        let source: TrainedModel
        do { source = try TrainedModel.load(try TFLiteReader.decode(sourceBytes)) } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        let folded = source.folded
        let shape = folded.network.model.inputShape
        guard shape == data.sampleShape else { throw FileError(path: dataPath, reason: PruneError.sampleShape(model: shape, data: data.sampleShape)) }
        guard source.labels == data.labels else { throw FileError(path: dataPath, reason: PruneError.labels(model: source.labels, data: data.labels)) }

        // Layers with parameters, by their spec names; the default is the last of them.
        let weighted = folded.network.layers.indices.filter { index in folded.network.tensors.contains { $0.layer == index } }
        let layerNames = weighted.map { folded.network.layers[$0].spec.name }
        let chosen: [Int]
        if let names {
            chosen = try names.map { name in
                guard let k = layerNames.firstIndex(of: name) else {
                    throw FileError(path: path, reason: FineTuneError.unknownLayer(name, known: layerNames))
                }
                return weighted[k]
            }
        } else {
            guard let last = weighted.last else { throw FileError(path: path, reason: FineTuneError.nothingToTrain) }
            chosen = [last]
        }
        let ranges = folded.network.tensors.filter { chosen.contains($0.layer) }.map { $0.offset..<($0.offset + $0.count) }

        let evaluation = FineTuning.evaluationSplit(data)
        let before = FineTuning.evaluate(folded, data: data, normalization: source.normalization, indices: evaluation.indices,
                                         lanes: training.lanes).accuracy
        var setup = TrainingSetup()
        setup.start = (folded.parameters, folded.state)
        setup.normalization = source.normalization
        setup.frozenBatchNorm = true
        setup.trainable = ranges
        let outcome: TrainingOutcome
        do {
            outcome = try Trainer.train(folded.network, data: data, options: training, setup: setup, progress: progress)
        } catch let error as TrainError {
            throw FileError(path: dataPath, reason: error)
        }
        var model = ModelExporter.export(folded.network, parameters: outcome.parameters, state: outcome.state)
        var report = TrainReport(outcome: outcome, labels: data.labels, datasetHash: data.hash, specName: folded.spec.name,
                                 options: training, modelPath: output, spec: folded.spec)
        report.features = data.features
        report.monitoring = MonitoringProfile.fit(outcome, data: data)
        var metadata = report.metadata().objectValue ?? JSONObject()
        let trained = ranges.reduce(0) { $0 + $1.count }
        metadata["finetune"] = [
            "source_sha256": .string(SHA256.hex(sourceBytes)),
            "layers": .array(chosen.map { .string(folded.network.layers[$0].spec.name) }),
            "trained_parameters": .int(trained),
            "frozen_parameters": .int(folded.parameters.count - trained),
            "split": .string(evaluation.split.rawValue),
            "accuracy_before": .number(before),
        ]
        try model.setTinyopsMetadata(.object(metadata))
        try ModelFile.save(model, to: output)
        let after = outcome.test?.accuracy ?? outcome.validation?.accuracy ?? outcome.train.accuracy
        return FineTuneReport(source: path, output: output, layers: chosen.map { folded.network.layers[$0].spec.name },
                              trainedParameters: trained, frozenParameters: folded.parameters.count - trained,
                              split: evaluation.split, samples: evaluation.indices.count, accuracyBefore: before, accuracyAfter: after,
                              history: outcome.history)
    }
}

public struct FineTuneReport: Sendable {
    public var source: String
    public var output: String
    public var layers: [String]
    public var trainedParameters: Int
    public var frozenParameters: Int
    public var split: TrainingSet.Split
    public var samples: Int
    public var accuracyBefore: Double
    public var accuracyAfter: Double
    public var history: [EpochMetrics]

    public func json() -> JSONValue {
        [
            "model": .string(source), "output": .string(output), "layers": .array(layers.map(JSONValue.string)),
            "trained_parameters": .int(trainedParameters), "frozen_parameters": .int(frozenParameters),
            "split": .string(split.rawValue), "samples": .int(samples),
            "accuracy_before": .number(accuracyBefore), "accuracy_after": .number(accuracyAfter), "epochs_run": .int(history.count),
        ]
    }

    public func text() -> String {
        func percent(_ value: Double) -> String { String(Double(Int((value * 10000).rounded())) / 100) + "%" }
        return """
            fine-tuned \(layers.joined(separator: ", ")) of \(source): \(trainedParameters) parameters trained, \(frozenParameters) kept
            \(split.rawValue) accuracy  \(percent(accuracyBefore)) before, \(percent(accuracyAfter)) after (\(samples) samples, \(history.count) epochs)
            wrote \(output)

            """
    }
}

public enum FineTuneError: UserFacingError, Equatable {
    case unknownLayer(String, known: [String])
    case nothingToTrain

    public var message: String {
        switch self {
        case .unknownLayer(let name, let known):
            return "has no layer with parameters named '\(name)' (layers with parameters: \(known.joined(separator: ", ")))"
        case .nothingToTrain:
            return "has no layer with parameters"
        }
    }
}
