/// `tinyops quantize` as one library call: load the float model and the calibration data,
/// quantize, write the int8 model atomically, and report.
public struct QuantizeReport: Sendable {
    public var input: String
    public var output: String
    public var floatBytes: Int
    public var int8Bytes: Int
    public var calibrationSource: String
    public var calibrationSamples: Int
    public var options: Quantizer.Options
    public var layers: LayerErrorReport
    /// Float and int8 accuracy on a labelled split, when a dataset was given.
    public var accuracy: (split: DatasetSplit, samples: Int, float: Double, int8: Double)?

    public func json() -> JSONValue {
        [
            "input": .string(input),
            "output": .string(output),
            "calibration": [
                "source": .string(calibrationSource),
                "samples": .int(calibrationSamples),
                "method": .string(options.method.name),
            ],
            "io": .string(options.io.rawValue),
            "bytes": ["float": .int(floatBytes), "int8": .int(int8Bytes)],
            "accuracy": accuracy.map { a -> JSONValue in
                ["split": .string(a.split.rawValue), "samples": .int(a.samples), "float": .number(a.float), "int8": .number(a.int8)]
            } ?? .null,
            "layers": layers.json(),
        ]
    }

    public func text() -> String {
        let change = floatBytes > 0 ? Double(int8Bytes - floatBytes) / Double(floatBytes) * 100 : 0
        return """
            quantized    \(input) → \(output)
            calibration  \(calibrationSamples) samples from \(calibrationSource) (\(options.method.name))
            io           \(options.io.rawValue)
            size         \(floatBytes) → \(int8Bytes) bytes (\(String(format: "%+.1f", change))%)

            """ + accuracyText + "\n" + layers.text()
    }

    private var accuracyText: String {
        guard let a = accuracy else { return "accuracy     (give --data DATASET to compare float and int8)\n" }
        return String(format: "accuracy     float %.2f%%, int8 %.2f%% (%+.2f pp) on %d %@ samples\n",
                      a.float * 100, a.int8 * 100, (a.int8 - a.float) * 100, a.samples, a.split.rawValue)
    }
}

public enum QuantizeJob {
    /// Samples used for the per-layer error report.
    static let reportSamples = 100

    /// - Parameter evaluation: a labelled dataset to compare float and int8 accuracy on;
    ///   defaults to the calibration dataset when that is a dataset directory.
    public static func run(model path: String, calibration: String, output: String, samples: Int,
                           options: Quantizer.Options, evaluation: String? = nil,
                           split: DatasetSplit = .test) throws -> QuantizeReport {
        let loaded = try ModelFile.load(path)
        let data = try CalibrationData.load(calibration, for: loaded.model, limit: samples)
        var quantized: Model
        do {
            quantized = try Quantizer.quantize(loaded.model, samples: data, options: options)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }

        var isDirectory: ObjCBool = false
        let evaluationPath = evaluation
            ?? (FileManager.default.fileExists(atPath: calibration, isDirectory: &isDirectory) && isDirectory.boolValue ? calibration : nil)
        var accuracy: (split: DatasetSplit, samples: Int, float: Double, int8: Double)?
        var reportSamples = Array(data.prefix(reportSamples).map { $0[0] })
        if let evaluationPath {
            let dataset = try FeatureInput.adapt(try Dataset.load(evaluationPath), path: evaluationPath, to: loaded.model)
            var indices = dataset.indices(in: split)
            if indices.isEmpty { indices = dataset.indices(in: .val) }
            if !indices.isEmpty {
                let float = try ModelRunner(model: loaded.model, bytes: try FileBytes.read(path))
                let int8 = try ModelRunner(model: quantized, bytes: try TFLiteWriter.encode(quantized))
                guard dataset.sampleSize == float.inputSize else {
                    throw EvalJob.Failure.shape(dataset: evaluationPath, sample: dataset.sampleShape, model: float.inputSize)
                }
                let floatEval = try EvalJob.evaluate(float, dataset, indices)
                let int8Eval = try EvalJob.evaluate(int8, dataset, indices)
                accuracy = (indices.count == dataset.indices(in: split).count ? split : .val, indices.count,
                            floatEval.accuracy, int8Eval.accuracy)
                // Held-out samples show the error the deployed model will make.
                reportSamples = indices.prefix(Self.reportSamples).map { i in
                    var sample = Array(dataset.sample(i))
                    float.normalization?.apply(&sample)
                    return sample
                }
            }
        }
        let layers: LayerErrorReport
        do {
            layers = try LayerErrorReport(float: loaded.model, int8: quantized, samples: reportSamples)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        // The per-layer error and the accuracies travel with the model (report, lineage).
        var metadata = (try quantized.tinyopsMetadata())?.objectValue ?? JSONObject()
        var lineage = metadata["quantization"]?.objectValue ?? JSONObject()
        lineage["layers"] = layers.json()
        if let accuracy {
            lineage["accuracy"] = ["split": .string(accuracy.split.rawValue), "samples": .int(accuracy.samples),
                                   "float": .number(accuracy.float), "int8": .number(accuracy.int8)]
        }
        metadata["quantization"] = .object(lineage)
        try quantized.setTinyopsMetadata(.object(metadata))
        let finalBytes = try TFLiteWriter.encode(quantized)
        try AtomicFile.write(finalBytes, to: output)
        return QuantizeReport(input: path, output: output, floatBytes: loaded.fileBytes,
                              int8Bytes: finalBytes.count, calibrationSource: calibration,
                              calibrationSamples: data.count, options: options, layers: layers, accuracy: accuracy)
    }
}

import Foundation
