/// Checks the relations between the parts of a model that the file format cannot express:
/// tensor indices in range, data sizes matching shapes, quantization arrays matching
/// channels. A model that passes can be walked without further bounds checks.
public enum ModelValidator {
    /// Largest element count tinyops accepts for one tensor (far beyond any microcontroller).
    public static let maxElements = 1 << 31

    public static func validate(_ model: Model) throws {
        guard !model.subgraphs.isEmpty else { throw TFLiteError.noSubgraphs }
        for (s, subgraph) in model.subgraphs.enumerated() {
            try validate(subgraph, path: "subgraphs[\(s)]")
        }
        for (i, signature) in model.signatureDefs.enumerated() {
            let path = "signature_defs[\(i)]"
            guard Int(signature.subgraphIndex) < model.subgraphs.count else {
                throw TFLiteError.indexOutOfRange(path: path, what: "subgraph", index: Int64(signature.subgraphIndex),
                                                  count: model.subgraphs.count)
            }
            let tensorCount = model.subgraphs[Int(signature.subgraphIndex)].tensors.count
            for map in signature.inputs + signature.outputs where Int(map.tensorIndex) >= tensorCount {
                throw TFLiteError.indexOutOfRange(path: "\(path) '\(map.name)'", what: "tensor",
                                                  index: Int64(map.tensorIndex), count: tensorCount)
            }
        }
    }

    private static func validate(_ subgraph: Subgraph, path: String) throws {
        for (t, tensor) in subgraph.tensors.enumerated() {
            try validate(tensor, path: "\(path).tensors[\(t)] '\(tensor.name)'")
        }
        let count = subgraph.tensors.count
        func check(_ indices: [Int32], _ what: String, allowAbsent: Bool) throws {
            for index in indices where !(index >= 0 && Int(index) < count) && !(allowAbsent && index == -1) {
                throw TFLiteError.indexOutOfRange(path: "\(path).\(what)", what: "tensor", index: Int64(index), count: count)
            }
        }
        try check(subgraph.inputs, "inputs", allowAbsent: false)
        try check(subgraph.outputs, "outputs", allowAbsent: false)
        for (o, op) in subgraph.operators.enumerated() {
            let opPath = "operators[\(o)] (\(op.opcode.name))"
            try check(op.inputs, "\(opPath).inputs", allowAbsent: true)
            try check(op.outputs, "\(opPath).outputs", allowAbsent: false)
            try check(op.intermediates, "\(opPath).intermediates", allowAbsent: false)
        }
    }

    private static func validate(_ tensor: Tensor, path: String) throws {
        var elements = 1
        for dim in tensor.shape {
            guard dim >= 0 else { throw TFLiteError.invalid(path: path, reason: "negative dimension \(dim) in shape \(tensor.shape)") }
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(dim))
            guard !overflow, product <= maxElements else {
                throw TFLiteError.invalid(path: path, reason: "shape \(tensor.shape) has more than \(maxElements) elements")
            }
            elements = product
        }
        if let data = tensor.data, let expected = tensor.type.byteCount(elements: elements), data.count != expected {
            throw TFLiteError.invalid(
                path: path,
                reason: "buffer holds \(data.count) bytes but shape \(tensor.shape) of \(tensor.type.name) needs \(expected)")
        }
        if let q = tensor.quantization {
            guard q.zeroPoint.isEmpty || q.zeroPoint.count == q.scale.count else {
                throw TFLiteError.invalid(path: path, reason: "\(q.scale.count) quantization scales but \(q.zeroPoint.count) zero points")
            }
            if q.scale.count > 1 {
                let axis = Int(q.quantizedDimension)
                guard axis >= 0, axis < tensor.shape.count, Int(tensor.shape[axis]) == q.scale.count else {
                    throw TFLiteError.invalid(
                        path: path,
                        reason: "\(q.scale.count) per-channel scales do not match dimension \(axis) of shape \(tensor.shape)")
                }
            }
        }
    }
}
