/// A resolved model laid out for training: one `Op` per layer with the offsets of its
/// parameters in one flat parameter buffer (llm.c style, so the optimizer walks one array)
/// and of its running statistics in one flat state buffer.
///
/// Weight layouts: dense `[in, units]`; conv `[kH·kW·C, filters]` (HWIO); depthwise
/// `[kH·kW, C·m]`; separable = depthwise `[kH·kW, C·m]` then pointwise `[C·m, filters]`.
/// The exporter transposes to TFLite's `[out, ...]` layouts.
public struct Network: Sendable {
    public enum Op: Sendable {
        case dense(inputs: Int, units: Int, weights: Int, bias: Int?)
        case conv(ConvGeometry, filters: Int, weights: Int, bias: Int?)
        case depthwise(ConvGeometry, multiplier: Int, weights: Int, bias: Int?)
        /// `intermediate` indexes the workspace's separable buffers (the depthwise output).
        case separable(ConvGeometry, multiplier: Int, filters: Int, depthwise: Int, pointwise: Int, bias: Int?, intermediate: Int)
        /// `slot` indexes the workspace's argmax buffers.
        case maxPool(ConvGeometry, slot: Int)
        case avgPool(ConvGeometry)
        case globalAvgPool(positions: Int, channels: Int)
        case flatten
        /// `slot` indexes the workspace's mask buffers.
        case dropout(rate: Float, slot: Int)
        /// gamma and beta in the parameters, running mean and variance in the state;
        /// `slot` indexes the per-layer statistics buffers.
        case batchNorm(channels: Int, gamma: Int, beta: Int, runningMean: Int, runningVariance: Int,
                       momentum: Float, epsilon: Float, slot: Int)
        case relu
        case relu6
        case softmax(classes: Int)
        case add
    }

    /// A layer's parameter tensor: where it lives and how it was initialised.
    public struct ParameterTensor: Sendable, Equatable {
        public enum Role: Sendable, Equatable { case weight, bias, gamma, beta }
        public let layer: Int
        public let role: Role
        public let offset: Int
        public let count: Int
        /// Glorot-uniform fans for weights.
        public let fanIn: Int
        public let fanOut: Int
        /// Weight decay applies to weights only, not to biases and batch-norm parameters.
        public var decays: Bool { role == .weight }
    }

    public let model: ResolvedModel
    public let ops: [Op]
    public let tensors: [ParameterTensor]
    public let parameterCount: Int
    /// Running means and variances of the batch-norm layers.
    public let stateCount: Int
    /// Elements per sample of every node (node 0 = input, i + 1 = output of layer i).
    public let nodeSizes: [Int]
    public let separableSizes: [Int]
    public let maxPoolSizes: [Int]
    public let dropoutSizes: [Int]
    public let batchNormChannels: [Int]

    public var layers: [ResolvedModel.Layer] { model.layers }
    public var outputSize: Int { nodeSizes.last! }
    public var inputSize: Int { nodeSizes[0] }

