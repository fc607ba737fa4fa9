#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How the learning rate changes over the epochs (evaluated once per epoch, as PyTorch's
/// schedulers stepped per epoch do).
public enum LearningRateSchedule: String, CaseIterable, Sendable {
    /// The same rate every epoch.
    case constant
    /// lr·(1 + cos(π·e/E))/2 for epoch e of E (PyTorch's CosineAnnealingLR, eta_min 0).
    case cosine
    /// lr, then lr/10 from half the epochs, lr/100 from three quarters (MultiStepLR).
    case step

    public func rate(base: Float, epoch: Int, epochs: Int) -> Float {
        switch self {
        case .constant:
            return base
        case .cosine:
            return base * Float((1 + cos(Double.pi * Double(epoch) / Double(max(epochs, 1)))) / 2)
        case .step:
            let drops = (epoch >= epochs / 2 ? 1 : 0) + (epoch >= epochs * 3 / 4 ? 1 : 0)
            return base * Float(pow(0.1, Double(drops)))
        }
    }
}

/// Class weights in the loss, for imbalanced data.
public enum ClassWeighting: String, CaseIterable, Sendable {
    /// Every class weighs 1.
    case none
    /// Class c weighs N / (classes · n_c) over the training split (scikit-learn's "balanced").
    case auto
}

/// Everything `tinyops train` lets the user choose.
public struct TrainingOptions: Equatable, Sendable {
    public var epochs = 20
    public var batchSize = 32
    public var learningRate: Float = 0.001
    public var optimizer: OptimizerKind = .adam
    /// SGD momentum.
    public var momentum: Float = 0.9
    /// L2 (SGD) or decoupled (Adam) decay of the weights; biases and batch-norm parameters do not decay.
    public var weightDecay: Float = 0
    public var schedule: LearningRateSchedule = .constant
    public var seed: UInt64 = 0
    /// Stop when the validation loss has not improved for this many epochs (0: never), and
    /// keep the weights of the best epoch.
    public var patience = 0
    public var classWeighting: ClassWeighting = .none
    /// Threads; the batch is split into this many shards, so results depend on it.
    public var lanes = 2

    public init() {}

    public func validate() throws(TrainError) {
        guard epochs >= 1 else { throw .badOption("epochs must be at least 1, got \(epochs)") }
        guard batchSize >= 1 else { throw .badOption("the batch size must be at least 1, got \(batchSize)") }
        guard learningRate > 0, learningRate.isFinite else { throw .badOption("the learning rate must be positive, got \(learningRate)") }
        guard weightDecay >= 0 else { throw .badOption("weight decay cannot be negative, got \(weightDecay)") }
        guard momentum >= 0, momentum < 1 else { throw .badOption("momentum must be in [0, 1), got \(momentum)") }
        guard lanes >= 1 else { throw .badOption("lanes must be at least 1") }
    }
}

extension ClassWeighting {
    /// Per-class loss weights for training samples with `counts` per class.
    public func weights(counts: [Int]) -> [Float] {
        switch self {
        case .none:
            return [Float](repeating: 1, count: counts.count)
        case .auto:
            let total = Float(counts.reduce(0, +)), classes = Float(counts.count)
            return counts.map { $0 > 0 ? total / (classes * Float($0)) : 0 }
        }
    }
}
