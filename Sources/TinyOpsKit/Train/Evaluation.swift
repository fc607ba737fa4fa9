#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Loss, accuracy and confusion matrix of a model on some samples.
public struct Evaluation: Equatable, Sendable {
    public var samples: Int
    /// Mean cross-entropy (unweighted).
    public var loss: Double
    public var accuracy: Double
    /// confusion[true class][predicted class].
    public var confusion: [[Int]]

    /// From logits (samples × classes) and true labels; the prediction is the first argmax.
    public init(logits: [Float], labels: [Int32], classes: Int) {
        self.init(outputs: logits, labels: labels, classes: classes, probabilities: false)
    }

    /// From model outputs: logits, or `probabilities` (a model ending in SOFTMAX), whose
    /// loss is `-log p[label]` (floored at 1e-7, as an int8 softmax can output exact 0).
    public init(outputs logits: [Float], labels: [Int32], classes: Int, probabilities: Bool) {
        samples = labels.count
        confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var total = 0.0
        var correct = 0
        for (s, label) in labels.enumerated() {
            let row = logits[(s * classes)..<((s + 1) * classes)]
            var best = row.startIndex, top = row[row.startIndex]
            for j in row.indices where row[j] > top { top = row[j]; best = j }
            let predicted = best - row.startIndex
            confusion[Int(label)][predicted] += 1
            if predicted == Int(label) { correct += 1 }
            if probabilities {
                total -= log(max(Double(row[row.startIndex + Int(label)]), 1e-7))
            } else {
                let sum = row.reduce(0.0) { $0 + exp(Double($1 - top)) }
                total += log(sum) - Double(row[row.startIndex + Int(label)] - top)
            }
        }
        loss = samples > 0 ? total / Double(samples) : 0
        accuracy = samples > 0 ? Double(correct) / Double(samples) : 0
    }

    /// Precision and recall per class (nil where undefined: nothing predicted / no samples).
    public var precision: [Double?] {
        confusion.indices.map { c in
            let predicted = confusion.reduce(0) { $0 + $1[c] }
            return predicted > 0 ? Double(confusion[c][c]) / Double(predicted) : nil
        }
    }

    public var recall: [Double?] {
        confusion.indices.map { c in
            let actual = confusion[c].reduce(0, +)
            return actual > 0 ? Double(confusion[c][c]) / Double(actual) : nil
        }
    }
}
