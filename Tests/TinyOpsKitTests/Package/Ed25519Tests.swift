import Testing
@testable import TinyOpsKit

/// Ed25519 beyond the RFC vectors: tampering, the RFC 8032 §5.1.7 rejections, and the
/// field, scalar and point arithmetic against slow references.
@Suite struct Ed25519Tests {
    static let vector = RFC8032Vector.all[2]  // TEST 3: a 2-byte message

    // MARK: Tampering

    @Test func everyBitFlipOfMessageOrSignatureFails() throws {
        let key = try Self.vector.privateKey().publicKey
        let message = Self.vector.messageBytes, signature = Self.vector.signatureBytes
        for bit in 0..<(message.count * 8) {
            var flipped = message
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!key.isValidSignature(signature, for: flipped), "message bit \(bit)")
        }
        for bit in 0..<(signature.count * 8) {
            var flipped = signature
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            #expect(!key.isValidSignature(flipped, for: message), "signature bit \(bit)")
        }
    }

    @Test func everyBitFlipOfThePublicKeyFails() throws {
        let publicKey = Hex.decode(Self.vector.publicKey)!
        for bit in 0..<256 {
            var flipped = publicKey
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            // Either not a point at all, or a point that does not verify.
            if let key = try? Ed25519.PublicKey(bytes: flipped) {
                #expect(!key.isValidSignature(Self.vector.signatureBytes, for: Self.vector.messageBytes), "key bit \(bit)")
            }
        }
    }

    @Test func anotherKeysSignatureFails() throws {
        let other = try RFC8032Vector.all[1].privateKey()
        let signature = other.signature(for: Self.vector.messageBytes)
        #expect(try Self.vector.privateKey().publicKey.check(signature, for: Self.vector.messageBytes) == .mismatch)
    }

    /// S + L is the same residue, so it would verify if S were reduced; RFC 8032 requires
    /// rejecting it (otherwise signatures are malleable).
    @Test func scalarNotBelowTheOrderIsRejected() throws {
        let key = try Self.vector.privateKey().publicKey
        let signature = Self.vector.signatureBytes
        let s = Scalar(unreducedBytes: signature, offset: 32)
        var sum: [UInt64] = [0, 0, 0, 0]
        var carry: UInt64 = 0
        for index in 0..<4 {
            let total = UInt128(s.limbs[index]) + UInt128(Scalar.order[index]) + UInt128(carry)
            sum[index] = UInt64(truncatingIfNeeded: total)
            carry = UInt64(truncatingIfNeeded: total >> 64)
        }
        #expect(carry == 0)
        let malleated = Array(signature[0..<32]) + Scalar(limbs: sum).bytes
        #expect(key.check(malleated, for: Self.vector.messageBytes) == .scalarOutOfRange)
        let exactlyL = Array(signature[0..<32]) + Scalar(limbs: Scalar.order).bytes
        #expect(key.check(exactlyL, for: Self.vector.messageBytes) == .scalarOutOfRange)
        let allOnes = Array(signature[0..<32]) + [UInt8](repeating: 0xFF, count: 32)
        #expect(key.check(allOnes, for: Self.vector.messageBytes) == .scalarOutOfRange)
    }

    /// Encodings RFC 8032 §5.1.3 refuses: y ≥ p (here p + 1, a second spelling of the
    /// identity's y = 1), x = 0 with the sign bit set, and a y with no x on the curve.
    static let invalidEncodings: [String] = [
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p + 1
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // y = p
        "0100000000000000000000000000000000000000000000000000000000000080",  // y = 1, x = 0, sign 1
        "0200000000000000000000000000000000000000000000000000000000000000",  // y = 2: x² is not a square
    ]

    @Test(arguments: invalidEncodings)
    func nonCanonicalOrInvalidPointsAreRejected(_ encoding: String) throws {
        let bytes = Hex.decode(encoding)!
        #expect(EdwardsPoint.decode(bytes) == nil)
        #expect(throws: Ed25519Error.invalidPublicKey) { try Ed25519.PublicKey(bytes: bytes) }
        let key = try Self.vector.privateKey().publicKey
        let signature = bytes + Self.vector.signatureBytes[32..<64]
        #expect(key.check(signature, for: Self.vector.messageBytes) == .invalidR)
    }

    @Test func wrongSizesAreRejected() throws {
        #expect(throws: Ed25519Error.seedLength(31)) { try Ed25519.PrivateKey(seed: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: Ed25519Error.publicKeyLength(33)) { try Ed25519.PublicKey(bytes: [UInt8](repeating: 1, count: 33)) }
        let key = try Self.vector.privateKey().publicKey
        #expect(key.check(Array(Self.vector.signatureBytes.dropLast()), for: Self.vector.messageBytes) == .wrongLength(63))
    }

    @Test func signingIsDeterministicAndGenerationIsSeeded() throws {
        var first = SeededGenerator(seed: 42), second = SeededGenerator(seed: 42)
        let a = Ed25519.PrivateKey.generate(using: &first)
        let b = Ed25519.PrivateKey.generate(using: &second)
        #expect(a.seed == b.seed)
        #expect(a.signature(for: [1, 2, 3]) == b.signature(for: [1, 2, 3]))
        #expect(Ed25519.PrivateKey.generate().seed != Ed25519.PrivateKey.generate().seed)
        let message = [UInt8](repeating: 0xA5, count: 300)
        #expect(a.publicKey.isValidSignature(a.signature(for: message), for: message))
    }

    // MARK: Field, scalar and point arithmetic

    @Test func curveConstantsMatchRFC8032() {
        // d = −121665/121666 = 37095705934669439343138083508754565189542113879843219016388785533085940283555.
        #expect(Hex.encode(EdwardsPoint.d.bytes) == "a3785913ca4deb75abd841414d0a700098e879777940c78c73fe6f2bee6c0352")
        #expect(Hex.encode(EdwardsPoint.sqrtMinusOne.bytes) == "b0a00e4a271beec478e42fad0618432fa7d7fb3d99004d2b0bdfc14f8024832b")
        #expect((EdwardsPoint.sqrtMinusOne.squared() + .one).isZero)
        #expect(Hex.encode(EdwardsPoint.base.encoded) == "5866666666666666666666666666666666666666666666666666666666666666")
        // [L]B is the identity.
        let order = Scalar(limbs: Scalar.order).bytes
        #expect(EdwardsPoint.base.multipliedPublic(by: order).isEqual(to: .identity))
    }

    @Test func fieldInverseAndEncodingRoundTrip() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[31] &= 0x7F
            let element = FieldElement(bytes: bytes)
            #expect((element * element.inverse()).equals(.one) || element.isZero)
            #expect((element - element).isZero)
            #expect((element + (-element)).isZero)
            #expect(element.squared().equals(element * element))
            if FieldElement.isCanonicalEncoding(bytes) { #expect(element.bytes == bytes) }
        }
        // p − 1 + 1 wraps to 0; 2^255 − 1 is not canonical and reduces to 18.
        let pMinusOne = Hex.decode("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")!
        #expect((FieldElement(bytes: pMinusOne) + .one).isZero)
        let allOnes = [UInt8](repeating: 0xFF, count: 31) + [0x7F]
        #expect(!FieldElement.isCanonicalEncoding(allOnes))
        #expect(FieldElement(bytes: allOnes).equals(FieldElement(18)))
    }

    @Test func scalarReductionMatchesTheReference() {
        var generator = SeededGenerator(seed: 11)
        var inputs: [[UInt8]] = [[UInt8](repeating: 0xFF, count: 64), [UInt8](repeating: 0, count: 64)]
        for _ in 0..<40 { inputs.append((0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for input in inputs {
            #expect(Scalar.reduce(wide: input) == Scalar.reduceReference(input), "\(Hex.encode(input))")
        }
    }

    @Test func multiplyAddMatchesTheReference() {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<30 {
            let a = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let b = Scalar.reduceReference((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let c = Scalar.reduceReference((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
            // a·b + c as a 65-byte little-endian number, by schoolbook on bytes.
            var wide = [Int](repeating: 0, count: 65)
            for i in 0..<32 { for j in 0..<32 { wide[i + j] += Int(a[i]) * Int(b.bytes[j]) } }
            for i in 0..<32 { wide[i] += Int(c.bytes[i]) }
            var bytes = [UInt8](repeating: 0, count: 65)
            var carry = 0
            for i in 0..<65 {
                let total = wide[i] + carry
                bytes[i] = UInt8(total & 0xFF)
                carry = total >> 8
            }
            let expected = Scalar.reduceReference(bytes)
            #expect(Scalar.multiplyAdd(Scalar(unreducedBytes: a), b, c) == expected)
        }
    }

    @Test func scalarMultiplicationsAgreeWithDoubleAndAdd() {
        var generator = SeededGenerator(seed: 13)
        var scalars: [[UInt8]] = [[UInt8](repeating: 0, count: 32), [1] + [UInt8](repeating: 0, count: 31),
                                  [UInt8](repeating: 0xFF, count: 31) + [0x7F]]
        for _ in 0..<6 {
            var scalar = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            scalar[31] &= 0x7F
            scalars.append(scalar)
        }
        let point = EdwardsPoint.base.multipliedReference(by: [9, 8, 7])
        for scalar in scalars {
            let reference = EdwardsPoint.base.multipliedReference(by: scalar)
            #expect(BaseTable.multiply(scalar).isEqual(to: reference), "fixed base, \(Hex.encode(scalar))")
            #expect(EdwardsPoint.base.multipliedPublic(by: scalar).isEqual(to: reference), "windowed, \(Hex.encode(scalar))")
            #expect(point.multipliedPublic(by: scalar).isEqual(to: point.multipliedReference(by: scalar)))
        }
    }

    @Test func pointEncodingRoundTrips() {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<10 {
            var scalar = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            scalar[31] &= 0x7F
            let point = BaseTable.multiply(scalar)
            let encoded = point.encoded
            let decoded = EdwardsPoint.decode(encoded)
            #expect(decoded?.isEqual(to: point) == true)
            #expect(decoded?.encoded == encoded)
            #expect((-point).encoded != encoded)
            #expect((point + (-point)).isEqual(to: .identity))
        }
    }
}
