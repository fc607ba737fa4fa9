/// Multiply-accumulates and parameters of one operator, from the static shapes in the model.
public struct OperatorCost: Equatable, Sendable {
    /// Multiply-accumulate operations for one inference; 0 for ops that do no MACs
    /// (pooling, element-wise, reshapes).
    public var macs: Int
    /// Elements of the constant tensors this op uses as weights or biases.
    public var parameters: Int
    /// Bytes of those tensors as stored in the model.
    public var weightBytes: Int

    public init(macs: Int, parameters: Int, weightBytes: Int) {
        self.macs = macs
        self.parameters = parameters
        self.weightBytes = weightBytes
    }
}

extension Subgraph {
    /// The tensor at an operator's input slot, or nil when the slot is absent (-1 or missing).
    public func input(_ op: Operator, _ slot: Int) -> Tensor? {
        guard slot < op.inputs.count, op.inputs[slot] >= 0 else { return nil }
        return tensors[Int(op.inputs[slot])]
    }

    public func output(_ op: Operator, _ slot: Int) -> Tensor? {
        guard slot < op.outputs.count, op.outputs[slot] >= 0 else { return nil }
        return tensors[Int(op.outputs[slot])]
    }

    /// MACs of `op`, computed the way TFLM's reference kernels loop:
    /// - CONV_2D: output (N,OH,OW,OC) × filter (OC,KH,KW,IC) → N·OH·OW·OC·KH·KW·IC
    /// - DEPTHWISE_CONV_2D: output (N,OH,OW,OC) × filter (1,KH,KW,OC) → N·OH·OW·OC·KH·KW
    /// - FULLY_CONNECTED: output elements × filter depth (filter is (units, depth))
    /// - TRANSPOSE_CONV: every input element meets every filter tap of every output channel
    /// - BATCH_MATMUL: output elements × the contracted dimension
    public func macs(of op: Operator) -> Int {
        switch op.builtin {
        case .conv2d:
            guard let out = output(op, 0), let filter = input(op, 1), filter.shape.count == 4 else { return 0 }
            return out.elementCount * Int(filter.shape[1]) * Int(filter.shape[2]) * Int(filter.shape[3])
        case .depthwiseConv2d:
            guard let out = output(op, 0), let filter = input(op, 1), filter.shape.count == 4 else { return 0 }
            return out.elementCount * Int(filter.shape[1]) * Int(filter.shape[2])
        case .fullyConnected:
            guard let out = output(op, 0), let filter = input(op, 1), let depth = filter.shape.last else { return 0 }
            return out.elementCount * Int(depth)
        case .transposeConv:
            guard let filter = input(op, 1), let input = input(op, 2), filter.shape.count == 4 else { return 0 }
            return input.elementCount * Int(filter.shape[0]) * Int(filter.shape[1]) * Int(filter.shape[2])
        case .batchMatmul:
            guard let out = output(op, 0), let lhs = input(op, 0), lhs.shape.count >= 2 else { return 0 }
            let adjX = op.options.integer("adj_x") ?? 0 != 0
            let depth = adjX ? lhs.shape[lhs.shape.count - 2] : lhs.shape[lhs.shape.count - 1]
            return out.elementCount * Int(depth)
        default:
            return 0
        }
    }

    /// Input slots that hold structural constants (shapes, axes, paddings) rather than
    /// learned weights; they are not counted as parameters.
    public static func structuralInputs(of op: Operator) -> Set<Int> {
        switch op.builtin {
        case .reshape, .expandDims, .mean, .sum, .reduceMax, .reduceMin, .reduceProd, .reduceAny,
             .pad, .mirrorPad, .transpose, .resizeBilinear, .resizeNearestNeighbor, .tile, .broadcastTo,
             .spaceToBatchNd, .batchToSpaceNd, .argMax, .argMin, .cumsum, .reverseV2:
            return [1]
        case .padv2:
            return [1, 2]
        case .stridedSlice, .slice:
            return [1, 2, 3]
        case .split, .transposeConv:
            return [0]
        case .splitV:
            return [1, 2]
        case .gather:
            return [1]
        default:
            return []
        }
    }

    /// Cost of every operator, plus totals. A constant tensor shared by several ops is
    /// counted once in the totals (at its first use).
    public func costs() -> (perOperator: [OperatorCost], total: OperatorCost) {
        var counted = Set<Int32>()
        var total = OperatorCost(macs: 0, parameters: 0, weightBytes: 0)
        var perOperator = [OperatorCost]()
        perOperator.reserveCapacity(operators.count)
        for op in operators {
            let structural = Self.structuralInputs(of: op)
            var cost = OperatorCost(macs: macs(of: op), parameters: 0, weightBytes: 0)
            for (slot, index) in op.inputs.enumerated() where index >= 0 && !structural.contains(slot) {
                let tensor = tensors[Int(index)]
                guard let data = tensor.data else { continue }
                cost.parameters += tensor.elementCount
                cost.weightBytes += data.count
                if counted.insert(index).inserted {
                    total.parameters += tensor.elementCount
                    total.weightBytes += data.count
                }
            }
            // Saturate: a hostile file can declare huge activations whose MACs overflow when summed.
            total.macs = total.macs.addingReportingOverflow(cost.macs).overflow ? .max : total.macs + cost.macs
            perOperator.append(cost)
        }
        return (perOperator, total)
    }
}
