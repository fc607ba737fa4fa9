import Foundation
import Testing
@testable import TinyOpsKit

@Suite struct QuantizerTests {
    static let floatFixtures = Fixtures.runnable.filter { $0.hasSuffix("_float.tflite") }

    /// Seeded calibration samples for the model's inputs, uniform in [-2, 2].
    static func samples(for model: Model, count: Int, seed: UInt64) -> [[[Float]]] {
        var generator = SeededGenerator(seed: seed)
        let sizes = model.main.inputs.map { model.main.tensors[Int($0)].elementCount }
        return (0..<count).map { _ in sizes.map { size in (0..<size).map { _ in Float.random(in: -2...2, using: &generator) } } }
    }

    @Test(arguments: floatFixtures)
    func quantizedModelFollowsTheSpec(_ name: String) throws {
        let float = try Fixtures.model(name)
        let model = try Quantizer.quantize(float, samples: Self.samples(for: float, count: 32, seed: 7))
        let subgraph = model.main
        for index in subgraph.inputs + subgraph.outputs { #expect(subgraph.tensors[Int(index)].type == .int8) }
        for (o, op) in subgraph.operators.enumerated() {
            let output = subgraph.tensors[Int(op.outputs[0])]
            #expect(output.type == .int8, "op \(o) \(op.opcode.name) output")
            switch op.builtin {
            case .conv2d, .depthwiseConv2d, .fullyConnected:
                let input = try #require(subgraph.input(op, 0)), filter = try #require(subgraph.input(op, 1))
                let axis = op.builtin == .depthwiseConv2d ? 3 : 0
                let q = try #require(filter.quantization)
                #expect(filter.type == .int8)
                #expect(q.quantizedDimension == Int32(axis))
                #expect(q.scale.count == Int(filter.shape[axis]))
                #expect(q.zeroPoint.allSatisfy { $0 == 0 })
                #expect(filter.int8Values?.contains(-128) == false, "weights stay in [-127, 127]")
                if let bias = subgraph.input(op, 2) {
                    #expect(bias.type == .int32)
                    let inputScale = try #require(input.quantization?.scale.first)
                    #expect(bias.quantization?.scale == q.scale.map { inputScale * $0 })
                }
            case .softmax, .logistic:
                #expect(output.quantization?.scale == [1.0 / 256])
                #expect(output.quantization?.zeroPoint == [-128])
            case .reshape, .expandDims, .maxPool2d, .averagePool2d, .pad, .relu6, .relu, .concatenation:
                let input = try #require(subgraph.input(op, 0))
                #expect(input.quantization == output.quantization, "\(op.opcode.name) keeps its input's parameters")
            default:
                break
            }
        }
        // Deterministic: the same inputs give the same bytes.
        let again = try Quantizer.quantize(float, samples: Self.samples(for: float, count: 32, seed: 7))
        #expect(try TFLiteWriter.encode(again) == TFLiteWriter.encode(model))
        #expect(try model.tinyopsMetadata()?["quantization"]?["calibration"] == "minmax")
    }

    @Test func floatIOAddsQuantizeAndDequantize() throws {
        let float = try Fixtures.model("mlp_float.tflite")
        let model = try Quantizer.quantize(float, samples: Self.samples(for: float, count: 8, seed: 1), options: .init(io: .float))
        let subgraph = model.main
        #expect(subgraph.operators.first?.builtin == .quantize)
        #expect(subgraph.operators.last?.builtin == .dequantize)
        #expect(subgraph.tensors[Int(subgraph.inputs[0])].type == .float32)
        #expect(subgraph.tensors[Int(subgraph.outputs[0])].type == .float32)
        #expect(model.signatureDefs.first?.inputs.first?.tensorIndex == UInt32(subgraph.inputs[0]))
        _ = try TFLiteReader.decode(try TFLiteWriter.encode(model))
    }

    @Test func rejectsInt8ModelsUnsupportedOpsAndBadSamples() throws {
        #expect(throws: QuantizeError.notFloat(type: "int8")) {
            try Quantizer.quantize(try Fixtures.model("mlp_int8.tflite"), samples: [[[0]]])
        }
        let topk = try Fixtures.model("unsupported_topk_float.tflite")
        #expect(throws: (any Error).self) { try Quantizer.quantize(topk, samples: Self.samples(for: topk, count: 2, seed: 1)) }
        let mlp = try Fixtures.model("mlp_float.tflite")
        #expect(throws: QuantizeError.noCalibrationSamples) { try Quantizer.quantize(mlp, samples: []) }
        #expect(throws: QuantizeError.calibrationShape(expected: [20], found: [3])) {
            try Quantizer.quantize(mlp, samples: [[[1, 2, 3]]])
        }
    }
}

