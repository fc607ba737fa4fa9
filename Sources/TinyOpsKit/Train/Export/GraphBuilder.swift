/// Accumulates the tensors and operators of one float32 subgraph.
struct GraphBuilder {
    var tensors: [Tensor] = []
    var operators: [Operator] = []

    /// An activation tensor of `shape` (batch dimension included).
    mutating func activation(_ name: String, _ shape: [Int]) -> Int32 {
        tensors.append(Tensor(name: name, type: .float32, shape: shape.map { Int32($0) }))
        return Int32(tensors.count - 1)
    }

    mutating func constant(_ name: String, floats values: [Float], shape: [Int]) -> Int32 {
        precondition(values.count == shape.reduce(1, *))
        let bytes = values.withUnsafeBytes { [UInt8]($0) }
        tensors.append(Tensor(name: name, type: .float32, shape: shape.map { Int32($0) }, data: bytes))
        return Int32(tensors.count - 1)
    }

    /// An int32 constant; `shape` [] makes a scalar (as the converter writes axis operands).
    mutating func constant(_ name: String, ints values: [Int32], shape: [Int]) -> Int32 {
        let bytes = values.withUnsafeBytes { [UInt8]($0) }
        tensors.append(Tensor(name: name, type: .int32, shape: shape.map { Int32($0) }, data: bytes, hasRank: shape.isEmpty))
        return Int32(tensors.count - 1)
    }

    mutating func add(_ op: BuiltinOperator, _ inputs: [Int32], _ outputs: [Int32], _ options: BuiltinOptions = .none) {
        operators.append(Operator(opcode: OperatorCode(op), inputs: inputs, outputs: outputs, options: options))
    }

    func shape(of tensor: Int32) -> [Int] { tensors[Int(tensor)].shape.map(Int.init) }
}
