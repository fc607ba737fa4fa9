import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// The device's package check (tinyops_package.h, C): SHA-512 and Ed25519 verification
/// against the Swift implementation (itself checked with the NIST and RFC 8032 vectors and
/// Python's cryptography), and tinyops_package_open on packages `tinyops package` makes.
@Suite struct DevicePackageTests {
    static func verify(_ signature: [UInt8], _ message: [UInt8], _ key: [UInt8]) -> Bool {
        message.withUnsafeBufferPointer { m in tinyops_ed25519_verify(signature, m.baseAddress, m.count, key) == 1 }
    }

    static func open(_ package: [UInt8], key: [UInt8]) -> (status: tinyops_status, error: tinyops_error, info: tinyops_package_info) {
        var info = tinyops_package_info()
        var error = tinyops_error()
        let status = package.withUnsafeBufferPointer { tinyops_package_open($0.baseAddress, $0.count, key, &info, &error) }
        return (status, error, info)
    }

    @Test func sha512MatchesSwift() {
        var generator = SeededGenerator(seed: 512)
        for length in [0, 1, 111, 112, 127, 128, 129, 239, 240, 255, 256, 1000] {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var digest = [UInt8](repeating: 0, count: 64)
            data.withUnsafeBufferPointer { tinyops_sha512($0.baseAddress, $0.count, &digest) }
            #expect(digest == SHA512.hash(data), "length \(length)")
        }
    }

    @Test(arguments: RFC8032Vector.all)
    func rfc8032Vectors(_ vector: RFC8032Vector) {
        let key = Hex.decode(vector.publicKey)!
        #expect(Self.verify(vector.signatureBytes, vector.messageBytes, key))
        var other = vector.messageBytes + [0]
        #expect(!Self.verify(vector.signatureBytes, other, key))
        other = vector.signatureBytes
        other[0] ^= 1
        #expect(!Self.verify(other, vector.messageBytes, key))
    }

    /// Random keys and messages: C accepts what Swift signs, and refuses any flipped bit of
    /// the signature, the message or the key, as Swift does.
    @Test func agreesWithSwiftOnRandomSignatures() throws {
        var generator = SeededGenerator(seed: 25519)
        for round in 0..<12 {
            let key = Ed25519.PrivateKey.generate(using: &generator)
            let message = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = key.signature(for: message), publicKey = key.publicKey.bytes
            #expect(Self.verify(signature, message, publicKey), "round \(round)")
            for _ in 0..<6 {
                var s = signature, m = message, k = publicKey
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: s[Int.random(in: 0..<64, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                case 1 where !m.isEmpty: m[Int.random(in: 0..<m.count, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                default: k[Int.random(in: 0..<32, using: &generator)] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                }
                let swift = (try? Ed25519.PublicKey(bytes: k))?.isValidSignature(s, for: m) ?? false
                #expect(Self.verify(s, m, k) == swift, "round \(round)")
                #expect(!swift || (s == signature && m == message && k == publicKey))
            }
        }
    }

    /// RFC 8032's rejections: S not below L (malleability) and encodings that are not
    /// canonical curve points, for R and for the key.
    @Test func rejectionsMatchSwift() throws {
        let vector = RFC8032Vector.all[2]
        let key = Hex.decode(vector.publicKey)!, message = vector.messageBytes, signature = vector.signatureBytes
        let exactlyL = Array(signature[0..<32]) + Scalar(limbs: Scalar.order).bytes
        #expect(!Self.verify(exactlyL, message, key))
        #expect(!Self.verify(Array(signature[0..<32]) + [UInt8](repeating: 0xFF, count: 32), message, key))
        for encoding in Ed25519Tests.invalidEncodings {
            let bad = Hex.decode(encoding)!
            #expect(!Self.verify(signature, message, bad), "key \(encoding)")
            #expect(!Self.verify(bad + Array(signature[32...]), message, key), "R \(encoding)")
        }
    }

    @Test func opensWhatTinyopsPackageWrites() throws {
        let model = try Fixtures.bytes("mlp_int8.tflite")
        let (package, _) = UpdatePackage.build(model: model, key: PackageSamples.key, options: PackageSamples.options)
        let key = PackageSamples.key.publicKey.bytes
        let opened = Self.open(package, key: key)
        #expect(opened.status == TINYOPS_OK)
        let info = opened.info
        #expect(info.model_len == model.count && Array(UnsafeBufferPointer(start: info.model, count: info.model_len)) == model)
        #expect(withUnsafeBytes(of: info.model_sha256) { Array($0) } == SHA256.hash(model))
        let manifest = String(decoding: UnsafeBufferPointer(start: info.manifest, count: info.manifest_len), as: UTF8.self)
        #expect(manifest.hasPrefix("{\"content_sha256\":\"\(SHA256.hex(model))\""))
        // The model of an opened package runs.
        let runtime = try RuntimeInterpreter(modelBytes: Array(UnsafeBufferPointer(start: info.model, count: info.model_len)))
        runtime.invoke()

        let wrongKey = Self.open(package, key: PackageSamples.otherKey.publicKey.bytes)
        #expect(wrongKey.status == TINYOPS_ERR_MODEL_INVALID && wrongKey.error.reason == TINYOPS_REASON_PACKAGE_SIGNATURE)
        #expect(wrongKey.info.model == nil && wrongKey.info.model_len == 0)
    }

    /// Flipped bits in a small package's header, manifest, padding, model and signature, every
    /// truncation, and an appended byte: never TINYOPS_OK, and the reason says where.
    @Test func everyBitFlipAndTruncationIsRefused() throws {
        let (package, _) = UpdatePackage.build(model: PackageSamples.tinyModel, key: PackageSamples.key, options: PackageSamples.options)
        let key = PackageSamples.key.publicKey.bytes
        #expect(Self.open(package, key: key).status == TINYOPS_OK)
        var reasons: [tinyops_reason: Int] = [:]
        // Every bit of the header; one bit of every other byte (a different one each byte),
        // since each of those costs a full signature check.
        let bits = Array(0..<(32 * 8)) + (32..<package.count).map { $0 * 8 + $0 % 8 }
        for bit in bits {
            var flipped = package
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            let opened = Self.open(flipped, key: key)
            #expect(opened.status != TINYOPS_OK, "bit \(bit)")
            reasons[opened.error.reason, default: 0] += 1
        }
        #expect(reasons[TINYOPS_REASON_PACKAGE_SIGNATURE] ?? 0 > package.count - 64)
        #expect(reasons[TINYOPS_REASON_PACKAGE_MAGIC] == 32 && reasons[TINYOPS_REASON_PACKAGE_VERSION] == 32)
        for length in 0..<package.count {
            #expect(Self.open(Array(package[0..<length]), key: key).status != TINYOPS_OK, "length \(length)")
        }
        let longer = Self.open(package + [0], key: key)
        #expect(longer.status == TINYOPS_ERR_MODEL_CORRUPT && longer.error.reason == TINYOPS_REASON_PACKAGE_LENGTH)
    }
}
