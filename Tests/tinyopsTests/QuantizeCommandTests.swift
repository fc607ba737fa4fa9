import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

@Suite struct QuantizeCommandTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "tinyops-quantize-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func calibration(rows: Int, columns: Int) throws -> String {
        var values: [Float] = []
        for i in 0..<(rows * columns) { values.append(Float((i * 37) % 101) / 25 - 2) }
        let path = directory + "/calib_\(rows)x\(columns).npy"
        try NPYArray(float32: values, shape: [rows, columns]).write(to: path)
        return path
    }

    @Test func quantizesAFloatModel() throws {
        let out = directory + "/mlp_int8.tflite"
        let outcome = run(["quantize", InspectCommandTests.fixture("mlp_float.tflite"), "--calibration",
                           try calibration(rows: 50, columns: 20), "-o", out, "--json"], root: Tinyops.self)
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let report = try JSONParser().parse(outcome.stdout)
        #expect(report["calibration"]?["samples"]?.intValue == 50)
        let model = try ModelFile.load(out).model
        #expect(model.main.tensors[Int(model.main.inputs[0])].type == .int8)
        #expect(report["bytes"]?["int8"]?.intValue == (try FileBytes.read(out).count))
    }

    @Test func badCalibrationLeavesNoOutput() throws {
        let out = directory + "/never.tflite"
        let outcome = run(["quantize", InspectCommandTests.fixture("mlp_float.tflite"), "--calibration",
                           try calibration(rows: 4, columns: 7), "-o", out], root: Tinyops.self)
        #expect(outcome.code == .failure)
        #expect(outcome.stderr.contains("samples of shape [4, 7] do not match the model input (20 values per sample)"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func int8InputAndMissingOptions() throws {
        let out = directory + "/x.tflite"
        let int8 = run(["quantize", InspectCommandTests.fixture("mlp_int8.tflite"), "--calibration",
                        try calibration(rows: 4, columns: 20), "-o", out], root: Tinyops.self)
        #expect(int8.code == .failure)
        #expect(int8.stderr.contains("the model's input is int8; quantize takes a float32 model"))
        let missing = run(["quantize", InspectCommandTests.fixture("mlp_float.tflite"), "-o", out], root: Tinyops.self)
        #expect(missing.code == .usage)
        let badMethod = run(["quantize", "m.tflite", "--calibration", "c.npy", "-o", out, "--method", "kl"], root: Tinyops.self)
        #expect(badMethod.code == .usage)
        #expect(badMethod.stderr.contains("minmax|percentile|mse") || badMethod.stderr.contains("minmax, percentile, mse"))
    }
}
