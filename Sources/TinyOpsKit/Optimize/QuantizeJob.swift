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
        ]
    }

    public func text() -> String {
        let change = floatBytes > 0 ? Double(int8Bytes - floatBytes) / Double(floatBytes) * 100 : 0
        return """
            quantized    \(input) → \(output)
            calibration  \(calibrationSamples) samples from \(calibrationSource) (\(options.method.name))
            io           \(options.io.rawValue)
            size         \(floatBytes) → \(int8Bytes) bytes (\(String(format: "%+.1f", change))%)

            """
    }
}

public enum QuantizeJob {
    public static func run(model path: String, calibration: String, output: String, samples: Int,
                           options: Quantizer.Options) throws -> QuantizeReport {
        let loaded = try ModelFile.load(path)
        let data = try CalibrationData.load(calibration, for: loaded.model, limit: samples)
        let quantized: Model
        do {
            quantized = try Quantizer.quantize(loaded.model, samples: data, options: options)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        try ModelFile.save(quantized, to: output)
        return QuantizeReport(input: path, output: output, floatBytes: loaded.fileBytes,
                              int8Bytes: try FileBytes.read(output).count, calibrationSource: calibration,
                              calibrationSamples: data.count, options: options)
    }
}

import Foundation
