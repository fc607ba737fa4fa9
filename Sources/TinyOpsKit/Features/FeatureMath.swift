import Foundation

/// The scalar functions of the feature blocks, written out operation by operation as the C
/// code in Sources/TinyOpsRuntime/features_math.c does, so that host and device compute the
/// same bits (the runtime uses no libm). Change both together.
enum FeatureMath {
    /// Natural logarithm of a positive normal float, accurate to a few ulp:
    /// x = m · 2^e with m in [√½, √2], ln m = 2s(1 + s²/3 + s⁴/5 + s⁶/7 + s⁸/9) for
    /// s = (m − 1)/(m + 1) (|s| ≤ 0.172), ln x = e·ln2_hi + (e·ln2_lo + ln m).
    @inline(__always)
    static func ln(_ x: Float) -> Float {
        let bits = x.bitPattern
        var exponent = Int32(bitPattern: (bits >> 23) & 0xFF) - 127
        var m = Float(bitPattern: (bits & 0x7F_FFFF) | 0x3F80_0000)
        if m > 0x1.6a09e6p+0 {
            m = m * 0.5
            exponent += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        let poly = 1 + s2 * (0x1.555556p-2 + s2 * (0x1.99999ap-3 + s2 * (0x1.24924ap-3 + s2 * 0x1.c71c72p-4)))
        let lnm = (s + s) * poly
        let e = Float(exponent)
        return e * 0x1.62e4p-1 + (e * 0x1.7f7d1cp-20 + lnm)
    }

    // MARK: Fixed point

    /// round(log2(1 + i/128) · 2^30) for i = 0...128: the fixed-point log's table.
    static let log2TableQ30: [Int64] = (0...128).map { i in
        Int64((log2(1 + Double(i) / 128) * 1_073_741_824).rounded())
    }

    /// round(ln 2 · 2^24).
    static let ln2Q24: Int64 = 11_629_080

    /// The number of bits of `x` (0 for 0).
    @inline(__always)
    static func bitLength(_ x: UInt64) -> Int { 64 - x.leadingZeroBitCount }

    /// ln(x · 2^−k) in Q16 (x > 0): log2 by the leading bit and a 128-segment table with
    /// linear interpolation on the next 24 bits (error below 2e-5), then times ln 2.
    /// Shifts of negative numbers are arithmetic (floor), as in the C code.
    @inline(__always)
    static func lnQ16(_ x: UInt64, minusExponent k: Int) -> Int32 {
        let n = bitLength(x) - 1
        let f = x << UInt64(63 - n)
        let index = Int((f >> 56) & 127)
        let rest = Int64((f >> 32) & 0xFF_FFFF)
        let t0 = log2TableQ30[index], t1 = log2TableQ30[index + 1]
        let fraction = t0 + (((t1 - t0) * rest + (1 << 23)) >> 24)
        let log2Q30 = Int64(n - k) * (1 << 30) + fraction
        return Int32((log2Q30 * ln2Q24 + (1 << 37)) >> 38)
    }

    /// Saturates to int16.
    @inline(__always)
    static func saturate16(_ x: Int32) -> Int32 {
        x > 32767 ? 32767 : (x < -32768 ? -32768 : x)
    }
}
