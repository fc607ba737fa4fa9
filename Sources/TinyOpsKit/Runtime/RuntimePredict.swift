/// What `tinyops predict` did.
public struct PredictSummary: Sendable, Equatable {
    public let samples: Int
    public let inputShape: [Int]
    public let outputShape: [Int]
    public let outputType: NPYDType
    /// Float input data was quantized with the model input's scale and zero point.
    public let quantizedInput: Bool
    /// Int8 outputs were dequantized to float32.
    public let dequantized: Bool
    public let arenaBytes: Int
}

/// Runs int8 models over stacked samples with TinyOpsRuntime (`tinyops predict`).
///
/// Data convention (as `Tests/Oracles/tflm_run.py`): the input array holds N samples on
/// axis 0; each sample has as many elements as the model input and is taken in C order.
/// The output stacks the per-sample outputs on a new axis 0, dropping the model output's
/// leading batch dimension when it is 1: `[1, 4]` gives `[N, 4]`.
public enum RuntimePredict {
    /// Reads the model and the `.npy` input, runs every sample, writes the `.npy` output
    /// atomically. Errors name the file they are about.
    public static func run(model: String, input: String, output: String, dequantize: Bool) throws -> PredictSummary {
        try run(modelBytes: try FileBytes.read(model), modelPath: model, input: try NPYArray(contentsOf: input),
                inputPath: input, output: output, dequantize: dequantize)
    }

    /// Runs every sample of `input`, writes the `.npy` output atomically. Errors name the
    /// file they are about.
    /// With `telemetry`, also writes one telemetry line per sample there (docs/telemetry.md),
    /// made by the C runtime as a device makes it, with id `telemetryID`.
    public static func run(modelBytes: [UInt8], modelPath model: String, input data: NPYArray, inputPath input: String,
                           output: String, dequantize: Bool, telemetry: String? = nil, telemetryID: String? = nil) throws -> PredictSummary {
        let interpreter: RuntimeInterpreter
        do {
            interpreter = try RuntimeInterpreter(modelBytes: modelBytes)
        } catch {
            throw FileError(path: model, reason: error)
        }
        let result: NPYArray
        let quantized: Bool
        let recorder = telemetry.map { _ in
            TelemetryRecorder(interpreter: interpreter, modelID: telemetryID ?? TelemetryRecorder.modelID(name: stem(model), modelBytes: modelBytes))
        }
        do {
            (result, quantized) = try predict(interpreter, input: data, dequantize: dequantize, telemetry: recorder)
        } catch {
            throw FileError(path: error.isAboutTheModel ? model : input, reason: error)
        }
        try result.write(to: output)
        if let telemetry, let recorder { try AtomicFile.write(Array(recorder.lines.joined().utf8), to: telemetry) }
        return PredictSummary(samples: result.shape[0], inputShape: data.shape, outputShape: result.shape,
                              outputType: result.dtype, quantizedInput: quantized,
                              dequantized: dequantize && interpreter.outputs[0].type == .int8,
                              arenaBytes: interpreter.arenaBytesUsed)
    }

    /// Runs every sample of `input` through a one-input, one-output model. Int8 model inputs
    /// take int8 data as is, or float data quantized as `clamp(round(x / scale) + zero_point)`
    /// (rounding half away from zero, as TFLite's QUANTIZE); float32 inputs take float data.
    /// Returns the stacked outputs and whether the input was quantized.
    /// With `telemetry`, each sample runs through `tinyops_invoke_with_telemetry` and the
    /// recorder keeps its line.
    public static func predict(
        _ interpreter: RuntimeInterpreter, input: NPYArray, dequantize: Bool, telemetry: TelemetryRecorder? = nil
    ) throws(RuntimeError) -> (NPYArray, Bool) {
        guard interpreter.inputs.count == 1, interpreter.outputs.count == 1 else {
            throw .ioCount(inputs: interpreter.inputs.count, outputs: interpreter.outputs.count,
                           supported: "predict handles models with one input and one output")
        }
        let modelInput = interpreter.inputs[0], modelOutput = interpreter.outputs[0]
        guard let samples = input.shape.first else { throw .notStacked(shape: input.shape) }
        let perSample = samples == 0 ? modelInput.elementCount : input.count / samples
        guard perSample == modelInput.elementCount else {
            throw .sampleSize(input: 0, expected: modelInput.elementCount, found: perSample)
        }
        let feed = try InputFeed(input: input, tensor: modelInput)
        let outputDequantized = dequantize && modelOutput.type == .int8
        let sampleShape = modelOutput.shape.first == 1 ? Array(modelOutput.shape.dropFirst()) : modelOutput.shape
        let outputBytesPerSample = outputDequantized ? 4 * modelOutput.elementCount : modelOutput.byteCount
        var outputBytes = [UInt8](repeating: 0, count: samples * outputBytesPerSample)
        let scale = modelOutput.scale ?? 0, zeroPoint = Int32(modelOutput.zeroPoint ?? 0)
        input.data.withUnsafeBytes { source in
            outputBytes.withUnsafeMutableBytes { target in
                for sample in 0..<samples {
                    interpreter.withInputBytes(0) { feed.fill($0, from: source, sample: sample) }
                    if let telemetry { telemetry.record() } else { interpreter.invoke() }
                    let out = UnsafeMutableRawBufferPointer(rebasing: target[(sample * outputBytesPerSample)...].prefix(outputBytesPerSample))
                    interpreter.withOutputBytes(0) { raw in
                        if outputDequantized {
                            for i in 0..<raw.count {
                                let q = Int32(Int8(bitPattern: raw[i]))
                                out.storeBytes(of: scale * Float(q - zeroPoint), toByteOffset: 4 * i, as: Float.self)
                            }
                        } else {
                            out.copyMemory(from: raw)
                        }
                    }
                }
            }
        }
        let outputType: NPYDType = outputDequantized || modelOutput.type == .float32 ? .float32 : .int8
        do {
            return (try NPYArray(dtype: outputType, shape: [samples] + sampleShape, data: outputBytes), feed.quantizes)
        } catch {
            throw .unsupported("output of type \(modelOutput.type.name) cannot be written as .npy")
        }
    }
}

