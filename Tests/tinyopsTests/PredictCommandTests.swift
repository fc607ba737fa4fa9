import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops predict`: int8 and float input, --dequantize, JSON, and every error path
/// (exit 1 with the file named and no output written; exit 2 for usage).
/// Bit-exactness against TFLM is in TinyOpsKitTests/Runtime/RuntimeTFLMTests.
@Suite struct PredictCommandTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/" + name }

    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "tinyops-predict-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Seeded int8 samples of 20 features (the mlp fixture's input).
    func int8Samples(_ count: Int, features: Int = 20) throws -> NPYArray {
        var state: UInt32 = 12345
        let values = (0..<count * features).map { _ -> Int8 in
            state = state &* 1_103_515_245 &+ 12345
            return Int8(truncatingIfNeeded: state >> 16)
        }
        return try NPYArray(int8: values, shape: [count, features])
    }

    @Test func int8InputGivesTheRuntimeOutputs() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let x = try int8Samples(25)
        try x.write(to: path("x.npy"))
        let outcome = run(["predict", Self.fixture("mlp_int8.tflite"), "--input", path("x.npy"), "-o", path("y.npy")],
                          root: Tinyops.self)
        #expect(outcome.code == .success, "\(outcome.stderr)")
        #expect(outcome.stdout == "\(path("y.npy")): 25 samples, int8 [25, 4]; arena 684 bytes\n")
        let y = try NPYArray(contentsOf: path("y.npy"))
        let interpreter = try RuntimeInterpreter(modelBytes: FileBytes.read(Self.fixture("mlp_int8.tflite")))
        var expected: [Int8] = []
        for sample in 0..<25 {
            try interpreter.setInput(0, int8: Array(try x.int8()[(sample * 20)..<((sample + 1) * 20)]))
            interpreter.invoke()
            expected += interpreter.int8Output(0)
        }
        #expect(y.dtype == .int8 && y.shape == [25, 4])
        #expect(try y.int8() == expected)
    }

    @Test func floatInputIsQuantizedWithTheInputTensorsParameters() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // mlp_int8 input: scale 0.026814086, zero point -5 (fixtures.json).
        let scale: Float = 0.026814086362719536, zeroPoint: Int32 = -5
        let floats = (0..<20 * 8).map { Float($0 % 37) * 0.173 - 3.1 }
        let quantized = floats.map { x -> Int8 in
            Int8(clamping: Int32((x / scale).rounded(.toNearestOrAwayFromZero)) + zeroPoint)
        }
        try NPYArray(float32: floats, shape: [8, 20]).write(to: path("xf.npy"))
        try NPYArray(float64: floats.map(Double.init), shape: [8, 20]).write(to: path("xd.npy"))
        try NPYArray(int8: quantized, shape: [8, 20]).write(to: path("xq.npy"))
        for input in ["xf.npy", "xd.npy", "xq.npy"] {
            let outcome = run(["predict", Self.fixture("mlp_int8.tflite"), "--input", path(input), "-o", path("y_" + input)],
                              root: Tinyops.self)
            #expect(outcome.code == .success, "\(input): \(outcome.stderr)")
            #expect(outcome.stdout.contains("(float input quantized)") == (input != "xq.npy"))
        }
        let reference = try NPYArray(contentsOf: path("y_xq.npy"))
        #expect(try NPYArray(contentsOf: path("y_xf.npy")) == reference)
        #expect(try NPYArray(contentsOf: path("y_xd.npy")) == reference)
    }

    @Test func dequantizeWritesFloat32() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try int8Samples(10).write(to: path("x.npy"))
        let model = Self.fixture("mlp_int8.tflite")
        #expect(run(["predict", model, "--input", path("x.npy"), "-o", path("q.npy")], root: Tinyops.self).code == .success)
        let outcome = run(["predict", model, "--input", path("x.npy"), "-o", path("f.npy"), "--dequantize", "--json"],
                          root: Tinyops.self)
        #expect(outcome.code == .success)
        let report = try JSONParser().parse(outcome.stdout)
        #expect(report["output_dtype"]?.stringValue == "float32")
        #expect(report["dequantized"] == .bool(true))
        #expect(report["quantized_input"] == .bool(false))
        #expect(report["samples"]?.intValue == 10)
        let q = try NPYArray(contentsOf: path("q.npy")).int8()
        let f = try NPYArray(contentsOf: path("f.npy"))
        #expect(f.shape == [10, 4])
        // Softmax output: scale 1/256, zero point -128.
        #expect(try f.float32() == q.map { Float(1.0 / 256) * Float(Int32($0) + 128) })
    }

    @Test func floatModelsRunInTheFloatInterpreter() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let samples = (0..<40).map { Float($0 % 7) / 3 - 1 }
        try NPYArray(float32: samples, shape: [2, 20]).write(to: path("x.npy"))
        let outcome = run(["predict", Self.fixture("mlp_float.tflite"), "--input", path("x.npy"), "-o", path("y.npy")],
                          root: Tinyops.self)
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let interpreter = try FloatInterpreter(try ModelFile.load(Self.fixture("mlp_float.tflite")).model)
        let expected = try interpreter.run([Array(samples[0..<20])])[0] + interpreter.run([Array(samples[20..<40])])[0]
        let written = try NPYArray(contentsOf: path("y.npy"))
        #expect(written.shape == [2, 4])
        #expect(try written.float32() == expected)
    }

    @Test func badInputsNameTheirFile() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = Self.fixture("mlp_int8.tflite")
        try int8Samples(3, features: 21).write(to: path("wide.npy"))
        try NPYArray(int32: [Int32](repeating: 1, count: 40), shape: [2, 20]).write(to: path("int32.npy"))
        try NPYArray(int8: [3], shape: []).write(to: path("scalar.npy"))
        var corrupt = try FileBytes.read(model)
        corrupt[0] = 0xFF
        corrupt[1] = 0xFF
        try AtomicFile.write(corrupt, to: path("corrupt.tflite"))
        try int8Samples(2).write(to: path("x.npy"))
        let cases: [(model: String, input: String, message: String)] = [
            (model, path("wide.npy"), "\(path("wide.npy")): input 0: a sample has 21 elements, the model input needs 20"),
            (model, path("int32.npy"), "\(path("int32.npy")): input 0: data of type int32 cannot feed a model input that takes int8 (or float32/float64 to quantize)"),
            (model, path("scalar.npy"), "\(path("scalar.npy")): input array of shape () has no sample axis; expected shape [N, ...]"),
            (model, path("absent.npy"), "\(path("absent.npy")): no such file"),
            (path("corrupt.tflite"), path("x.npy"), "\(path("corrupt.tflite")): truncated or corrupt flatbuffer: Model at byte 65535 needs 4 bytes, but the file has 5000"),
        ]
        for item in cases {
            let outcome = run(["predict", item.model, "--input", item.input, "-o", path("y.npy")], root: Tinyops.self)
            #expect(outcome.code == .failure, "\(item.input)")
            #expect(outcome.stdout == "")
            #expect(outcome.stderr == "tinyops: error: \(item.message)\n")
            #expect(!FileManager.default.fileExists(atPath: path("y.npy")))
        }
        let usage = run(["predict", model, "-o", path("y.npy")], root: Tinyops.self)
        #expect(usage.code == .usage)
        #expect(usage.stderr == usageLine("missing option '--input <npy>'", command: "tinyops predict"))
    }

    @Test func theBuiltBinaryPredicts() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try int8Samples(4).write(to: path("x.npy"))
        let outcome = try BuiltBinary.run(["predict", Self.fixture("mlp_int8.tflite"), "--input", path("x.npy"),
                                           "-o", path("y.npy"), "--quiet"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        #expect(try NPYArray(contentsOf: path("y.npy")).shape == [4, 4])
    }
}
