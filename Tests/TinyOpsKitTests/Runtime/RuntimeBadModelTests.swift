import Foundation
import Testing
import TinyOpsKit
import TinyOpsRuntime

/// Broken and unsupported models give typed errors, never a crash: every truncation,
/// seeded random mutations (a mutated model that still loads must also run), and specific
/// corruptions with the error they must produce. scripts/sanitize.sh runs the same kind of
/// fuzzing under AddressSanitizer and UndefinedBehaviorSanitizer.
@Suite struct RuntimeBadModelTests {
    static let int8Fixtures = Fixtures.runnable.filter { $0.hasSuffix("_int8.tflite") }

    @Test(arguments: int8Fixtures)
    func everyTruncationIsRejected(_ name: String) throws {
        let bytes = try Fixtures.bytes(name)
        var loaded: [Int] = []
        for length in 0..<bytes.count {
            do {
                _ = try RuntimePlan.compute(modelBytes: Array(bytes[..<length]))
                loaded.append(length)
            } catch {
                // A RuntimeError, by the signature; its message must name a problem.
                #expect(!error.message.isEmpty)
            }
        }
        #expect(loaded.isEmpty, "\(name) truncated to \(loaded.prefix(5)) bytes still planned")
    }

    @Test(arguments: int8Fixtures.enumerated().map { ($0.offset, $0.element) })
    func mutationsFailCleanlyOrRun(_ seed: Int, _ name: String) throws {
        let original = try Fixtures.bytes(name)
        var generator = SeededGenerator(seed: UInt64(seed) + 77)
        var rejected = 0, ran = 0
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[at] = UInt8.random(in: 0...255, using: &generator)
            }
            do {
                let interpreter = try RuntimeInterpreter(modelBytes: bytes)
                for (k, input) in interpreter.inputs.enumerated() {
                    let sample = (0..<input.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    try sample.withUnsafeBytes { try interpreter.setInput(k, bytes: $0) }
                }
                interpreter.invoke()
                #expect(interpreter.arenaBytesUsed == interpreter.plan.arenaBytes)
                ran += 1
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 100 && ran > 100, "\(name): \(rejected) rejected, \(ran) ran")
    }

    /// Well-formed files with edge-value parameters (strides, dims, scales, zero points,
    /// operator inputs): each is refused with a typed error, or plans exactly and runs.
    @Test func parameterMutationsFailCleanlyOrRun() throws {
        var models = try Self.int8Fixtures.map { try Fixtures.model($0) }
        for (m, opCase) in RuntimeOpCases.all.enumerated() {
            var builder = OpModelBuilder(seed: UInt64(1000 + m))
            let (inputs, outputs) = opCase.build(&builder)
            models.append(builder.model(inputs: inputs, outputs: outputs))
        }
        var mutator = ModelMutator(generator: SeededGenerator(seed: 4242))
        var rejected = 0, ran = 0
        for _ in 0..<40 {
            for model in models {
                let mutated = mutator.mutate(model, edits: Int.random(in: 1...3, using: &mutator.generator))
                guard let bytes = try? TFLiteWriter.encode(mutated) else { continue }
                do {
                    let interpreter = try RuntimeInterpreter(modelBytes: bytes)
                    interpreter.invoke()
                    #expect(interpreter.arenaBytesUsed == interpreter.plan.arenaBytes)
                    ran += 1
                } catch {
                    rejected += 1
                }
            }
        }
        #expect(rejected > 200 && ran > 200, "\(rejected) rejected, \(ran) ran")
    }

