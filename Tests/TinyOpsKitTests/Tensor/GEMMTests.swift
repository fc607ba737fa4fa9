import Testing
@testable import TinyOpsKit

/// The blocked SIMD GEMM against its Double reference, on shapes around the 4×8 tile and the
/// K block: 1, tile − 1, tile, tile + 1, and sizes past one K block.
@Suite struct GEMMTests {
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (1, 1, 1), (3, 7, 5), (4, 8, 8), (5, 9, 3), (17, 30, 13), (8, 16, 257), (6, 10, 600), (33, 1, 2),
    ]

    static func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    static func close(_ a: [Float], _ b: [Float], k: Int) -> Bool {
        // Float sums of k products of values in [-1, 1] differ from Double sums by about k·ε.
        let tolerance = Float(k) * 4 * Float.ulpOfOne + 1e-6
        return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test(arguments: shapes.indices)
    func nnMatchesReference(_ index: Int) {
        let (m, n, k) = Self.shapes[index]
        var generator = SeededGenerator(seed: UInt64(index))
        let a = Self.random(m * k, &generator), b = Self.random(k * n, &generator)
        for accumulate in [false, true] {
            let start = Self.random(m * n, &generator)
            var fast = start, slow = start
            GEMM.nn(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, c: &fast, ldc: n, accumulate: accumulate)
            GEMM.reference(m: m, n: n, k: k, a: a, aRow: k, aCol: 1, b: b, bRow: n, bCol: 1, c: &slow, ldc: n, accumulate: accumulate)
            #expect(Self.close(fast, slow, k: k), "nn \(m)x\(n)x\(k) accumulate=\(accumulate)")
        }
    }

    @Test(arguments: shapes.indices)
    func tnMatchesReference(_ index: Int) {
        let (m, n, k) = Self.shapes[index]
        var generator = SeededGenerator(seed: 100 + UInt64(index))
        let a = Self.random(k * m, &generator), b = Self.random(k * n, &generator)  // A stored [K×M]
        var fast = [Float](repeating: 0, count: m * n), slow = fast
        GEMM.tn(m: m, n: n, k: k, a: a, lda: m, b: b, ldb: n, c: &fast, ldc: n)
        GEMM.reference(m: m, n: n, k: k, a: a, aRow: 1, aCol: m, b: b, bRow: n, bCol: 1, c: &slow, ldc: n)
        #expect(Self.close(fast, slow, k: k), "tn \(m)x\(n)x\(k)")
    }

    @Test(arguments: shapes.indices)
    func ntMatchesReference(_ index: Int) {
        let (m, n, k) = Self.shapes[index]
        var generator = SeededGenerator(seed: 200 + UInt64(index))
        let a = Self.random(m * k, &generator), b = Self.random(n * k, &generator)  // B stored [N×K]
        var fast = [Float](repeating: 0, count: m * n), slow = fast
        var scratch = [Float](repeating: 0, count: n * k)
        GEMM.nt(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &fast, ldc: n, scratch: &scratch)
        GEMM.reference(m: m, n: n, k: k, a: a, aRow: k, aCol: 1, b: b, bRow: 1, bCol: k, c: &slow, ldc: n)
        #expect(Self.close(fast, slow, k: k), "nt \(m)x\(n)x\(k)")
    }

    @Test func stridedOperandsAndOutput() {
        // A sub-matrix of a wider buffer, written into a wider C: strides must be honoured.
        var generator = SeededGenerator(seed: 7)
        let (m, n, k) = (5, 9, 6)
        let a = Self.random(m * 10, &generator), b = Self.random(k * 12, &generator)
        var fast = [Float](repeating: 3, count: m * 11), slow = fast
        GEMM.nn(m: m, n: n, k: k, a: a, lda: 10, b: b, ldb: 12, c: &fast, ldc: 11)
        GEMM.reference(m: m, n: n, k: k, a: a, aRow: 10, aCol: 1, b: b, bRow: 12, bCol: 1, c: &slow, ldc: 11)
        #expect(Self.close(fast, slow, k: k))
        for row in 0..<m { #expect(fast[row * 11 + 9] == 3 && fast[row * 11 + 10] == 3, "wrote past column n") }
    }

    @Test func handComputedProduct() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]  // 2×3
        let b: [Float] = [7, 8, 9, 10, 11, 12]  // 3×2
        var c = [Float](repeating: 0, count: 4)
        GEMM.nn(m: 2, n: 2, k: 3, a: a, lda: 3, b: b, ldb: 2, c: &c, ldc: 2)
        #expect(c == [58, 64, 139, 154])
    }
}
