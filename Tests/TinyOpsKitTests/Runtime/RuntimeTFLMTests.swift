import Foundation
import Testing
import TinyOpsKit

/// TinyOpsRuntime against TFLite Micro, byte for byte: every int8 fixture on 200 seeded
/// random samples, and single-operator models (RuntimeOpCases) on 60 samples each.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct RuntimeTFLMTests {
    static let int8Fixtures = Fixtures.runnable.filter { $0.hasSuffix("_int8.tflite") }

    struct Case {
        let name: String
        let modelPath: String
        let inputs: [String]
        let outputs: [String]
    }

    @Test func int8FixturesAreCovered() {
        #expect(Self.int8Fixtures.count >= 5)
    }

    @Test func fixturesMatchTFLMByteForByte() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases = try Self.int8Fixtures.enumerated().map { m, name in
            try Self.prepare(name: name, model: try Fixtures.model(name), modelPath: Fixtures.path(name),
                             samples: 200, seed: UInt64(100 + m), in: directory)
        }
        try Self.compare(cases, in: directory)
    }

    @Test func singleOperatorModelsMatchTFLMByteForByte() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cases = try RuntimeOpCases.all.enumerated().map { m, opCase in
            var builder = OpModelBuilder(seed: UInt64(1000 + m))
            let (inputs, outputs) = opCase.build(&builder)
            let model = builder.model(inputs: inputs, outputs: outputs)
            let path = "\(directory)/\(opCase.name).tflite"
            try ModelFile.save(model, to: path)
            return try Self.prepare(name: opCase.name, model: model, modelPath: path, samples: 60,
                                    seed: UInt64(2000 + m), in: directory)
        }
        try Self.compare(cases, in: directory)
    }

    /// Writes seeded random inputs for every graph input of `model`.
    static func prepare(name: String, model: Model, modelPath: String, samples: Int, seed: UInt64,
                        in directory: String) throws -> Case {
        var generator = SeededGenerator(seed: seed)
        let stem = "\(directory)/\(name)"
        let inputs = try model.main.inputs.enumerated().map { k, index -> String in
            let path = "\(stem)_in\(k).npy"
            try TFLiteRewriteInteropTests.randomSamples(for: model.main.tensors[Int(index)], count: samples,
                                                        using: &generator).write(to: path)
            return path
        }
        let outputs = model.main.outputs.indices.map { "\(stem)_tflm\($0).npy" }
        return Case(name: name, modelPath: modelPath, inputs: inputs, outputs: outputs)
    }

    /// Runs every case in TFLM (one Python process) and in TinyOpsRuntime, then compares.
    static func compare(_ cases: [Case], in directory: String) throws {
        try TFLMOracle.run(cases.map { .init(model: $0.modelPath, inputs: $0.inputs, outputs: $0.outputs) }, in: directory)
        for c in cases {
            let bytes = try FileBytes.read(c.modelPath)
            let inputs = try c.inputs.map { try NPYArray(contentsOf: $0) }
            // One int8 or float input and one output: through `tinyops predict`'s own code path.
            let ours = inputs.count == 1 && c.outputs.count == 1 && [.int8, .float32].contains(inputs[0].dtype)
                ? [try RuntimePredict.predict(try RuntimeInterpreter(modelBytes: bytes), input: inputs[0], dequantize: false).0]
                : try RuntimeRunner.run(modelBytes: bytes, inputs: inputs)
            for (k, path) in c.outputs.enumerated() {
                let expected = try NPYArray(contentsOf: path)
                #expect(ours[k].shape == expected.shape, "\(c.name) output \(k): shape")
                #expect(ours[k].dtype == expected.dtype, "\(c.name) output \(k): dtype")
                let differing = RuntimeRunner.differingSamples(ours[k], expected)
                #expect(differing.isEmpty,
                        "\(c.name) output \(k): \(differing.count) of \(expected.shape[0]) samples differ from TFLM, first \(differing.prefix(5))")
                // A test that cannot fail is no test: the outputs must vary across samples.
                #expect(RuntimeRunner.distinctSamples(expected) > 1, "\(c.name): TFLM output is constant")
            }
        }
    }
}
