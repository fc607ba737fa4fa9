/// tinyops' own float32 interpreter for `.tflite` models: the reference forward pass used
/// for calibration, per-layer quantization error, distillation teachers and `eval`/`predict`
/// of float models. Prepare (`init`) validates every op and resolves its geometry once;
/// `run` is a loop of check-free kernels.
public struct FloatInterpreter: Sendable {
    public let model: Model
    let steps: [FloatStep]
    /// Decoded float32 constants, by tensor index.
    let constants: [Int: [Float]]
    let elementCounts: [Int]

    /// `model` after `ShapeFolding` (shape arithmetic on static shapes becomes constants);
    /// tensor indices in `run`'s observer refer to this model.
    public init(_ model: Model) throws {
        let model = ShapeFolding.fold(model)
        self.model = model
        let subgraph = model.main
        var constants: [Int: [Float]] = [:]
        for (index, tensor) in subgraph.tensors.enumerated() {
            if let values = tensor.floatValues { constants[index] = values }
        }
        self.constants = constants
        self.elementCounts = subgraph.tensors.map(\.elementCount)
        self.steps = try subgraph.operators.enumerated().map { try FloatStep.prepare($1, index: $0, in: subgraph) }
    }

    public var inputSizes: [Int] { model.main.inputs.map { elementCounts[Int($0)] } }
    public var outputSizes: [Int] { model.main.outputs.map { elementCounts[Int($0)] } }

    /// Runs one sample. `observe` sees every operator's output tensor right after it is
    /// computed (operator index, tensor index, values): calibration and error reports use it.
    public func run(_ inputs: [[Float]]) throws -> [[Float]] {
        try run(inputs) { _, _, _ in }
    }

    public func run(_ inputs: [[Float]],
                    observe: (_ op: Int, _ tensor: Int, _ values: UnsafeBufferPointer<Float>) -> Void) throws -> [[Float]] {
        let subgraph = model.main
        guard inputs.count == subgraph.inputs.count else {
            throw InterpreterError.inputCount(expected: subgraph.inputs.count, found: inputs.count)
        }
        var values = [[Float]](repeating: [], count: subgraph.tensors.count)
        for (index, constant) in constants { values[index] = constant }
        for (i, tensorIndex) in subgraph.inputs.enumerated() {
            let expected = elementCounts[Int(tensorIndex)]
            guard inputs[i].count == expected else {
                throw InterpreterError.inputSize(input: i, expected: expected, found: inputs[i].count)
            }
            values[Int(tensorIndex)] = inputs[i]
        }
        for (o, step) in steps.enumerated() {
            let output = step.output
            var result = [Float](repeating: 0, count: elementCounts[output])
            result.withUnsafeMutableBufferPointer { out in step.execute(out, values) }
            values[output] = result
            result.withUnsafeBufferPointer { observe(o, output, $0) }
        }
        return subgraph.outputs.map { values[Int($0)] }
    }
}
