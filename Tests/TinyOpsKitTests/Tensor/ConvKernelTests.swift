import Testing
@testable import TinyOpsKit

/// im2col + GEMM convolution and the direct depthwise kernel against their reference loops,
/// on odd sizes, strides, both paddings and the pointwise shortcut.
@Suite struct ConvKernelTests {
    struct Case: CustomStringConvertible, Sendable {
        let h, w, c, kh, kw, sh, sw: Int
        let padding: ConvGeometry.Padding
        var description: String { "\(h)x\(w)x\(c) k\(kh)x\(kw) s\(sh)x\(sw) \(padding)" }
    }

    static let cases: [Case] = [
        Case(h: 5, w: 7, c: 3, kh: 3, kw: 3, sh: 1, sw: 1, padding: .same),
        Case(h: 5, w: 7, c: 3, kh: 3, kw: 2, sh: 2, sw: 3, padding: .valid),
        Case(h: 1, w: 11, c: 5, kh: 1, kw: 4, sh: 1, sw: 2, padding: .same),  // conv1d
        Case(h: 6, w: 6, c: 9, kh: 1, kw: 1, sh: 1, sw: 1, padding: .valid),  // pointwise
        Case(h: 4, w: 3, c: 2, kh: 5, kw: 4, sh: 2, sw: 2, padding: .same),   // window larger than input
    ]

    static func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    @Test func samePaddingMatchesTensorFlow() {
        // TF: out = ceil(in / s), pad_total = max((out - 1)·s + k - in, 0), before = total / 2.
        let g = ConvGeometry(inH: 49, inW: 10, inC: 1, kH: 10, kW: 4, strideH: 2, strideW: 2, padding: .same)!
        #expect((g.outH, g.outW, g.padTop, g.padLeft) == (25, 5, 4, 1))
        #expect(ConvGeometry(inH: 4, inW: 4, inC: 8, kH: 5, kW: 5, strideH: 1, strideW: 1, padding: .valid) == nil)
    }

    @Test(arguments: cases)
    func convolutionMatchesReference(_ t: Case) {
        let g = ConvGeometry(inH: t.h, inW: t.w, inC: t.c, kH: t.kh, kW: t.kw, strideH: t.sh, strideW: t.sw, padding: t.padding)!
        var generator = SeededGenerator(seed: UInt64(t.h * 1000 + t.w * 10 + t.kh))
        let n = 3, o = 5
        let x = Self.random(n * g.inputSize, &generator), w = Self.random(g.patchSize * o, &generator)
        let bias = Self.random(o, &generator), dy = Self.random(n * g.outputPositions * o, &generator)
        var y = [Float](repeating: 0, count: n * g.outputPositions * o)
        var patches = [Float](repeating: 0, count: n * g.outputPositions * g.patchSize)
        var dPatches = patches, pack = [Float](repeating: 0, count: g.patchSize * o)
        var dx = [Float](repeating: 9, count: n * g.inputSize), dw = [Float](repeating: 9, count: g.patchSize * o)
        var dbias = [Float](repeating: 9, count: o)
        x.withUnsafeBufferPointer { xb in
            patches.withUnsafeMutableBufferPointer { pb in
                Conv2D.forward(g, batch: n, outChannels: o, x: xb.baseAddress!, w: w, bias: bias, y: &y, patches: pb.baseAddress!)
                let a = g.isPointwise ? xb.baseAddress! : UnsafePointer(pb.baseAddress!)
                Conv2D.backward(g, batch: n, outChannels: o, a: a, w: w, dy: dy, dw: &dw, dbias: &dbias, dx: &dx,
                                dPatches: &dPatches, pack: &pack)
            }
        }
        let expected = Conv2D.referenceForward(g, batch: n, outChannels: o, x: x, w: w, bias: bias)
        let reference = Conv2D.referenceBackward(g, batch: n, outChannels: o, x: x, w: w, dy: dy)
        #expect(Self.maxDifference(y, expected) < 1e-5, "forward \(t)")
        #expect(Self.maxDifference(dx, reference.dx) < 1e-5, "input gradient \(t)")
        #expect(Self.maxDifference(dw, reference.dw) < 1e-5, "weight gradient \(t)")
        let biasSums = (0..<o).map { oc in stride(from: oc, to: dy.count, by: o).reduce(Float(0)) { $0 + dy[$1] } }
        #expect(Self.maxDifference(dbias, biasSums) < 1e-5)
    }

    @Test(arguments: cases, [1, 2])
    func depthwiseMatchesReference(_ t: Case, multiplier m: Int) {
        let g = ConvGeometry(inH: t.h, inW: t.w, inC: t.c, kH: t.kh, kW: t.kw, strideH: t.sh, strideW: t.sw, padding: t.padding)!
        var generator = SeededGenerator(seed: UInt64(t.h * 77 + t.c + m))
        let n = 2, oc = t.c * m
        let x = Self.random(n * g.inputSize, &generator), w = Self.random(g.kH * g.kW * oc, &generator)
        let bias = Self.random(oc, &generator), dy = Self.random(n * g.outputPositions * oc, &generator)
        var y = [Float](repeating: 0, count: dy.count)
        var dx = [Float](repeating: 9, count: x.count), dw = [Float](repeating: 9, count: w.count)
        DepthwiseConv2D.forward(g, batch: n, multiplier: m, x: x, w: w, bias: bias, y: &y)
        DepthwiseConv2D.backward(g, batch: n, multiplier: m, x: x, w: w, dy: dy, dw: &dw, dbias: nil, dx: &dx)
        let reference = DepthwiseConv2D.reference(g, batch: n, multiplier: m, x: x, w: w, bias: bias, dy: dy)
        #expect(Self.maxDifference(y, reference.y) < 1e-5, "forward \(t) m=\(m)")
        #expect(Self.maxDifference(dx, reference.dx) < 1e-5, "input gradient \(t) m=\(m)")
        #expect(Self.maxDifference(dw, reference.dw) < 1e-5, "weight gradient \(t) m=\(m)")
    }

    @Test func poolingOverPaddedEdgesCountsOnlyRealElements() {
        // 3×3 input, 2×2 windows, stride 2, SAME: windows cover 2×2, 2×1, 1×2, 1×1 elements.
        let g = ConvGeometry(inH: 3, inW: 3, inC: 1, kH: 2, kW: 2, strideH: 2, strideW: 2, padding: .same)!
        #expect((g.outH, g.outW, g.padTop, g.padLeft) == (2, 2, 0, 0))
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        var average = [Float](repeating: 0, count: 4), maximum = average
        var argmax = [Int32](repeating: -1, count: 4)
        Pooling.averageForward(g, batch: 1, x: x, y: &average)
        Pooling.maxForward(g, batch: 1, x: x, y: &maximum, argmax: &argmax)
        #expect(average == [3, 4.5, 7.5, 9])
        #expect(maximum == [5, 6, 8, 9])
        #expect(argmax == [4, 5, 7, 8])
        var dx = [Float](repeating: 0, count: 9)
        Pooling.averageBackward(g, batch: 1, dy: [4, 4, 2, 1], dx: &dx)
        #expect(dx == [1, 1, 2, 1, 1, 2, 1, 1, 1])
    }
}
