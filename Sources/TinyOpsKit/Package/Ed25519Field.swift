/// An element of GF(p), p = 2^255 − 19, the field of Curve25519/Ed25519.
///
/// Five unsigned 51-bit limbs, value = l0 + l1·2^51 + l2·2^102 + l3·2^153 + l4·2^204.
/// Invariant: every limb is below 2^52 (a "weakly reduced" element: the value may exceed
/// p, but is below 2^256); every operation takes and returns elements in that form.
/// Products of limbs are exact as 128-bit `Wide` columns; 2^255 ≡ 19 (mod p) folds the high half back.
///
/// There are no branches or table look-ups on the values: each operation runs the same
/// instructions whatever the operands (timing depends only on the code path taken by the
/// caller). The canonical form (below p) exists only in `bytes` and the comparisons.
struct FieldElement: Sendable {
    var l0, l1, l2, l3, l4: UInt64

    static let mask51: UInt64 = (1 << 51) - 1

    init(_ l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64, _ l4: UInt64) {
        (self.l0, self.l1, self.l2, self.l3, self.l4) = (l0, l1, l2, l3, l4)
    }

    init(_ small: UInt64) {
        self.init(small & Self.mask51, small >> 51, 0, 0, 0)
    }

    static let zero = FieldElement(0)
    static let one = FieldElement(1)

    // MARK: Ring operations

    static func + (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(a.l0 &+ b.l0, a.l1 &+ b.l1, a.l2 &+ b.l2, a.l3 &+ b.l3, a.l4 &+ b.l4).carried()
    }

    /// a − b computed as a + 4p − b, so no limb underflows (b's limbs are below 2^52, and
    /// 4p's limbs are 2^53 − 76 and 2^53 − 4).
    static func - (a: FieldElement, b: FieldElement) -> FieldElement {
        FieldElement(
            (a.l0 &+ 0x1F_FFFF_FFFF_FFB4) &- b.l0, (a.l1 &+ 0x1F_FFFF_FFFF_FFFC) &- b.l1,
            (a.l2 &+ 0x1F_FFFF_FFFF_FFFC) &- b.l2, (a.l3 &+ 0x1F_FFFF_FFFF_FFFC) &- b.l3,
            (a.l4 &+ 0x1F_FFFF_FFFF_FFFC) &- b.l4
        ).carried()
    }

    static prefix func - (a: FieldElement) -> FieldElement { zero - a }

    static func * (a: FieldElement, b: FieldElement) -> FieldElement {
        // Schoolbook product; the terms of weight 2^255 and above come back multiplied by 19.
        // Limbs are below 2^52, so each column is below 5·19·2^104 < 2^111.
        let b1 = b.l1 &* 19, b2 = b.l2 &* 19, b3 = b.l3 &* 19, b4 = b.l4 &* 19
        return reduceWide(
            column(a.l0, b.l0, a.l1, b4, a.l2, b3, a.l3, b2, a.l4, b1),
            column(a.l0, b.l1, a.l1, b.l0, a.l2, b4, a.l3, b3, a.l4, b2),
            column(a.l0, b.l2, a.l1, b.l1, a.l2, b.l0, a.l3, b4, a.l4, b3),
            column(a.l0, b.l3, a.l1, b.l2, a.l2, b.l1, a.l3, b.l0, a.l4, b4),
            column(a.l0, b.l4, a.l1, b.l3, a.l2, b.l2, a.l3, b.l1, a.l4, b.l0))
    }

    func squared() -> FieldElement {
        let d0 = l0 &* 2, d1 = l1 &* 2, d2 = l2 &* 2, d3 = l3 &* 2
        let l3x19 = l3 &* 19, l4x19 = l4 &* 19
        return FieldElement.reduceWide(
            column(l0, l0, d1, l4x19, d2, l3x19),
            column(d0, l1, d2, l4x19, l3, l3x19),
            column(d0, l2, l1, l1, d3, l4x19),
            column(d0, l3, d1, l2, l4, l4x19),
            column(d0, l4, d1, l3, l2, l2))
    }

    /// self^(2^n): n squarings.
    func squared(times n: Int) -> FieldElement {
        var result = self
        for _ in 0..<n { result = result.squared() }
        return result
    }

    /// self^(p−2) = 1/self (Fermat); 0 for 0.
    func inverse() -> FieldElement {
        let (t250, t11) = powers()
        return t250.squared(times: 5) * t11  // (2^250 − 1)·2^5 + 11 = p − 2
    }

