#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Which update rule the trainer uses.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case adam, sgd
}

/// Adam and SGD with momentum over the flat parameter buffer, following PyTorch's update
/// rules so that the benchmark compares like with like:
/// - SGD: g += wd·w (weights only); buf = μ·buf + g (buf = g at the first step); w -= lr·buf.
/// - Adam (decoupled weight decay, as AdamW): w -= lr·wd·w (weights only);
///   m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
///   w -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε).
/// Updates are elementwise, so lanes can update disjoint ranges in parallel.
final class Optimizer: @unchecked Sendable {
    let kind: OptimizerKind
    let momentum: Float
    let weightDecay: Float
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8
    /// 1 for parameters that decay, 0 for the others.
    let decays: Storage<Float>
    let first: Storage<Float>
    let second: Storage<Float>
    /// Steps taken, counting the one being applied.
    var step = 0
    var learningRate: Float = 0

    init(kind: OptimizerKind, network: Network, momentum: Float, weightDecay: Float) {
        self.kind = kind
        self.momentum = momentum
        self.weightDecay = weightDecay
        decays = Storage(count: network.parameterCount, value: 0)
        for tensor in network.tensors where tensor.decays {
            (decays.pointer + tensor.offset).update(repeating: 1, count: tensor.count)
        }
        first = Storage(count: network.parameterCount, value: 0)
        second = Storage(count: kind == .adam ? network.parameterCount : 0, value: 0)
    }

    /// Applies one step to `parameters[range]` from the summed gradients.
    func update(_ range: Range<Int>, parameters w: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        let lr = learningRate, wd = weightDecay, d = decays.pointer, m = first.pointer
        switch kind {
        case .sgd:
            let mu = momentum, firstStep = step == 1
            for i in range {
                let gradient = g[i] + wd * d[i] * w[i]
                m[i] = firstStep ? gradient : mu * m[i] + gradient
                w[i] -= lr * m[i]
            }
        case .adam:
            let v = second.pointer
            let b1 = beta1, b2 = beta2
            let correction1 = 1 - Float(pow(Double(b1), Double(step)))
            let correction2 = (1 - Float(pow(Double(b2), Double(step)))).squareRoot()
            let stepSize = lr / correction1
            for i in range {
                w[i] -= lr * wd * d[i] * w[i]
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                w[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + epsilon)
            }
        }
    }
}
