/// `tinyops train`: spec + dataset → trained float32 `.tflite` with its metadata.
public enum TrainJob {
    /// Loads the spec and the dataset, checks that they fit, trains, exports and writes the
    /// model atomically to `output`. Nothing is written unless everything succeeds.
    /// With `qat`, the float training is followed by quantization-aware fine-tuning and the
    /// written model is the int8 one (see `QATOptions`).
    public static func run(spec specPath: String, data dataPath: String, output: String, options: TrainingOptions,
                           qat: QATOptions? = nil, progress: (EpochMetrics) -> Void = { _ in }) throws -> TrainReport {
        try options.validate()
        if let qat, qat.epochs < 1 { throw TrainError.badOption("QAT needs at least 1 epoch, got \(qat.epochs)") }
        let spec = try ModelSpec.load(specPath)
        let data = try TrainingSetReader.read(dataPath)
        let resolved: ResolvedModel
        do {
            resolved = try spec.resolve(sampleShape: data.sampleShape, classes: data.classCount)
        } catch let error as any UserFacingError {
            throw FileError(path: specPath, reason: error)
        }
        let network = Network(resolved)
        let outcome: TrainingOutcome
        do {
            outcome = try Trainer.train(network, data: data, options: options, progress: progress)
        } catch let error as TrainError {
            throw FileError(path: dataPath, reason: error)
        }
        var model = ModelExporter.export(network, parameters: outcome.parameters, state: outcome.state)
        var report = TrainReport(outcome: outcome, labels: data.labels, datasetHash: data.hash, specName: spec.name,
                                 options: options, modelPath: output, spec: spec)
        report.features = data.features
        report.monitoring = MonitoringProfile.fit(outcome, data: data)
        try model.setTinyopsMetadata(report.metadata())
        if let qat {
            do {
                let (int8, summary) = try QuantizationAwareTraining.run(
                    network, trained: outcome, floatModel: model, metadata: report.metadata().objectValue ?? JSONObject(),
                    data: data, options: options, qat: qat, progress: progress)
                model = int8
                report.qat = summary
            } catch let error as TrainError {
                throw FileError(path: dataPath, reason: error)
            }
        }
        try ModelFile.save(model, to: output)
        return report
    }
}

/// What a training run produced, for the terminal, for `--json` and for the model's metadata.
public struct TrainReport: Sendable {
    public var outcome: TrainingOutcome
    public var labels: [String]
    public var datasetHash: String?
    /// The dataset's feature block, copied into the metadata (`features`); nil for raw windows.
    public var features: FeatureSpec?
    public var specName: String?
    public var options: TrainingOptions
    public var modelPath: String
    /// Stored in the metadata so the model can be read back into a network (`TrainedModel`).
    public var spec: ModelSpec? = nil
    /// Quantization-aware training's results (`--qat`).
    public var qat: QATSummary? = nil
    /// Training statistics for `tinyops monitor` (`"monitoring"` in the metadata).
    public var monitoring: MonitoringProfile? = nil

