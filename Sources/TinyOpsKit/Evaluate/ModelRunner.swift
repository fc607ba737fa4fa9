/// Runs any model tinyops handles on raw samples, the way firmware would feed it: the
/// input normalization recorded in the `tinyops` metadata is applied, int8 inputs are
/// quantized with the input tensor's scale and zero point, and int8 outputs are
/// dequantized. float32 models run in tinyops' float interpreter, int8 models in
/// TinyOpsRuntime (bit-identical to TFLite Micro).
public final class ModelRunner {
    public enum Engine: String, Sendable {
        case floatInterpreter = "float32, tinyops float interpreter"
        case tinyOpsRuntime = "int8, TinyOpsRuntime"
    }

    public let engine: Engine
    public let model: Model
    public let normalization: InputNormalization?
    /// The model ends in SOFTMAX (its outputs are probabilities).
    public let outputsProbabilities: Bool
    private let float: FloatInterpreter?
    private let runtime: RuntimeInterpreter?

    public init(model: Model, bytes: [UInt8]) throws {
        self.model = model
        normalization = try InputNormalization(model: model)
        outputsProbabilities = model.main.operators.last(where: { $0.builtin != .dequantize && $0.builtin != .reshape })?.builtin == .softmax
        if model.main.tensors.contains(where: { $0.type == .int8 }) {
            engine = .tinyOpsRuntime
            runtime = try RuntimeInterpreter(modelBytes: bytes)
            float = nil
        } else {
            engine = .floatInterpreter
            float = try FloatInterpreter(model)
            runtime = nil
        }
    }

    /// Loads the model file; errors name it.
    public convenience init(path: String) throws {
        let bytes = try FileBytes.read(path)
        do {
            try self.init(model: try TFLiteReader.decode(bytes), bytes: bytes)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
    }

    public var inputSize: Int { model.main.tensors[Int(model.main.inputs[0])].elementCount }
    public var outputSize: Int { model.main.tensors[Int(model.main.outputs[0])].elementCount }

    /// Output 0 as float for one raw sample of `inputSize` values.
    public func outputs(for raw: ArraySlice<Float>) throws -> [Float] {
        var sample = Array(raw)
        normalization?.apply(&sample)
        if let float {
            return try float.run([sample])[0]
        }
        let runtime = runtime!
        let input = runtime.inputs[0]
        if input.type == .int8 {
            let scale = input.scale ?? 1, zeroPoint = Int64(input.zeroPoint ?? 0)
            try runtime.setInput(0, int8: sample.map { QuantizationMath.quantize($0, scale: scale, zeroPoint: zeroPoint) })
        } else {
            try runtime.setInput(0, float32: sample)
        }
        runtime.invoke()
        let output = runtime.outputs[0]
        guard output.type == .int8 else { return runtime.float32Output(0) }
        let scale = output.scale ?? 1, zeroPoint = Float(output.zeroPoint ?? 0)
        return runtime.int8Output(0).map { (Float($0) - zeroPoint) * scale }
    }
}
