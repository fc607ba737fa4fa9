/// How filters are ranked for structured pruning.
public enum ChannelCriterion: String, CaseIterable, Sendable {
    /// Σ|w| of the filter (Li et al., 2017, "Pruning Filters for Efficient ConvNets").
    case l1
    /// √Σw² of the filter.
    case l2
}

/// Structured pruning: whole filters (conv) or units (dense) are removed, and every layer
/// that reads them loses the matching input channels (the next conv's input channels, a
/// depthwise conv's channels and bias, a batch norm's channels, a dense layer's rows after
/// global average pooling or flatten). The result is a smaller network, not a masked one:
/// its `.tflite` has smaller tensors and fewer MACs.
public enum ChannelPruning {
    /// What structured pruning did.
    public struct Result: Sendable {
        public var folded: FoldedNetwork
        /// Per owner layer (a dense or conv layer of the input network): the channels kept.
        public var kept: [Int: [Int]]
        /// Per owner layer whose channels had to stay: why.
        public var fixed: [Int: String]
    }

    /// Removes `fraction` of the channels (rounded, at least one kept) of every group that
    /// can shrink, keeping those of largest summed filter norm (ties: the lower index).
    public static func prune(_ folded: FoldedNetwork, fraction: Double, criterion: ChannelCriterion,
                             allLayers: Bool) throws -> Result {
        let groups = ChannelGroups(folded.network, allLayers: allLayers)
        var keep: [Int: [Int]] = [:], fixed: [Int: String] = [:]
        for (id, group) in groups.roots.sorted(by: { $0.key < $1.key }) {
            if let reason = group.fixedBecause {
                for owner in group.owners { fixed[owner] = reason }
                continue
            }
            let scores = importance(folded, owners: group.owners, channels: group.channels, criterion: criterion)
            let removed = Int((min(max(fraction, 0), 1) * Double(group.channels)).rounded())
            let count = max(1, group.channels - removed)
            let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            keep[id] = order.prefix(count).sorted()
        }
        return try rewrite(folded, groups: groups, keep: keep, fixed: fixed)
    }

    /// Keeps the given channels of the groups of the given owner layers (for tests and tools
    /// that choose channels themselves); other groups keep all their channels.
    public static func prune(_ folded: FoldedNetwork, keeping channels: [Int: [Int]]) throws -> Result {
        let groups = ChannelGroups(folded.network, allLayers: true)
        var keep: [Int: [Int]] = [:]
        for (layer, kept) in channels {
            guard let group = groups.group(ofNode: layer + 1), groups.groups[group].fixedBecause == nil else {
                throw PruneError.cannotPruneLayer(name: folded.network.layers[layer].spec.name,
                                                  reason: groups.group(ofNode: layer + 1).flatMap { groups.groups[$0].fixedBecause } ?? "it has no channels of its own")
            }
            keep[group] = kept.sorted()
        }
        return try rewrite(folded, groups: groups, keep: keep, fixed: [:])
    }

    /// Per channel of a group: the summed norms of its filters over the owner layers.
    static func importance(_ folded: FoldedNetwork, owners: [Int], channels: Int, criterion: ChannelCriterion) -> [Double] {
        var scores = [Double](repeating: 0, count: channels)
        let p = folded.parameters
        for owner in owners {
            let (offset, rows): (Int, Int)
            switch folded.network.ops[owner] {
            case .dense(let inputs, _, let w, _): (offset, rows) = (w, inputs)
            case .conv(let g, _, let w, _): (offset, rows) = (w, g.patchSize)
            default: continue
            }
            for c in 0..<channels {
                var sum = 0.0
                for r in 0..<rows {
                    let w = Double(p[offset + r * channels + c])
                    sum += criterion == .l1 ? abs(w) : w * w
                }
                scores[c] += criterion == .l1 ? sum : sum.squareRoot()
            }
        }
        return scores
    }