    /// self^((p−5)/8) = self^(2^252 − 3), the exponent of the square root in RFC 8032 §5.1.3.
    func pow22523() -> FieldElement {
        powers().t250.squared(times: 2) * self  // (2^250 − 1)·4 + 1
    }

    /// self^(2^250 − 1) and self^11: the shared start of both exponentiations (an addition
    /// chain of 254 squarings and 11 multiplications).
    private func powers() -> (t250: FieldElement, t11: FieldElement) {
        let t2 = squared()                            // 2
        let t9 = t2.squared(times: 2) * self           // 9
        let t11 = t9 * t2                             // 11
        let t5 = t11.squared() * t9                   // 2^5 − 1 = 31
        let t10 = t5.squared(times: 5) * t5           // 2^10 − 1
        let t20 = t10.squared(times: 10) * t10        // 2^20 − 1
        let t40 = t20.squared(times: 20) * t20        // 2^40 − 1
        let t50 = t40.squared(times: 10) * t10        // 2^50 − 1
        let t100 = t50.squared(times: 50) * t50       // 2^100 − 1
        let t200 = t100.squared(times: 100) * t100    // 2^200 − 1
        let t250 = t200.squared(times: 50) * t50      // 2^250 − 1
        return (t250, t11)
    }

    // MARK: Reduction

    /// Folds five 128-bit columns (of weights 2^0, 2^51, …, 2^204) into limbs below 2^52.
    /// Columns are below 2^112, and the top one below 5·2^104 (it has no ·19 terms), so
    /// every carry fits in a word and the top carry times 19 stays below 2^61.
    private static func reduceWide(_ c0: Wide, _ c1: Wide, _ c2: Wide, _ c3: Wide, _ c4: Wide) -> FieldElement {
        let m = mask51
        let c1 = c1.adding(c0.shiftedRight51)
        let c2 = c2.adding(c1.shiftedRight51)
        let c3 = c3.adding(c2.shiftedRight51)
        let c4 = c4.adding(c3.shiftedRight51)
        let r0 = (c0.low & m) &+ c4.shiftedRight51 &* 19
        return FieldElement(r0 & m, (c1.low & m) &+ (r0 &>> 51), c2.low & m, c3.low & m, c4.low & m)
    }

    /// One carry pass over limbs below 2^63: afterwards l0, l2, l3, l4 < 2^51, l1 < 2^52.
    private func carried() -> FieldElement {
        let m = Self.mask51
        var (a0, a1, a2, a3, a4) = (l0, l1, l2, l3, l4)
        a1 &+= a0 &>> 51; a0 &= m
        a2 &+= a1 &>> 51; a1 &= m
        a3 &+= a2 &>> 51; a2 &= m
        a4 &+= a3 &>> 51; a3 &= m
        a0 &+= (a4 &>> 51) &* 19; a4 &= m
        a1 &+= a0 &>> 51; a0 &= m
        return FieldElement(a0, a1, a2, a3, a4)
    }

    /// The canonical value (below p) as limbs below 2^51.
    private func canonical() -> FieldElement {
        let m = Self.mask51
        var (a0, a1, a2, a3, a4) = (l0, l1, l2, l3, l4)
        // Below 2^256 < 2p + 2^255, after one more carry below 2^255 + 2^51·19: so the value
        // is at most one p too big. q = 1 exactly when value + 19 reaches 2^255.
        a1 &+= a0 &>> 51; a0 &= m
        a2 &+= a1 &>> 51; a1 &= m
        a3 &+= a2 &>> 51; a2 &= m
        a4 &+= a3 &>> 51; a3 &= m
        a0 &+= (a4 &>> 51) &* 19; a4 &= m
        var q = (a0 &+ 19) &>> 51
        q = (a1 &+ q) &>> 51
        q = (a2 &+ q) &>> 51
        q = (a3 &+ q) &>> 51
        q = (a4 &+ q) &>> 51
        // value − q·p = value + 19q − q·2^255: add 19q, carry, and drop bit 255.
        a0 &+= 19 &* q
        a1 &+= a0 &>> 51; a0 &= m
        a2 &+= a1 &>> 51; a1 &= m
        a3 &+= a2 &>> 51; a2 &= m
        a4 &+= a3 &>> 51; a3 &= m
        a4 &= m
        return FieldElement(a0, a1, a2, a3, a4)
    }

    // MARK: Encoding

