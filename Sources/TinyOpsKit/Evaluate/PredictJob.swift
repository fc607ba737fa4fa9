/// `tinyops predict`: raw outputs of any model for stacked samples, so users and scripts can
/// compare runtimes sample by sample. int8 models run in TinyOpsRuntime (`RuntimePredict`),
/// float32 models in tinyops' float interpreter.
public enum PredictJob {
    public enum Source: Sendable {
        /// Samples stacked on axis 0, fed to the model input as they are.
        case npy(String)
        /// A dataset split; samples are normalized as the model's metadata says first.
        case dataset(String, DatasetSplit)

        public var path: String {
            switch self {
            case .npy(let path), .dataset(let path, _): return path
            }
        }
    }

    /// With `telemetry`, int8 models also write one telemetry line per sample to that file
    /// (see `TelemetryRecorder`), with id `telemetryID` (default: file name and sha256 prefix).
    public static func run(model: String, source: Source, output: String, dequantize: Bool, telemetry: String? = nil,
                           telemetryID: String? = nil) throws -> PredictSummary {
        let bytes = try FileBytes.read(model)
        let decoded: Model
        do { decoded = try TFLiteReader.decode(bytes) } catch let error as any UserFacingError { throw FileError(path: model, reason: error) }
        let input = try inputArray(source, model: decoded)
        if decoded.main.tensors.contains(where: { $0.type == .int8 }) {
            return try RuntimePredict.run(modelBytes: bytes, modelPath: model, input: input, inputPath: source.path,
                                          output: output, dequantize: dequantize, telemetry: telemetry, telemetryID: telemetryID)
        }
        if telemetry != nil { throw FileError(path: model, reason: MonitorError.telemetryNeedsInt8) }
        return try runFloat(decoded, modelPath: model, input: input, inputPath: source.path, output: output)
    }

    static func inputArray(_ source: Source, model: Model) throws -> NPYArray {
        switch source {
        case .npy(let path):
            return try NPYArray(contentsOf: path)
        case .dataset(let path, let split):
            let dataset = try FeatureInput.adapt(try Dataset.load(path), path: path, to: model)
            let normalization = try InputNormalization(model: model)
            let indices = dataset.indices(in: split)
            var values: [Float] = []
            values.reserveCapacity(indices.count * dataset.sampleSize)
            for i in indices {
                var sample = Array(dataset.sample(i))
                normalization?.apply(&sample)
                values += sample
            }
            return try NPYArray(float32: values, shape: [indices.count] + dataset.sampleShape)
        }
    }

    static func runFloat(_ model: Model, modelPath: String, input: NPYArray, inputPath: String, output: String) throws -> PredictSummary {
        let interpreter: FloatInterpreter
        do { interpreter = try FloatInterpreter(model) } catch let error as any UserFacingError {
            throw FileError(path: modelPath, reason: error)
        }
        guard interpreter.inputSizes.count == 1, interpreter.outputSizes.count == 1 else {
            throw FileError(path: modelPath, reason: RuntimeError.ioCount(inputs: interpreter.inputSizes.count, outputs: interpreter.outputSizes.count,
                                                                        supported: "predict handles models with one input and one output"))
        }
        let values: [Float]
        do { values = try input.converted(to: .float32).float32() } catch { throw FileError(path: inputPath, reason: error) }
        let samples = input.shape.first ?? 0, size = interpreter.inputSizes[0]
        guard samples > 0 ? values.count == samples * size : true else {
            throw FileError(path: inputPath, reason: RuntimeError.sampleSize(input: 0, expected: size, found: values.count / max(samples, 1)))
        }
        var outputs: [Float] = []
        outputs.reserveCapacity(samples * interpreter.outputSizes[0])
        for s in 0..<samples { outputs += try interpreter.run([Array(values[(s * size)..<((s + 1) * size)])])[0] }
        let outputTensor = model.main.tensors[Int(model.main.outputs[0])]
        let shape = outputTensor.shape.first == 1 ? Array(outputTensor.shape.dropFirst()) : outputTensor.shape
        let result = try NPYArray(float32: outputs, shape: [samples] + shape.map(Int.init))
        try result.write(to: output)
        return PredictSummary(samples: samples, inputShape: input.shape, outputShape: result.shape, outputType: .float32,
                              quantizedInput: false, dequantized: false, arenaBytes: 0)
    }
}
