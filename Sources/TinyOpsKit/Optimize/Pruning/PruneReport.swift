import Foundation

/// What `tinyops prune` did: accuracy before, right after pruning and after fine-tuning;
/// per layer parameters, sparsity and MACs; file bytes raw and gzip-compressed.
public struct PruneReport: Sendable {
    public struct Layer: Equatable, Sendable {
        public var name: String
        public var type: String
        public var parametersBefore: Int
        public var parametersAfter: Int
        public var nonzeroBefore: Int
        public var nonzeroAfter: Int
        /// Zeros among the layer's weights after pruning.
        public var sparsity: Double
        public var macsBefore: Int
        public var macsAfter: Int
        public var note: String
    }

    public struct Bytes: Equatable, Sendable {
        public var before: Int
        public var after: Int
        /// `gzip -9` sizes (nil without a gzip on the PATH).
        public var gzipBefore: Int?
        public var gzipAfter: Int?
    }

    public var input: String
    public var output: String
    public var options: PruneOptions
    public var training: TrainingOptions
    public var split: TrainingSet.Split
    public var samples: Int
    public var accuracyBefore: Double
    /// Pruned to the target, not fine-tuned.
    public var accuracyPruned: Double
    /// After fine-tuning (fake-quantized with --qat).
    public var accuracyAfter: Double
    /// The written int8 model's accuracy in TinyOpsRuntime (--qat).
    public var int8Accuracy: Double?
    /// Zeros among the prunable weights (all weights for structured pruning).
    public var sparsity: Double
    public var layers: [Layer]
    public var bytes: Bytes
    public var history: [EpochMetrics]
    public var trainedFromSpec: Bool

    public var totals: (parametersBefore: Int, parametersAfter: Int, nonzeroBefore: Int, nonzeroAfter: Int, macsBefore: Int, macsAfter: Int) {
        layers.reduce((0, 0, 0, 0, 0, 0)) {
            ($0.0 + $1.parametersBefore, $0.1 + $1.parametersAfter, $0.2 + $1.nonzeroBefore, $0.3 + $1.nonzeroAfter,
             $0.4 + $1.macsBefore, $0.5 + $1.macsAfter)
        }
    }

    public func json() -> JSONValue {
        let t = totals
        func optional(_ value: Int?) -> JSONValue { value.map { .int($0) } ?? .null }
        return [
            "input": .string(input),
            "output": .string(output),
            "structure": .string(options.structure.rawValue),
            "target_sparsity": .number(options.sparsity),
            "sparsity": .number(sparsity),
            "quantization_aware": .bool(options.quantizationAware),
            "epochs": .int(training.epochs),
            "accuracy": [
                "split": .string(split.rawValue), "samples": .int(samples),
                "before": .number(accuracyBefore), "pruned": .number(accuracyPruned), "after": .number(accuracyAfter),
                "int8": int8Accuracy.map(JSONValue.number) ?? .null,
            ],
            "bytes": ["before": .int(bytes.before), "after": .int(bytes.after),
                      "gzip_before": optional(bytes.gzipBefore), "gzip_after": optional(bytes.gzipAfter), "gzip": "gzip -9 -n"],
            "totals": ["parameters_before": .int(t.parametersBefore), "parameters_after": .int(t.parametersAfter),
                       "nonzero_before": .int(t.nonzeroBefore), "nonzero_after": .int(t.nonzeroAfter),
                       "macs_before": .int(t.macsBefore), "macs_after": .int(t.macsAfter)],
            "layers": .array(layers.map { l in
                [
                    "name": .string(l.name), "type": .string(l.type),
                    "parameters_before": .int(l.parametersBefore), "parameters_after": .int(l.parametersAfter),
                    "nonzero_before": .int(l.nonzeroBefore), "nonzero_after": .int(l.nonzeroAfter),
                    "sparsity": .number(l.sparsity), "macs_before": .int(l.macsBefore), "macs_after": .int(l.macsAfter),
                    "note": .string(l.note),
                ]
            }),
            "epochs_run": .array(history.map { m in
                ["epoch": .int(m.epoch), "loss": .number(m.loss), "accuracy": .number(m.accuracy),
                 "val_accuracy": m.validation.map { .number($0.accuracy) } ?? .null]
            }),
        ]
    }

    public func text() -> String {
        let t = totals
        func percent(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        var lines = ["pruned    \(input) → \(output)\(trainedFromSpec ? " (spec trained first)" : "")"]
        switch options.structure {
        case .weights:
            let schedule = options.schedule == .polynomial
                ? "polynomial over \(options.ramp(epochs: training.epochs)) epochs, every \(options.frequency) steps" : "constant"
            lines.append("method    magnitude, \(options.scope.rawValue) scope, \(schedule)\(options.allLayers ? ", all layers" : ", first and last layers dense")")
            lines.append("sparsity  \(percent(sparsity)) of the prunable weights (target \(percent(options.sparsity)))")
        case .channels:
            lines.append("method    channels by lowest \(options.criterion.rawValue) norm, \(percent(options.sparsity)) of each prunable layer's")
        }
        lines.append("fine-tune \(training.epochs) epochs\(options.quantizationAware ? " with fake quantization (QAT)" : "")")
        lines.append("accuracy  before \(percent(accuracyBefore)), pruned \(percent(accuracyPruned)), fine-tuned \(percent(accuracyAfter))"
                     + (int8Accuracy.map { ", int8 \(percent($0))" } ?? "") + " (\(samples) \(split.rawValue) samples)")
        let gzip = { (v: Int?) in v.map(String.init) ?? "n/a" }
        lines.append("file      \(bytes.before) → \(bytes.after) bytes; gzip -9: \(gzip(bytes.gzipBefore)) → \(gzip(bytes.gzipAfter)) bytes")
        lines.append("total     parameters \(t.parametersBefore) → \(t.parametersAfter), nonzero \(t.nonzeroBefore) → \(t.nonzeroAfter), MACs \(t.macsBefore) → \(t.macsAfter)")
        lines.append("")
        let width = max(5, layers.map(\.name.count).max() ?? 5)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        lines.append(pad("layer", width) + "  " + pad("type", 16) + "     params         nonzero   sparsity             MACs  note")
        for l in layers {
            lines.append(pad(l.name, width) + "  " + pad(l.type, 16)
                         + "\(l.parametersBefore)→\(l.parametersAfter)".leftPadded(11)
                         + "\(l.nonzeroBefore)→\(l.nonzeroAfter)".leftPadded(16)
                         + String(format: "%9.1f%%", l.sparsity * 100)
                         + "\(l.macsBefore)→\(l.macsAfter)".leftPadded(17)
                         + (l.note.isEmpty ? "" : "  " + l.note))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
