import Foundation
import Testing
import TinyOpsKit

/// The op-support table against TFLM itself, and the checker's findings on doctored models.
@Suite struct OpSupportTests {
    private func check(_ name: String, target: String = "cortex-m4f", runtime: RuntimeKind = .tflm) throws -> CheckReport {
        try ModelCheck.run(path: Fixtures.path(name), options: CheckOptions(target: try #require(Target.named(target)),
                                                                             runtime: runtime))
    }

    /// Every op tinyops says TFLM supports is in a fixture that TFLM's Python interpreter
    /// allocates and invokes (the arena oracle runs each one).
    @Test(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
    func opsTinyopsCallsSupportedRunInTFLM() throws {
        let measured = try TFLMArenaOracle.measured.get()
        var verified = Set<String>()
        for name in Fixtures.all {
            let report = try check(name)
            let claimed = report.ops.filter(\.support.tflm).map(\.support.name)
            guard claimed.count == report.ops.count else { continue }
            #expect(report.passes, "\(name): \(report.findings.map(\.message))")
            #expect((measured.arenas[name] ?? nil) != nil, "\(name): tinyops says TFLM runs it, TFLM did not: \(measured.stderr)")
            verified.formUnion(claimed)
        }
        let fixtureOps = Set(try Fixtures.all.flatMap { try Fixtures.model($0).main.operators.map(\.opcode.name) })
        #expect(verified == fixtureOps.subtracting(["TOPK_V2"]), "ops not verified against TFLM: \(fixtureOps.subtracting(verified))")
    }

    /// TOPK_V2 is reported unsupported, and TFLM indeed fails to allocate the model.
    @Test func topKIsUnsupported() throws {
        let report = try check("unsupported_topk_float.tflite")
        let topk = try #require(report.ops.first { $0.support.name == "TOPK_V2" })
        #expect(!topk.support.tflm && topk.support.resolverMethod == nil)
        #expect(report.findings.contains { $0.code == "unsupported-op" && $0.opIndex == topk.support.index && $0.severity == .error })
        #expect(!report.passes)
        #expect(!report.resolver.lines.contains { $0.contains("TopK") })
    }

    @Test(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
    func topKFailsToAllocateInTFLM() throws {
        let result = try TFLMOracle.run(arguments: [TFLMOracle.script, "--check-load", Fixtures.path("unsupported_topk_float.tflite")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("TOPK_V2"), "\(result.stderr)")
    }

    @Test func resolverLinesUseTFLMMethodNames() throws {
        let report = try check("conv1d_int8.tflite")
        #expect(report.resolver.lines == [
            "static tflite::MicroMutableOpResolver<7> resolver;",
            "resolver.AddExpandDims();", "resolver.AddConv2D();", "resolver.AddReshape();", "resolver.AddMaxPool2D();",
            "resolver.AddMean();", "resolver.AddFullyConnected();", "resolver.AddSoftmax();",
        ])
        #expect(report.resolver.templateCount == 7)
    }

    @Test func floatOnACoreWithoutFPUIsFlaggedWithAFix() throws {
        let report = try check("mlp_float.tflite", target: "cortex-m0plus")
        let finding = try #require(report.findings.first { $0.code == "float-without-fpu" })
        #expect(finding.message == "float32 FULLY_CONNECTED on cortex-m0plus: no FPU, software float")
        #expect(finding.fix == "quantize with `tinyops quantize`")
        #expect(finding.severity == .warning)
        let int8 = try check("mlp_int8.tflite", target: "cortex-m0plus")
        #expect(!int8.findings.contains { $0.code == "float-without-fpu" })
    }

    @Test func cmsisNNKernelFollowsTheCoreClass() throws {
        let conv = { (target: String) throws -> String in
            try #require(try self.check("conv1d_int8.tflite", target: target).ops.first { $0.support.name == "CONV_2D" }).support.kernel
        }
        #expect(try conv("cortex-m0plus") == "CMSIS-NN arm_convolve_wrapper_s8 (pure C)")
        #expect(try conv("cortex-m4") == "CMSIS-NN arm_convolve_wrapper_s8 (DSP)")
        #expect(try conv("cortex-m55") == "CMSIS-NN arm_convolve_wrapper_s8 (MVE)")
        let float = try #require(try check("conv1d_float.tflite").ops.first { $0.support.name == "CONV_2D" })
        #expect(float.support.cmsisNN == nil && float.support.kernel == "TFLM reference")
    }

    @Test func tinyopsRuntimeRunsInt8OnlyWithFloatAtTheEdges() throws {
        for name in Fixtures.runnable where name.hasSuffix("_int8.tflite") {
            let report = try check(name, runtime: .tinyops)
            #expect(report.ops.allSatisfy { $0.support.tinyops }, "\(name)")
            #expect(!report.findings.contains { $0.severity == .error }, "\(name): \(report.findings.map(\.message))")
        }
        let float = try check("cnn2d_float.tflite", runtime: .tinyops)
        #expect(!float.passes)
        #expect(float.findings.filter { $0.code == "unsupported-op" }.count == float.ops.count)
        #expect(TinyOpsRuntimeSupport.problem(.quantize, input: .float32, output: .int8) == nil)
        #expect(TinyOpsRuntimeSupport.problem(.dequantize, input: .int8, output: .float32) == nil)
        #expect(TinyOpsRuntimeSupport.problem(.tanh, input: .int8, output: .int8) != nil)
    }

    /// issue 6: the arena planned for TinyOpsRuntime equals, exactly, the bytes the runtime
    /// reports using after init and invoke, for every int8 fixture.
    @Test func tinyopsRuntimeArenaIsExactlyWhatTheRuntimeUses() throws {
        for name in Fixtures.runnable where name.hasSuffix("_int8.tflite") {
            let report = try check(name, target: "nano33ble", runtime: .tinyops)
            let runtime = try RuntimeInterpreter(modelBytes: try Fixtures.bytes(name))
            runtime.invoke()
            #expect(report.memory.tinyopsArena == runtime.arenaBytesUsed, "\(name)")
            #expect(report.memory.ram.needed == runtime.arenaBytesUsed)
            let ops = Set(try TFLiteReader.decode(try Fixtures.bytes(name)).main.operators.compactMap(\.builtin))
            #expect(report.flash.codeBytes != nil && report.flash.codeBytes == TinyOpsRuntimeBudget.codeBytes(for: ops, core: .m4f))
        }
        // A model the runtime cannot run has no TinyOpsRuntime arena, and says why.
        let float = try check("cnn2d_float.tflite", target: "nano33ble", runtime: .tinyops)
        #expect(float.memory.tinyopsArena == nil)
        #expect(float.memory.notes.contains { $0.contains("TinyOpsRuntime cannot plan this model") })
    }

    /// A model doctored to break TFLM's Prepare-time rules.
    @Test func constraintViolationsAreErrors() throws {
        var model = try Fixtures.model("cnn2d_int8.tflite")
        var main = model.main
        // Hybrid: float activations into an int8-weight FULLY_CONNECTED.
        let fc = try #require(main.operators.firstIndex { $0.builtin == .fullyConnected })
        main.tensors[Int(main.operators[fc].inputs[0])].type = .float32
        // SOFTMAX int8 output with the wrong zero point.
        let softmax = try #require(main.operators.firstIndex { $0.builtin == .softmax })
        main.tensors[Int(main.operators[softmax].outputs[0])].quantization?.zeroPoint = [0]
        // A TANH fused into a convolution.
        let conv = try #require(main.operators.firstIndex { $0.builtin == .conv2d })
        main.operators[conv].options.set("fused_activation_function", .integer(Int64(ActivationFunction.tanh.rawValue)))
        model.subgraphs[0] = main
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/doctored.tflite"
        try ModelFile.save(model, to: path)
        let report = try ModelCheck.run(path: path, options: CheckOptions(target: try #require(Target.named("cortex-m7"))))
        let codes = Set(report.findings.filter { $0.severity == .error }.map(\.code))
        #expect(codes.isSuperset(of: ["hybrid-op", "output-quantization", "fused-activation"]), "\(report.findings)")
        #expect(!report.passes)
    }
}
