import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops inspect` against golden output, hand-computed MAC counts, and broken files.
/// Regenerate the goldens on purpose with TINYOPS_UPDATE_GOLDEN=1 and review the diff.
@Suite struct InspectCommandTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/" + name }

    /// Runs `inspect` in-process with the fixture path made relative, so goldens do not
    /// depend on where the repository is checked out.
    private func inspect(_ name: String, json: Bool) -> Outcome {
        let outcome = run(["inspect", Self.fixture(name)] + (json ? ["--json"] : []), root: Tinyops.self)
        return Outcome(code: outcome.code,
                       stdout: outcome.stdout.replacingOccurrences(of: Self.root + "/", with: ""),
                       stderr: outcome.stderr)
    }

    private func expectGolden(_ text: String, _ golden: String) throws {
        let path = Self.root + "/Tests/tinyopsTests/Golden/" + golden
        if ProcessInfo.processInfo.environment["TINYOPS_UPDATE_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "output differs from \(golden); rerun with TINYOPS_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test(arguments: ["mlp_int8", "conv1d_int8", "cnn2d_float"])
    func goldenText(_ name: String) throws {
        let outcome = inspect(name + ".tflite", json: false)
        #expect(outcome.code == .success)
        #expect(outcome.stderr == "")
        try expectGolden(outcome.stdout, "inspect_\(name).txt")
    }

    @Test(arguments: ["mlp_int8", "conv1d_int8"])
    func goldenJSON(_ name: String) throws {
        let outcome = inspect(name + ".tflite", json: true)
        #expect(outcome.code == .success)
        try expectGolden(outcome.stdout, "inspect_\(name).json")
        // And it is JSON a script can read.
        let value = try JSONParser().parse(outcome.stdout)
        #expect(value["totals"]?["operators"]?.intValue != nil)
    }

    /// MACs worked out by hand from the Keras layers in make_fixtures.py.
    @Test func macsMatchHandComputedValues() throws {
        // mlp: Dense 20→32, 32→16, 16→4.
        let mlp = try JSONParser().parse(inspect("mlp_float.tflite", json: true).stdout)
        let mlpMacs = try #require(mlp["subgraphs"]?[0]?["operators"]?.arrayValue).compactMap { $0["macs"]?.intValue }
        #expect(mlpMacs == [20 * 32, 32 * 16, 16 * 4, 0])
        #expect(mlp["totals"]?["macs"]?.intValue == 1216)
        #expect(mlp["totals"]?["parameters"]?.intValue == (20 * 32 + 32) + (32 * 16 + 16) + (16 * 4 + 4))

        // conv1d on (64, 3): Conv1D(8, k5, same) → 64·8·5·3; MaxPool(2) → 32 steps;
        // Conv1D(16, k3, valid) → 30·16·3·8; GAP; Dense 16→4.
        let conv = try JSONParser().parse(inspect("conv1d_int8.tflite", json: true).stdout)
        let ops = try #require(conv["subgraphs"]?[0]?["operators"]?.arrayValue)
        let macsByOp = ops.map { ($0["op"]?.stringValue ?? "?", $0["macs"]?.intValue ?? -1) }.filter { $0.1 > 0 }
        #expect(macsByOp.map(\.0) == ["CONV_2D", "CONV_2D", "FULLY_CONNECTED"])
        #expect(macsByOp.map(\.1) == [64 * 8 * 5 * 3, 30 * 16 * 3 * 8, 16 * 4])
        #expect(conv["totals"]?["macs"]?.intValue == 7680 + 11520 + 64)

        // cnn2d on (16,16,1): Conv2D(8,k3,s2,same) → 8·8·8·9; DepthwiseConv2D(k3,same) → 8·8·8·9;
        // Conv2D(12,k1) → 8·8·12·8; AvgPool, MaxPool; Dense 12·(2·2)→5... read from the shapes.
        let cnn = try JSONParser().parse(inspect("cnn2d_int8.tflite", json: true).stdout)
        let cnnOps = try #require(cnn["subgraphs"]?[0]?["operators"]?.arrayValue)
        let cnnMacs = cnnOps.map { ($0["op"]?.stringValue ?? "?", $0["macs"]?.intValue ?? -1) }.filter { $0.1 > 0 }
        #expect(cnnMacs.map(\.0) == ["CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "FULLY_CONNECTED"])
        #expect(cnnMacs.map(\.1) == [8 * 8 * 8 * 9, 8 * 8 * 8 * 9, 8 * 8 * 12 * 8, 12 * 2 * 2 * 5])
    }

    @Test func brokenFilesExitOneWithTheFileNamed() throws {
        let directory = NSTemporaryDirectory() + "tinyops-inspect-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("mlp_int8.tflite")))

        let cases: [(name: String, bytes: Data, message: String)] = [
            ("empty.tflite", Data(), "not a flatbuffer: 0 bytes is too small"),
            ("notes.tflite", Data("hello, this is text\n".utf8), "not a TFL3 flatbuffer: file identifier is 'o, t'"),
            ("truncated.tflite", original.prefix(900), "truncated or corrupt flatbuffer"),
        ]
        for item in cases {
            let path = directory + "/" + item.name
            try item.bytes.write(to: URL(fileURLWithPath: path))
            let outcome = run(["inspect", path], root: Tinyops.self)
            #expect(outcome.code == .failure, "\(item.name)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderr.hasPrefix("tinyops: error: \(path): \(item.message)"), "\(item.name): \(outcome.stderr)")
        }
        let missing = run(["inspect", directory + "/absent.tflite"], root: Tinyops.self)
        #expect(missing.code == .failure)
        #expect(missing.stderr.hasPrefix("tinyops: error: \(directory)/absent.tflite: no such file"))
    }

    @Test func theBuiltBinaryExitsOneOnACorruptModel() throws {
        let path = NSTemporaryDirectory() + "tinyops-corrupt-\(UUID().uuidString).tflite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixture("conv1d_int8.tflite"))))
        bytes[0] = 0xFF  // root offset far past the end
        bytes[1] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let outcome = try BuiltBinary.run(["inspect", path])
        #expect(outcome.code == .failure)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "one error line: \(outcome.stderr)")
        #expect(outcome.stderr.hasPrefix("tinyops: error: \(path): truncated or corrupt flatbuffer: Model at byte"))
    }
}
