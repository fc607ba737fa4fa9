import Foundation
import Testing
import TinyOpsKit

/// Seeded random STRIDED_SLICE and PACK models against TFLite Micro, byte for byte: slices of
/// rank 1-4 with begin/end reaching past both ends of every axis, positive and negative
/// strides and random begin/end/shrink masks; packs of rank 0-3 inputs along every axis.
/// TFLM also checks the output shapes the test derives (its prepare refuses wrong ones).
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct RuntimeSliceTFLMTests {
    struct Slice {
        var shape: [Int32], begin: [Int32], end: [Int32], strides: [Int32]
        var beginMask: Int32, endMask: Int32, shrinkMask: Int32
    }

    /// The output shape TensorFlow gives; nil when an axis comes out empty, or a shrunk one
    /// does not hold exactly one element (both refused by the runtime).
    static func outputShape(_ s: Slice) -> [Int32]? {
        var shape: [Int32] = []
        for d in s.shape.indices {
            let size = Int(s.shape[d]), stride = Int(s.strides[d])
            let masked = { (mask: Int32) in mask >> Int32(d) & 1 == 1 }
            func clamp(_ i: Int) -> Int { stride > 0 ? min(max(i, 0), size) : min(max(i, -1), size - 1) }
            var start = clamp(Int(s.begin[d]) < 0 ? Int(s.begin[d]) + size : Int(s.begin[d]))
            if masked(s.beginMask) { start = stride > 0 ? 0 : size - 1 }
            if masked(s.shrinkMask) {
                guard stride > 0, start < size else { return nil }
                continue
            }
            var stop = clamp(Int(s.end[d]) < 0 ? Int(s.end[d]) + size : Int(s.end[d]))
            if masked(s.endMask) { stop = stride > 0 ? size : -1 }
            let count = stride > 0 ? (stop - start + stride - 1) / stride : (start - stop - stride - 1) / -stride
            guard count > 0 else { return nil }
            shape.append(Int32(count))
        }
        return shape
    }

    static func randomSlice(using generator: inout SeededGenerator) -> Slice {
        let rank = Int.random(in: 1...4, using: &generator)
        let shape = (0..<rank).map { _ in Int32.random(in: 1...5, using: &generator) }
        func index(_ size: Int32) -> Int32 { Int32.random(in: (-size - 2)...(size + 2), using: &generator) }
        let strides = (0..<rank).map { _ in [-3, -2, -1, 1, 1, 2, 3].randomElement(using: &generator)! as Int32 }
        func mask() -> Int32 {  // each bit set with probability 1/4
            Int32.random(in: 0..<(1 << rank), using: &generator) & Int32.random(in: 0..<(1 << rank), using: &generator)
        }
        return Slice(shape: shape, begin: shape.map(index), end: shape.map(index), strides: strides,
                     beginMask: mask(), endMask: mask(), shrinkMask: mask())
    }

    @Test func randomSlicesAndPacksMatchTFLM() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SeededGenerator(seed: 45)
        var cases: [RuntimeTFLMTests.Case] = []
        func add(_ builder: OpModelBuilder, inputs: [Int32], outputs: [Int32]) throws {
            let name = "case\(cases.count)"
            let model = builder.model(inputs: inputs, outputs: outputs)
            try ModelFile.save(model, to: "\(directory)/\(name).tflite")
            cases.append(try RuntimeTFLMTests.prepare(name: name, model: model, modelPath: "\(directory)/\(name).tflite",
                                                      samples: 12, seed: UInt64(cases.count), in: directory))
        }
        var slices = 0
        while slices < 80 {
            let s = Self.randomSlice(using: &generator)
            guard let shape = Self.outputShape(s), shape.reduce(1, *) > 1 else { continue }
            let int8 = slices % 2 == 0
            var b = OpModelBuilder(seed: UInt64(slices))
            let x = int8 ? b.activation(s.shape, scale: 0.1, zeroPoint: 3) : b.int32(s.shape)
            let begin = b.int32s(s.begin), end = b.int32s(s.end), strides = b.int32s(s.strides)
            let y = int8 ? b.activation(shape, scale: 0.1, zeroPoint: 3) : b.int32(shape)
            b.op(.stridedSlice, [x, begin, end, strides], [y], .with(BuiltinOptions.Kind.stridedSlice, [
                "begin_mask": .integer(Int64(s.beginMask)), "end_mask": .integer(Int64(s.endMask)),
                "shrink_axis_mask": .integer(Int64(s.shrinkMask)),
            ]))
            try add(b, inputs: [x], outputs: [y])
            slices += 1
        }
        for p in 0..<30 {
            let rank = Int.random(in: 0...3, using: &generator)
            let shape = (0..<rank).map { _ in Int32.random(in: 1...4, using: &generator) }
            let values = Int.random(in: 1...4, using: &generator)
            let axis = Int.random(in: 0...rank, using: &generator)
            var packed = shape
            packed.insert(Int32(values), at: axis)
            let int8 = p % 2 == 0
            var b = OpModelBuilder(seed: UInt64(p))
            let xs = (0..<values).map { _ in int8 ? b.activation(shape, scale: 0.2, zeroPoint: -1) : b.int32(shape) }
            let y = int8 ? b.activation(packed, scale: 0.2, zeroPoint: -1) : b.int32(packed)
            let written = Bool.random(using: &generator) ? axis : axis - rank - 1  // negative half the time
            b.op(.pack, xs, [y], .with(BuiltinOptions.Kind.pack, ["values_count": .integer(Int64(values)), "axis": .integer(Int64(written))]))
            try add(b, inputs: xs, outputs: [y])
        }
        try RuntimeTFLMTests.compare(cases, in: directory)
    }
}