    /// The `tinyops` metadata entry of the exported model.
    public func metadata() -> JSONValue {
        var metrics: JSONObject = [
            "train_accuracy": .number(outcome.train.accuracy),
            "best_epoch": .int(outcome.bestEpoch),
            "epochs_run": .int(outcome.history.count),
        ]
        if let validation = outcome.validation {
            metrics["val_accuracy"] = .number(validation.accuracy)
            metrics["val_loss"] = .number(validation.loss)
        }
        if let test = outcome.test {
            metrics["test_accuracy"] = .number(test.accuracy)
            metrics["test_loss"] = .number(test.loss)
        }
        // Per-epoch curves and the final confusion matrix travel with the model, so
        // `tinyops report MODEL.tflite` can draw them without the training run's files.
        var history: JSONObject = [
            "loss": .array(outcome.history.map { .float(Float($0.loss)) }),
            "accuracy": .array(outcome.history.map { .float(Float($0.accuracy)) }),
        ]
        if outcome.history.contains(where: { $0.validation != nil }) {
            history["val_loss"] = .array(outcome.history.map { $0.validation.map { .float(Float($0.loss)) } ?? .null })
            history["val_accuracy"] = .array(outcome.history.map { $0.validation.map { .float(Float($0.accuracy)) } ?? .null })
        }
        if let final = outcome.test ?? outcome.validation {
            metrics["confusion_matrix"] = .array(final.confusion.map { .array($0.map { .int($0) }) })
            metrics["confusion_split"] = .string(outcome.test != nil ? "test" : "val")
        }
        var value: JSONObject = [
            "labels": .array(labels.map(JSONValue.string)),
            "history": .object(history),
            "input_shape": .array(outcome.network.model.inputShape.map { .int($0) }),
            "normalization": ["axis": -1, "mean": .floats(outcome.normalization.mean), "std": .floats(outcome.normalization.std)],
            "metrics": .object(metrics),
            "training": trainingSettings(),
        ]
        if let datasetHash { value["dataset_sha256"] = .string(datasetHash) }
        if let features { value["features"] = features.json() }
        if let spec { value["spec"] = spec.json() }
        if let monitoring { value["monitoring"] = monitoring.json() }
        return .object(value)
    }

    func trainingSettings() -> JSONValue {
        var settings: JSONObject = [
            "optimizer": .string(options.optimizer.rawValue),
            "learning_rate": .float(options.learningRate),
            "schedule": .string(options.schedule.rawValue),
            "batch_size": .int(options.batchSize),
            "epochs": .int(options.epochs),
            "weight_decay": .float(options.weightDecay),
            "seed": .int(options.seed),
            "patience": .int(options.patience),
            "class_weights": .string(options.classWeighting.rawValue),
            "threads": .int(options.lanes),
        ]
        if options.optimizer == .sgd { settings["momentum"] = .float(options.momentum) }
        if let specName { settings["spec"] = .string(specName) }
        return .object(settings)
    }

    /// The `--json` result: per-epoch metrics, final evaluations with confusion matrices.
    public func json() -> JSONValue {
        let epochs: [JSONValue] = outcome.history.map { m in
            var entry: JSONObject = [
                "epoch": .int(m.epoch), "learning_rate": .float(m.learningRate),
                "loss": .number(m.loss), "accuracy": .number(m.accuracy),
            ]
            if let v = m.validation {
                entry["val_loss"] = .number(v.loss)
                entry["val_accuracy"] = .number(v.accuracy)
            }
            entry["seconds"] = .number(m.seconds)
            entry["samples_per_second"] = .number(m.samplesPerSecond.rounded())
            return .object(entry)
        }
        var result: JSONObject = [
            "model": .string(modelPath),
            "labels": .array(labels.map(JSONValue.string)),
            "parameters": .int(outcome.network.parameterCount),
            "training": trainingSettings(),
            "epochs": .array(epochs),
            "best_epoch": .int(outcome.bestEpoch),
            "stopped_early": .bool(outcome.stoppedEarly),
            "samples_per_second": .number(outcome.samplesPerSecond.rounded()),
            "train": Self.json(outcome.train),
        ]
        if let validation = outcome.validation { result["val"] = Self.json(validation) }
        if let test = outcome.test { result["test"] = Self.json(test) }
        if let datasetHash { result["dataset_sha256"] = .string(datasetHash) }
        if let qat { result["qat"] = qat.json() }
        return .object(result)
    }

    static func json(_ e: Evaluation) -> JSONValue {
        [
            "samples": .int(e.samples),
            "loss": .number(e.loss),
            "accuracy": .number(e.accuracy),
            "precision": .array(e.precision.map { $0.map(JSONValue.number) ?? .null }),
            "recall": .array(e.recall.map { $0.map(JSONValue.number) ?? .null }),
            "confusion_matrix": .array(e.confusion.map { .array($0.map { .int($0) }) }),
        ]
    }
}