/// tinyops' int8 models in TFLM: they load and run, and their dequantized outputs track the
/// float model about as closely as the TensorFlow converter's int8 model does.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct QuantizerInteropTests {
    @Test func int8ModelsRunInTFLMAndTrackTheFloatModel() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let evaluation = 64
        struct Case { var name: String; var float: FloatInterpreter; var samples: [[[Float]]]; var ours: Model; var theirs: Model }
        var cases: [Case] = []
        var jobs: [TFLMOracle.Job] = []
        for (m, name) in QuantizerTests.floatFixtures.enumerated() {
            let float = try Fixtures.model(name)
            let ours = try Quantizer.quantize(float, samples: QuantizerTests.samples(for: float, count: 64, seed: 3))
            let theirs = try Fixtures.model(name.replacingOccurrences(of: "_float", with: "_int8"))
            let samples = QuantizerTests.samples(for: float, count: evaluation, seed: 99)
            for (tag, model) in [("ours", ours), ("theirs", theirs)] {
                let modelPath = "\(directory)/\(m)_\(tag).tflite"
                try ModelFile.save(model, to: modelPath)
                let input = model.main.tensors[Int(model.main.inputs[0])]
                let (scale, zp) = (input.quantization!.scale[0], input.quantization!.zeroPoint[0])
                let quantized = samples.flatMap { $0[0].map { QuantizationMath.quantize($0, scale: scale, zeroPoint: zp) } }
                let shape = [evaluation] + input.shape.dropFirst().map(Int.init)
                try NPYArray(int8: quantized, shape: shape).write(to: "\(directory)/\(m)_\(tag)_in.npy")
                jobs.append(.init(model: modelPath, inputs: ["\(directory)/\(m)_\(tag)_in.npy"], outputs: ["\(directory)/\(m)_\(tag)_out.npy"]))
            }
            cases.append(Case(name: name, float: try FloatInterpreter(float), samples: samples, ours: ours, theirs: theirs))
        }
        try TFLMOracle.run(jobs, in: directory)
        for (m, item) in cases.enumerated() {
            var errors: [String: (maxError: Float, agreement: Int)] = [:]
            for (tag, model) in [("ours", item.ours), ("theirs", item.theirs)] {
                let output = model.main.tensors[Int(model.main.outputs[0])]
                let (scale, zp) = (output.quantization!.scale[0], output.quantization!.zeroPoint[0])
                let raw = try NPYArray(contentsOf: "\(directory)/\(m)_\(tag)_out.npy").int8()
                let size = output.elementCount
                var worst: Float = 0, agree = 0
                for (s, sample) in item.samples.enumerated() {
                    let reference = try item.float.run(sample)[0]
                    let dequantized = (0..<size).map { (Float(raw[s * size + $0]) - Float(zp)) * scale }
                    worst = max(worst, zip(reference, dequantized).map { abs($0 - $1) }.max() ?? 0)
                    if reference.indices.max(by: { reference[$0] < reference[$1] })
                        == dequantized.indices.max(by: { dequantized[$0] < dequantized[$1] }) { agree += 1 }
                }
                errors[tag] = (worst, agree)
            }
            let ours = errors["ours"]!, theirs = errors["theirs"]!
            print("\(item.name): max |int8 - float| tinyops \(ours.maxError) (argmax agrees \(ours.agreement)/\(item.samples.count)), "
                  + "TF converter \(theirs.maxError) (\(theirs.agreement)/\(item.samples.count))")
            #expect(ours.agreement >= item.samples.count * 9 / 10, "\(item.name): tinyops int8 argmax agrees on \(ours.agreement)")
            #expect(ours.maxError <= max(0.1, 2 * theirs.maxError), "\(item.name)")
        }
    }
}

/// Every model the quantizer makes runs bit-exactly in TinyOpsRuntime and TFLM, and not only
/// at the output: a debug copy lists every operator's output as a graph output, so all
/// intermediate int8 tensors are compared byte for byte.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct QuantizedModelsBitExactTests {
    @Test func everyIntermediateTensorMatchesTFLM() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var jobs: [TFLMOracle.Job] = []
        var cases: [(name: String, model: Model, input: NPYArray, outputs: [String])] = []
        for (m, name) in QuantizerTests.floatFixtures.enumerated() {
            let float = try Fixtures.model(name)
            for io in Quantizer.IOType.allCases {
                var model = try Quantizer.quantize(float, samples: QuantizerTests.samples(for: float, count: 32, seed: 11),
                                                   options: .init(method: .percentile(99.9), io: io))
                model.subgraphs[0].outputs = model.main.operators.map { $0.outputs[0] }
                model.signatureDefs = []
                let tag = "\(m)_\(io.rawValue)"
                let modelPath = "\(directory)/\(tag).tflite"
                try ModelFile.save(model, to: modelPath)
                var generator = SeededGenerator(seed: UInt64(40 + m))
                let input = try TFLiteRewriteInteropTests.randomSamples(for: model.main.tensors[Int(model.main.inputs[0])],
                                                                        count: 24, using: &generator)
                try input.write(to: "\(directory)/\(tag)_in.npy")
                let outputs = model.main.outputs.indices.map { "\(directory)/\(tag)_out\($0).npy" }
                jobs.append(.init(model: modelPath, inputs: ["\(directory)/\(tag)_in.npy"], outputs: outputs))
                cases.append(("\(name) io \(io.rawValue)", model, input, outputs))
            }
        }
        try TFLMOracle.run(jobs, in: directory)
        #expect(cases.count == 2 * QuantizerTests.floatFixtures.count && cases.count >= 10)
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
                    let ours = runtime.withOutputBytes(o) { Array($0) }
                    compared += 1
                    #expect(ours == Array(bytes[(s * size)..<((s + 1) * size)]),
                            "\(item.name): sample \(s), operator \(o) (\(item.model.main.operators[o].opcode.name)) differs from TFLM")
                }
            }
        }
        #expect(compared > 1000, "compared \(compared) intermediate tensors")
    }
}
