import Foundation
import Testing
import TinyOpsKit

/// SHAPE, STRIDED_SLICE and PACK: hand-computed results (no oracle needed; RuntimeTFLMTests
/// compares the same models with TFLM), and the parameters the runtime refuses, each with
/// its message.
@Suite struct RuntimeSliceTests {
    static func model(_ name: String) -> Model {
        let m = RuntimeOpCases.all.firstIndex { $0.name == name }!
        var builder = OpModelBuilder(seed: UInt64(1000 + m))
        let (inputs, outputs) = RuntimeOpCases.all[m].build(&builder)
        return builder.model(inputs: inputs, outputs: outputs)
    }

    static func run(_ model: Model, _ inputs: [[Int32]]) throws -> [[Int32]] {
        let interpreter = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        for (k, values) in inputs.enumerated() {
            try values.withUnsafeBytes { try interpreter.setInput(k, bytes: $0) }
        }
        interpreter.invoke()
        return interpreter.outputs.indices.map { k in
            interpreter.withOutputBytes(k) { raw in (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self) } }
        }
    }

    static func error(_ model: Model) -> RuntimeError? {
        do {
            _ = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
            return nil
        } catch let error as RuntimeError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    static func int32Bytes(_ values: [Int32]) -> [UInt8] {
        values.flatMap { value in (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    }

    @Test func flattenChainTakesOneDimensionAndPacksIt() throws {
        let outputs = try Self.run(Self.model("strided_slice_int32_shrink_negative_begin_then_pack"), [[10, 11, 12, 13, 14, 15]])
        #expect(outputs == [[14], [14, -1]])
    }

    @Test func shapeIsPackedAlongTheLastAxis() throws {
        let model = Self.model("shape_of_int8_packed_with_int32_last_axis")
        let interpreter = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(model))
        try [Int32](arrayLiteral: 7, 8, 9).withUnsafeBytes { try interpreter.setInput(1, bytes: $0) }
        interpreter.invoke()
        let y = interpreter.withOutputBytes(0) { raw in (0..<6).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self) } }
        #expect(y == [2, 7, 3, 8, 5, 9])  // SHAPE of [2, 3, 5] next to the int32 input
    }

    @Test func reversedSliceWithBeginAndEndMasks() throws {
        let x = (0..<20).map(Int32.init)
        let outputs = try Self.run(Self.model("strided_slice_int32_reversed_with_masks"), [x])
        #expect(outputs == [[4, 3, 2, 1, 0, 9, 8, 7, 6, 5, 14, 13, 12, 11, 10, 19, 18, 17, 16, 15]])
    }

    @Test func int64ShapeOutputIsRefused() {
        var model = Self.model("shape_of_int8_packed_with_int32_last_axis")
        model.subgraphs[0].tensors[2].type = .int64
        model.subgraphs[0].operators[0].options.set("out_type", .integer(Int64(TensorType.int64.rawValue)))
        #expect(Self.error(model) == .unsupported(
            "operator 0 (SHAPE, code 77), tensor 2: int64 shape output (out_type) not supported, only int32"))
    }

    @Test func masksTFLMDropsAreRefused() {
        for (field, value) in [("ellipsis_mask", 1), ("new_axis_mask", 2), ("offset", 1)] {
            var model = Self.model("strided_slice_int8_clamped_strided_inner")
            model.subgraphs[0].operators[0].options.set(field, .integer(Int64(value)))
            #expect(Self.error(model) == .unsupported(
                "operator 0 (STRIDED_SLICE, code 45): ellipsis_mask, new_axis_mask and offset are not supported"), "\(field)")
        }
    }

    @Test func shrinkingToNothingIsRefused() {
        // TFLM's eval writes no element for these, leaving the output as the arena held it.
        let message = "operator 0 (STRIDED_SLICE, code 45): shrink_axis_mask on an empty slice (begin outside the axis, or stride < 0)"
        var negativeStride = Self.model("strided_slice_int32_reversed_with_masks")
        negativeStride.subgraphs[0].operators[0].options.set("shrink_axis_mask", .integer(2))
        negativeStride.subgraphs[0].tensors[4].shape = [4]
        #expect(Self.error(negativeStride) == .unsupported(message))
        var beyondTheEnd = Self.model("strided_slice_int32_shrink_negative_begin_then_pack")
        beyondTheEnd.subgraphs[0].tensors[1].data = Self.int32Bytes([6])
        #expect(Self.error(beyondTheEnd) == .unsupported(message))
    }

    @Test func sliceParametersAreChecked() {
        var variableBegin = Self.model("strided_slice_int8_clamped_strided_inner")
        variableBegin.subgraphs[0].tensors[1].data = nil
        #expect(Self.error(variableBegin) == .unsupported(
            "operator 0 (STRIDED_SLICE, code 45), tensor 1: parameter tensor must be constant"))
        var zeroStride = Self.model("strided_slice_int8_clamped_strided_inner")
        zeroStride.subgraphs[0].tensors[3].data = Self.int32Bytes([2, 0])
        #expect(Self.error(zeroStride) == .invalidModel("operator 0 (STRIDED_SLICE, code 45): operator parameter out of range"))
        var wrongOutput = Self.model("strided_slice_int8_clamped_strided_inner")
        wrongOutput.subgraphs[0].tensors[4].shape = [2, 4]
        #expect(Self.error(wrongOutput) == .invalidModel(
            "operator 0 (STRIDED_SLICE, code 45): output shape does not match the operator's parameters"))
        var requantizing = Self.model("strided_slice_int8_clamped_strided_inner")
        requantizing.subgraphs[0].tensors[4].quantization?.zeroPoint = [0]
        #expect(Self.error(requantizing) == .unsupported(
            "operator 0 (STRIDED_SLICE, code 45), tensor 0: input and output quantization must be equal"))
    }

    @Test func rankFiveSlicesAreRefused() {
        var builder = OpModelBuilder(seed: 1)
        let x = builder.activation([1, 2, 2, 2, 2], scale: 0.1, zeroPoint: 0)
        let begin = builder.int32s([0, 0, 0, 0, 0]), end = builder.int32s([1, 2, 2, 2, 1]), strides = builder.int32s([1, 1, 1, 1, 1])
        let y = builder.activation([1, 2, 2, 2, 1], scale: 0.1, zeroPoint: 0)
        builder.op(.stridedSlice, [x, begin, end, strides], [y], .with(BuiltinOptions.Kind.stridedSlice, [:]))
        #expect(Self.error(builder.model(inputs: [x], outputs: [y])) == .unsupported(
            "operator 0 (STRIDED_SLICE, code 45), tensor 0: slices of more than 4 dimensions are not supported"))
    }

    @Test func packParametersAreChecked() {
        var count = Self.model("pack_int8_three_inputs_negative_axis")
        count.subgraphs[0].operators[0].options.set("values_count", .integer(2))
        #expect(Self.error(count) == .invalidModel("operator 0 (PACK, code 83): wrong number of operator inputs"))
        var axis = Self.model("pack_int8_three_inputs_negative_axis")
        axis.subgraphs[0].operators[0].options.set("axis", .integer(-4))
        #expect(Self.error(axis) == .invalidModel("operator 0 (PACK, code 83): axis out of range"))
        var shape = Self.model("pack_int8_three_inputs_negative_axis")
        shape.subgraphs[0].tensors[1].shape = [4, 2]
        #expect(Self.error(shape) == .invalidModel("operator 0 (PACK, code 83), tensor 1: tensor shapes are inconsistent for this operator"))
        var quantization = Self.model("pack_int8_three_inputs_negative_axis")
        quantization.subgraphs[0].tensors[2].quantization?.scale = [0.05]
        #expect(Self.error(quantization) == .unsupported(
            "operator 0 (PACK, code 83), tensor 2: input and output quantization must be equal"))
        var int64 = Self.model("strided_slice_int32_shrink_negative_begin_then_pack")
        int64.subgraphs[0].tensors[6].type = .int64
        int64.subgraphs[0].tensors[5].type = .int64
        int64.subgraphs[0].tensors[5].data = Self.int32Bytes([-1, -1])
        #expect(Self.error(int64) == .unsupported("operator 1 (PACK, code 83), tensor 6: tensor type not supported by this operator"))
    }
}
