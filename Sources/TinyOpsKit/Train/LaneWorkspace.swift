/// A fixed-size buffer that owns its memory, for kernels that take raw pointers. Allocated
/// once per training run, zero-filled, never resized.
final class Storage<Element: BitwiseCopyable>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, value: Element) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
    }

    deinit { pointer.deallocate() }
}

/// Everything one lane (thread) of the trainer writes while it runs its shard of a batch:
/// every node's values and gradients for `capacity` samples, im2col patches, pooling
/// argmaxes, dropout masks, batch-norm statistics and its own parameter gradients.
final class LaneWorkspace: @unchecked Sendable {
    let capacity: Int
    let values: [Storage<Float>]
    let gradients: [Storage<Float>]
    /// Set when a node's gradient has been written in the current backward pass; later
    /// consumers add to it instead.
    var gradientWritten: [Bool]
    /// An input gradient waiting to be added to a node written before.
    let routing: Storage<Float>
    /// Per layer: im2col patches of conv layers that need them.
    let patches: [Storage<Float>?]
    /// Patch gradients, shared by all conv layers (used within one layer's backward).
    let patchGradients: Storage<Float>
    /// Transposed weights for `GEMM.nt`, shared.
    let pack: Storage<Float>
    let separableValues: [Storage<Float>]
    let separableGradients: [Storage<Float>]
    let argmax: [Storage<Int32>]
    let masks: [Storage<Float>]
    /// Per batch-norm layer: mean, 1/std, and the summed Σdy and Σdy·x̂ (4 × channels).
    let statistics: [Storage<Float>]
    let parameterGradients: Storage<Float>

    init(network: Network, capacity: Int) {
        self.capacity = capacity
        values = network.nodeSizes.map { Storage(count: $0 * capacity, value: 0) }
        gradients = network.nodeSizes.enumerated().map { Storage(count: $0.offset == 0 ? 0 : $0.element * capacity, value: 0) }
        gradientWritten = [Bool](repeating: false, count: network.nodeSizes.count)
        routing = Storage(count: (network.nodeSizes.max() ?? 0) * capacity, value: 0)
        var patchList: [Storage<Float>?] = []
        var maxPatchGradient = 0, maxPack = 0
        for op in network.ops {
            switch op {
            case .conv(let g, let filters, _, _):
                patchList.append(g.isPointwise ? nil : Storage(count: capacity * g.outputPositions * g.patchSize, value: 0))
                if !g.isPointwise { maxPatchGradient = max(maxPatchGradient, capacity * g.outputPositions * g.patchSize) }
                maxPack = max(maxPack, g.patchSize * filters)
            case .dense(let inputs, let units, _, _):
                patchList.append(nil)
                maxPack = max(maxPack, inputs * units)
            case .separable(let g, let m, let filters, _, _, _, _):
                patchList.append(nil)
                maxPack = max(maxPack, g.inC * m * filters)
            default:
                patchList.append(nil)
            }
        }
        patches = patchList
        patchGradients = Storage(count: maxPatchGradient, value: 0)
        pack = Storage(count: maxPack, value: 0)
        separableValues = network.separableSizes.map { Storage(count: $0 * capacity, value: 0) }
        separableGradients = network.separableSizes.map { Storage(count: $0 * capacity, value: 0) }
        argmax = network.maxPoolSizes.map { Storage(count: $0 * capacity, value: 0) }
        masks = network.dropoutSizes.map { Storage(count: $0 * capacity, value: 0) }
        statistics = network.batchNormChannels.map { Storage(count: 4 * $0, value: 0) }
        parameterGradients = Storage(count: network.parameterCount, value: 0)
    }
}
