/// A network in the form the exporter writes it, still trainable: what pruning, QAT and
/// a `.tflite` read back (`TrainedModel`) work on.
public struct FoldedNetwork: Sendable {
    /// The folded spec (valid JSON spec: `spec.json()` is stored in the model's metadata).
    public var spec: ModelSpec
    public var network: Network
    public var parameters: [Float]
    public var state: [Float]

    public init(spec: ModelSpec, network: Network, parameters: [Float], state: [Float]) {
        self.spec = spec
        self.network = network
        self.parameters = parameters
        self.state = state
    }
}

extension Network {
    /// The same function with batch norm folded the way `ModelExporter` folds it:
    /// - a batch norm right after a dense/conv/depthwise/separable layer that alone reads
    ///   that layer is folded into its weights and bias, and disappears (an `add` naming it
    ///   now names the weighted layer);
    /// - a separable conv becomes its two exported ops, a depthwise conv `<name>/depthwise`
    ///   (no bias) and a 1×1 conv `<name>`;
    /// - any other batch norm stays (train it with `Engine.frozenBatchNorm`: it is the
    ///   exported MUL + ADD).
    /// The folded network exports to the same graph with the same weights, bit for bit.
    public func folded(parameters p: [Float], state: [Float]) throws -> FoldedNetwork {
        var layers: [LayerSpec] = []
        var newParameters: [Float] = [], newState: [Float] = []
        var renamed: [String: String] = [:]
        let consumers = self.consumers
        var index = 0
        while index < ops.count {
            var spec = self.layers[index].spec
            if case .add(let from) = spec.kind, let target = renamed[from] { spec.kind = .add(from: target) }
            let foldsNext: Bool = if index + 1 < ops.count, consumers[index + 1] == [index + 1],
                                     case .batchNorm = ops[index + 1] { true } else { false }
            func fold(_ weighted: Bool) -> (scale: [Float], shift: [Float])? {
                guard weighted, foldsNext else { return nil }
                return foldedNorm(index + 1, p, state)
            }
            switch ops[index] {
            case .dense(let inputs, let units, let w, let b):
                let norm = fold(true)
                newParameters += scaledColumns(p, w, rows: inputs, columns: units, norm?.scale)
                newParameters += foldedBias(p, b, units, norm)
                if norm != nil, case .dense(let count, _) = spec.kind { spec.kind = .dense(units: count, useBias: true) }
            case .conv(let g, let filters, let w, let b):
                let norm = fold(true)
                newParameters += scaledColumns(p, w, rows: g.patchSize, columns: filters, norm?.scale)
                newParameters += foldedBias(p, b, filters, norm)
                if norm != nil { spec.kind = Self.withBias(spec.kind) }
            case .depthwise(let g, let m, let w, let b):
                let norm = fold(true)
                newParameters += scaledColumns(p, w, rows: g.kH * g.kW, columns: g.inC * m, norm?.scale)
                newParameters += foldedBias(p, b, g.inC * m, norm)
                if norm != nil { spec.kind = Self.withBias(spec.kind) }
            case .separable(let g, let m, let filters, let dw, let pw, let b, _):
                guard case .separableConv2D(let d, _) = spec.kind else { preconditionFailure("separable op without its spec") }
                let norm = fold(true)
                var depthwise = d
                depthwise.useBias = false
                layers.append(LayerSpec(index: spec.index, name: "\(spec.name)/depthwise", kind: .depthwiseConv2D(depthwise)))
                newParameters += Array(p[dw..<(dw + g.kH * g.kW * g.inC * m)])
                spec.kind = .conv2d(.init(filters: filters, kernel: [1, 1], strides: [1, 1], padding: .valid,
                                          useBias: norm != nil || b != nil))
                newParameters += scaledColumns(p, pw, rows: g.inC * m, columns: filters, norm?.scale)
                newParameters += foldedBias(p, b, filters, norm)
            case .batchNorm(let channels, let gamma, let beta, let mean, let variance, _, _, _):
                newParameters += Array(p[gamma..<(gamma + channels)]) + Array(p[beta..<(beta + channels)])
                newState += Array(state[mean..<(mean + channels)]) + Array(state[variance..<(variance + channels)])
            default:
                break
            }
            layers.append(spec)
            if foldsNext, isWeighted(index) {
                renamed[self.layers[index + 1].spec.name] = spec.name
                index += 2
            } else {
                index += 1
            }
        }
        // Through JSON and back: the spec as a file would hold it, names checked, indices renumbered.
        let spec = try ModelSpec.parse(ModelSpec(name: model.name, input: model.inputShape, layers: layers).json())
        let output = model.outputShape
        let network = Network(try spec.resolve(sampleShape: model.inputShape, classes: output.count == 1 ? output[0] : nil))
        precondition(network.parameterCount == newParameters.count && network.stateCount == newState.count,
                     "folding changed the parameter layout")
        return FoldedNetwork(spec: spec, network: network, parameters: newParameters, state: newState)
    }


    func isWeighted(_ index: Int) -> Bool {
        switch ops[index] {
        case .dense, .conv, .depthwise, .separable: true
        default: false
        }
    }

    private static func withBias(_ kind: LayerKind) -> LayerKind {
        switch kind {
        case .conv1d(var conv): conv.useBias = true; return .conv1d(conv)
        case .conv2d(var conv): conv.useBias = true; return .conv2d(conv)
        case .depthwiseConv2D(var d): d.useBias = true; return .depthwiseConv2D(d)
        default: return kind
        }
    }

    /// Batch norm `index` as y = x·scale + shift, computed as the exporter does.
    func foldedNorm(_ index: Int, _ p: [Float], _ state: [Float]) -> (scale: [Float], shift: [Float]) {
        guard case .batchNorm(let channels, let gamma, let beta, let mean, let variance, _, let epsilon, _) = ops[index] else {
            preconditionFailure("layer \(index) is not batch norm")
        }
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            scale[c] = p[gamma + c] / (state[variance + c] + epsilon).squareRoot()
            shift[c] = p[beta + c] - state[mean + c] * scale[c]
        }
        return (scale, shift)
    }

    /// The weights (rows, columns) at `offset`, each column times `scale[column]` if given.
    private func scaledColumns(_ p: [Float], _ offset: Int, rows: Int, columns: Int, _ scale: [Float]?) -> [Float] {
        var values = Array(p[offset..<(offset + rows * columns)])
        if let scale {
            for r in 0..<rows { for c in 0..<columns { values[r * columns + c] *= scale[c] } }
        }
        return values
    }

    /// The bias the exporter writes, b folded as b·scale + shift (b = 0 without one); no
    /// parameters for a layer that has no bias and no fold.
    private func foldedBias(_ p: [Float], _ offset: Int?, _ count: Int, _ norm: (scale: [Float], shift: [Float])?) -> [Float] {
        guard offset != nil || norm != nil else { return [] }
        return (0..<count).map { o in
            let b = offset.map { p[$0 + o] } ?? 0
            return norm.map { b * $0.scale[o] + $0.shift[o] } ?? b
        }
    }
}
