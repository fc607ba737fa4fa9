import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops diff`: the patch written and applied, its report, and the error paths (exit 1
/// with the file named and nothing written; exit 2 for usage).
@Suite struct DiffCommandTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/" + name }
    static func tinyops(_ arguments: [String]) -> Outcome { run(arguments, root: Tinyops.self) }

    @Test func writesAPatchThatRebuildsTheNewModel() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = Self.fixture("conv1d_float.tflite"), new = Self.fixture("conv1d_int8.tflite"), patch = directory + "/p.patch"
        let outcome = Self.tinyops(["diff", old, new, "-o", patch])
        #expect(outcome.code == .success && outcome.stderr.isEmpty)
        let bytes = try FileBytes.read(patch)
        #expect(outcome.stdout.hasPrefix("patch   \(patch): \(bytes.count) bytes ("))
        #expect(outcome.stdout.contains("conv1d/dense/MatMul") && outcome.stdout.contains("unchanged buffers: "))
        let oldBytes = try FileBytes.read(old), newBytes = try FileBytes.read(new)
        #expect(try ModelPatch.apply(bytes, to: oldBytes) == newBytes)
        // The same inputs give the same patch; --json.
        let json = try JSONParser().parse(Self.tinyops(["diff", old, new, "-o", patch, "--json"]).stdout)
        #expect(try FileBytes.read(patch) == bytes)
        let newSHA256 = try SHA256.hex(ofFile: new), newCount = try FileBytes.read(new).count
        #expect(json["patch_bytes"]?.intValue == bytes.count && json["new_sha256"] == .string(newSHA256))
        #expect(json["copied_bytes"]?.intValue.map { $0 + json["inserted_bytes"]!.intValue! } == newCount)
        let same = Self.tinyops(["diff", new, new, "-o", patch])
        #expect(same.stdout.contains(": 85 bytes (") && same.stdout.contains("no buffer changed"))
    }

    @Test func errors() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let patch = directory + "/p.patch"
        let notModel = Self.tinyops(["diff", Self.fixture("fixtures.json"), Self.fixture("mlp_int8.tflite"), "-o", patch])
        #expect(notModel.code == .failure && notModel.stderr.hasPrefix("tinyops: error: \(Self.fixture("fixtures.json")): "))
        let missing = Self.tinyops(["diff", Self.fixture("mlp_int8.tflite"), directory + "/nope.tflite", "-o", patch])
        #expect(missing.code == .failure && missing.stderr.contains("nope.tflite"))
        #expect(!FileManager.default.fileExists(atPath: patch))
        #expect(Self.tinyops(["diff", Self.fixture("mlp_int8.tflite"), Self.fixture("mlp_int8.tflite")]).code == .usage)
        #expect(Self.tinyops(["diff", Self.fixture("mlp_int8.tflite"), "-o", patch]).code == .usage)
    }

    func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tinyops-diff-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