/// How one sample of the input array becomes the model input's bytes.
private struct InputFeed {
    enum Mode { case copy, quantize(scale: Float, zeroPoint: Int32), float64ToFloat32 }
    let mode: Mode
    let sourceBytesPerSample: Int
    let elements: Int
    let sourceIsDouble: Bool

    var quantizes: Bool {
        if case .quantize = mode { return true }
        return false
    }

    init(input: NPYArray, tensor: RuntimeTensor) throws(RuntimeError) {
        elements = tensor.elementCount
        sourceIsDouble = input.dtype == .float64
        sourceBytesPerSample = elements * input.dtype.itemSize
        switch (tensor.type, input.dtype) {
        case (.int8, .int8), (.float32, .float32):
            mode = .copy
        case (.int8, .float32), (.int8, .float64):
            guard let scale = tensor.scale, let zeroPoint = tensor.zeroPoint else {
                throw .inputType(input: 0, expected: "int8 without quantization", found: input.dtype.name)
            }
            mode = .quantize(scale: scale, zeroPoint: zeroPoint)
        case (.float32, .float64):
            mode = .float64ToFloat32
        default:
            let accepted = tensor.type == .int8 ? "int8 (or float32/float64 to quantize)" : tensor.type.name
            throw .inputType(input: 0, expected: accepted, found: input.dtype.name)
        }
    }

    func fill(_ target: UnsafeMutableRawBufferPointer, from source: UnsafeRawBufferPointer, sample: Int) {
        let base = sample * sourceBytesPerSample
        switch mode {
        case .copy:
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[base..<(base + sourceBytesPerSample)]))
        case .float64ToFloat32:
            for i in 0..<elements {
                let x = source.loadUnaligned(fromByteOffset: base + 8 * i, as: Double.self)
                target.storeBytes(of: Float(x), toByteOffset: 4 * i, as: Float.self)
            }
        case .quantize(let scale, let zeroPoint):
            for i in 0..<elements {
                let x = sourceIsDouble
                    ? Float(source.loadUnaligned(fromByteOffset: base + 8 * i, as: Double.self))
                    : source.loadUnaligned(fromByteOffset: base + 4 * i, as: Float.self)
                target.storeBytes(of: Self.quantize(x, scale: scale, zeroPoint: zeroPoint), toByteOffset: i, as: Int8.self)
            }
        }
    }

    /// TFLite AffineQuantize: round(x / scale) half away from zero, plus the zero point,
    /// saturated to int8. NaN becomes the zero point.
    static func quantize(_ x: Float, scale: Float, zeroPoint: Int32) -> Int8 {
        let r = (x / scale).rounded(.toNearestOrAwayFromZero)
        if r.isNaN { return Int8(clamping: zeroPoint) }
        let clamped = Swift.min(Swift.max(r, -1000), 1000)
        return Int8(clamping: Int32(clamped) + zeroPoint)
    }
}

extension RuntimeError {
    /// Errors caused by the model rather than by the input data.
    var isAboutTheModel: Bool {
        switch self {
        case .notStacked, .sampleSize, .inputType: return false
        default: return true
        }
    }
}

/// A model file's name without its folder and `.tflite`.
func stem(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.hasSuffix(".tflite") ? String(name.dropLast(7)) : name
}
