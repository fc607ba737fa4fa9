/// Ed25519 signatures: RFC 8032 §5.1, "pure" Ed25519 (no context string, no pre-hashing),
/// interoperable with OpenSSL, libsodium and Python's `cryptography`.
///
///     let key = Ed25519.PrivateKey.generate()
///     let signature = key.signature(for: message)            // 64 bytes
///     key.publicKey.isValidSignature(signature, for: message)  // true
///
/// Verification is cofactorless ([S]B = R + [k]A, compared as encodings) and rejects what
/// RFC 8032 §5.1.7 requires: S ≥ L, and R or A that are not canonical encodings of curve
/// points. Signing is deterministic: the same key and message give the same signature.
///
/// Side channels: field arithmetic is branch-free, and multiplying the base point by a
/// secret scalar reads every table entry of each window and selects with masks (see
/// `BaseTable`), so signing and key generation do not branch or index memory on secrets.
/// Verification handles only public data and uses a faster variable-time multiplication.
/// Secret bytes live in ordinary Swift arrays, which are not wiped when freed.
public enum Ed25519 {
    public static let seedSize = 32
    public static let publicKeySize = 32
    public static let signatureSize = 64

    public struct PrivateKey: Sendable {
        /// The 32 random bytes the key is made from (what key files store).
        public let seed: [UInt8]
        public let publicKey: PublicKey
        /// The clamped scalar a (first half of SHA-512(seed)).
        private let secretScalar: [UInt8]
        /// The second half of SHA-512(seed), hashed with the message to derive the nonce.
        private let prefix: [UInt8]

        public init(seed: [UInt8]) throws(Ed25519Error) {
            guard seed.count == Ed25519.seedSize else { throw .seedLength(seed.count) }
            let digest = SHA512.hash(seed)
            var scalar = Array(digest[0..<32])
            scalar[0] &= 248
            scalar[31] &= 127
            scalar[31] |= 64
            self.seed = seed
            self.secretScalar = scalar
            self.prefix = Array(digest[32..<64])
            let point = BaseTable.multiply(scalar)
            self.publicKey = PublicKey(bytes: point.encoded, point: point)
        }

        /// A new key from the system's cryptographic random source (`getrandom` on Linux).
        public static func generate() -> PrivateKey {
            var generator = SystemRandomNumberGenerator()
            return generate(using: &generator)
        }

        /// A key from `generator`; tests pass a seeded one.
        public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> PrivateKey {
            var seed: [UInt8] = []
            for _ in 0..<(Ed25519.seedSize / 8) {
                let word = generator.next()
                for byte in 0..<8 { seed.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(byte)))) }
            }
            return try! PrivateKey(seed: seed)  // 32 bytes by construction
        }

        public func signature(for message: [UInt8]) -> [UInt8] {
            message.withUnsafeBytes { signature(for: $0) }
        }

        /// RFC 8032 §5.1.6: r = SHA-512(prefix ‖ M) mod L, R = [r]B,
        /// k = SHA-512(R ‖ A ‖ M) mod L, S = (r + k·a) mod L; the signature is R ‖ S.
        public func signature(for message: UnsafeRawBufferPointer) -> [UInt8] {
            var nonceHash = SHA512()
            nonceHash.update(prefix)
            nonceHash.update(message)
            let r = Scalar.reduce(wide: nonceHash.finalize())
            let encodedR = BaseTable.multiply(r.bytes).encoded
            let k = Ed25519.challenge(encodedR, publicKey.bytes, message)
            let s = Scalar.multiplyAdd(Scalar(unreducedBytes: secretScalar), k, r)
            return encodedR + s.bytes
        }
    }

    public struct PublicKey: Sendable, Equatable {
        /// The 32-byte encoding of the point A.
        public let bytes: [UInt8]
        /// 0·(−A) … 15·(−A): verification multiplies −A by k.
        private let negatedMultiples: [CachedPoint]

        fileprivate init(bytes: [UInt8], point: EdwardsPoint) {
            self.bytes = bytes
            self.negatedMultiples = (-point).smallMultiples()
        }

        /// Decodes a public key; throws when it is not 32 bytes or not the canonical encoding
        /// of a curve point (RFC 8032 §5.1.3).
        public init(bytes: [UInt8]) throws(Ed25519Error) {
            guard bytes.count == Ed25519.publicKeySize else { throw .publicKeyLength(bytes.count) }
            guard let point = EdwardsPoint.decode(bytes) else { throw .invalidPublicKey }
            self.init(bytes: bytes, point: point)
        }

        public static func == (a: PublicKey, b: PublicKey) -> Bool { a.bytes == b.bytes }

        public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
            check(signature, for: message) == .valid
        }

        public func check(_ signature: [UInt8], for message: [UInt8]) -> SignatureCheck {
            message.withUnsafeBytes { check(signature, for: $0) }
        }

        /// RFC 8032 §5.1.7: decode R (strictly) and S (below L), k = SHA-512(R ‖ A ‖ M) mod L,
        /// and accept when [S]B − [k]A encodes to exactly the bytes of R.
        public func check(_ signature: [UInt8], for message: UnsafeRawBufferPointer) -> SignatureCheck {
            guard signature.count == Ed25519.signatureSize else { return .wrongLength(signature.count) }
            guard let s = Scalar.canonical(signature, offset: 32) else { return .scalarOutOfRange }
            guard EdwardsPoint.decode(signature, offset: 0) != nil else { return .invalidR }
            let encodedR = Array(signature[0..<32])
            let k = Ed25519.challenge(encodedR, bytes, message)
            let candidate = BaseTable.multiply(s.bytes) + EdwardsPoint.multiplyPublic(negatedMultiples, by: k.bytes)
            return candidate.encoded == encodedR ? .valid : .mismatch
        }
    }

    /// The outcome of checking a signature: valid, or the first reason it is not.
    public enum SignatureCheck: Sendable, Equatable {
        case valid
        /// The signature is not 64 bytes.
        case wrongLength(Int)
        /// S is not below the group order L (RFC 8032 §5.1.7 rejects it: malleability).
        case scalarOutOfRange
        /// R is not the canonical encoding of a curve point.
        case invalidR
        /// Well-formed, but the equation does not hold: other message, or other key.
        case mismatch

        public var description: String {
            switch self {
            case .valid: "signature valid"
            case .wrongLength(let count): "the signature is \(count) bytes, not 64"
            case .scalarOutOfRange: "the signature's S is not below the group order L"
            case .invalidR: "the signature's R is not a valid curve point encoding"
            case .mismatch: "the signature does not match the message and key"
            }
        }
    }

    /// k = SHA-512(R ‖ A ‖ M) mod L.
    private static func challenge(
        _ encodedR: [UInt8], _ publicKey: [UInt8], _ message: UnsafeRawBufferPointer
    ) -> Scalar {
        var hasher = SHA512()
        hasher.update(encodedR)
        hasher.update(publicKey)
        hasher.update(message)
        return Scalar.reduce(wide: hasher.finalize())
    }
}

/// A key that cannot be used: the wrong size, or not a point on the curve.
public enum Ed25519Error: UserFacingError, Equatable {
    case seedLength(Int)
    case publicKeyLength(Int)
    case invalidPublicKey

    public var message: String {
        switch self {
        case .seedLength(let count): "an Ed25519 private key is 32 bytes, found \(count)"
        case .publicKeyLength(let count): "an Ed25519 public key is 32 bytes, found \(count)"
        case .invalidPublicKey: "not a valid Ed25519 public key (not the canonical encoding of a curve point)"
        }
    }
}
