import TinyOpsKit

/// Runs stacked samples through TinyOpsRuntime for models with any number of inputs and
/// outputs, with tflm_run.py's conventions (samples on axis 0; a leading output batch
/// dimension of 1 dropped), so results compare directly with the TFLM oracle's files.
enum RuntimeRunner {
    static func run(modelBytes: [UInt8], inputs: [NPYArray]) throws -> [NPYArray] {
        let interpreter = try RuntimeInterpreter(modelBytes: modelBytes)
        let samples = inputs.first?.shape.first ?? 0
        var outputs = interpreter.outputs.map { _ in [UInt8]() }
        for sample in 0..<samples {
            for (k, input) in inputs.enumerated() {
                let size = input.data.count / samples
                try input.data[(sample * size)..<((sample + 1) * size)].withUnsafeBytes { raw in
                    try interpreter.setInput(k, bytes: raw)
                }
            }
            interpreter.invoke()
            for k in outputs.indices {
                interpreter.withOutputBytes(k) { outputs[k].append(contentsOf: $0) }
            }
        }
        return try interpreter.outputs.enumerated().map { k, tensor in
            let sampleShape = tensor.shape.first == 1 ? Array(tensor.shape.dropFirst()) : tensor.shape
            guard let dtype = npyType(tensor.type) else {
                throw RuntimeError.unsupported("no .npy type for \(tensor.type.name) outputs")
            }
            return try NPYArray(dtype: dtype, shape: [samples] + sampleShape, data: outputs[k])
        }
    }

    /// The .npy element type holding a tensor type's raw bytes (as tflm_run.py writes them).
    static func npyType(_ type: TensorType) -> NPYDType? {
        switch type {
        case .float32: .float32
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .bool: .bool
        default: nil
        }
    }

    /// Indices of samples whose bytes differ.
    static func differingSamples(_ a: NPYArray, _ b: NPYArray) -> [Int] {
        guard a.shape == b.shape, a.dtype == b.dtype, let samples = a.shape.first, samples > 0 else { return [-1] }
        let size = a.data.count / samples
        return (0..<samples).filter { a.data[($0 * size)..<(($0 + 1) * size)] != b.data[($0 * size)..<(($0 + 1) * size)] }
    }

    static func distinctSamples(_ a: NPYArray) -> Int {
        guard let samples = a.shape.first, samples > 0 else { return 0 }
        let size = a.data.count / samples
        return Set((0..<samples).map { Array(a.data[($0 * size)..<(($0 + 1) * size)]) }).count
    }
}
