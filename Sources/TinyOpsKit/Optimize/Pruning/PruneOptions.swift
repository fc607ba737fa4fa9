/// Everything `tinyops prune` lets the user choose besides the training options.
public struct PruneOptions: Equatable, Sendable {
    /// What is removed: single weights, or whole filters/units.
    public enum Structure: String, CaseIterable, Sendable {
        /// Magnitude pruning of single weights (zeros in dense tensors).
        case weights
        /// Whole output channels, and the matching inputs of the layers that read them.
        case channels
    }

    /// Fraction of the prunable weights (or of each group's channels) removed, in [0, 1).
    public var sparsity: Double
    public var structure: Structure = .weights
    public var schedule: SparsitySchedule = .polynomial
    /// Polynomial schedule: the sparsity at the first step.
    public var initialSparsity: Double = 0
    /// Polynomial schedule: epochs over which the sparsity grows (nil: half the epochs);
    /// masks stay fixed for the epochs after.
    public var rampEpochs: Int?
    /// Polynomial schedule: masks are recomputed every this many steps.
    public var frequency = 10
    public var scope: PruningScope = .layer
    public var criterion: ChannelCriterion = .l1
    /// Also prune the first and last weighted layers (biases are never pruned).
    public var allLayers = false
    /// Fine-tune with fake quantization and write the int8 model.
    public var quantizationAware = false
    /// Calibration samples for tensors QAT does not track.
    public var calibrationSamples = 200

    public init(sparsity: Double) {
        self.sparsity = sparsity
    }

    /// The ramp in epochs for `epochs` of fine-tuning (0 for the constant schedule).
    public func ramp(epochs: Int) -> Int {
        guard schedule == .polynomial, structure == .weights else { return 0 }
        return rampEpochs ?? max(1, epochs / 2)
    }

    public func validate(epochs: Int) throws(PruneError) {
        guard sparsity >= 0, sparsity < 1 else { throw .badOption("the sparsity must be in [0, 1), got \(sparsity)") }
        guard initialSparsity >= 0, initialSparsity <= sparsity else {
            throw .badOption("the initial sparsity must be in [0, \(sparsity)], got \(initialSparsity)")
        }
        guard frequency >= 1 else { throw .badOption("the mask update frequency must be at least 1 step") }
        if structure == .channels {
            guard scope == .layer else { throw .badOption("structured pruning removes the same share of channels in every layer (--scope layer)") }
            guard schedule == .constant else { throw .badOption("structured pruning removes channels at once (--schedule constant)") }
        }
        let ramp = ramp(epochs: epochs)
        guard ramp < epochs || schedule == .constant || structure == .channels else {
            throw .badOption("the sparsity ramp (\(ramp) epochs) must end before the last epoch (--epochs \(epochs)), so that masks stay fixed while fine-tuning")
        }
    }
}
