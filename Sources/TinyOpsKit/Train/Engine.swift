/// Runs a `Network` on a team of lanes: each batch is split into one contiguous shard per
/// lane, every lane runs the whole forward and backward pass on its shard in its own
/// workspace, batch-norm layers exchange per-lane partial sums at barriers (so statistics
/// cover the whole batch), and the per-lane parameter gradients are added in lane order.
/// Nothing depends on which thread finishes first, so a seed gives bit-identical results.
public final class Engine: @unchecked Sendable {
    public let network: Network
    let team: WorkerTeam
    let workspaces: [LaneWorkspace]
    /// Samples per lane and per pass.
    public let capacity: Int
    let parameters: Storage<Float>
    let state: Storage<Float>
    /// Per batch-norm layer: lanes × 4 × channels partial sums (Σx, Σ(x-μ)², Σdy, Σdy·x̂).
    let exchange: [Storage<Float>]
    let seed: UInt64
    /// Layers run in training (the final softmax, if any, is fused into the loss).
    let logitsNode: Int

    /// The current pass, set before each `team.run`.
    var shardStart: [Int]
    var shardCount: [Int]
    var batchCount = 0
    var step = 0
    var training = false

    /// Pruning: 1 for parameters that train, 0 for pruned ones; gradients and updated
    /// parameters are multiplied by it, so pruned weights stay 0 (nil: no pruning).
    var mask: Storage<Float>?
    /// Quantization-aware training: fake-quantized weights and activations (nil: float).
    var fakeQuant: FakeQuantizer?
    /// Batch norm uses its running statistics in training too and leaves them alone: a
    /// fixed per-channel affine map with trainable γ and β, as the exported graph has it.
    var frozenBatchNorm = false
    /// Fine-tuning some layers: the parameter ranges the optimizer updates (nil: all).
    var trainable: [Range<Int>]?

    /// The parameters the forward and backward passes read: the fake-quantized copy under
    /// QAT (the optimizer updates the float parameters: a straight-through estimator).
    var weights: UnsafeMutablePointer<Float> { fakeQuant?.effective.pointer ?? parameters.pointer }

    /// `capacity` samples per lane per pass (half a batch for two lanes).
    public init(network: Network, capacity: Int, lanes: Int = 2, seed: UInt64) {
        self.network = network
        self.capacity = max(capacity, 1)
        self.team = WorkerTeam(lanes: lanes)
        self.workspaces = (0..<lanes).map { _ in LaneWorkspace(network: network, capacity: max(capacity, 1)) }
        let initial = network.initialParameters(seed: seed)
        parameters = Storage(count: network.parameterCount, value: 0)
        parameters.pointer.update(from: initial, count: initial.count)
        let initialState = network.initialState()
        state = Storage(count: network.stateCount, value: 0)
        state.pointer.update(from: initialState, count: initialState.count)
        exchange = network.batchNormChannels.map { Storage(count: lanes * 4 * $0, value: 0) }
        self.seed = seed
        logitsNode = network.lossNode
        shardStart = [Int](repeating: 0, count: lanes)
        shardCount = [Int](repeating: 0, count: lanes)
    }

    public var lanes: Int { team.lanes }

    /// The parameters, in `network.tensors` layout.
    public var parameterValues: [Float] {
        get { Array(UnsafeBufferPointer(start: parameters.pointer, count: parameters.count)) }
        set {
            precondition(newValue.count == parameters.count)
            parameters.pointer.update(from: newValue, count: newValue.count)
        }
    }

    /// The batch-norm running statistics.
    public var stateValues: [Float] {
        get { Array(UnsafeBufferPointer(start: state.pointer, count: state.count)) }
        set {
            precondition(newValue.count == state.count)
            state.pointer.update(from: newValue, count: newValue.count)
        }
    }

    /// Sets the pruning mask (one value per parameter, 1 keeps, 0 prunes) and applies it.
    func setMask(_ values: [Float]) {
        precondition(values.count == parameters.count)
        let storage = mask ?? Storage(count: parameters.count, value: 1)
        storage.pointer.update(from: values, count: values.count)
        mask = storage
        for i in 0..<parameters.count { parameters.pointer[i] *= values[i] }
    }

    /// The current pruning mask, if any.
    var maskValues: [Float]? { mask.map { Array(UnsafeBufferPointer(start: $0.pointer, count: $0.count)) } }

    /// Splits `count` samples into one contiguous shard per lane, the first lanes taking
    /// the remainder.
    func split(_ count: Int) {
        batchCount = count
        var start = 0
        for lane in 0..<lanes {
            let size = count / lanes + (lane < count % lanes ? 1 : 0)
            shardStart[lane] = start
            shardCount[lane] = size
            start += size
        }
    }

    /// Copies the samples `indices[shardStart..<+shardCount]` of `x` into node 0 of `lane`.
    func gather(lane: Int, indices: UnsafeBufferPointer<Int>, x: UnsafePointer<Float>) {
        let size = network.inputSize
        let input = workspaces[lane].values[0].pointer
        for s in 0..<shardCount[lane] {
            (input + s * size).update(from: x + indices[shardStart[lane] + s] * size, count: size)
        }
    }

    /// Runs inference on `count` samples of `x` (count × inputSize) and returns, per sample,
    /// the logits (before a final softmax) and the outputs (after it; the same without one).
    public func predict(x: UnsafePointer<Float>, count: Int) -> (logits: [Float], outputs: [Float]) {
        let logitSize = network.nodeSizes[logitsNode], outputSize = network.outputSize
        fakeQuant?.beginPass(parameters: parameters.pointer)
        var logits = [Float](repeating: 0, count: count * logitSize)
        var outputs = [Float](repeating: 0, count: count * outputSize)
        training = false
        var done = 0
        while done < count {
            let chunk = min(capacity * lanes, count - done)
            split(chunk)
            let base = done
            logits.withUnsafeMutableBufferPointer { logitBuffer in
                outputs.withUnsafeMutableBufferPointer { outputBuffer in
                    let logitPointer = logitBuffer.baseAddress!, outputPointer = outputBuffer.baseAddress!
                    team.run { lane in
                        let n = self.shardCount[lane], first = base + self.shardStart[lane]
                        let workspace = self.workspaces[lane]
                        workspace.values[0].pointer.update(from: x + first * self.network.inputSize, count: n * self.network.inputSize)
                        self.forward(lane: lane, layers: self.network.ops.count)
                        (logitPointer + first * logitSize).update(from: workspace.values[self.logitsNode].pointer, count: n * logitSize)
                        (outputPointer + first * outputSize).update(from: workspace.values[self.network.ops.count].pointer,
                                                                    count: n * outputSize)
                    }
                }
            }
            done += chunk
        }
        return (logits, outputs)
    }
}
