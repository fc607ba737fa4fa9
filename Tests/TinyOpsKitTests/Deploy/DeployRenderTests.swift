import Foundation
import Testing
@testable import TinyOpsKit

/// The pieces of generated C: the symbol prefix, literals that read back exactly, the
/// embedded runtime sources, and deterministic output.
@Suite struct DeployRenderTests {
    @Test func symbolPrefixesAreValidatedCIdentifiers() throws {
        for good in ["imu", "g_model", "Kws2", "_model", "a", String(repeating: "x", count: 32)] {
            #expect(throws: Never.self) { try CSymbolPrefix(good) }
        }
        let bad = ["", "2fast", "imu-model", "imu model", "caf\u{e9}", "int", "class", "main", "__x", "_X", "tinyops_x", "Tinyops", "tq_x",
                   String(repeating: "x", count: 33)]
        for name in bad {
            #expect(throws: DeployError.self, "\(name)") { try CSymbolPrefix(name) }
        }
        #expect(try CSymbolPrefix("imu_v2").macro == "IMU_V2")
    }

    /// %.9g floats read back as the same float (parsed here with strtof, as a C compiler
    /// rounds a decimal literal), always with a '.' or an exponent, never `%.6f`'s zeros.
    @Test func floatLiteralsReadBackExactly() {
        var generator = SeededGenerator(seed: 99)
        var values: [Float] = [0, -0.0, 1, -1, 0.00390625, 1e-7, 1e-30, .leastNonzeroMagnitude, .leastNormalMagnitude,
                               .greatestFiniteMagnitude, 0.1, 3.4e38, 123456789]
        for _ in 0..<2000 { values.append(Float(bitPattern: UInt32.random(in: 0...0x7F7F_FFFF, using: &generator)) * (Bool.random(using: &generator) ? 1 : -1)) }
        for value in values {
            let text = CSource.float(value)
            #expect(text.hasSuffix("f") && (text.contains(".") || text.contains("e")), "\(text)")
            let parsed = strtof(String(text.dropLast()), nil)
            #expect(parsed.bitPattern == value.bitPattern, "\(value) → \(text)")
        }
        #expect(CSource.float(1e-7) == "1.00000001e-07f")
        #expect(CSource.float(1) == "1.0f")
        #expect(CSource.int32(-2147483648) == "(-2147483647 - 1)" && CSource.int32(-128) == "(-128)" && CSource.int32(6) == "6")
    }

    @Test func stringLiteralsEscapeQuotesTrigraphsAndUTF8() {
        #expect(CSource.string("walk") == "\"walk\"")
        #expect(CSource.string("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(CSource.string("??=") == "\"\\?\\?=\"")
        #expect(CSource.string("d\u{e9}j\u{e0}\n") == "\"d\\303\\251j\\303\\240\\012\"")
    }

    /// `.tflite` → C array → bytes is identical.
    @Test func byteLinesRoundTrip() throws {
        let bytes = try Fixtures.bytes("mlp_int8.tflite")
        let text = CSource.byteLines(bytes)
        let parsed = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map { UInt8($0.dropFirst(2), radix: 16)! }
        #expect(parsed == bytes)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 4 + 12 * 6 })
    }

    /// The bundle carries byte for byte the runtime this tinyops compiled: every .c/.h file of
    /// Sources/TinyOpsRuntime, nothing else.
    @Test func embeddedRuntimeSourcesAreTheRepositorysFiles() throws {
        let root = Fixtures.repositoryRoot + "/Sources/TinyOpsRuntime"
        let onDisk = (FileManager.default.enumerator(atPath: root)!.allObjects as! [String]).filter { $0.hasSuffix(".c") || $0.hasSuffix(".h") }.sorted()
        #expect(RuntimeSources.files.map(\.path) == onDisk)
        for file in RuntimeSources.files {
            #expect(FileManager.default.contents(atPath: root + "/" + file.path).map { [UInt8]($0) } == file.bytes, "\(file.path) drifted")
        }
        #expect(RuntimeSources.files.contains { $0.path == "include/tinyops_runtime.h" && $0.isPublicHeader })
    }

