import Foundation
import Testing
@testable import TinyOpsKit

@Suite struct FloatInterpreterTests {
    static let floatFixtures = Fixtures.runnable.filter { $0.hasSuffix("_float.tflite") }

    @Test func paddingMatchesTFLite() {
        // SAME: out = ceil(in/stride), the smaller half of the padding before.
        #expect(WindowGeometry.axis(input: 16, filter: 3, stride: 2, dilation: 1, padding: .same) == (8, 0))
        #expect(WindowGeometry.axis(input: 5, filter: 3, stride: 1, dilation: 1, padding: .same) == (5, 1))
        #expect(WindowGeometry.axis(input: 6, filter: 4, stride: 1, dilation: 1, padding: .same) == (6, 1))
        #expect(WindowGeometry.axis(input: 7, filter: 3, stride: 1, dilation: 2, padding: .same) == (7, 2))
        // VALID: out = floor((in - effective filter) / stride) + 1.
        #expect(WindowGeometry.axis(input: 32, filter: 3, stride: 1, dilation: 1, padding: .valid).output == 30)
        #expect(WindowGeometry.axis(input: 8, filter: 2, stride: 2, dilation: 1, padding: .valid).output == 4)
    }

    @Test func convolutionByHand() {
        // 1x3x3x1 input, one 2x2 filter of ones, VALID, stride 1: sums of 2x2 windows, plus bias 0.5.
        let input: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let filter: [Float] = [1, 1, 1, 1]
        var output = [Float](repeating: 0, count: 4)
        let g = WindowGeometry(batches: 1, inputHeight: 3, inputWidth: 3, inputChannels: 1, outputHeight: 2, outputWidth: 2,
                               outputChannels: 1, filterHeight: 2, filterWidth: 2, strideHeight: 1, strideWidth: 1,
                               padTop: 0, padLeft: 0)
        let bias: [Float] = [0.5]
        output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { i in filter.withUnsafeBufferPointer { f in bias.withUnsafeBufferPointer { b in
                FloatKernels.conv2D(out, i, f, b, g)
            } } }
        }
        #expect(output == [12.5, 16.5, 24.5, 28.5])
    }

    @Test func broadcastingAddAndMean() throws {
        let plan = try #require(BroadcastPlan(a: [2, 3], b: [3], output: [2, 3]))
        var out = [Float](repeating: 0, count: 6)
        let a: [Float] = [1, 2, 3, 4, 5, 6], b: [Float] = [10, 20, 30]
        out.withUnsafeMutableBufferPointer { o in a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
            FloatKernels.binary(o, x, y, plan, .add)
        } } }
        #expect(out == [11, 22, 33, 14, 25, 36])
        #expect(BroadcastPlan(a: [2, 3], b: [2], output: [2, 3]) == nil)

        var mean = [Float](repeating: 0, count: 3)
        mean.withUnsafeMutableBufferPointer { o in a.withUnsafeBufferPointer { FloatKernels.mean(o, $0, shape: [2, 3], axes: [0]) } }
        #expect(mean == [2.5, 3.5, 4.5])
    }

    @Test func averagePoolExcludesPadding() {
        // 1x2x2x1 input, 3x3 SAME window, stride 1: every window sees only in-bounds pixels.
        let input: [Float] = [1, 2, 3, 4]
        var output = [Float](repeating: 0, count: 4)
        let g = WindowGeometry(batches: 1, inputHeight: 2, inputWidth: 2, inputChannels: 1, outputHeight: 2, outputWidth: 2,
                               outputChannels: 1, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1,
                               padTop: 1, padLeft: 1)
        output.withUnsafeMutableBufferPointer { o in input.withUnsafeBufferPointer { FloatKernels.pool(o, $0, g, average: true) } }
        #expect(output == [2.5, 2.5, 2.5, 2.5])
    }

    @Test func int8ModelsAreRefusedWithAHint() throws {
        let error = try #require(throws: InterpreterError.self) { try FloatInterpreter(try Fixtures.model("mlp_int8.tflite")) }
        #expect(error.message.contains("is int8; the float interpreter runs float32 models"))
    }
}

/// The float interpreter against TFLM's float kernels on every float fixture.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct FloatInterpreterInteropTests {
    @Test func matchesTFLMOnEveryFloatFixture() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let samples = 32
        var jobs: [TFLMOracle.Job] = []
        var cases: [(name: String, interpreter: FloatInterpreter, inputs: [Float], output: String)] = []
        for (m, name) in FloatInterpreterTests.floatFixtures.enumerated() {
            let model = try Fixtures.model(name)
            let interpreter = try FloatInterpreter(model)
            var generator = SeededGenerator(seed: UInt64(100 + m))
            let array = try TFLiteRewriteInteropTests.randomSamples(for: model.main.tensors[Int(model.main.inputs[0])],
                                                                    count: samples, using: &generator)
            let inputPath = "\(directory)/\(m)_in.npy", outputPath = "\(directory)/\(m)_out.npy"
            try array.write(to: inputPath)
            jobs.append(.init(model: Fixtures.path(name), inputs: [inputPath], outputs: [outputPath]))
            cases.append((name, interpreter, try array.float32(), outputPath))
        }
        try TFLMOracle.run(jobs, in: directory)
        for item in cases {
            let expected = try NPYArray(contentsOf: item.output).float32()
            let inputSize = item.interpreter.inputSizes[0], outputSize = item.interpreter.outputSizes[0]
            var worst: Float = 0
            for s in 0..<samples {
                let output = try item.interpreter.run([Array(item.inputs[(s * inputSize)..<((s + 1) * inputSize)])])[0]
                for k in 0..<outputSize { worst = max(worst, abs(output[k] - expected[s * outputSize + k])) }
            }
            #expect(worst < 1e-5, "\(item.name): max |tinyops - TFLM| = \(worst)")
        }
    }
}
