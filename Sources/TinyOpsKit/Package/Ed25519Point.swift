/// A point of edwards25519, the twisted Edwards curve −x² + y² = 1 + d·x²·y² over GF(2^255 − 19)
/// (RFC 8032 §5.1), in extended homogeneous coordinates: x = X/Z, y = Y/Z, x·y = T/Z.
struct EdwardsPoint: Sendable {
    var x, y, z, t: FieldElement

    static let identity = EdwardsPoint(x: .zero, y: .one, z: .one, t: .zero)

    /// d = −121665/121666.
    static let d: FieldElement = -(FieldElement(121_665) * FieldElement(121_666).inverse())
    static let d2: FieldElement = d + d
    /// √−1 = 2^((p−1)/4); (p−1)/4 = 2^253 − 5 = 2·(2^252 − 3) + 1.
    static let sqrtMinusOne: FieldElement = FieldElement(2).pow22523().squared() * FieldElement(2)

    /// The base point B: y = 4/5, x even (RFC 8032 §5.1).
    static let base: EdwardsPoint = {
        let y = FieldElement(4) * FieldElement(5).inverse()
        return EdwardsPoint.recover(y: y, xIsOdd: false)!
    }()

    // MARK: Group law (RFC 8032 §5.1.4)

    static func + (p: EdwardsPoint, q: EdwardsPoint) -> EdwardsPoint {
        p + CachedPoint(q)
    }

    /// The unified addition formula (add-2008-hwcd-3), with q's sums precomputed.
    static func + (p: EdwardsPoint, q: CachedPoint) -> EdwardsPoint {
        let a = (p.y - p.x) * q.yMinusX
        let b = (p.y + p.x) * q.yPlusX
        let c = p.t * q.t2d
        let d = p.z * q.z2
        let e = b - a, f = d - c, g = d + c, h = b + a
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    /// 2·p (dbl-2008-hwcd).
    func doubled() -> EdwardsPoint {
        let a = x.squared()
        let b = y.squared()
        let c = z.squared() + z.squared()
        let h = a + b
        let e = h - (x + y).squared()
        let g = a - b
        let f = c + g
        return EdwardsPoint(x: e * f, y: g * h, z: f * g, t: e * h)
    }

    static prefix func - (p: EdwardsPoint) -> EdwardsPoint {
        EdwardsPoint(x: -p.x, y: p.y, z: p.z, t: -p.t)
    }

    // MARK: Encoding (RFC 8032 §5.1.2, §5.1.3)

    /// y in little-endian with the low bit of x in bit 255.
    var encoded: [UInt8] {
        let zInverse = z.inverse()
        var out = (y * zInverse).bytes
        if (x * zInverse).isNegative { out[31] |= 0x80 }
        return out
    }

    /// Decodes 32 bytes at `offset` (RFC 8032 §5.1.3). `nil` when y is not canonical
    /// (y ≥ p), when no x satisfies the curve equation, or when x = 0 with the sign bit set
    /// (a second encoding of the same point).
    static func decode(_ bytes: [UInt8], offset: Int = 0) -> EdwardsPoint? {
        guard bytes.count >= offset + 32, FieldElement.isCanonicalEncoding(bytes, offset: offset) else { return nil }
        let y = FieldElement(bytes: bytes, offset: offset)
        return recover(y: y, xIsOdd: bytes[offset + 31] & 0x80 != 0)
    }

    /// The point with this y and x's parity, if there is one.
    static func recover(y: FieldElement, xIsOdd: Bool) -> EdwardsPoint? {
        // x² = u/v with u = y² − 1, v = d·y² + 1; candidate x = u·v³·(u·v⁷)^((p−5)/8).
        let y2 = y.squared()
        let u = y2 - .one
        let v = d * y2 + .one
        let v3 = v.squared() * v
        let v7 = v3.squared() * v
        var x = u * v3 * (u * v7).pow22523()
        let vx2 = v * x.squared()
        if vx2.equals(u) {
            // x is a root.
        } else if vx2.equals(-u) {
            x = x * sqrtMinusOne
        } else {
            return nil
        }
        if x.isZero && xIsOdd { return nil }
        if x.isNegative != xIsOdd { x = -x }
        return EdwardsPoint(x: x, y: y, z: .one, t: x * y)
    }

    /// Whether both are the same point (compares x1·z2 with x2·z1 and y1·z2 with y2·z1).
    func isEqual(to other: EdwardsPoint) -> Bool {
        (x * other.z).equals(other.x * z) && (y * other.z).equals(other.y * z)
    }

    // MARK: Scalar multiplication

    /// [scalar]·self for a 32-byte little-endian scalar, in variable time: 4-bit windows
    /// from the top, 252 doublings and at most 64 additions, with table look-ups indexed by
    /// the scalar's digits. Use it only with public scalars (signature verification).
    func multipliedPublic(by scalar: [UInt8]) -> EdwardsPoint {
        Self.multiplyPublic(smallMultiples(), by: scalar)
    }

    /// 0·self, 1·self, …, 15·self, prepared for adding: the table `multiplyPublic` reads.
    func smallMultiples() -> [CachedPoint] {
        var multiples = [CachedPoint](repeating: .identity, count: 16)
        var running = EdwardsPoint.identity
        for index in 1..<16 {
            running = running + self
            multiples[index] = CachedPoint(running)
        }
        return multiples
    }

    /// [scalar]·P given P's `smallMultiples()` (so a public key computes them once).
    static func multiplyPublic(_ multiples: [CachedPoint], by scalar: [UInt8]) -> EdwardsPoint {
        var result = EdwardsPoint.identity
        for position in stride(from: 63, through: 0, by: -1) {
            if position != 63 { result = result.doubled().doubled().doubled().doubled() }
            let digit = Int(scalar[position / 2] >> (4 * UInt8(position % 2)) & 15)
            if digit != 0 { result = result + multiples[digit] }
        }
        return result
    }

    /// [scalar]·self by plain double-and-add over the bits: the slow reference the windowed
    /// and fixed-base multiplications are tested against.
    func multipliedReference(by scalar: [UInt8]) -> EdwardsPoint {
        var result = EdwardsPoint.identity
        for bit in stride(from: scalar.count * 8 - 1, through: 0, by: -1) {
            result = result.doubled()
            if scalar[bit / 8] >> UInt8(bit % 8) & 1 == 1 { result = result + self }
        }
        return result
    }
}

/// A point prepared for adding: (Y+X, Y−X, 2Z, 2d·T).
struct CachedPoint: Sendable {
    var yPlusX, yMinusX, z2, t2d: FieldElement

