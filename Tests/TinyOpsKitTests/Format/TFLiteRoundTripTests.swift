import Foundation
import Testing
@testable import TinyOpsKit

/// Every fixture: read → write → read gives the same IR, write → read → write gives the same
/// bytes, buffers land on 16-byte boundaries, and TFLM runs the rewritten file exactly as the
/// converter's original.
@Suite struct TFLiteRoundTripTests {
    @Test func fixturesArePresent() {
        #expect(Fixtures.all.count >= 10, "expected the committed fixtures in \(Fixtures.directory)")
    }

    @Test(arguments: Fixtures.all)
    func readWriteReadGivesTheSameModel(_ name: String) throws {
        let model = try Fixtures.model(name)
        let written = try TFLiteWriter.encode(model)
        let reread = try TFLiteReader.decode(written)
        #expect(reread == model)
        #expect(try TFLiteWriter.encode(reread) == written, "rewriting \(name) is not byte-identical")
    }

    @Test(arguments: Fixtures.all)
    func everyBufferIsSixteenByteAligned(_ name: String) throws {
        let written = try TFLiteWriter.encode(try Fixtures.model(name))
        #expect(written.count % 16 == 0)
        let fb = FlatBufferReader(bytes: written)
        let root = try fb.root(fileIdentifier: "TFL3", rootName: "Model")
        let buffers = try fb.tables(root, 4, name: "buffers")
        #expect(try fb.vector(buffers[0], 0, name: "data", elementSize: 1) == nil, "buffer 0 must be the empty sentinel")
        for buffer in buffers {
            if let data = try fb.vector(buffer, 0, name: "data", elementSize: 1) {
                #expect(data.start % 16 == 0, "\(data.path) starts at byte \(data.start)")
            }
        }
    }

    @Test func tinyopsMetadataRoundTrips() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        let metadata: JSONValue = [
            "labels": ["idle", "wave", "circle", "shake"],
            "normalization": ["mean": .floats([0.25, -1.5]), "std": .floats([1, 2.5])],
            "dataset_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "metrics": ["accuracy": 0.9375],
        ]
        try model.setTinyopsMetadata(metadata)
        let written = try TFLiteWriter.encode(model)
        let reread = try TFLiteReader.decode(written)
        #expect(try reread.tinyopsMetadata() == metadata)
        #expect(reread.metadata.map(\.name).contains("min_runtime_version"), "converter metadata is kept")
        #expect(try TFLiteWriter.encode(reread) == written)

        // Replacing the entry keeps one entry.
        var replaced = reread
        try replaced.setTinyopsMetadata(["labels": ["a"]])
        #expect(replaced.metadata.filter { $0.name == "tinyops" }.count == 1)
    }

    @Test func writingIsDeterministicAcrossEncoders() throws {
        let model = try Fixtures.model("cnn2d_int8.tflite")
        let first = try TFLiteWriter.encode(model)
        for _ in 0..<3 { #expect(try TFLiteWriter.encode(model) == first) }
    }

    @Test func opcodesAtOrAbove127UseThePlaceholderByte() throws {
        var model = try Fixtures.model("mlp_float.tflite")
        // BATCH_MATMUL (126) fits the byte, code 130 (BROADCAST_TO) needs the int32 field.
        model.subgraphs[0].operators[0].opcode = OperatorCode(code: 130)
        let written = try TFLiteWriter.encode(model)
        let fb = FlatBufferReader(bytes: written)
        let root = try fb.root(fileIdentifier: "TFL3", rootName: "Model")
        let code = try fb.tables(root, 1, name: "operator_codes")[0]
        #expect(try fb.scalar(code, 0) as Int8 == 127)
        #expect(try fb.scalar(code, 3) as Int32 == 130)
        #expect(try TFLiteReader.decode(written).subgraphs[0].operators[0].opcode.code == 130)
    }
}

/// The rewritten file runs in TFLM with outputs identical to the converter's file.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct TFLiteRewriteInteropTests {
    static let samples = 16

    @Test func rewrittenFixturesGiveIdenticalTFLMOutputs() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var jobs: [TFLMOracle.Job] = []
        var comparisons: [(name: String, original: [String], rewritten: [String])] = []
        for (m, name) in Fixtures.runnable.enumerated() {
            let model = try Fixtures.model(name)
            let rewritten = "\(directory)/\(m)_rewritten.tflite"
            try ModelFile.save(model, to: rewritten)
            var generator = SeededGenerator(seed: UInt64(m + 1))
            let inputs = try model.main.inputs.enumerated().map { i, index -> String in
                let path = "\(directory)/\(m)_in\(i).npy"
                try Self.randomSamples(for: model.main.tensors[Int(index)], count: Self.samples, using: &generator)
                    .write(to: path)
                return path
            }
            let outputs = { (tag: String) in model.main.outputs.indices.map { "\(directory)/\(m)_\(tag)_out\($0).npy" } }
            jobs.append(.init(model: Fixtures.path(name), inputs: inputs, outputs: outputs("original")))
            jobs.append(.init(model: rewritten, inputs: inputs, outputs: outputs("rewritten")))
            comparisons.append((name, outputs("original"), outputs("rewritten")))
        }
        try TFLMOracle.run(jobs, in: directory)
        for comparison in comparisons {
            for (original, rewritten) in zip(comparison.original, comparison.rewritten) {
                let a = try NPYArray(contentsOf: original)
                let b = try NPYArray(contentsOf: rewritten)
                #expect(a.shape.first == Self.samples)
                #expect(a == b, "\(comparison.name): TFLM outputs differ between the original and the rewritten file")
            }
        }
    }

    /// `count` samples for `tensor`, stacked on a new axis 0 (the batch dimension of 1 dropped).
    static func randomSamples(for tensor: Tensor, count: Int, using generator: inout SeededGenerator) throws -> NPYArray {
        let sampleShape = tensor.shape.first == 1 ? Array(tensor.shape.dropFirst()) : tensor.shape
        let shape = [count] + sampleShape.map(Int.init)
        let elements = count * max(1, tensor.elementCount)
        switch tensor.type {
        case .int8:
            return try NPYArray(int8: (0..<elements).map { _ in Int8.random(in: .min ... .max, using: &generator) }, shape: shape)
        case .float32:
            return try NPYArray(float32: (0..<elements).map { _ in Float.random(in: -2...2, using: &generator) }, shape: shape)
        case .int32:
            return try NPYArray(int32: (0..<elements).map { _ in Int32.random(in: -100_000...100_000, using: &generator) },
                                shape: shape)
        default:
            Issue.record("no random input generator for \(tensor.type.name) inputs")
            return try NPYArray(int8: [], shape: [0])
        }
    }
}
