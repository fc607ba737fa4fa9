/// Single-precision matrix multiply over contiguous row-major buffers, blocked for the
/// cache and computed in 4×8 register tiles with `SIMD8<Float>` accumulators.
///
/// Three forms cover every layer's forward and backward pass:
/// - `nn`: C[M×N] = A[M×K] · B[K×N]            (forward: activations × weights)
/// - `tn`: C[M×N] = A[K×M]ᵀ · B[K×N]           (weight gradients: inputsᵀ × output gradients)
/// - `nt`: C[M×N] = A[M×K] · B[N×K]ᵀ           (input gradients: output gradients × weightsᵀ)
/// `accumulate` adds to C instead of overwriting it. The summation order is fixed by the
/// shapes alone (K in blocks of `kc`, each block in order), so results are deterministic.
/// `GEMM.reference` is the slow definition the tests compare against.
public enum GEMM {
    /// K block: a 4×kc slice of A and a kc×8 panel of B stay in L1.
    static let kc = 256

    /// C[M×N] (+)= A[M×K] · B[K×N]; `lda`, `ldb`, `ldc` are row strides.
    public static func nn(m: Int, n: Int, k: Int,
                          a: UnsafePointer<Float>, lda: Int,
                          b: UnsafePointer<Float>, ldb: Int,
                          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        blocked(m: m, n: n, k: k, a: a, aRow: lda, aCol: 1, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// C[M×N] (+)= Aᵀ · B where A is stored [K×M] (row stride `lda`) and B is [K×N].
    public static func tn(m: Int, n: Int, k: Int,
                          a: UnsafePointer<Float>, lda: Int,
                          b: UnsafePointer<Float>, ldb: Int,
                          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        blocked(m: m, n: n, k: k, a: a, aRow: 1, aCol: lda, b: b, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// C[M×N] (+)= A · Bᵀ where B is stored [N×K] (row stride `ldb`). `scratch` must hold
    /// K·N floats: Bᵀ is packed there once, then multiplied as `nn`.
    public static func nt(m: Int, n: Int, k: Int,
                          a: UnsafePointer<Float>, lda: Int,
                          b: UnsafePointer<Float>, ldb: Int,
                          c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
                          scratch: UnsafeMutablePointer<Float>) {
        for row in 0..<n {
            let source = b + row * ldb
            for col in 0..<k { scratch[col * n + row] = source[col] }
        }
        nn(m: m, n: n, k: k, a: a, lda: lda, b: UnsafePointer(scratch), ldb: n, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// A[i, p] is `a[i * aRow + p * aCol]`, which expresses both A and Aᵀ.
    private static func blocked(m: Int, n: Int, k: Int,
                                a: UnsafePointer<Float>, aRow: Int, aCol: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let fullColumns = n - n % 8
        let fullRows = m - m % 4
        withUnsafeTemporaryAllocation(of: Float.self, capacity: kc * 8) { panel in
            let panelBase = panel.baseAddress!
            var k0 = 0
            while k0 < k {
                let kLength = min(kc, k - k0)
                let add = accumulate || k0 > 0
                let aBlock = a + k0 * aCol
                let bBlock = b + k0 * ldb
                var j0 = 0
                while j0 < fullColumns {
                    var i0 = 0
                    while i0 < fullRows {
                        tile4x8(k: kLength, a: aBlock + i0 * aRow, aRow: aRow, aCol: aCol, b: bBlock + j0, ldb: ldb,
                                c: c + i0 * ldc + j0, ldc: ldc, columns: 8, accumulate: add)
                        i0 += 4
                    }
                    while i0 < m {
                        tile1x8(k: kLength, a: aBlock + i0 * aRow, aCol: aCol, b: bBlock + j0, ldb: ldb,
                                c: c + i0 * ldc + j0, columns: 8, accumulate: add)
                        i0 += 1
                    }
                    j0 += 8
                }
                if fullColumns < n {
                    // Column tail: copy the last columns of B into a zero-padded 8-wide panel.
                    let tail = n - fullColumns
                    for p in 0..<kLength {
                        let row = bBlock + p * ldb + fullColumns
                        let out = panelBase + p * 8
                        for j in 0..<8 { out[j] = j < tail ? row[j] : 0 }
                    }
                    var i0 = 0
                    while i0 < fullRows {
                        tile4x8(k: kLength, a: aBlock + i0 * aRow, aRow: aRow, aCol: aCol, b: panelBase, ldb: 8,
                                c: c + i0 * ldc + fullColumns, ldc: ldc, columns: tail, accumulate: add)
                        i0 += 4
                    }
                    while i0 < m {
                        tile1x8(k: kLength, a: aBlock + i0 * aRow, aCol: aCol, b: panelBase, ldb: 8,
                                c: c + i0 * ldc + fullColumns, columns: tail, accumulate: add)
                        i0 += 1
                    }
                }
                k0 += kLength
            }
        }
    }

    @inline(__always)
    private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    private static func store(_ value: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        if columns == 8 {
            let sum = accumulate ? value + load8(UnsafePointer(p)) : value
            UnsafeMutableRawPointer(p).storeBytes(of: sum, as: SIMD8<Float>.self)
        } else {
            for j in 0..<columns { p[j] = accumulate ? p[j] + value[j] : value[j] }
        }
    }

    /// C[4×columns] (+)= A[4×k] · B[k×8] (only the first `columns` of the 8 are stored).
    @inline(__always)
    private static func tile4x8(k: Int, a: UnsafePointer<Float>, aRow: Int, aCol: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, ldc: Int, columns: Int, accumulate: Bool) {
        var c0 = SIMD8<Float>(), c1 = SIMD8<Float>(), c2 = SIMD8<Float>(), c3 = SIMD8<Float>()
        var ap = a
        var bp = b
        let r1 = aRow, r2 = 2 * aRow, r3 = 3 * aRow
        for _ in 0..<k {
            let bv = load8(bp)
            c0 += SIMD8(repeating: ap[0]) * bv
            c1 += SIMD8(repeating: ap[r1]) * bv
            c2 += SIMD8(repeating: ap[r2]) * bv
            c3 += SIMD8(repeating: ap[r3]) * bv
            ap += aCol
            bp += ldb
        }
        store(c0, c, columns: columns, accumulate: accumulate)
        store(c1, c + ldc, columns: columns, accumulate: accumulate)
        store(c2, c + 2 * ldc, columns: columns, accumulate: accumulate)
        store(c3, c + 3 * ldc, columns: columns, accumulate: accumulate)
    }

    /// C[1×columns] (+)= A[1×k] · B[k×8].
    @inline(__always)
    private static func tile1x8(k: Int, a: UnsafePointer<Float>, aCol: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                c: UnsafeMutablePointer<Float>, columns: Int, accumulate: Bool) {
        var c0 = SIMD8<Float>()
        var ap = a
        var bp = b
        for _ in 0..<k {
            c0 += SIMD8(repeating: ap[0]) * load8(bp)
            ap += aCol
            bp += ldb
        }
        store(c0, c, columns: columns, accumulate: accumulate)
    }
}

extension GEMM {
    /// The definition: C[i,j] (+)= Σ_p A[i,p]·B[p,j] with a `Double` accumulator, where
    /// A[i,p] = a[i·aRow + p·aCol] and B[p,j] = b[p·bRow + j·bCol]. Slow; for tests.
    public static func reference(m: Int, n: Int, k: Int,
                                 a: UnsafePointer<Float>, aRow: Int, aCol: Int,
                                 b: UnsafePointer<Float>, bRow: Int, bCol: Int,
                                 c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * aRow + p * aCol]) * Double(b[p * bRow + j * bCol]) }
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + Float(sum) : Float(sum)
            }
        }
    }
}
