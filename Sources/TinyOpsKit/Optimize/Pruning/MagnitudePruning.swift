#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether the sparsity target holds for each layer or for all prunable weights together.
public enum PruningScope: String, CaseIterable, Sendable {
    /// Every prunable tensor reaches the sparsity (TensorFlow Model Optimization's behaviour).
    case layer
    /// One magnitude threshold over all prunable tensors: layers with many small weights lose more.
    case global
}

/// How the sparsity grows over the training steps.
public enum SparsitySchedule: String, CaseIterable, Sendable {
    /// The target sparsity from the first step (one-shot), masks fixed after.
    case constant
    /// s(t) = s_f + (s_i - s_f)·(1 - (t - t0)/(t1 - t0))³ between steps t0 and t1 (Zhu & Gupta,
    /// 2017; TensorFlow Model Optimization's PolynomialDecay), masks fixed after t1.
    case polynomial
}

/// A weight tensor magnitude pruning may zero: its place in the flat parameter buffer.
public struct PrunableTensor: Equatable, Sendable {
    public var layer: Int
    public var offset: Int
    public var count: Int

    public init(layer: Int, offset: Int, count: Int) {
        self.layer = layer
        self.offset = offset
        self.count = count
    }
}

/// When masks are recomputed and to which sparsity: every `frequency` steps from
/// `beginStep` to `endStep` (and at `endStep` itself, so the target is always reached).
public struct PruningSchedule: Equatable, Sendable {
    public var kind: SparsitySchedule
    public var initialSparsity: Double
    public var finalSparsity: Double
    public var beginStep: Int
    public var endStep: Int
    public var frequency: Int
    public var power: Double = 3

    public init(kind: SparsitySchedule, initialSparsity: Double = 0, finalSparsity: Double, beginStep: Int = 0,
                endStep: Int, frequency: Int) {
        self.kind = kind
        self.initialSparsity = initialSparsity
        self.finalSparsity = finalSparsity
        self.beginStep = beginStep
        self.endStep = endStep
        self.frequency = max(frequency, 1)
    }

    /// The sparsity to prune to before training step `step` (0-based), or nil when the
    /// masks stay as they are.
    public func sparsity(atStep step: Int) -> Double? {
        switch kind {
        case .constant:
            return step == beginStep ? finalSparsity : nil
        case .polynomial:
            guard endStep > beginStep else { return step == beginStep ? finalSparsity : nil }
            guard step >= beginStep, step <= endStep else { return nil }
            guard (step - beginStep) % frequency == 0 || step == endStep else { return nil }
            let span = max(endStep - beginStep, 1)
            let progress = min(1, max(0, Double(step - beginStep) / Double(span)))
            return finalSparsity + (initialSparsity - finalSparsity) * pow(1 - progress, power)
        }
    }

    /// The last step at which masks change: fine-tuning with fixed masks follows it.
    public var lastMaskStep: Int { kind == .constant ? beginStep : endStep }
}

/// Magnitude pruning: zero the weights of smallest absolute value.
public enum MagnitudePruning {
    /// A mask over all `parameterCount` parameters: 0 for the `round(sparsity · n)` weights
    /// of smallest magnitude in each tensor (scope `layer`) or among all tensors (`global`),
    /// 1 elsewhere (other parameters are never pruned). Ties go to the lower parameter index,
    /// so the same weights give the same mask.
    public static func mask(_ parameters: [Float], tensors: [PrunableTensor], sparsity: Double,
                            scope: PruningScope) -> [Float] {
        var mask = [Float](repeating: 1, count: parameters.count)
        let s = min(max(sparsity, 0), 1)
        switch scope {
        case .layer:
            for tensor in tensors {
                let indices = Array(tensor.offset..<(tensor.offset + tensor.count))
                zeroSmallest(indices, count: Int((s * Double(tensor.count)).rounded()), parameters, &mask)
            }
        case .global:
            let indices = tensors.flatMap { Array($0.offset..<($0.offset + $0.count)) }
            zeroSmallest(indices, count: Int((s * Double(indices.count)).rounded()), parameters, &mask)
        }
        return mask
    }

    private static func zeroSmallest(_ indices: [Int], count: Int, _ parameters: [Float], _ mask: inout [Float]) {
        guard count > 0 else { return }
        let order = indices.sorted { a, b in
            let x = abs(parameters[a]), y = abs(parameters[b])
            return x != y ? x < y : a < b
        }
        for i in order.prefix(count) { mask[i] = 0 }
    }

    /// The tensors pruning applies to: every weight tensor of a dense, conv or depthwise
    /// layer (never biases or batch-norm parameters), without the first and the last such
    /// layer unless `allLayers`.
    public static func prunableTensors(_ network: Network, allLayers: Bool) -> [PrunableTensor] {
        let weighted = network.tensors.filter { $0.role == .weight }
        let layers = weighted.map(\.layer)
        let first = layers.min(), last = layers.max()
        return weighted.filter { allLayers || ($0.layer != first && $0.layer != last) }
            .map { PrunableTensor(layer: $0.layer, offset: $0.offset, count: $0.count) }
    }
}
