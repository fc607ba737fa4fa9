import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops finetune`: only the chosen layers change, the others stay bit-identical (float
/// and, with the same calibration data, int8), so `tinyops diff` carries little; bad input.
@Suite struct FinetuneCommandTests {
    func tinyops(_ arguments: [String]) -> Outcome { run(arguments, root: Tinyops.self) }

    @Test func retrainsTheHeadAndKeepsTheRest() throws {
        let d = try OptimizeCommandTests.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["finetune", d + "/model.tflite", "--data", d + "/data", "--epochs", "3", "--lr", "0.01",
                               "--batch-size", "8", "-o", d + "/v2.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let report = try JSONParser().parse(outcome.stdout)
        #expect(report["trained_parameters"]?.intValue == 12 * 3 + 3)
        #expect(report["frozen_parameters"]?.intValue == 4 * 16 + 16 + 16 * 12 + 12)
        let before = try OptimizeCommandTests.kernels(d + "/model.tflite"), after = try OptimizeCommandTests.kernels(d + "/v2.tflite")
        #expect(before[0] == after[0] && before[1] == after[1])
        #expect(before[2] != after[2])
        let metadata = try #require(try ModelFile.load(d + "/v2.tflite").model.tinyopsMetadata())
        #expect(metadata["finetune"]?["source_sha256"] == .string(try SHA256.hex(ofFile: d + "/model.tflite")))

        // Quantized with the same calibration data, the frozen layers' int8 weights match, and
        // the patch is much smaller than the new model.
        for (name, source) in [("v1", "model"), ("v2", "v2")] {
            let quantize = tinyops(["quantize", d + "/\(source).tflite", "--calibration", d + "/data", "-o", d + "/\(name)_int8.tflite"])
            #expect(quantize.code == .success, "\(quantize.stderr)")
        }
        let diff = tinyops(["diff", d + "/v1_int8.tflite", d + "/v2_int8.tflite", "-o", d + "/update.patch", "--json"])
        #expect(diff.code == .success, "\(diff.stderr)")
        let patch = try JSONParser().parse(diff.stdout)
        let patchBytes = try #require(patch["patch_bytes"]?.intValue), newBytes = try #require(patch["new_bytes"]?.intValue)
        #expect(patchBytes * 2 < newBytes, "\(diff.stdout)")
        let weightBuffers = try #require(patch["changed_buffers"]?.arrayValue).compactMap(\.["name"]?.stringValue)
            .filter { !$0.hasPrefix("metadata") }
        #expect(!weightBuffers.isEmpty)
        #expect(try ModelPatch.apply(try FileBytes.read(d + "/update.patch"), to: try FileBytes.read(d + "/v1_int8.tflite"))
            == (try FileBytes.read(d + "/v2_int8.tflite")))
    }

    @Test func badInput() throws {
        let d = try OptimizeCommandTests.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let unknown = tinyops(["finetune", d + "/model.tflite", "--data", d + "/data", "--layers", "nope", "-o", d + "/v2.tflite"])
        #expect(unknown.code == .failure)
        #expect(unknown.stderr.hasPrefix("tinyops: error: \(d)/model.tflite: has no layer with parameters named 'nope'"), "\(unknown.stderr)")
        #expect(!FileManager.default.fileExists(atPath: d + "/v2.tflite"))
        let notTinyops = tinyops(["finetune", DiffCommandTests.fixture("conv1d_int8.tflite"), "--data", d + "/data", "-o", d + "/v2.tflite"])
        #expect(notTinyops.code == .failure && notTinyops.stderr.contains("conv1d_int8.tflite"), "\(notTinyops.stderr)")
        #expect(tinyops(["finetune", d + "/model.tflite", "-o", d + "/v2.tflite"]).code == .usage)
        #expect(!FileManager.default.fileExists(atPath: d + "/v2.tflite"))
    }
}
