/// Folds shape arithmetic on static shapes into constants.
///
/// Keras 3 and dynamic-batch models reach the converter with `SHAPE → STRIDED_SLICE → PACK
/// → RESHAPE` chains (a `Flatten` that reads its batch size at run time). On a
/// microcontroller every shape is static, so these ops only cost flash, arena and three
/// more kernels to register. This pass evaluates them once: SHAPE of a tensor with a static
/// shape, then STRIDED_SLICE (1-D), PACK and CONCATENATION over int32 constants, becomes
/// the constant it computes; the ops go away and unused tensors are dropped.
public enum ShapeFolding {
    public static func fold(_ model: Model) -> Model {
        var model = model
        var subgraph = model.subgraphs[0]
        var changed = true
        // Only worth a copy when there is something to fold.
        guard subgraph.operators.contains(where: { $0.builtin == .shape }) else { return model }
        while changed {
            changed = false
            for (o, op) in subgraph.operators.enumerated() {
                guard let output = op.outputs.first, op.outputs.count == 1,
                      let values = evaluate(op, subgraph) else { continue }
                subgraph.tensors[Int(output)].data = Tensor.bytes(values)
                subgraph.tensors[Int(output)].type = .int32
                subgraph.operators.remove(at: o)
                changed = true
                break
            }
        }
        let (compacted, renumbered) = subgraph.removingUnusedTensors()
        model.subgraphs[0] = compacted
        for s in model.signatureDefs.indices where model.signatureDefs[s].subgraphIndex == 0 {
            for k in model.signatureDefs[s].inputs.indices {
                model.signatureDefs[s].inputs[k].tensorIndex = UInt32(renumbered[Int32(model.signatureDefs[s].inputs[k].tensorIndex)] ?? 0)
            }
            for k in model.signatureDefs[s].outputs.indices {
                model.signatureDefs[s].outputs[k].tensorIndex = UInt32(renumbered[Int32(model.signatureDefs[s].outputs[k].tensorIndex)] ?? 0)
            }
        }
        return model
    }

    /// The int32 values `op` computes, when they depend only on static shapes and constants.
    static func evaluate(_ op: Operator, _ subgraph: Subgraph) -> [Int32]? {
        func constant(_ slot: Int) -> [Int32]? { subgraph.input(op, slot)?.int32Values }
        guard let output = subgraph.output(op, 0), output.type == .int32 else { return nil }
        switch op.builtin {
        case .shape:
            guard let input = subgraph.input(op, 0), input.shapeSignature.map({ !$0.dropFirst().contains(-1) }) ?? true
            else { return nil }
            // The batch dimension is 1 on the device whatever the signature says.
            return input.shape
        case .stridedSlice:
            guard let input = constant(0), subgraph.input(op, 0)?.shape.count == 1, let begin = constant(1)?.first,
                  let end = constant(2)?.first, let stride = constant(3)?.first, stride != 0 else { return nil }
            let n = Int32(input.count)
            let beginMask = (op.options.integer("begin_mask") ?? 0) & 1 != 0
            let endMask = (op.options.integer("end_mask") ?? 0) & 1 != 0
            let shrink = (op.options.integer("shrink_axis_mask") ?? 0) & 1 != 0
            guard (op.options.integer("ellipsis_mask") ?? 0) == 0, (op.options.integer("new_axis_mask") ?? 0) == 0 else { return nil }
            var b = beginMask ? (stride > 0 ? 0 : n - 1) : (begin < 0 ? begin + n : begin)
            var e = endMask ? (stride > 0 ? n : -1) : (end < 0 ? end + n : end)
            if shrink { e = b + 1 }
            b = min(max(b, stride > 0 ? 0 : -1), stride > 0 ? n : n - 1)
            e = min(max(e, stride > 0 ? 0 : -1), stride > 0 ? n : n - 1)
            var values: [Int32] = []
            var i = b
            while stride > 0 ? i < e : i > e {
                values.append(input[Int(i)])
                i += stride
            }
            return values.count == output.elementCount ? values : nil
        case .pack, .concatenation:
            guard (op.options.integer("axis") ?? 0) == 0 else { return nil }
            var values: [Int32] = []
            for slot in op.inputs.indices {
                guard let part = constant(slot) else { return nil }
                values += part
            }
            return values.count == output.elementCount ? values : nil
        default:
            return nil
        }
    }
}

extension Subgraph {
    /// The subgraph without tensors that no operator, input or output refers to; indices
    /// are renumbered in order (the map gives each kept tensor's new index).
    public func removingUnusedTensors() -> (Subgraph, [Int32: Int32]) {
        var used = Set(inputs + outputs)
        for op in operators { used.formUnion(op.inputs.filter { $0 >= 0 }); used.formUnion(op.outputs); used.formUnion(op.intermediates) }
        var newIndex: [Int32: Int32] = [:]
        var kept: [Tensor] = []
        for (index, tensor) in tensors.enumerated() where used.contains(Int32(index)) {
            newIndex[Int32(index)] = Int32(kept.count)
            kept.append(tensor)
        }
        func map(_ index: Int32) -> Int32 { index < 0 ? index : newIndex[index]! }
        var result = self
        result.tensors = kept
        result.inputs = inputs.map(map)
        result.outputs = outputs.map(map)
        result.operators = operators.map { op in
            var op = op
            op.inputs = op.inputs.map(map)
            op.outputs = op.outputs.map(map)
            op.intermediates = op.intermediates.map(map)
            return op
        }
        return (result, newIndex)
    }
}