    /// The network with each group `keep[group]` of its channels, parameters sliced to match.
    static func rewrite(_ folded: FoldedNetwork, groups: ChannelGroups, keep: [Int: [Int]], fixed: [Int: String]) throws -> Result {
        let network = folded.network, p = folded.parameters, s = folded.state
        var layers = folded.spec.layers
        var parameters: [Float] = [], state: [Float] = []
        var kept: [Int: [Int]] = [:]
        /// Kept elements (flat) or channels of node `node`; nil when all stay.
        func keptOf(_ node: Int, flat: Bool) -> [Int]? {
            guard let group = groups.group(ofNode: node), let k = keep[group] else { return nil }
            return groups.elements(ofNode: node, kept: k, flat: flat)
        }
        func slice(_ offset: Int, rows: Int, columns: Int, keepRows: [Int]?, keepColumns: [Int]?) -> [Float] {
            let r = keepRows ?? Array(0..<rows), c = keepColumns ?? Array(0..<columns)
            var values: [Float] = []
            values.reserveCapacity(r.count * c.count)
            for row in r { for column in c { values.append(p[offset + row * columns + column]) } }
            return values
        }
        func vector(_ source: [Float], _ offset: Int?, _ count: Int, _ keepIndices: [Int]?) -> [Float] {
            guard let offset else { return [] }
            return (keepIndices ?? Array(0..<count)).map { source[offset + $0] }
        }
        for (index, op) in network.ops.enumerated() {
            let layer = network.layers[index]
            let outKept = keptOf(index + 1, flat: false)
            switch op {
            case .dense(let inputs, let units, let w, let b):
                let own = outKept != nil
                parameters += slice(w, rows: inputs, columns: units, keepRows: keptOf(layer.input, flat: true),
                                    keepColumns: own ? outKept : nil)
                parameters += vector(p, b, units, own ? outKept : nil)
                if own, case .dense(_, let useBias) = layers[index].kind {
                    layers[index].kind = .dense(units: .count(outKept!.count), useBias: useBias)
                    kept[index] = outKept
                }
            case .conv(let g, let filters, let w, let b):
                let inChannels = keptOf(layer.input, flat: false)
                let rows = inChannels.map { channels in
                    (0..<(g.kH * g.kW)).flatMap { k in channels.map { k * g.inC + $0 } }
                }
                parameters += slice(w, rows: g.patchSize, columns: filters, keepRows: rows, keepColumns: outKept)
                parameters += vector(p, b, filters, outKept)
                if let outKept {
                    layers[index].kind = Self.withFilters(layers[index].kind, outKept.count)
                    kept[index] = outKept
                }
            case .depthwise(let g, _, let w, let b):
                parameters += slice(w, rows: g.kH * g.kW, columns: layer.outputShape.last!, keepRows: nil, keepColumns: outKept)
                parameters += vector(p, b, layer.outputShape.last!, outKept)
            case .batchNorm(let channels, let gamma, let beta, let mean, let variance, _, _, _):
                parameters += vector(p, gamma, channels, outKept) + vector(p, beta, channels, outKept)
                state += vector(s, mean, channels, outKept) + vector(s, variance, channels, outKept)
            case .separable:
                throw PruneError.cannotPruneLayer(name: layer.spec.name, reason: "separable convs are pruned after folding")
            default:
                break
            }
        }
        let spec = ModelSpec(name: folded.spec.name, input: folded.spec.input, layers: layers)
        let output = network.model.outputShape
        let pruned = Network(try spec.resolve(sampleShape: network.model.inputShape, classes: output.count == 1 ? output[0] : nil))
        precondition(pruned.parameterCount == parameters.count && pruned.stateCount == state.count,
                     "channel pruning changed the parameter layout")
        var fixedOwners = fixed
        for owner in fixedOwners.keys where kept[owner] != nil { fixedOwners[owner] = nil }
        return Result(folded: FoldedNetwork(spec: spec, network: pruned, parameters: parameters, state: state),
                      kept: kept, fixed: fixedOwners)
    }

    private static func withFilters(_ kind: LayerKind, _ filters: Int) -> LayerKind {
        switch kind {
        case .conv1d(var conv): conv.filters = filters; return .conv1d(conv)
        case .conv2d(var conv): conv.filters = filters; return .conv2d(conv)
        default: return kind
        }
    }
}
