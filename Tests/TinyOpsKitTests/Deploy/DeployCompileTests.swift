import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// Generated C compiled as firmware compiles it, with warnings as errors: the c-array files
/// (arm-none-eabi-gcc for the C, arm-none-eabi-g++ for the C++ op resolver against a stand-in
/// `MicroMutableOpResolver`, since TFLM's headers are not available here), the Arduino
/// library's sources and its sketch (against a stand-in Arduino.h), the runtime bundle's
/// main.c on the host; and the kernel selection of tinyops_config.h.
@Suite struct DeployCompileTests {
    static let harness = Fixtures.repositoryRoot + "/Tests/DeployHarness"
    static let standIns = harness + "/stand-ins"
    static let strict = ["-Wall", "-Wextra", "-Werror"]
    static let m4 = ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-Os"]
    static let armCxx = CortexMTools.which("arm-none-eabi-g++")
    static let hostCxx = CortexMTools.which("c++") ?? CortexMTools.which("g++")
    static var armAvailable: Bool { CortexMTools.gcc != nil && armCxx != nil }

    static func deploy(_ bytes: [UInt8], _ format: DeployFormat, name: String = "dut", in root: String, prepared: Bool = false) throws -> String {
        let model = root + "/model-\(format.rawValue).tflite"
        try AtomicFile.write(bytes, to: model)
        let out = root + "/" + format.rawValue + "-" + name + (prepared ? "-prepared" : "")
        _ = try Deployer.run(modelPath: model, options: DeployOptions(format: format, prefix: try CSymbolPrefix(name), outputDirectory: out,
                                                                      prepared: prepared))
        return out
    }

    /// A model whose second operator is a custom one (the resolver then takes its registration).
    static func customOpModel() throws -> [UInt8] {
        var model = try Fixtures.model("mlp_int8.tflite")
        let index = model.main.operators[1].opcode
        var codes = model.main.operators.map(\.opcode)
        codes[1] = OperatorCode(code: BuiltinOperator.custom.rawValue, customCode: "MyOp/v2*", version: 1)
        _ = index
        for i in model.main.operators.indices { model.subgraphs[0].operators[i].opcode = codes[i] }
        model.subgraphs[0].operators[1].options = .none
        return try TFLiteWriter.encode(model)
    }

    static let cArrayModels = ["conv1d_int8.tflite", "cnn2d_int8.tflite", "misc_ops_int8.tflite", "keras3_flatten_int8.tflite", "mlp_float.tflite"]