    @Test func notATFLiteFile() {
        #expect(throws: RuntimeError.corruptModel("no TFL3 file identifier: not a .tflite model (at byte 4)")) {
            _ = try RuntimeInterpreter(modelBytes: Array("this is not a model at all".utf8))
        }
        #expect(throws: RuntimeError.corruptModel("file too small for a FlatBuffer header (at byte 0)")) {
            _ = try RuntimeInterpreter(modelBytes: [])
        }
    }

    @Test func wrongSchemaVersion() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        model.version = 2
        let error = try #require(throws: RuntimeError.self) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        }
        guard case .invalidModel(let detail) = error else { Issue.record("got \(error)"); return }
        #expect(detail.hasPrefix("unsupported TFLite schema version"))
    }

    @Test func unsupportedOperatorNamesIndexAndCode() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        model.subgraphs[0].operators[3].opcode = OperatorCode(.tanh)
        #expect(throws: RuntimeError.unsupportedOperator(index: 3, code: 28, name: "TANH")) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        }
        let message = RuntimeError.unsupportedOperator(index: 3, code: 28, name: "TANH").message
        #expect(message == "operator 3 is TANH (builtin code 28), which TinyOpsRuntime does not implement")
    }

    @Test func theCMessageNamesOperatorCodeStatusAndReason() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        model.subgraphs[0].operators[3].opcode = OperatorCode(.tanh)
        let bytes = try TFLiteWriter.encode(model)
        var info = tinyops_plan_info()
        var error = tinyops_error()
        let status = bytes.withUnsafeBufferPointer { tinyops_plan($0.baseAddress, $0.count, nil, 0, &info, &error) }
        #expect(status == TINYOPS_ERR_UNSUPPORTED_OP)
        let expected = "operator 3 (TANH, code 28): unsupported operator: operator not implemented by TinyOpsRuntime"
        var buffer = [CChar](repeating: 0x7F, count: 128)
        #expect(tinyops_error_message(&error, &buffer, buffer.count) == expected.utf8.count)
        #expect(String(cString: buffer) == expected)
        // A short buffer gets a NUL-terminated prefix and the full length back.
        var short = [CChar](repeating: 0x7F, count: 12)
        #expect(tinyops_error_message(&error, &short, short.count) == expected.utf8.count)
        #expect(String(cString: short) == String(expected.prefix(11)))
    }

    @Test func floatModelsAskForTheFloatInterpreter() throws {
        for name in Fixtures.all where name.contains("float") {
            #expect(throws: RuntimeError.floatModel, "\(name)") {
                _ = try RuntimeInterpreter(modelBytes: try Fixtures.bytes(name))
            }
        }
        #expect(RuntimeError.floatModel.message == "float models need the float interpreter (not yet available)")
    }

    @Test func softmaxOutputQuantizationIsChecked() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        let output = Int(model.main.operators[3].outputs[0])
        model.subgraphs[0].tensors[output].quantization?.scale = [0.01]
        #expect(throws: RuntimeError.unsupported(
            "operator 3 (SOFTMAX, code 25), tensor \(output): int8 softmax output needs scale 1/256 and zero point -128")) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        }
    }

    @Test func operatorsMayNotWriteConstants() throws {
        var model = try Fixtures.model("mlp_int8.tflite")
        let output = Int(model.main.operators[1].outputs[0])
        model.subgraphs[0].tensors[output].data = [UInt8](repeating: 0, count: model.main.tensors[output].byteCount ?? 0)
        let error = try #require(throws: RuntimeError.self) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        }
        #expect(error == .invalidModel("operator 1 (FULLY_CONNECTED, code 9), tensor \(output): operator writes a constant tensor"))
    }

    @Test func depthMultiplierMustAgreeWithTheShapes() throws {
        // TFLM loops over the option's multiplier; a wrong one would write outside the output.
        var builder = OpModelBuilder(seed: 1)
        let (inputs, outputs) = RuntimeOpCases.all.first { $0.name == "depthwise_multiplier2_dilation2_relu6" }!.build(&builder)
        var model = builder.model(inputs: inputs, outputs: outputs)
        model.subgraphs[0].operators[0].options.set("depth_multiplier", .integer(3))
        #expect(throws: RuntimeError.invalidModel("operator 0 (DEPTHWISE_CONV_2D, code 4): operator parameter out of range")) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        }
    }

    /// Models TFLM refuses at init are refused here too, rather than run (found by a
    /// differential run against TFLM on parameter-mutated models).
    @Test func parametersTFLMRefusesAreRefused() throws {
        func model(_ name: String) -> Model {
            var builder = OpModelBuilder(seed: 1)
            let (inputs, outputs) = RuntimeOpCases.all.first { $0.name == name }!.build(&builder)
            return builder.model(inputs: inputs, outputs: outputs)
        }
        var squeeze = model("squeeze_then_expand_dims")
        squeeze.subgraphs[0].operators[0].options.set("squeeze_dims", .int32s([0]))  // output would be [3, 1, 4]
        #expect(throws: RuntimeError.invalidModel("operator 0 (SQUEEZE, code 43): output shape does not match the operator's parameters")) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(squeeze))
        }
        var biasType = model("fully_connected_per_tensor_relu")
        biasType.subgraphs[0].operators[0].options.set("quantized_bias_type", .integer(104))  // no such TensorType
        #expect(throws: RuntimeError.invalidModel("operator 0 (FULLY_CONNECTED, code 9): operator parameter out of range")) {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(biasType))
        }
    }

    @Test func supportedOperatorList() {
        #expect(RuntimeOperators.supportedNames == [
            "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEQUANTIZE", "FULLY_CONNECTED",
            "LOGISTIC", "MAX_POOL_2D", "MUL", "RELU", "RELU6", "RESHAPE", "SOFTMAX", "PAD", "MEAN", "SQUEEZE",
            "STRIDED_SLICE", "PADV2", "EXPAND_DIMS", "SHAPE", "PACK", "QUANTIZE",
        ])
    }
}