    @Test(arguments: DeployFormat.allCases)
    func outputsAreDeterministic(format: DeployFormat) throws {
        let item = try DeployCase.logmel()
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let model = root + "/m.tflite"
        try AtomicFile.write(item.modelBytes, to: model)
        var runs: [[GeneratedFile]] = []
        for out in ["a", "b"] {
            let result = try Deployer.run(modelPath: model, options: DeployOptions(format: format, prefix: try CSymbolPrefix("kws"), outputDirectory: root + "/" + out))
            runs.append(result.files)
            for file in result.files {
                #expect(FileManager.default.contents(atPath: root + "/\(out)/" + file.path).map { [UInt8]($0) } == file.bytes)
            }
        }
        #expect(runs[0] == runs[1] && !runs[0].isEmpty)
        let a = try FileManager.default.subpathsOfDirectory(atPath: root + "/a").sorted()
        #expect(a == (try FileManager.default.subpathsOfDirectory(atPath: root + "/b").sorted()))
    }

    @Test func runtimeBundleLayout() throws {
        let item = try DeployCase.logmel()
        let context = try DeployContext(modelPath: "m.tflite", modelBytes: item.modelBytes, model: try TFLiteReader.decode(item.modelBytes),
                                        prefix: try CSymbolPrefix("kws"), tflmCore: .m4f, toolVersion: "9.9.9")
        let files = try DeployBundles.files(.runtime, context)
        let paths = Set(files.map(\.path))
        for path in ["main.c", "kws_model.h", "kws_model.c", "kws_features.h", "kws_features.c", "runtime/tinyops_config.h",
                     "runtime/tinyops_runtime.h", "runtime/kernels.c", "runtime/tinyops_blob.h"] {
            #expect(paths.contains(path), "\(path)")
        }
        let header = String(decoding: files.first { $0.path == "kws_model.h" }!.bytes, as: UTF8.self)
        #expect(header.contains("#define KWS_ARENA_BYTES \(try RuntimePlan.compute(modelBytes: item.modelBytes).arenaBytes)u"))
        #expect(header.contains("#define KWS_LABELS {\"yes\", \"no \\\"quoted\\\"\", \"up\\?\\? (trigraph)\""))
        #expect(header.contains("#define KWS_NORM_CHANNELS 1u") && header.contains("#define KWS_RAW_INPUT_ELEMENTS 2176u"))
        #expect(header.hasPrefix("/* Generated by tinyops 9.9.9 (tinyops deploy) from m.tflite,"))
        let config = String(decoding: files.first { $0.path == "runtime/tinyops_config.h" }!.bytes, as: UTF8.self)
        #expect(config.contains("#define TINYOPS_OP_DEPTHWISE_CONV_2D 1\n") && !config.contains("TINYOPS_OP_ADD"))
        // With a prepared image: the array, the defines for tinyops_init_prepared, main.c using it.
        let preparedContext = try DeployContext(modelPath: "m.tflite", modelBytes: item.modelBytes, model: try TFLiteReader.decode(item.modelBytes),
                                                prefix: try CSymbolPrefix("kws"), tflmCore: .m4f, toolVersion: "9.9.9", prepared: true)
        let prepared = try DeployBundles.files(.runtime, preparedContext)
        let image = try PreparedImage.make(modelBytes: item.modelBytes)
        let preparedHeader = String(decoding: prepared.first { $0.path == "kws_model.h" }!.bytes, as: UTF8.self)
        #expect(preparedHeader.contains("#define KWS_ARENA_BYTES \(image.arenaBytes)u") && preparedHeader.contains("#define KWS_PREPARED 1"))
        #expect(preparedHeader.contains("#define KWS_PREPARED_BYTES \(image.bytes.count)u") && preparedHeader.contains("extern const unsigned char kws_prepared[];"))
        let preparedSource = String(decoding: prepared.first { $0.path == "kws_model.c" }!.bytes, as: UTF8.self)
        #expect(preparedSource.contains("alignas(16) const unsigned char kws_prepared[] = {") && preparedSource.contains("kws_prepared_len = \(image.bytes.count)u;"))
        let main = String(decoding: prepared.first { $0.path == "main.c" }!.bytes, as: UTF8.self)
        #expect(main.contains("tinyops_init_prepared(&interpreter, kws, kws_len, kws_prepared, kws_prepared_len,") && main.contains("#include \"tinyops_prepared.h\""))
        #expect(Set(prepared.map(\.path)) == paths, "the same files")
        // A float model cannot go into a runtime bundle.
        let float = try Fixtures.bytes("mlp_float.tflite")
        let floatContext = try DeployContext(modelPath: "f.tflite", modelBytes: float, model: try TFLiteReader.decode(float),
                                             prefix: try CSymbolPrefix("f"), tflmCore: .m4f, toolVersion: "1")
        #expect(throws: DeployError.self) { try DeployBundles.files(.runtime, floatContext) }
        #expect(try DeployBundles.files(.cArray, floatContext).count == 4)
    }
}