    @Test(.enabled(if: armAvailable, CortexMTools.skipReason))
    func cArrayCompilesForCortexMWithWarningsAsErrors() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var models = try Self.cArrayModels.map { ($0, try Fixtures.bytes($0)) }
        models.append(("custom op", try Self.customOpModel()))
        models.append(("logmel", try DeployCase.logmel().modelBytes))
        for (label, bytes) in models {
            let out = try Self.deploy(bytes, .cArray, in: root)
            for standard in ["-std=c99", "-std=c11"] {
                let c = try runProgram(CortexMTools.gcc!, Self.strict + Self.m4 + [standard, "-pedantic", "-c", out + "/model_data.c", "-o", out + "/model_data.o"])
                #expect(c.status == 0, "\(label) \(standard): model_data.c:\n\(c.stderr)")
            }
            let unit = out + "/unit.cc"
            try AtomicFile.write(Array("""
                #include "model_data.h"
                #include "model_settings.h"
                #include "model_op_resolver.h"
                static const int dims[DUT_INPUT_RANK] = DUT_INPUT_DIMS;
                static dut_op_resolver resolver;
                int check(\(label == "custom op" ? "const TFLMRegistration *custom" : "void")) {
                    return dims[0] + (int)dut[0] + (int)dut_len + (int)dut_register_ops(resolver\(label == "custom op" ? ", custom" : ""));
                }

                """.utf8), to: unit)
            let cxx = try runProgram(Self.armCxx!, Self.strict + Self.m4 + ["-std=c++11", "-I\(Self.standIns)", "-I\(out)", "-c", unit, "-o", out + "/unit.o"])
            #expect(cxx.status == 0, "\(label): the resolver header with arm-none-eabi-g++:\n\(cxx.stderr)")
        }
        // An operator TFLM cannot run: the resolver header refuses to compile, naming it.
        let topk = try Self.deploy(try Fixtures.bytes("unsupported_topk_float.tflite"), .cArray, name: "topk", in: root)
        try AtomicFile.write(Array("#include \"model_op_resolver.h\"\n".utf8), to: topk + "/unit.cc")
        let refused = try runProgram(Self.armCxx!, Self.strict + ["-I\(Self.standIns)", "-I\(topk)", "-c", topk + "/unit.cc", "-o", topk + "/unit.o"])
        #expect(refused.status != 0 && refused.stderr.contains("operator TOPK_V2 has no TFLite Micro kernel"))
    }

    /// On the host: the resolver registers exactly the model's operators into exactly
    /// <NAME>_OP_COUNT slots (the count `tinyops check` prints), and the array holds the model
    /// byte for byte.
    @Test(.enabled(if: hostCxx != nil && CortexMTools.hostCompiler != nil, "no host C/C++ compiler"))
    func cArrayResolverRegistersExactlyTheModelsOps() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in Self.cArrayModels {
            let bytes = try Fixtures.bytes(name)
            let out = try Self.deploy(bytes, .cArray, in: root)
            let object = out + "/model_data.o"
            let c = try runProgram(CortexMTools.hostCompiler!, ["-std=c99", "-c", out + "/model_data.c", "-o", object])
            try #require(c.status == 0, "\(c.stderr)")
            let program = out + "/check"
            let build = try runProgram(Self.hostCxx!, Self.strict + ["-I\(Self.standIns)", "-I\(out)", Self.harness + "/resolver_check.cc", object, "-o", program])
            try #require(build.status == 0, "\(name): \(build.stderr)")
            let run = try runProgram(program, [out + "/roundtrip.tflite"])
            let snippet = try ModelCheck.run(path: Fixtures.path(name), options: CheckOptions(target: Target(core: .m4f))).resolver
            let names = try Fixtures.model(name).main.operators.compactMap(\.builtin).reduce(into: [String]()) { if !$0.contains($1.name) { $0.append($1.name) } }
            #expect(run.status == 0, "\(name): \(run.stdout)")
            #expect(run.stdout.hasPrefix("status 0 count \(snippet.templateCount) of \(snippet.templateCount)\n"), "\(name): \(run.stdout)")
            #expect(Array(run.stdout.split(separator: "\n").dropFirst().prefix(names.count).map(String.init)) == names)
            #expect(FileManager.default.contents(atPath: out + "/roundtrip.tflite").map { [UInt8]($0) } == bytes, "\(name): C array round trip")
        }
    }

    @Test(.enabled(if: armAvailable, CortexMTools.skipReason))
    func arduinoLibraryCompilesWithWarningsAsErrors() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let conv1d = try Fixtures.bytes("conv1d_int8.tflite")
        for (label, bytes, prepared) in [("conv1d", conv1d, false), ("logmel", try DeployCase.logmel().modelBytes, false), ("conv1d-prepared", conv1d, true)] {
            let library = try Self.deploy(bytes, .arduino, name: "motion", in: root, prepared: prepared)
            let properties = String(decoding: FileManager.default.contents(atPath: library + "/library.properties") ?? Data(), as: UTF8.self)
            #expect(properties.hasPrefix("name=motion\nversion=") && properties.contains("includes=motion.h\n"))
            let sources = try FileManager.default.contentsOfDirectory(atPath: library + "/src").filter { $0.hasSuffix(".c") }.sorted()
            #expect(sources.contains("motion_model.c") && sources.contains("kernels.c"))
            let objects = library + "/obj"
            try FileManager.default.createDirectory(atPath: objects, withIntermediateDirectories: true)
            // Arduino's cores compile C as gnu11 and C++ as gnu++11 (or later).
            for source in sources {
                let c = try runProgram(CortexMTools.gcc!, Self.strict + Self.m4 + ["-std=gnu11", "-I\(library)/src", "-c", library + "/src/" + source,
                                                                                    "-o", objects + "/" + source + ".o"])
                #expect(c.status == 0, "\(label): src/\(source):\n\(c.stderr)")
            }
            let sketch = library + "/examples/motion/motion.ino"
            #expect(FileManager.default.fileExists(atPath: sketch))
            let cxx = try runProgram(Self.armCxx!, Self.strict + Self.m4 + ["-std=gnu++11", "-x", "c++", "-include", "Arduino.h", "-I\(Self.standIns)",
                                                                             "-I\(library)/src", "-c", sketch, "-o", objects + "/sketch.o"])
            #expect(cxx.status == 0, "\(label): the example sketch:\n\(cxx.stderr)")
        }
    }

    /// The runtime bundle's main.c, built on the host exactly as its comment says, runs and
    /// prints a telemetry line.
    @Test(.enabled(if: CortexMTools.hostCompiler != nil, "no host C compiler"))
    func runtimeBundleExampleBuildsAndRuns() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (item, prepared) in [(try DeployCase.conv1d(), false), (try DeployCase.logmel(), false), (try DeployCase.logmel(), true)] {
            let bundle = try Self.deploy(item.modelBytes, .runtime, name: "demo", in: root, prepared: prepared)
            let sources = try DeployCortexMTests.bundleSources(bundle) + [bundle + "/main.c"]
            let build = try runProgram(CortexMTools.hostCompiler!, Self.strict + ["-std=c99", "-pedantic", "-O1", "-I\(bundle)/runtime"] + sources + ["-o", bundle + "/demo"])
            try #require(build.status == 0, "\(item.name): \(build.stderr)")
            let run = try runProgram(bundle + "/demo", [])
            #expect(run.status == 0, "\(item.name): \(run.stdout)")
            #expect(run.stdout.contains("(score "), "\(item.name): \(run.stdout)")
            // The example prints its telemetry line before the label: it parses, and names the model.
            let line = try #require(run.stdout.split(separator: "\n").first.map { Array($0.utf8)[...] })
            let record = try #require(try TelemetryRecord.parse(line)?.get(), "\(item.name): \(run.stdout)")
            #expect(record.modelID == "demo-" + SHA256.hex(item.modelBytes).prefix(8) && record.sequence == 0)
            let header = try String(contentsOfFile: bundle + "/demo_model.h", encoding: .utf8)
            #expect(header.contains("#define DEMO_MODEL_ID \"\(record.modelID)\""))
        }
    }

    /// tinyops_config.h leaves out the kernels a model does not use: another model then fails
    /// to load with OPERATOR_EXCLUDED (host), and the excluded kernels are not linked into a
    /// Cortex-M image (they are with the config removed).
    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func kernelSelectionLeavesOutUnusedKernels() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let conv = try Self.deploy(try Fixtures.bytes("conv1d_int8.tflite"), .runtime, name: "conv", in: root)
        let other = try Self.deploy(try Fixtures.bytes("cnn2d_int8.tflite"), .runtime, name: "other", in: root)
        let runtimeSources = try FileManager.default.contentsOfDirectory(atPath: conv + "/runtime").filter { $0.hasSuffix(".c") }.map { conv + "/runtime/" + $0 }
        let program = root + "/selection"
        let build = try runProgram(CortexMTools.hostCompiler!, Self.strict + ["-std=c99", "-I\(conv)/runtime", "-I\(other)", Self.harness + "/kernel_selection.c",
                                                                             other + "/other_model.c"] + runtimeSources + ["-o", program])
        try #require(build.status == 0, "\(build.stderr)")
        let run = try runProgram(program, [])
        let excluded = Int(TINYOPS_REASON_OPERATOR_EXCLUDED.rawValue)
        // cnn2d's first operator the conv1d build lacks: DEPTHWISE_CONV_2D (4).
        #expect(run.stdout.hasPrefix("init \(Int(TINYOPS_ERR_UNSUPPORTED_OP.rawValue)) reason \(excluded) op 4\n"), "\(run.stdout)")
        #expect(run.stdout.contains("supported 3 9 17 22 25 40 70\n"), "\(run.stdout)")

        // Cortex-M4 image: the deployed config against no config.
        let main = root + "/size_main.c"
        try AtomicFile.write(Array("""
            #include "conv_model.h"
            #include "tinyops_runtime.h"
            static uint32_t arena[(CONV_ARENA_BYTES + 3u) / 4u];
            int main(void) {
                static tinyops_interpreter it;
                if (tinyops_init(&it, conv, conv_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) return 1;
                return tinyops_invoke(&it) == TINYOPS_OK ? 0 : 2;
            }

            """.utf8), to: main)
        func symbols() throws -> String {
            let elf = root + "/image.elf"
            let link = try runProgram(CortexMTools.gcc!, Self.strict + Self.m4 + ["-std=c99", "-ffunction-sections", "-fdata-sections", "-I\(conv)", "-I\(conv)/runtime",
                "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections", main, conv + "/conv_model.c"] + runtimeSources + ["-o", elf])
            try #require(link.status == 0, "\(link.stderr)")
            return try runProgram(CortexMTools.which("arm-none-eabi-nm")!, [elf]).stdout
        }
        let selected = try symbols()
        #expect(selected.contains(" tq_eval_conv_2d\n") && selected.contains(" tq_eval_softmax\n"))
        #expect(!selected.contains(" tq_eval_depthwise_conv_2d\n") && !selected.contains(" tq_eval_add\n") && !selected.contains(" tq_prepare_strided_slice\n"))
        try FileManager.default.removeItem(atPath: conv + "/runtime/" + KernelConfigRenderer.fileName)
        let everything = try symbols()
        #expect(everything.contains(" tq_eval_depthwise_conv_2d\n") && everything.contains(" tq_eval_add\n"))
    }

    /// A firmware started from a prepared image links the invoke loop and the model's kernels
    /// only: no model reader, operator checks, planner or prepare functions.
    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func preparedFirmwareLinksNoPrepareCode() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bundle = try Self.deploy(try Fixtures.bytes("conv1d_int8.tflite"), .runtime, name: "conv", in: root, prepared: true)
        let runtimeSources = try FileManager.default.contentsOfDirectory(atPath: bundle + "/runtime").filter { $0.hasSuffix(".c") }.map { bundle + "/runtime/" + $0 }
        let main = root + "/prepared_main.c"
        try AtomicFile.write(Array("""
            #include "conv_model.h"
            #include "tinyops_prepared.h"
            static uint32_t arena[(CONV_ARENA_BYTES + 3u) / 4u];
            int main(void) {
                static tinyops_interpreter it;
                tinyops_tensor_info info;
                if (tinyops_init_prepared(&it, conv, conv_len, conv_prepared, conv_prepared_len, (uint8_t *)arena, sizeof arena) != TINYOPS_OK) return 1;
                if (tinyops_input(&it, 0, &info) != TINYOPS_OK) return 2;
                return tinyops_invoke(&it) == TINYOPS_OK ? 0 : 3;
            }

            """.utf8), to: main)
        let elf = root + "/prepared.elf"
        let link = try runProgram(CortexMTools.gcc!, Self.strict + Self.m4 + ["-std=c99", "-ffunction-sections", "-fdata-sections", "-I\(bundle)", "-I\(bundle)/runtime",
            "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections", main, bundle + "/conv_model.c"] + runtimeSources + ["-o", elf])
        try #require(link.status == 0, "\(link.stderr)")
        let symbols = try runProgram(CortexMTools.which("arm-none-eabi-nm")!, [elf]).stdout
        #expect(symbols.contains(" tq_eval_conv_2d\n") && symbols.contains(" tinyops_init_prepared\n") && symbols.contains(" describe_prepared\n"))
        for absent in ["tinyops_init", "tq_plan_tensors", "tm_open", "tm_tensor_at", "tq_prepare_conv_2d", "tq_prepare_for", "tq_channel_multipliers"] {
            #expect(!symbols.contains(" \(absent)\n"), "\(absent) is linked")
        }
    }
}

@Suite struct DeployToolGateTests {
    @Test func compilersArePresentWhenRequired() {
        if TFLMOracle.isRequired {
            #expect(DeployCompileTests.armAvailable, "TINYOPS_REQUIRE_ORACLES=1 but arm-none-eabi-gcc/g++ is missing")
            #expect(CortexMTools.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but qemu-system-arm is missing")
            #expect(DeployCompileTests.hostCxx != nil, "TINYOPS_REQUIRE_ORACLES=1 but no host C++ compiler (c++/g++)")
        } else if !DeployCompileTests.armAvailable || DeployCompileTests.hostCxx == nil {
            print("note: arm-none-eabi-g++ or a host C++ compiler is missing; some deploy compile tests are skipped")
        }
    }

}