    public init(_ model: ResolvedModel) {
        self.model = model
        var ops: [Op] = []
        var tensors: [ParameterTensor] = []
        var parameters = 0, state = 0
        var separable: [Int] = [], maxPools: [Int] = [], dropouts: [Int] = [], norms: [Int] = []
        func allocate(_ layer: Int, _ role: ParameterTensor.Role, _ count: Int, fanIn: Int = 0, fanOut: Int = 0) -> Int {
            tensors.append(ParameterTensor(layer: layer, role: role, offset: parameters, count: count, fanIn: fanIn, fanOut: fanOut))
            parameters += count
            return parameters - count
        }
        for (index, layer) in model.layers.enumerated() {
            let inSize = layer.inputShape.reduce(1, *), outSize = layer.outputShape.reduce(1, *)
            switch layer.spec.kind {
            case .dense(_, let useBias):
                let units = outSize
                let w = allocate(index, .weight, inSize * units, fanIn: inSize, fanOut: units)
                ops.append(.dense(inputs: inSize, units: units, weights: w, bias: useBias ? allocate(index, .bias, units) : nil))
            case .conv1d(let conv), .conv2d(let conv):
                let g = layer.geometry!
                let w = allocate(index, .weight, g.patchSize * conv.filters, fanIn: g.patchSize, fanOut: g.kH * g.kW * conv.filters)
                ops.append(.conv(g, filters: conv.filters, weights: w, bias: conv.useBias ? allocate(index, .bias, conv.filters) : nil))
            case .depthwiseConv2D(let d):
                let g = layer.geometry!, channels = g.inC * d.multiplier
                let w = allocate(index, .weight, g.kH * g.kW * channels, fanIn: g.kH * g.kW, fanOut: g.kH * g.kW * d.multiplier)
                ops.append(.depthwise(g, multiplier: d.multiplier, weights: w, bias: d.useBias ? allocate(index, .bias, channels) : nil))
            case .separableConv2D(let d, let filters):
                let g = layer.geometry!, channels = g.inC * d.multiplier
                let dw = allocate(index, .weight, g.kH * g.kW * channels, fanIn: g.kH * g.kW, fanOut: g.kH * g.kW * d.multiplier)
                let pw = allocate(index, .weight, channels * filters, fanIn: channels, fanOut: filters)
                ops.append(.separable(g, multiplier: d.multiplier, filters: filters, depthwise: dw, pointwise: pw,
                                      bias: d.useBias ? allocate(index, .bias, filters) : nil, intermediate: separable.count))
                separable.append(g.outputPositions * channels)
            case .maxPool:
                ops.append(.maxPool(layer.geometry!, slot: maxPools.count))
                maxPools.append(outSize)
            case .avgPool:
                ops.append(.avgPool(layer.geometry!))
            case .globalAvgPool:
                let channels = layer.inputShape.last!
                ops.append(.globalAvgPool(positions: inSize / channels, channels: channels))
            case .flatten:
                ops.append(.flatten)
            case .dropout(let rate):
                ops.append(.dropout(rate: rate, slot: dropouts.count))
                dropouts.append(outSize)
            case .batchNorm(let momentum, let epsilon):
                let channels = layer.inputShape.last!
                let gamma = allocate(index, .gamma, channels), beta = allocate(index, .beta, channels)
                ops.append(.batchNorm(channels: channels, gamma: gamma, beta: beta, runningMean: state,
                                      runningVariance: state + channels, momentum: momentum, epsilon: epsilon, slot: norms.count))
                state += 2 * channels
                norms.append(channels)
            case .relu: ops.append(.relu)
            case .relu6: ops.append(.relu6)
            case .softmax: ops.append(.softmax(classes: outSize))
            case .add: ops.append(.add)
            }
        }
        self.ops = ops
        self.tensors = tensors
        self.parameterCount = parameters
        self.stateCount = state
        self.nodeSizes = [model.inputShape.reduce(1, *)] + model.layers.map { $0.outputShape.reduce(1, *) }
        self.separableSizes = separable
        self.maxPoolSizes = maxPools
        self.dropoutSizes = dropouts
        self.batchNormChannels = norms
    }

    /// Initial parameters: Glorot-uniform weights (Keras' default), zero biases and betas,
    /// unit gammas. The tensors are drawn in order from one seeded stream.
    public func initialParameters(seed: UInt64) -> [Float] {
        var values = [Float](repeating: 0, count: parameterCount)
        var random = SeededRandom(seed: seed, stream: 1)
        for tensor in tensors {
            switch tensor.role {
            case .weight:
                let limit = (6 / Float(tensor.fanIn + tensor.fanOut)).squareRoot()
                for i in tensor.offset..<(tensor.offset + tensor.count) { values[i] = random.uniform(limit) }
            case .gamma:
                for i in tensor.offset..<(tensor.offset + tensor.count) { values[i] = 1 }
            case .bias, .beta:
                break
            }
        }
        return values
    }

    /// Initial running statistics: mean 0, variance 1.
    public func initialState() -> [Float] {
        var values = [Float](repeating: 0, count: stateCount)
        for op in ops {
            if case .batchNorm(let channels, _, _, _, let variance, _, _, _) = op {
                for i in variance..<(variance + channels) { values[i] = 1 }
            }
        }
        return values
    }

    /// Index of the layer whose softmax the loss absorbs: when the model ends in softmax,
    /// training stops before it and uses the fused softmax + cross-entropy on its input.
    public var lossNode: Int {
        if case .softmax = ops.last { return ops.count - 1 }
        return ops.count
    }

    /// Which layers consume each node, in order (for routing gradients).
    public var consumers: [[Int]] {
        var result = [[Int]](repeating: [], count: nodeSizes.count)
        for (index, layer) in layers.enumerated() {
            result[layer.input].append(index)
            if let skip = layer.skip { result[skip].append(index) }
        }
        return result
    }
}
