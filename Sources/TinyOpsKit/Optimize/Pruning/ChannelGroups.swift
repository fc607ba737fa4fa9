/// Which output channels of a folded network can be removed together.
///
/// A weighted layer (dense, conv) starts a group of channels. The channels flow unchanged
/// through batch norm, activations, pooling, dropout and global average pooling; a depthwise
/// conv with multiplier m turns channel c into channels c·m ..< c·m + m; a flatten repeats
/// them at every position (element p·C + c). An `add` ties its two operands' groups into one:
/// their channels must be removed alike, so their filters are ranked by their summed norms.
/// A group that reaches the model input or the model output cannot shrink.
struct ChannelGroups {
    /// How a node's elements relate to its group's channels: channel c is elements
    /// p·(C·multiplier) + c·multiplier + j for p < positions, j < multiplier.
    struct Layout: Equatable {
        var multiplier = 1
        var positions = 1
    }

    struct Group {
        /// Layers whose output channels (filters, units) these are.
        var owners: [Int]
        var channels: Int
        /// Why the group cannot be pruned; nil when it can.
        var fixedBecause: String?
    }

    /// Groups by id (merged groups point to their representative via `root`).
    private(set) var groups: [Group] = []
    private var parent: [Int] = []
    /// Per node: its group (nil for none) and layout.
    private(set) var nodeGroup: [Int?]
    private(set) var nodeLayout: [Layout]

    init(_ network: Network, allLayers: Bool) {
        let nodes = network.nodeSizes.count
        nodeGroup = [Int?](repeating: nil, count: nodes)
        nodeLayout = [Layout](repeating: Layout(), count: nodes)
        nodeGroup[0] = newGroup(owners: [], channels: network.model.inputShape.last ?? 1, fixed: "it meets the model input")
        let firstWeighted = network.ops.indices.first { network.isWeighted($0) }
        for (index, op) in network.ops.enumerated() {
            let layer = network.layers[index]
            let input = layer.input, output = index + 1
            nodeGroup[output] = nodeGroup[input]
            nodeLayout[output] = nodeLayout[input]
            switch op {
            case .dense, .conv:
                let channels = layer.outputShape.last ?? 1
                nodeGroup[output] = newGroup(owners: [index], channels: channels,
                                             fixed: index == firstWeighted && !allLayers ? "first layer (--all-layers prunes it)" : nil)
                nodeLayout[output] = Layout()
            case .separable:
                // Folded networks have none (the fold splits them); refuse rather than guess.
                if let group = nodeGroup[input] { fix(group, "it feeds a separable conv") }
                nodeGroup[output] = newGroup(owners: [], channels: layer.outputShape.last ?? 1, fixed: "separable conv output")
                nodeLayout[output] = Layout()
            case .depthwise(_, let m, _, _):
                nodeLayout[output].multiplier *= m
            case .flatten:
                if layer.inputShape.count > 1 {
                    nodeLayout[output].positions = layer.inputShape.dropLast().reduce(1, *)
                }
            case .add:
                if let a = nodeGroup[input], let b = layer.skip.flatMap({ nodeGroup[$0] }) {
                    if nodeLayout[input] != nodeLayout[layer.skip!] { fix(a, "an add sums differently laid out channels") }
                    union(a, b)
                }
            case .maxPool, .avgPool, .globalAvgPool, .dropout, .batchNorm, .relu, .relu6, .softmax:
                break
            }
        }
        if let last = nodeGroup[nodes - 1] { fix(last, "it is the model output") }
    }

    private mutating func newGroup(owners: [Int], channels: Int, fixed: String?) -> Int {
        groups.append(Group(owners: owners, channels: channels, fixedBecause: fixed))
        parent.append(parent.count)
        return groups.count - 1
    }

    func root(_ group: Int) -> Int {
        var g = group
        while parent[g] != g { g = parent[g] }
        return g
    }

    private mutating func fix(_ group: Int, _ reason: String) {
        let r = root(group)
        if groups[r].fixedBecause == nil { groups[r].fixedBecause = reason }
    }

    private mutating func union(_ a: Int, _ b: Int) {
        let x = root(a), y = root(b)
        guard x != y else { return }
        parent[y] = x
        groups[x].owners += groups[y].owners
        groups[x].fixedBecause = groups[x].fixedBecause ?? groups[y].fixedBecause
    }

    /// The merged groups: representative id → group.
    var roots: [Int: Group] {
        var result: [Int: Group] = [:]
        for g in groups.indices where root(g) == g { result[g] = groups[g] }
        return result
    }

    /// The group (representative) of `node`, if any.
    func group(ofNode node: Int) -> Int? { nodeGroup[node].map(root) }

    /// The elements of `node` that remain when its group keeps `kept` channels, in order.
    func elements(ofNode node: Int, kept: [Int], flat: Bool) -> [Int] {
        let layout = nodeLayout[node]
        guard let group = group(ofNode: node) else { return [] }
        let channels = groups[group].channels, m = layout.multiplier
        var result: [Int] = []
        result.reserveCapacity((flat ? layout.positions : 1) * kept.count * m)
        for p in 0..<(flat ? layout.positions : 1) {
            for c in kept {
                for j in 0..<m { result.append(p * channels * m + c * m + j) }
            }
        }
        return result
    }
}
