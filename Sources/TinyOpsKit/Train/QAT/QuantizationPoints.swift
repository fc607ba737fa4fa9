/// Where the int8 model the exporter and quantizer make from a network has its activation
/// tensors, in terms of the network's nodes, so that quantization-aware training rounds
/// exactly there:
/// - the model input (node 0);
/// - the output of every CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED, ADD, MEAN (global
///   average pooling) and batch-norm MUL+ADD, taken after a relu/relu6 the exporter fuses
///   into it (the layer right after, when it is the only reader);
/// - average pooling re-quantizes its input's grid (same scale, rounded average).
/// Max pooling, relu, reshapes and dropout keep values on their input's grid, and softmax
/// has the specification's fixed output, so they need no rounding of their own.
struct QuantizationPoints: Equatable, Sendable {
    /// Per node: the index of the range it is quantized with, -1 for none.
    let slotOfNode: [Int]
    /// Per node: true where the range is observed (false where a node reuses its input's).
    let recordsRange: [Bool]
    /// Per slot: the node whose values define the range.
    let nodes: [Int]

    var count: Int { nodes.count }

    init(_ network: Network) {
        var slotOfNode = [Int](repeating: -1, count: network.nodeSizes.count)
        var records = [Bool](repeating: false, count: network.nodeSizes.count)
        var nodes: [Int] = []
        func point(_ node: Int) {
            guard slotOfNode[node] < 0 else { return }
            slotOfNode[node] = nodes.count
            records[node] = true
            nodes.append(node)
        }
        point(0)
        let consumers = network.consumers
        let ops = network.ops
        /// The exporter's rule: a relu/relu6 right after layer `index` that alone reads it is fused.
        func fusedOutput(_ index: Int) -> Int {
            guard index + 1 < ops.count, consumers[index + 1] == [index + 1] else { return index + 1 }
            switch ops[index + 1] {
            case .relu, .relu6: return index + 2
            default: return index + 1
            }
        }
        // The grid each node's values lie on (same-scale ops keep their input's).
        var grid = [Int](repeating: -1, count: slotOfNode.count)
        grid[0] = 0
        for (index, op) in ops.enumerated() {
            let input = network.layers[index].input
            switch op {
            case .dense, .conv, .depthwise, .separable, .add, .batchNorm:
                point(fusedOutput(index))
            case .globalAvgPool:
                point(index + 1)
            case .avgPool:
                if grid[input] >= 0, slotOfNode[index + 1] < 0 { slotOfNode[index + 1] = grid[input] }
            case .maxPool, .flatten, .dropout, .relu, .relu6, .softmax:
                break
            }
            if slotOfNode[index + 1] >= 0 {
                grid[index + 1] = slotOfNode[index + 1]
            } else if case .softmax = op {
                grid[index + 1] = -1
            } else if grid[index + 1] < 0 {
                grid[index + 1] = grid[input]
            }
        }
        self.slotOfNode = slotOfNode
        self.recordsRange = records
        self.nodes = nodes
    }
}
