#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax and cross-entropy fused: from logits z and labels, the loss of each sample and
/// the gradient dz = w_y·(softmax(z) - onehot(y)) / W, where w_y is the class weight and W
/// the sum of the weights over the whole batch (PyTorch's weighted mean). Computing it from
/// the logits is exact where a separate softmax then log would lose precision.
public enum SoftmaxCrossEntropy {
    /// Returns Σ w_y·loss over these rows and how many rows have argmax(z) = y (first
    /// maximum on ties). logits (rows, classes), gradient (rows, classes) overwritten.
    public static func apply(logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int, classes: Int,
                             classWeights: UnsafePointer<Float>, weightTotal: Float,
                             gradient: UnsafeMutablePointer<Float>) -> (weightedLoss: Double, correct: Int) {
        var loss = 0.0
        var correct = 0
        let scale = 1 / weightTotal
        for r in 0..<rows {
            let z = logits + r * classes, dz = gradient + r * classes
            let label = Int(labels[r])
            var top = z[0], best = 0
            for j in 1..<max(classes, 1) where z[j] > top { top = z[j]; best = j }
            if best == label { correct += 1 }
            var sum: Float = 0
            for j in 0..<classes { let e = expf(z[j] - top); dz[j] = e; sum += e }
            let weight = classWeights[label]
            let factor = weight * scale / sum
            for j in 0..<classes { dz[j] *= factor }
            dz[label] -= weight * scale
            loss += Double(weight) * (Double(logf(sum)) - Double(z[label] - top))
        }
        return (loss, correct)
    }
}
