import TinyOpsKit

/// Builds small int8 `.tflite` models op by op for conformance tests: activations with
/// given quantization, seeded random weights with per-channel or per-tensor scales, int32
/// biases with the scale the quantization spec requires.
struct OpModelBuilder {
    var tensors: [Tensor] = []
    var operators: [Operator] = []
    var generator: SeededGenerator

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    /// An int8 activation tensor.
    mutating func activation(_ shape: [Int32], scale: Float, zeroPoint: Int64, type: TensorType = .int8) -> Int32 {
        let quantization = type == .int8 ? Quantization(scale: [scale], zeroPoint: [zeroPoint]) : nil
        return add(Tensor(name: "t\(tensors.count)", type: type, shape: shape, quantization: quantization))
    }

    /// A float32 activation tensor.
    mutating func float(_ shape: [Int32]) -> Int32 {
        add(Tensor(name: "t\(tensors.count)", type: .float32, shape: shape))
    }

    /// An int32 activation tensor (shapes, indices).
    mutating func int32(_ shape: [Int32]) -> Int32 {
        add(Tensor(name: "t\(tensors.count)", type: .int32, shape: shape))
    }

    /// Symmetric int8 weights: one scale per slice along `axis`, or one for all.
    mutating func weights(_ shape: [Int32], axis: Int, perChannel: Bool) -> (index: Int32, scales: [Float]) {
        let count = shape.reduce(1) { $0 * Int($1) }
        let values = (0..<count).map { _ in Int8.random(in: -127...127, using: &generator) }
        let channels = perChannel ? Int(shape[axis]) : 1
        let scales = (0..<channels).map { _ in Float.random(in: 0.002...0.02, using: &generator) }
        let tensor = Tensor(name: "w\(tensors.count)", type: .int8, shape: shape,
                            data: values.map { UInt8(bitPattern: $0) },
                            quantization: Quantization(scale: scales, zeroPoint: Array(repeating: 0, count: channels),
                                                       quantizedDimension: Int32(perChannel ? axis : 0)))
        return (add(tensor), scales)
    }

    /// An int32 bias with scale input x weight per channel.
    mutating func bias(channels: Int, inputScale: Float, weightScales: [Float]) -> Int32 {
        let values = (0..<channels).map { _ in Int32.random(in: -3000...3000, using: &generator) }
        let scales = (0..<channels).map { inputScale * weightScales[weightScales.count == 1 ? 0 : $0] }
        return add(Tensor(name: "b\(tensors.count)", type: .int32, shape: [Int32(channels)], data: bytes(values),
                          quantization: Quantization(scale: scales, zeroPoint: Array(repeating: 0, count: channels))))
    }

    /// A constant int32 tensor (axes, paddings, shapes).
    mutating func int32s(_ values: [Int32], shape: [Int32]? = nil) -> Int32 {
        add(Tensor(name: "c\(tensors.count)", type: .int32, shape: shape ?? [Int32(values.count)], data: bytes(values)))
    }

    /// A constant int8 scalar with quantization (PADV2's constant value).
    mutating func int8Constant(_ value: Int8, scale: Float, zeroPoint: Int64) -> Int32 {
        add(Tensor(name: "c\(tensors.count)", type: .int8, shape: [1], data: [UInt8(bitPattern: value)],
                   quantization: Quantization(scale: [scale], zeroPoint: [zeroPoint])))
    }

    mutating func op(_ code: BuiltinOperator, _ inputs: [Int32], _ outputs: [Int32], _ options: BuiltinOptions = .none) {
        operators.append(Operator(opcode: OperatorCode(code), inputs: inputs, outputs: outputs, options: options))
    }

    func model(inputs: [Int32], outputs: [Int32]) -> Model {
        Model(subgraphs: [Subgraph(tensors: tensors, inputs: inputs, outputs: outputs, operators: operators)])
    }

    private mutating func add(_ tensor: Tensor) -> Int32 {
        tensors.append(tensor)
        return Int32(tensors.count - 1)
    }

    private func bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }
}

extension BuiltinOptions {
    /// Options of union member `type` with the named fields set.
    static func with(_ type: UInt8, _ fields: [String: OptionValue]) -> BuiltinOptions {
        var options = BuiltinOptions(type: type)
        for (name, value) in fields { options.set(name, value) }
        return options
    }
}
