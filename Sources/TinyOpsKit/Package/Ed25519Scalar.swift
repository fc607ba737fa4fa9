/// An integer modulo L = 2^252 + 27742317777372353535851937790883648493, the prime order of
/// the Ed25519 base point (RFC 8032 §5.1): four little-endian 64-bit limbs.
///
/// Products are reduced with Montgomery multiplication (R = 2^256), which needs no
/// division and no data-dependent branches; the constants it needs (−1/L mod 2^64,
/// R mod L, R² mod L) are computed from L on first use, not pasted in.
struct Scalar: Sendable, Equatable {
    var limbs: [UInt64]

    /// L, little-endian limbs.
    static let order: [UInt64] = [0x5812_631A_5CF5_D3ED, 0x14DE_F9DE_A2F7_9CD6, 0, 0x1000_0000_0000_0000]

    static let zero = Scalar(limbs: [0, 0, 0, 0])

    /// −L⁻¹ mod 2^64, by Newton's iteration (each step doubles the correct low bits).
    static let montgomeryFactor: UInt64 = {
        var inverse: UInt64 = 1
        for _ in 0..<6 { inverse = inverse &* (2 &- order[0] &* inverse) }
        return 0 &- inverse
    }()

    /// 2^256 mod L and 2^512 mod L, by doubling 1 modulo L.
    static let rModL: Scalar = powerOfTwo(256)
    static let r2ModL: Scalar = powerOfTwo(512)

    private static func powerOfTwo(_ exponent: Int) -> Scalar {
        var value = Scalar(limbs: [1, 0, 0, 0])
        for _ in 0..<exponent { value = value.adding(value) }
        return value
    }

    init(limbs: [UInt64]) {
        self.limbs = limbs
    }

    /// The 256-bit little-endian number at bytes[offset..<offset+32], not reduced.
    init(unreducedBytes bytes: [UInt8], offset: Int = 0) {
        var limbs: [UInt64] = [0, 0, 0, 0]
        for index in 0..<32 { limbs[index / 8] |= UInt64(bytes[offset + index]) &<< (8 * UInt64(index % 8)) }
        self.limbs = limbs
    }

    /// The scalar encoded at bytes[offset..<offset+32], or `nil` when it is not below L
    /// (RFC 8032 §5.1.7 rejects such S values: they would make signatures malleable).
    static func canonical(_ bytes: [UInt8], offset: Int = 0) -> Scalar? {
        let value = Scalar(unreducedBytes: bytes, offset: offset)
        return value.subtractingOrder().borrow == 1 ? value : nil
    }

    /// A 64-byte little-endian number (a SHA-512 digest) reduced modulo L:
    /// lo + hi·2^256 ≡ mont(lo, R) + mont(hi, R²), where mont(a, b) = a·b/R mod L.
    static func reduce(wide bytes: [UInt8]) -> Scalar {
        let low = Scalar(unreducedBytes: bytes, offset: 0)
        let high = Scalar(unreducedBytes: bytes, offset: 32)
        return montgomery(low, rModL).adding(montgomery(high, r2ModL))
    }

    /// (a·b + c) mod L, for any 256-bit a (the clamped secret scalar, which is not reduced)
    /// and b, c below L: S = r + k·a in signing.
    static func multiplyAdd(_ a: Scalar, _ b: Scalar, _ c: Scalar) -> Scalar {
        montgomery(montgomery(a, b), r2ModL).adding(c)
    }

    /// 32 little-endian bytes.
    var bytes: [UInt8] {
        (0..<32).map { UInt8(truncatingIfNeeded: limbs[$0 / 8] &>> (8 * UInt64($0 % 8))) }
    }

    // MARK: Arithmetic

    /// (self + other) mod L for self, other below L.
    func adding(_ other: Scalar) -> Scalar {
        var sum = [UInt64](repeating: 0, count: 4)
        var carry: UInt64 = 0
        for index in 0..<4 {
            let (partial, overflow1) = limbs[index].addingReportingOverflow(other.limbs[index])
            let (total, overflow2) = partial.addingReportingOverflow(carry)
            sum[index] = total
            carry = (overflow1 ? 1 : 0) | (overflow2 ? 1 : 0)
        }
        // Below 2L < 2^254: no carry out; subtract L once if the sum reached it.
        return Scalar(limbs: sum).reducedOnce()
    }

    /// self − L, and 1 in `borrow` when self < L.
    private func subtractingOrder() -> (difference: [UInt64], borrow: UInt64) {
        var difference = [UInt64](repeating: 0, count: 4)
        var borrow: UInt64 = 0
        for index in 0..<4 {
            let (partial, underflow1) = limbs[index].subtractingReportingOverflow(Scalar.order[index])
            let (total, underflow2) = partial.subtractingReportingOverflow(borrow)
            difference[index] = total
            borrow = (underflow1 ? 1 : 0) | (underflow2 ? 1 : 0)
        }
        return (difference, borrow)
    }

    /// self − L if self ≥ L, else self, chosen with a mask (for self below 2L).
    private func reducedOnce() -> Scalar {
        let (difference, borrow) = subtractingOrder()
        let keep = 0 &- borrow  // all ones when self < L
        return Scalar(limbs: (0..<4).map { (limbs[$0] & keep) | (difference[$0] & ~keep) })
    }

    /// a·b·2^−256 mod L, for a below 2^256 and b below L (so the result before the final
    /// subtraction is below 2L). Schoolbook product, then four word-by-word reduction
    /// steps, each adding the multiple of L that clears the lowest word.
    static func montgomery(_ a: Scalar, _ b: Scalar) -> Scalar {
        var t = [UInt64](repeating: 0, count: 8)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                (carry, t[i + j]) = multiplyAdd(a.limbs[i], b.limbs[j], t[i + j], carry)
            }
            t[i + 4] = carry
        }
        for i in 0..<4 {
            let m = t[i] &* montgomeryFactor
            var carry: UInt64 = 0
            for j in 0..<4 {
                (carry, t[i + j]) = multiplyAdd(m, order[j], t[i + j], carry)
            }
            // The total stays below 2^510 (t < 2^256·L, plus m·L·2^(64i)), so the carry
            // always dies out inside the eight words.
            for k in (i + 4)..<8 {
                let (sum, overflow) = t[k].addingReportingOverflow(carry)
                t[k] = sum
                carry = overflow ? 1 : 0
            }
        }
        return Scalar(limbs: Array(t[4..<8])).reducedOnce()
    }

    /// a·b + c + d as (high, low) words; it cannot overflow: (2^64−1)² + 2·(2^64−1) < 2^128.
    private static func multiplyAdd(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64
    ) -> (high: UInt64, low: UInt64) {
        var (high, low) = a.multipliedFullWidth(by: b)
        var overflow: Bool
        (low, overflow) = low.addingReportingOverflow(c)
        if overflow { high &+= 1 }
        (low, overflow) = low.addingReportingOverflow(d)
        if overflow { high &+= 1 }
        return (high, low)
    }

    /// The number modulo L by shift-and-subtract, one bit at a time: the slow reference
    /// that `reduce(wide:)` is tested against. `bytes` is little-endian, any length.
    static func reduceReference(_ bytes: [UInt8]) -> Scalar {
        var value = Scalar.zero
        for bit in stride(from: bytes.count * 8 - 1, through: 0, by: -1) {
            value = value.adding(value)
            if bytes[bit / 8] >> UInt8(bit % 8) & 1 == 1 { value = value.adding(Scalar(limbs: [1, 0, 0, 0])) }
        }
        return value
    }
}