    /// The 32-byte little-endian encoding of the canonical value (bit 255 is 0).
    var bytes: [UInt8] {
        let c = canonical()
        let words = [
            c.l0 | c.l1 &<< 51, c.l1 &>> 13 | c.l2 &<< 38,
            c.l2 &>> 26 | c.l3 &<< 25, c.l3 &>> 39 | c.l4 &<< 12,
        ]
        var out = [UInt8](repeating: 0, count: 32)
        for (index, word) in words.enumerated() {
            for byte in 0..<8 { out[index * 8 + byte] = UInt8(truncatingIfNeeded: word &>> (8 * UInt64(byte))) }
        }
        return out
    }

    /// The element encoded by `bytes[offset..<offset+32]` (little-endian), ignoring bit 255.
    /// Values from p to 2^255 − 1 are accepted here, reduced; `isCanonicalEncoding` tells.
    init(bytes: [UInt8], offset: Int = 0) {
        var words: [UInt64] = [0, 0, 0, 0]
        for index in 0..<32 { words[index / 8] |= UInt64(bytes[offset + index]) &<< (8 * UInt64(index % 8)) }
        let m = Self.mask51
        self.init(
            words[0] & m, (words[0] &>> 51 | words[1] &<< 13) & m, (words[1] &>> 38 | words[2] &<< 26) & m,
            (words[2] &>> 25 | words[3] &<< 39) & m, (words[3] &>> 12) & m)
    }

    /// Whether bytes[offset..<offset+32], with bit 255 cleared, is below p.
    static func isCanonicalEncoding(_ bytes: [UInt8], offset: Int = 0) -> Bool {
        var cleared = Array(bytes[offset..<offset + 32])
        cleared[31] &= 0x7F
        return FieldElement(bytes: cleared).bytes == cleared
    }

    // MARK: Predicates and selection

    var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    /// The low bit of the canonical value: the "sign" of x in point encodings (RFC 8032 §5.1.2).
    var isNegative: Bool { canonical().l0 & 1 == 1 }

    func equals(_ other: FieldElement) -> Bool { bytes == other.bytes }

    /// `b` when `choice` is 1, `a` when it is 0, without a branch.
    static func select(_ a: FieldElement, _ b: FieldElement, _ choice: UInt64) -> FieldElement {
        let mask = 0 &- choice
        return FieldElement(
            a.l0 ^ (mask & (a.l0 ^ b.l0)), a.l1 ^ (mask & (a.l1 ^ b.l1)), a.l2 ^ (mask & (a.l2 ^ b.l2)),
            a.l3 ^ (mask & (a.l3 ^ b.l3)), a.l4 ^ (mask & (a.l4 ^ b.l4)))
    }
}

/// A 128-bit column sum as two words. Plain words and `multipliedFullWidth` rather than
/// `UInt128`: the same instructions in release builds, and no generic conversions in debug
/// builds, where the tests run (about ten times faster there).
struct Wide {
    var high: UInt64
    var low: UInt64

    /// The column divided by 2^51; callers keep columns below 2^115 so it fits a word.
    var shiftedRight51: UInt64 { (high &<< 13) | (low &>> 51) }

    func adding(_ value: UInt64) -> Wide {
        let (sum, overflow) = low.addingReportingOverflow(value)
        return Wide(high: overflow ? high &+ 1 : high, low: sum)
    }
}

/// a0·b0 + a1·b1 + a2·b2 + a3·b3 + a4·b4 over full 128-bit products.
@inline(__always)
private func column(
    _ a0: UInt64, _ b0: UInt64, _ a1: UInt64, _ b1: UInt64, _ a2: UInt64, _ b2: UInt64,
    _ a3: UInt64, _ b3: UInt64, _ a4: UInt64, _ b4: UInt64
) -> Wide {
    column(a0, b0, a1, b1, a2, b2).addingProduct(a3, b3).addingProduct(a4, b4)
}

/// a0·b0 + a1·b1 + a2·b2 over full 128-bit products.
@inline(__always)
private func column(_ a0: UInt64, _ b0: UInt64, _ a1: UInt64, _ b1: UInt64, _ a2: UInt64, _ b2: UInt64) -> Wide {
    let (high, low) = a0.multipliedFullWidth(by: b0)
    return Wide(high: high, low: low).addingProduct(a1, b1).addingProduct(a2, b2)
}

extension Wide {
    @inline(__always)
    func addingProduct(_ a: UInt64, _ b: UInt64) -> Wide {
        let product = a.multipliedFullWidth(by: b)
        let (sum, overflow) = low.addingReportingOverflow(product.low)
        return Wide(high: high &+ product.high &+ (overflow ? 1 : 0), low: sum)
    }
}
