import Foundation

/// The readable forms: one progress line per epoch, and the final summary.
extension EpochMetrics {
    /// `epoch 3/20  loss 0.4123  acc 87.5%  val_loss 0.45  val_acc 85.0%  41,230 samples/s  ETA 0:12`
    public var progressLine: String {
        var line = "epoch \(String(repeating: " ", count: String(epochs).count - String(epoch).count))\(epoch)/\(epochs)"
        line += "  loss " + String(format: "%.4f", loss)
        line += "  acc " + String(format: "%5.1f%%", accuracy * 100)
        if let validation {
            line += "  val_loss " + String(format: "%.4f", validation.loss)
            line += "  val_acc " + String(format: "%5.1f%%", validation.accuracy * 100)
        }
        line += "  \(Int(samplesPerSecond.rounded())) samples/s"
        let remaining = Int(remainingSeconds.rounded())
        line += "  ETA \(remaining / 60):" + String(format: "%02d", remaining % 60)
        return line
    }
}

extension TrainReport {
    public func text() -> String {
        var lines: [String] = []
        let o = outcome
        lines.append("model     \(modelPath)")
        lines.append("network   \(o.network.ops.count) layers, \(o.network.parameterCount) parameters, input \(ModelSpec.text(o.network.model.inputShape))")
        let stop = o.stoppedEarly ? " (stopped early)" : ""
        lines.append("trained   \(o.history.count) epochs\(stop), kept epoch \(o.bestEpoch), \(Int(o.samplesPerSecond.rounded())) samples/s")
        func line(_ name: String, _ e: Evaluation?) {
            guard let e else { return }
            lines.append(name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "accuracy %.2f%%  loss %.4f  (%d samples)", e.accuracy * 100, e.loss, e.samples))
        }
        line("train", o.train)
        line("val", o.validation)
        line("test", o.test)
        if let qat { lines.append(contentsOf: qat.text().split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)) }
        if let final = o.test ?? o.validation {
            lines.append("")
            lines.append("confusion matrix (\(o.test != nil ? "test" : "val"); rows: true class, columns: predicted)")
            let width = max(labels.map(\.count).max() ?? 1, 5) + 3  // "12 " before the label
            let cell = max(final.confusion.flatMap { $0 }.map { String($0).count }.max() ?? 1, 3)
            lines.append(String(repeating: " ", count: width + 1)
                + labels.indices.map { String($0).leftPadded(cell) }.joined(separator: " ") + "   recall")
            for (c, row) in final.confusion.enumerated() {
                let recall = final.recall[c].map { String(format: "%6.1f%%", $0 * 100) } ?? "     -"
                lines.append("\(String(c).leftPadded(2)) \(labels[c])".padding(toLength: width + 1, withPad: " ", startingAt: 0)
                    + row.map { String($0).leftPadded(cell) }.joined(separator: " ") + "  " + recall)
            }
            let precision = final.precision.map { $0.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
            lines.append("precision " + precision.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
