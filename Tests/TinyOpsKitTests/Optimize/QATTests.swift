import Foundation
import Testing
@testable import TinyOpsKit

/// Quantization-aware training on the specs under models/: the fake-quantized network
/// predicts what the int8 model it exports computes, and that model is bit-exact between
/// TinyOpsRuntime and TFLM at every tensor.
enum QATFixtures {
    struct Case {
        let name: String
        let folded: FoldedNetwork
        let normalization: Normalization
        let model: Model
        let data: TrainingSet
        /// The QAT engine's outputs (softmax probabilities) on the data's normalized samples.
        let fakeQuantOutputs: [Float]
    }

    static let files = ["imu_conv1d.json", "cnn2d_small.json", "ds_cnn_kws.json"]

    static let cases: [String: Result<Case, any Error>] = {
        var result: [String: Result<Case, any Error>] = [:]
        for file in files { result[file] = Result { try make(file) } }
        return result
    }()

    static func make(_ file: String) throws -> Case {
        let t = try ExportFixtures.trained(file)
        let folded = try t.network.folded(parameters: t.outcome.parameters, state: t.outcome.state)
        var setup = TrainingSetup()
        setup.start = (folded.parameters, folded.state)
        setup.normalization = t.outcome.normalization
        setup.frozenBatchNorm = true
        setup.quantizationAware = true
        var options = TrainingOptions()
        options.epochs = 1
        options.batchSize = 8
        options.learningRate = 0.001
        let tuned = try Trainer.train(folded.network, data: t.data, options: options, setup: setup)
        #expect(!tuned.activationRanges.isEmpty)
        var result = folded
        result.parameters = tuned.parameters
        result.state = tuned.state
        let calibration = FineTuning.calibrationSamples(t.data, normalization: t.outcome.normalization, limit: 16)
        let metadata: JSONValue = ["normalization": ["mean": .floats(t.outcome.normalization.mean), "std": .floats(t.outcome.normalization.std)]]
        let model = try FineTuning.int8Model(result, ranges: tuned.activationRanges, metadata: metadata, calibration: calibration)
        // The QAT engine as it stands after training: fake-quantized weights and activations.
        let engine = Engine(network: result.network, capacity: 8, lanes: 1, seed: 0)
        engine.parameterValues = result.parameters
        engine.stateValues = result.state
        let fake = FakeQuantizer(network: result.network, lanes: 1, capacity: 8)
        fake.ranges = fake.points.nodes.map { tuned.activationRanges[$0] }
        engine.fakeQuant = fake
        let x = t.outcome.normalization.apply(t.data.x)
        let outputs = x.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: t.data.count).outputs }
        return Case(name: file, folded: result, normalization: t.outcome.normalization, model: model, data: t.data,
                    fakeQuantOutputs: outputs)
    }
}

@Suite struct QATTests {
    @Test(arguments: QATFixtures.files)
    func fakeQuantizationPredictsTheInt8Model(_ file: String) throws {
        let c = try QATFixtures.cases[file]!.get()
        let classes = c.data.classCount
        let runner = try ModelRunner(model: c.model, bytes: try TFLiteWriter.encode(c.model))
        #expect(runner.engine == .tinyOpsRuntime)
        var agree = 0, worst: Float = 0
        for s in 0..<c.data.count {
            let int8 = try runner.outputs(for: c.data.x[(s * c.data.sampleSize)..<((s + 1) * c.data.sampleSize)])
            let fake = Array(c.fakeQuantOutputs[(s * classes)..<((s + 1) * classes)])
            worst = max(worst, zip(int8, fake).map { abs($0 - $1) }.max() ?? 1)
            if int8.firstIndex(of: int8.max()!) == fake.firstIndex(of: fake.max()!) { agree += 1 }
        }
        print("note: \(file): QAT forward vs int8 TinyOpsRuntime: argmax agrees \(agree)/\(c.data.count), max |Δp| \(worst)")
        // The int8 kernels requantize with fixed-point multipliers where fake quantization
        // multiplies in float: a step here and there, not more.
        #expect(worst <= 0.1, "\(file)")
        #expect(agree >= c.data.count - 2, "\(file)")
    }

    /// The quantizer used the ranges QAT learned for the tensors QAT tracked.
    @Test func learnedRangesReachTheInt8Model() throws {
        let c = try QATFixtures.cases["imu_conv1d.json"]!.get()
        let input = c.model.main.tensors[Int(c.model.main.inputs[0])]
        let q = try #require(input.quantization)
        // The input's range is the normalized data's, tracked by QAT (an EMA inside min/max of the data).
        let x = c.normalization.apply(c.data.x)
        let low = (Float(-128) - Float(q.zeroPoint[0])) * q.scale[0], high = (Float(127) - Float(q.zeroPoint[0])) * q.scale[0]
        #expect(low >= x.min()! - q.scale[0] && high <= x.max()! + q.scale[0])
        // Input, conv1 (relu fused), conv2 (relu fused), global average pooling, dense.
        #expect(QuantizationPoints(c.folded.network).count == 5)
        let calibration = try c.model.tinyopsMetadata()?["quantization"]?["calibration"]?.stringValue
        #expect(calibration == "5 ranges from quantization-aware training, minmax for the rest")
    }
}

@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct QATBitExactTests {
    @Test func everyIntermediateTensorMatchesTFLM() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var jobs: [TFLMOracle.Job] = []
        var cases: [(name: String, model: Model, input: NPYArray, outputs: [String])] = []
        for (m, file) in QATFixtures.files.enumerated() {
            var model = try QATFixtures.cases[file]!.get().model
            model.subgraphs[0].outputs = model.main.operators.map { $0.outputs[0] }
            model.signatureDefs = []
            let path = "\(directory)/\(m).tflite"
            try ModelFile.save(model, to: path)
            var generator = SeededGenerator(seed: UInt64(70 + m))
            let input = try TFLiteRewriteInteropTests.randomSamples(for: model.main.tensors[Int(model.main.inputs[0])], count: 16,
                                                                    using: &generator)
            try input.write(to: "\(directory)/\(m)_in.npy")
            let outputs = model.main.outputs.indices.map { "\(directory)/\(m)_out\($0).npy" }
            jobs.append(.init(model: path, inputs: ["\(directory)/\(m)_in.npy"], outputs: outputs))
            cases.append((file, model, input, outputs))
        }
        try TFLMOracle.run(jobs, in: directory)
        var compared = 0
        for item in cases {
            let runtime = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(item.model))
            let expected = try item.outputs.map { try NPYArray(contentsOf: $0).data }
            let samples = item.input.shape[0], sampleBytes = item.input.data.count / samples
            for s in 0..<samples {
                let sample = Array(item.input.data[(s * sampleBytes)..<((s + 1) * sampleBytes)])
                sample.withUnsafeBytes { raw in runtime.withInputBytes(0) { $0.copyMemory(from: raw) } }
                runtime.invoke()
                for (o, bytes) in expected.enumerated() {
                    let size = bytes.count / samples
                    compared += 1
                    #expect(runtime.withOutputBytes(o) { Array($0) } == Array(bytes[(s * size)..<((s + 1) * size)]),
                            "\(item.name): sample \(s), operator \(o) (\(item.model.main.operators[o].opcode.name)) differs from TFLM")
                }
            }
        }
        #expect(compared > 500, "compared \(compared) tensors")
    }
}
