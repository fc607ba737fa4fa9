import Foundation

/// `tinyops train --qat`: after float training, the network is folded (batch norm into the
/// weights, as the exporter folds it), fine-tuned with fake-quantized weights and
/// activations, and exported through the quantizer with the ranges it learned.
public struct QATOptions: Equatable, Sendable {
    public var epochs: Int
    /// Fine-tuning learning rate; nil for a tenth of the training rate.
    public var learningRate: Float?
    /// Calibration samples (train split) for tensors QAT does not track, and for the PTQ
    /// model it is compared with.
    public var calibrationSamples = 200

    public init(epochs: Int, learningRate: Float? = nil) {
        self.epochs = epochs
        self.learningRate = learningRate
    }
}

/// QAT's results next to plain post-training quantization of the same float model.
public struct QATSummary: Sendable {
    public var epochs: Int
    public var learningRate: Float
    public var split: TrainingSet.Split
    public var samples: Int
    /// The float model (before QAT), tinyops' forward pass.
    public var floatAccuracy: Double
    /// The float model quantized after training (`tinyops quantize`), in TinyOpsRuntime.
    public var postTrainingAccuracy: Double
    /// The written QAT int8 model, in TinyOpsRuntime.
    public var quantizationAwareAccuracy: Double
    public var history: [EpochMetrics]
    public var int8Bytes: Int

    func json() -> JSONValue {
        [
            "epochs": .int(epochs), "learning_rate": .float(learningRate),
            "split": .string(split.rawValue), "samples": .int(samples),
            "float_accuracy": .number(floatAccuracy), "ptq_int8_accuracy": .number(postTrainingAccuracy),
            "qat_int8_accuracy": .number(quantizationAwareAccuracy), "int8_bytes": .int(int8Bytes),
            "epochs_run": .array(history.map { m in
                ["epoch": .int(m.epoch), "loss": .number(m.loss), "accuracy": .number(m.accuracy),
                 "val_accuracy": m.validation.map { .number($0.accuracy) } ?? .null]
            }),
        ]
    }

    func text() -> String {
        func percent(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        return """
            qat       \(epochs) epochs of fake-quantized fine-tuning at lr \(String(format: "%g", learningRate)); int8 model \(int8Bytes) bytes
            int8      QAT \(percent(quantizationAwareAccuracy)), post-training quantization \(percent(postTrainingAccuracy)), \
            float \(percent(floatAccuracy)) (\(samples) \(split.rawValue) samples; int8 in TinyOpsRuntime)

            """
    }
}

enum QuantizationAwareTraining {
    /// Fine-tunes the trained float network with fake quantization and returns the int8
    /// model (with `metadata`, its spec replaced by the folded one) and the comparison.
    static func run(_ network: Network, trained outcome: TrainingOutcome, floatModel: Model, metadata: JSONObject,
                    data: TrainingSet, options: TrainingOptions, qat: QATOptions,
                    progress: (EpochMetrics) -> Void) throws -> (model: Model, summary: QATSummary) {
        let folded = try network.folded(parameters: outcome.parameters, state: outcome.state)
        var setup = TrainingSetup()
        setup.start = (folded.parameters, folded.state)
        setup.normalization = outcome.normalization
        setup.frozenBatchNorm = true
        setup.quantizationAware = true
        var fineTuning = options
        fineTuning.epochs = qat.epochs
        fineTuning.learningRate = qat.learningRate ?? options.learningRate / 10
        let tuned = try Trainer.train(folded.network, data: data, options: fineTuning, setup: setup, progress: progress)
        var result = folded
        result.parameters = tuned.parameters
        result.state = tuned.state
        var entry = metadata
        entry["spec"] = result.spec.json()
        entry["qat"] = ["epochs": .int(qat.epochs), "learning_rate": .float(fineTuning.learningRate),
                        "ranges": "exponential moving average (0.99) of batch min/max, learned during QAT"]
        let calibration = FineTuning.calibrationSamples(data, normalization: outcome.normalization, limit: qat.calibrationSamples)
        let model = try FineTuning.int8Model(result, ranges: tuned.activationRanges, metadata: .object(entry), calibration: calibration)
        let evaluation = FineTuning.evaluationSplit(data)
        let postTraining = try FineTuning.postTrainingInt8(floatModel, calibration: calibration)
        let summary = QATSummary(
            epochs: qat.epochs, learningRate: fineTuning.learningRate, split: evaluation.split, samples: evaluation.indices.count,
            floatAccuracy: FineTuning.evaluate(folded, data: data, normalization: outcome.normalization, indices: evaluation.indices,
                                               lanes: options.lanes).accuracy,
            postTrainingAccuracy: try FineTuning.deviceEvaluation(postTraining, data: data, indices: evaluation.indices).accuracy,
            quantizationAwareAccuracy: try FineTuning.deviceEvaluation(model, data: data, indices: evaluation.indices).accuracy,
            history: tuned.history, int8Bytes: try TFLiteWriter.encode(model).count)
        return (model, summary)
    }
}
