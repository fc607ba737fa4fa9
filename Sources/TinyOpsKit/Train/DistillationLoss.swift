#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A teacher's view of the training samples for knowledge distillation (Hinton et al., 2015).
public struct Distillation: Sendable {
    /// The teacher's logits, `classes` per sample, by sample index (rows of samples that are
    /// not trained on are ignored).
    public var teacherLogits: [Float]
    /// Softening temperature T > 0.
    public var temperature: Float
    /// Weight α of the cross-entropy with the labels; 1 - α goes to the teacher's term.
    public var alpha: Float

    public init(teacherLogits: [Float], temperature: Float, alpha: Float) {
        self.teacherLogits = teacherLogits
        self.temperature = temperature
        self.alpha = alpha
    }
}

/// The loss a training step minimises.
enum StepLoss {
    case crossEntropy
    case distillation(DistillationTargets)
}

/// The teacher's soft targets p_t = softmax(teacher / T), computed once for the whole run,
/// with Σ p_t·log p_t per sample (so the loss reported is the KL divergence itself).
final class DistillationTargets: @unchecked Sendable {
    let probabilities: Storage<Float>
    let negativeEntropy: Storage<Double>
    let classes: Int
    let temperature: Float
    let alpha: Float

    init(_ distillation: Distillation, classes: Int) {
        let samples = distillation.teacherLogits.count / max(classes, 1)
        self.classes = classes
        temperature = distillation.temperature
        alpha = distillation.alpha
        probabilities = Storage(count: samples * classes, value: 0)
        negativeEntropy = Storage(count: samples, value: 0)
        let t = Double(distillation.temperature)
        for s in 0..<samples {
            let row = distillation.teacherLogits[(s * classes)..<((s + 1) * classes)]
            let top = Double(row.max() ?? 0)
            let exps = row.map { exp((Double($0) - top) / t) }
            let sum = exps.reduce(0, +)
            var entropy = 0.0
            for (j, e) in exps.enumerated() {
                let p = e / sum
                probabilities.pointer[s * classes + j] = Float(p)
                if p > 0 { entropy += p * log(p) }
            }
            negativeEntropy.pointer[s] = entropy
        }
    }
}

/// loss = α·CE(labels, z) + (1 - α)·T²·KL(softmax(t / T) ‖ softmax(z / T)) for student
/// logits z and teacher logits t, each sample weighted by its class weight w_y / W as in
/// `SoftmaxCrossEntropy`. The T² keeps the soft term's gradient, T·(softmax(z/T) - p_t),
/// on the scale of the hard one as T changes.
enum DistillationLoss {
    /// Returns Σ w_y·loss over these rows and how many rows have argmax(z) = y. `samples[r]`
    /// is row r's sample index into the targets. logits (rows, classes), gradient (rows,
    /// classes) overwritten with d(loss / W)/dz.
    static func apply(logits: UnsafePointer<Float>, labels: UnsafePointer<Int32>, samples: UnsafePointer<Int>, rows: Int,
                      classes: Int, targets: DistillationTargets, classWeights: UnsafePointer<Float>, weightTotal: Float,
                      gradient: UnsafeMutablePointer<Float>) -> (weightedLoss: Double, correct: Int) {
        let hard = SoftmaxCrossEntropy.apply(logits: logits, labels: labels, rows: rows, classes: classes,
                                             classWeights: classWeights, weightTotal: weightTotal, gradient: gradient)
        let alpha = targets.alpha, soft = 1 - targets.alpha, t = targets.temperature
        let inverseT = 1 / t
        var softLoss = 0.0
        for r in 0..<rows {
            let z = logits + r * classes, dz = gradient + r * classes
            let sample = samples[r]
            let pt = UnsafePointer(targets.probabilities.pointer + sample * classes)
            var top = z[0]
            for j in 1..<max(classes, 1) where z[j] > top { top = z[j] }
            var sum: Float = 0
            for j in 0..<classes { sum += expf((z[j] - top) * inverseT) }
            // KL = Σ p_t·log p_t - Σ p_t·log p_s with log p_s = (z - top)/T - log Σ.
            var crossTerm = 0.0
            for j in 0..<classes { crossTerm += Double(pt[j]) * Double((z[j] - top) * inverseT) }
            let kl = targets.negativeEntropy.pointer[sample] - crossTerm + Double(logf(sum))
            let weight = classWeights[Int(labels[r])]
            softLoss += Double(weight) * Double(t * t) * kl
            let factor = weight / weightTotal * t
            for j in 0..<classes {
                let ps = expf((z[j] - top) * inverseT) / sum
                dz[j] = alpha * dz[j] + soft * (factor * (ps - pt[j]))
            }
        }
        return (Double(alpha) * hard.weightedLoss + Double(soft) * softLoss, hard.correct)
    }
}
