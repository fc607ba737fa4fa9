/// `tinyops eval`: a model's accuracy, per-class precision and recall and confusion matrix on
/// one split of a dataset, run as the device would run it (see `ModelRunner`).
public struct EvalReport: Sendable {
    public var model: String
    public var dataset: String
    public var split: DatasetSplit
    public var engine: ModelRunner.Engine
    public var labels: [String]
    public var evaluation: Evaluation

    public func json() -> JSONValue {
        [
            "model": .string(model),
            "dataset": .string(dataset),
            "split": .string(split.rawValue),
            "engine": .string(engine.rawValue),
            "samples": .int(evaluation.samples),
            "accuracy": .number(evaluation.accuracy),
            "loss": .number(evaluation.loss),
            "labels": .array(labels.map(JSONValue.string)),
            "precision": .array(evaluation.precision.map { $0.map(JSONValue.number) ?? .null }),
            "recall": .array(evaluation.recall.map { $0.map(JSONValue.number) ?? .null }),
            "confusion": .array(evaluation.confusion.map { .array($0.map { .int($0) }) }),
        ]
    }

    public func text() -> String {
        var lines = [
            "model     \(model) (\(engine.rawValue))",
            "data      \(dataset), \(split.rawValue) split, \(evaluation.samples) samples",
            "accuracy  \(Self.percent(evaluation.accuracy))   loss \(String(format: "%.4f", evaluation.loss))",
            "",
        ]
        let width = max(5, labels.map(\.count).max() ?? 5)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        lines.append("\(pad("class"))  precision  recall  samples")
        for (c, label) in labels.enumerated() {
            let precision = evaluation.precision[c].map(Self.percent) ?? "-"
            let recall = evaluation.recall[c].map(Self.percent) ?? "-"
            lines.append("\(pad(label))  \(precision.leftPadded(9))  \(recall.leftPadded(6))  \(String(evaluation.confusion[c].reduce(0, +)).leftPadded(7))")
        }
        lines.append("")
        lines.append("confusion (rows: true, columns: predicted)")
        let cell = max(4, String(evaluation.confusion.flatMap { $0 }.max() ?? 0).count + 1)
        let rowNames = labels.enumerated().map { "\($0) \($1)" }
        let rowWidth = rowNames.map(\.count).max() ?? 0
        func padRow(_ s: String) -> String { s + String(repeating: " ", count: max(0, rowWidth - s.count)) }
        lines.append(padRow("") + labels.indices.map { String($0).leftPadded(cell) }.joined())
        for (c, row) in evaluation.confusion.enumerated() {
            lines.append(padRow(rowNames[c]) + row.map { String($0).leftPadded(cell) }.joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
}

public enum EvalJob {
    public enum Failure: UserFacingError, Equatable {
        case shape(dataset: String, sample: [Int], model: Int)
        case classes(dataset: String, labels: Int, outputs: Int)
        case emptySplit(dataset: String, split: String)

        public var message: String {
            switch self {
            case .shape(let dataset, let sample, let model):
                return "\(dataset): samples of shape \(sample) do not fit the model input (\(model) values)"
            case .classes(let dataset, let labels, let outputs):
                return "\(dataset): \(labels) labels but the model has \(outputs) outputs"
            case .emptySplit(let dataset, let split):
                return "\(dataset): the \(split) split has no samples"
            }
        }
    }

    public static func run(model path: String, data: String, split: DatasetSplit) throws -> EvalReport {
        let runner = try ModelRunner(path: path)
        let dataset = try FeatureInput.adapt(try Dataset.load(data), path: data, to: runner.model)
        guard dataset.sampleSize == runner.inputSize else {
            throw Failure.shape(dataset: data, sample: dataset.sampleShape, model: runner.inputSize)
        }
        guard dataset.labels.count == runner.outputSize else {
            throw Failure.classes(dataset: data, labels: dataset.labels.count, outputs: runner.outputSize)
        }
        let indices = dataset.indices(in: split)
        guard !indices.isEmpty else { throw Failure.emptySplit(dataset: data, split: split.rawValue) }
        return EvalReport(model: path, dataset: data, split: split, engine: runner.engine, labels: dataset.labels,
                          evaluation: try evaluate(runner, dataset, indices))
    }

    /// Evaluation of `runner` on the given samples of `dataset`.
    public static func evaluate(_ runner: ModelRunner, _ dataset: Dataset, _ indices: [Int]) throws -> Evaluation {
        var outputs: [Float] = []
        outputs.reserveCapacity(indices.count * runner.outputSize)
        for i in indices { outputs += try runner.outputs(for: dataset.sample(i)) }
        return Evaluation(outputs: outputs, labels: indices.map { dataset.y[$0] }, classes: dataset.labels.count,
                          probabilities: runner.outputsProbabilities)
    }
}

import Foundation