    static let identity = CachedPoint(yPlusX: .one, yMinusX: .one, z2: FieldElement(2), t2d: .zero)

    init(yPlusX: FieldElement, yMinusX: FieldElement, z2: FieldElement, t2d: FieldElement) {
        (self.yPlusX, self.yMinusX, self.z2, self.t2d) = (yPlusX, yMinusX, z2, t2d)
    }

    init(_ p: EdwardsPoint) {
        self.init(yPlusX: p.y + p.x, yMinusX: p.y - p.x, z2: p.z + p.z, t2d: p.t * EdwardsPoint.d2)
    }

    /// −self when `negate` is 1, self when 0, without a branch.
    func conditionallyNegated(_ negate: UInt64) -> CachedPoint {
        CachedPoint(
            yPlusX: FieldElement.select(yPlusX, yMinusX, negate),
            yMinusX: FieldElement.select(yMinusX, yPlusX, negate),
            z2: z2, t2d: FieldElement.select(t2d, -t2d, negate))
    }

    /// `b` when `choice` is 1, `a` when 0, without a branch.
    static func select(_ a: CachedPoint, _ b: CachedPoint, _ choice: UInt64) -> CachedPoint {
        CachedPoint(
            yPlusX: FieldElement.select(a.yPlusX, b.yPlusX, choice),
            yMinusX: FieldElement.select(a.yMinusX, b.yMinusX, choice),
            z2: FieldElement.select(a.z2, b.z2, choice),
            t2d: FieldElement.select(a.t2d, b.t2d, choice))
    }
}
