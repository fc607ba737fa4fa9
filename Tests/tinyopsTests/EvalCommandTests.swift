import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

@Suite struct EvalCommandTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "tinyops-eval-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A 20-feature, 4-class dataset the mlp fixture can take; labels are the float model's
    /// own predictions, so its accuracy is exactly 100%.
    private func dataset(samples: Int = 40, features: Int = 20) throws -> String {
        let interpreter = try FloatInterpreter(try ModelFile.load(InspectCommandTests.fixture("mlp_float.tflite")).model)
        var generator = SeededRandom(seed: 4)
        var x: [Float] = [], y: [Int32] = []
        for _ in 0..<samples {
            let sample = (0..<features).map { _ in Float.random(in: -2...2, using: &generator) }
            x += sample
            if features == 20 {
                let out = try interpreter.run([sample])[0]
                y.append(Int32(out.indices.max { out[$0] < out[$1] }!))
            } else {
                y.append(0)
            }
        }
        let path = directory + "/ds\(features)"
        try Dataset.inMemory(x: x, y: y, labels: ["a", "b", "c", "d"], sampleShape: [features],
                             splits: (0..<samples).map { $0 % 2 == 0 ? .train : .test }).write(to: path)
        return path
    }

    @Test func floatAndInt8Models() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = try dataset()
        let float = run(["eval", InspectCommandTests.fixture("mlp_float.tflite"), "--data", data, "--json"], root: Tinyops.self)
        #expect(float.code == .success, "\(float.stderr)")
        let report = try JSONParser().parse(float.stdout)
        #expect(report["accuracy"]?.doubleValue == 1)
        #expect(report["samples"]?.intValue == 20)
        #expect(report["engine"] == "float32, tinyops float interpreter")
        let int8Path = directory + "/int8.tflite"
        let quantize = run(["quantize", InspectCommandTests.fixture("mlp_float.tflite"), "--calibration", data, "-o", int8Path],
                           root: Tinyops.self)
        #expect(quantize.code == .success, "\(quantize.stderr)")
        #expect(quantize.stdout.contains("accuracy     float 100.00%, int8"))
        #expect(quantize.stdout.contains("per-layer quantization error"))
        let int8 = run(["eval", int8Path, "--data", data], root: Tinyops.self)
        #expect(int8.code == .success)
        #expect(int8.stdout.contains("(int8, TinyOpsRuntime)"))
        #expect(int8.stdout.contains("confusion (rows: true, columns: predicted)"))
    }

    @Test func mismatchedDatasetsAreNamed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let data = try dataset(samples: 8, features: 7)
        let outcome = run(["eval", InspectCommandTests.fixture("mlp_float.tflite"), "--data", data], root: Tinyops.self)
        #expect(outcome.code == .failure)
        #expect(outcome.stderr == "tinyops: error: \(data): samples of shape [7] do not fit the model input (20 values)\n")
        let missing = run(["eval", InspectCommandTests.fixture("mlp_float.tflite"), "--data", directory + "/none"], root: Tinyops.self)
        #expect(missing.code == .failure)
        #expect(run(["eval", "m.tflite"], root: Tinyops.self).code == .usage)
    }
}

@Suite struct ReportCommandTests {
    @Test func writesThePageOrFailsCleanly() throws {
        let directory = NSTemporaryDirectory() + "tinyops-report-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/report.html"
        let ok = run(["report", InspectCommandTests.fixture("cnn2d_int8.tflite"), InspectCommandTests.fixture("cnn2d_float.tflite"),
                      "--target", "pico", "-o", out], root: Tinyops.self)
        #expect(ok.code == .success, "\(ok.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("target pico (cortex-m0plus)"))
        let bad = run(["report", directory + "/missing.tflite", "-o", directory + "/other.html"], root: Tinyops.self)
        #expect(bad.code == .failure)
        #expect(bad.stderr.hasPrefix("tinyops: error: \(directory)/missing.tflite: no such file"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/other.html"))
        #expect(run(["report", "-o", out], root: Tinyops.self).code == .usage)
        #expect(run(["report", "m.tflite", "-o", out, "--target", "nano34"], root: Tinyops.self).code == .usage)
    }
}
