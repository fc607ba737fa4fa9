import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// Where deploy writes: atomically, never over a directory it did not write, nothing at all
/// on an error or a failed check; the make depfile; and the runtime's float input helper.
@Suite struct DeployWriterTests {
    static func options(_ out: String, format: DeployFormat = .runtime, depfile: String? = nil, target: Target? = nil,
                        force: Bool = false) throws -> DeployOptions {
        DeployOptions(format: format, prefix: try CSymbolPrefix("dut"), outputDirectory: out, depfile: depfile, target: target,
                      force: force, toolPath: "/opt/tools/tinyops")
    }

    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func writesTheBundleWithAManifestAndReplacesOnlyItsOwnOutput() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/bundle"
        let result = try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"), options: try Self.options(out))
        let manifest = String(decoding: FileManager.default.contents(atPath: out + "/.tinyops-deploy") ?? Data(), as: UTF8.self)
        for file in result.files {
            #expect(manifest.contains("\(SHA256.hex(file.bytes))  \(file.path)\n"))
        }
        // A previous deploy is replaced whole: a stray file in it disappears.
        try AtomicFile.write([1], to: out + "/stray.txt")
        _ = try Deployer.run(modelPath: Fixtures.path("cnn2d_int8.tflite"), options: try Self.options(out))
        #expect(!FileManager.default.fileExists(atPath: out + "/stray.txt"))
        #expect(FileManager.default.fileExists(atPath: out + "/dut_model.c"))
        #expect(Self.listing(root).allSatisfy { !$0.hasPrefix(".bundle.") }, "temporary directories left: \(Self.listing(root))")
    }

    @Test func refusesADirectoryItDidNotWrite() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let src = root + "/src"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try AtomicFile.write(Array("int main(void) { return 0; }\n".utf8), to: src + "/main.c")
        #expect(throws: DeployError.notADeployDirectory(path: src)) {
            try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"), options: try Self.options(src))
        }
        #expect(Self.listing(src) == ["main.c"])
        let file = root + "/file"
        try AtomicFile.write([0], to: file)
        #expect(throws: DeployError.outputIsFile(path: file)) {
            try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"), options: try Self.options(file))
        }
        // An empty directory is fine.
        let empty = root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        _ = try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"), options: try Self.options(empty, format: .bin))
        #expect(Self.listing(empty) == [".tinyops-deploy", "dut.bin"])
    }

    @Test func badInputWritesNothing() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let truncated = root + "/truncated.tflite"
        try AtomicFile.write(Array(try Fixtures.bytes("conv1d_int8.tflite").prefix(300)), to: truncated)
        let depfile = root + "/out.d"
        do {
            _ = try Deployer.run(modelPath: truncated, options: try Self.options(root + "/out", depfile: depfile))
            Issue.record("a truncated model deployed")
        } catch let error as FileError {
            #expect(error.message.hasPrefix(truncated + ": "))
        }
        // A float model has no runtime bundle: a one-line error naming the model, nothing written.
        do {
            _ = try Deployer.run(modelPath: Fixtures.path("mlp_float.tflite"), options: try Self.options(root + "/out", depfile: depfile))
            Issue.record("a float model made a runtime bundle")
        } catch let error as DeployError {
            #expect(error.message.hasPrefix(Fixtures.path("mlp_float.tflite") + ": TinyOpsRuntime cannot run this model: "))
        }
        #expect(Self.listing(root) == ["truncated.tflite"])
        #expect(throws: DeployError.depfileInsideOutput(depfile: root + "/out/x.d", out: root + "/out")) {
            try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"), options: try Self.options(root + "/out", depfile: root + "/out/x.d"))
        }
        #expect(Self.listing(root) == ["truncated.tflite"])
    }

    @Test func depfileListsEveryOutputAndItsInputs() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let model = root + "/my model$.tflite"
        try AtomicFile.write(try Fixtures.bytes("conv1d_int8.tflite"), to: model)
        let result = try Deployer.run(modelPath: model, options: try Self.options(root + "/out dir/", format: .cArray, depfile: root + "/deploy.d"))
        let text = String(decoding: FileManager.default.contents(atPath: root + "/deploy.d") ?? Data(), as: UTF8.self)
        let escapedRoot = root.replacingOccurrences(of: " ", with: "\\ ")
        let targets = result.files.map { "\(escapedRoot)/out\\ dir/\($0.path)" }
        #expect(text == targets.joined(separator: " \\\n ") + ": \\\n \(escapedRoot)/my\\ model$$.tflite \\\n /opt/tools/tinyops\n")
        #expect(result.files.map(\.path) == ["model_data.c", "model_data.h", "model_op_resolver.h", "model_settings.h"])
    }

    /// With a target, deploy is gated by check: a model that does not fit is refused with
    /// nothing written; --force writes it; a model that fits is written with the report.
    @Test func targetCheckGatesTheOutput() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let m4 = Target(core: .m4f)
        // TFLite Micro has no TOPK_V2: the c-array check fails.
        let refused = try Deployer.run(modelPath: Fixtures.path("unsupported_topk_float.tflite"),
                                       options: try Self.options(root + "/topk", format: .cArray, depfile: root + "/topk.d", target: m4))
        #expect(refused.refused && refused.files.isEmpty && refused.check?.passes == false)
        #expect(Self.listing(root).isEmpty)
        let forced = try Deployer.run(modelPath: Fixtures.path("unsupported_topk_float.tflite"),
                                      options: try Self.options(root + "/topk", format: .cArray, target: m4, force: true))
        #expect(!forced.refused && forced.files.count == 4 && forced.check?.passes == false)
        // TinyOpsRuntime runs no float32 operators: the runtime check fails too.
        let float = try Deployer.run(modelPath: Fixtures.path("mlp_float.tflite"), options: try Self.options(root + "/mlp", target: m4))
        #expect(float.refused && !FileManager.default.fileExists(atPath: root + "/mlp"))
        let fits = try Deployer.run(modelPath: Fixtures.path("conv1d_int8.tflite"),
                                    options: try Self.options(root + "/conv", target: Target.named("nano33ble")!))
        #expect(!fits.refused && fits.check?.passes == true && fits.check?.options.runtime == .tinyops)
        #expect(fits.json()["check"] != nil && fits.json()["written"] == .bool(true))
    }

    /// tinyops_set_input_f32 quantizes as QuantizationMath.quantize after InputNormalization,
    /// ties and clamping included; tinyops_get_output_f32 dequantizes as ModelRunner.
    @Test func runtimeFloatInputMatchesTinyopsQuantization() throws {
        let bytes = try Fixtures.bytes("conv1d_int8.tflite")
        let plan = try RuntimePlan.compute(modelBytes: bytes)
        let model = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        let arena = UnsafeMutableRawPointer.allocate(byteCount: plan.arenaBytes, alignment: 16)
        defer { model.deallocate(); arena.deallocate() }
        bytes.withUnsafeBytes { model.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        var it = tinyops_interpreter()
        try #require(tinyops_init(&it, model.assumingMemoryBound(to: UInt8.self), bytes.count, arena.assumingMemoryBound(to: UInt8.self), plan.arenaBytes) == TINYOPS_OK)
        var info = tinyops_tensor_info()
        _ = tinyops_input(&it, 0, &info)
        let count = 192, channels = 3
        let normalization = InputNormalization(mean: [0.25, -1, 3], std: [2, 0.5, 1.5])
        var generator = SeededGenerator(seed: 7)
        for trial in 0..<50 {
            // Codes plus exact halves (ties), random values and values far outside the range.
            let values: [Float] = (0..<count).map { i in
                let code = Float(Int.random(in: -140...140, using: &generator))
                switch (i + trial) % 4 {
                case 0: return (code + 0.5) * info.scale * normalization.std[i % 3] + normalization.mean[i % 3]
                case 1: return Float.random(in: -10...10, using: &generator)
                case 2: return code * 1000
                default: return (code - 0.5) * info.scale
                }
            }
            var expected = values
            normalization.apply(&expected)
            let q = expected.map { QuantizationMath.quantize($0, scale: info.scale, zeroPoint: Int64(info.zero_point)) }
            let status = normalization.mean.withUnsafeBufferPointer { mean in
                normalization.std.withUnsafeBufferPointer { std in
                    tinyops_set_input_f32(&it, 0, values, count, mean.baseAddress, std.baseAddress, channels)
                }
            }
            #expect(status == TINYOPS_OK)
            let written = Array(UnsafeBufferPointer(start: info.data.assumingMemoryBound(to: Int8.self), count: count))
            #expect(written == q, "trial \(trial) (seed 7)")
        }
        #expect(tinyops_set_input_f32(&it, 0, [Float](repeating: 0, count: 5), 5, nil, nil, 0) == TINYOPS_ERR_ARGUMENT)
        #expect(tinyops_last_error(&it).pointee.reason == TINYOPS_REASON_INPUT_SIZE)
        #expect(tinyops_set_input_f32(&it, 1, nil, 0, nil, nil, 0) == TINYOPS_ERR_ARGUMENT)
        #expect(tinyops_invoke(&it) == TINYOPS_OK)
        var scores = [Float](repeating: 0, count: 4)
        var out = tinyops_tensor_info()
        _ = tinyops_output(&it, 0, &out)
        #expect(tinyops_get_output_f32(&it, 0, &scores, 4) == TINYOPS_OK)
        let raw = Array(UnsafeBufferPointer(start: out.data.assumingMemoryBound(to: Int8.self), count: 4))
        #expect(scores == raw.map { (Float($0) - Float(out.zero_point)) * out.scale })
    }
}
