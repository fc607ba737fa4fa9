import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// `.tpk` packages: round trip, determinism, and that every modification, truncation or
/// wrong key is caught, with the reason a person needs.
@Suite struct UpdatePackageTests {
    typealias Samples = PackageSamples

    @Test func roundTrip() throws {
        let model = try Fixtures.bytes("mlp_int8.tflite")
        let (bytes, manifest) = UpdatePackage.build(model: model, key: Samples.key, options: Samples.options)
        #expect(manifest.contentSHA256 == SHA256.hex(model))
        #expect(manifest.size == model.count)
        #expect(manifest.keyID == Samples.key.publicKey.keyID)
        #expect(manifest.created == nil && manifest.lockHash == nil)
        guard case .valid(let package) = UpdatePackage.verify(bytes, publicKey: Samples.key.publicKey) else {
            Issue.record("a fresh package does not verify")
            return
        }
        #expect(package.model == model)
        #expect(package.manifest == manifest)
        #expect(package.header.modelOffset % 16 == 0)
        #expect(package.header.fileLength == bytes.count)
        #expect(bytes.starts(with: Array("TPK1".utf8)))
    }

    @Test func packagingIsDeterministic() throws {
        let model = try Fixtures.bytes("conv1d_int8.tflite")
        let first = UpdatePackage.build(model: model, key: Samples.key, options: Samples.options).bytes
        let second = UpdatePackage.build(model: model, key: Samples.key, options: Samples.options).bytes
        #expect(first == second)
        var stamped = Samples.options
        stamped.created = "2025-01-31T12:00:00Z"
        #expect(UpdatePackage.build(model: model, key: Samples.key, options: stamped).bytes != first)
    }

    /// Flips each bit of a whole package in turn; every one must fail verification. Split
    /// in four interleaved runs so that the test uses both cores.
    @Test(arguments: 0..<4)
    func everySingleBitFlipFails(_ part: Int) {
        let bytes = UpdatePackage.build(model: Samples.tinyModel, key: Samples.key, options: Samples.options).bytes
        let publicKey = Samples.key.publicKey
        #expect(bytes.count < 1000, "the tiny package grew to \(bytes.count) bytes")
        for bit in stride(from: part, to: bytes.count * 8, by: 4) {
            var flipped = bytes
            flipped[bit / 8] ^= 1 << UInt8(bit % 8)
            if case .valid = UpdatePackage.verify(flipped, publicKey: publicKey) {
                Issue.record("flipping bit \(bit % 8) of byte \(bit / 8) of \(bytes.count) still verifies")
            }
        }
    }

    @Test func everyTruncationAndExtensionFails() {
        let bytes = UpdatePackage.build(model: Samples.tinyModel, key: Samples.key, options: Samples.options).bytes
        for length in 0..<bytes.count {
            guard case .invalid(let defect) = UpdatePackage.verify(Array(bytes[0..<length]), publicKey: Samples.key.publicKey) else {
                Issue.record("the first \(length) of \(bytes.count) bytes verify")
                continue
            }
            if length >= PackageHeader.length {
                #expect(defect == .truncated(expected: bytes.count, found: length))
            }
        }
        #expect(UpdatePackage.verify(bytes + [0], publicKey: Samples.key.publicKey)
            == .invalid(.trailingBytes(expected: bytes.count, found: bytes.count + 1)))
    }

    @Test func reasonsNameWhatIsWrong() throws {
        let bytes = UpdatePackage.build(model: Samples.tinyModel, key: Samples.key, options: Samples.options).bytes
        let key = Samples.key.publicKey
        // Wrong key: the package names its signer.
        #expect(UpdatePackage.verify(bytes, publicKey: Samples.otherKey.publicKey) == .invalid(.wrongKey(
            packageKeyID: Samples.key.publicKey.keyID, givenKeyID: Samples.otherKey.publicKey.keyID)))
        // A flipped model byte.
        var modified = bytes
        modified[bytes.count - 70] ^= 0x01
        #expect(UpdatePackage.verify(modified, publicKey: key) == .invalid(.badSignature(.mismatch)))
        // Header fields.
        #expect(UpdatePackage.verify(try Fixtures.bytes("mlp_int8.tflite"), publicKey: key) == .invalid(.notAPackage))
        #expect(UpdatePackage.verify(Array("TP".utf8), publicKey: key) == .invalid(.truncated(expected: 32, found: 2)))
        var version = bytes
        version[4] = 2
        #expect(UpdatePackage.verify(version, publicKey: key) == .invalid(.unsupportedFormatVersion(2)))
        var algorithm = bytes
        algorithm[6] = 7
        #expect(UpdatePackage.verify(algorithm, publicKey: key) == .invalid(.unsupportedSignatureAlgorithm(7)))
        var offset = bytes
        offset[16] ^= 0x10
        guard case .invalid(.badHeaderField("model offset", _, _)) = UpdatePackage.verify(offset, publicKey: key) else {
            Issue.record("a moved model offset is not reported as such")
            return
        }
    }

    /// S + L in the signature: the same residue, rejected as RFC 8032 requires.
    @Test func malleatedSignatureIsRejected() {
        let bytes = UpdatePackage.build(model: Samples.tinyModel, key: Samples.key, options: Samples.options).bytes
        let sOffset = bytes.count - 32
        var sum = [UInt8](repeating: 0, count: 32)
        let order = Scalar(limbs: Scalar.order).bytes
        var carry = 0
        for index in 0..<32 {
            let total = Int(bytes[sOffset + index]) + Int(order[index]) + carry
            sum[index] = UInt8(total & 0xFF)
            carry = total >> 8
        }
        let malleated = Array(bytes[0..<sOffset]) + sum
        #expect(UpdatePackage.verify(malleated, publicKey: Samples.key.publicKey) == .invalid(.badSignature(.scalarOutOfRange)))
    }

    /// Packages signed by the right key whose contents do not agree: the checks after the
    /// signature catch them (a buggy or malicious signer, not a transport error).
    @Test func signedButInconsistentPackagesFail() throws {
        let model = Samples.tinyModel
        let key = Samples.key.publicKey
        var manifest = UpdatePackage.build(model: model, key: Samples.key, options: Samples.options).manifest
        let good = manifest.canonicalBytes
        #expect(UpdatePackage.verify(Samples.signed(manifest: good, model: model), publicKey: key) != .invalid(.notAPackage))

        let wrongHash = manifest.contentSHA256.replacingOccurrences(of: String(manifest.contentSHA256.prefix(1)), with: "f", options: .anchored)
        var tampered = manifest
        tampered.contentSHA256 = wrongHash == manifest.contentSHA256 ? String(repeating: "0", count: 64) : wrongHash
        #expect(UpdatePackage.verify(Samples.signed(manifest: tampered.canonicalBytes, model: model), publicKey: key)
            == .invalid(.contentHashMismatch(manifest: tampered.contentSHA256, actual: manifest.contentSHA256)))

        tampered = manifest
        tampered.size += 1
        #expect(UpdatePackage.verify(Samples.signed(manifest: tampered.canonicalBytes, model: model), publicKey: key)
            == .invalid(.sizeMismatch(manifest: model.count + 1, actual: model.count)))

        #expect(UpdatePackage.verify(Samples.signed(manifest: good, model: model, padding: 0x20), publicKey: key)
            == .invalid(.nonZeroPadding(offset: PackageHeader.length + good.count)))

        let pretty = try JSONWriter(pretty: true, sortedKeys: true).bytes(manifest.json)
        #expect(UpdatePackage.verify(Samples.signed(manifest: pretty, model: model), publicKey: key)
            == .invalid(.badManifest("not in canonical form (sorted keys, no whitespace)")))

        manifest.keyID = Samples.otherKey.publicKey.keyID
        guard case .invalid(.badManifest(let reason)) = UpdatePackage.verify(
            Samples.signed(manifest: manifest.canonicalBytes, model: model), publicKey: key) else {
            Issue.record("a manifest naming another key is accepted")
            return
        }
        #expect(reason.contains("key_id"))
    }

    @Test(arguments: [
        ("{\"version\":\"1.4\"}", "missing required key"),
        ("[1]", "object"),
        ("not json", "line 1"),
    ])
    func manifestProblemsAreReported(_ text: String, _ mention: String) {
        let result = UpdatePackage.verify(Samples.signed(manifest: Array(text.utf8), model: Samples.tinyModel), publicKey: Samples.key.publicKey)
        guard case .invalid(.badManifest(let reason)) = result else {
            Issue.record("\(text): \(result)")
            return
        }
        #expect(reason.contains(mention), "\(reason)")
    }

    @Test func manifestFieldsAreChecked() throws {
        var json = try #require(UpdatePackage.build(model: Samples.tinyModel, key: Samples.key, options: Samples.options).manifest.json.objectValue)
        for (key, value) in [("version", JSONValue.string("01.4.0")), ("model_id", "-kws"), ("lock_hash", "ABC"),
                             ("size", 0), ("created", "yesterday"), ("extra", 1), ("target", "")] {
            var broken = json
            broken[key] = value
            let bytes = try JSONWriter(sortedKeys: true).bytes(.object(broken))
            if case .success = PackageManifest.parse(bytes) { Issue.record("\(key): \(value) accepted") }
        }
        json["lock_hash"] = .string(SHA256.hex("lock"))
        json["created"] = "2025-01-31T12:00:00Z"
        let parsed = PackageManifest.parse(try JSONWriter(sortedKeys: true).bytes(.object(json)))
        #expect(try parsed.get().lockHash == SHA256.hex("lock"))
    }

    @Test func optionsAreValidated() {
        let version = SemanticVersion("1.0.0")!
        #expect(throws: PackageError.invalidField("model id", "my model")) {
            try UpdatePackage.Options(modelID: "my model", version: version, target: "x", minRuntimeVersion: version)
        }
        #expect(throws: PackageError.invalidField("target", " board")) {
            try UpdatePackage.Options(modelID: "m", version: version, target: " board", minRuntimeVersion: version)
        }
        #expect(throws: PackageError.invalidField("lock hash", "abc")) {
            try UpdatePackage.Options(modelID: "m", version: version, target: "b", minRuntimeVersion: version, lockHash: "abc")
        }
        #expect(PackageManifest.isValidModelID("kws_v2.1-int8"))
        #expect(!PackageManifest.isValidModelID(String(repeating: "a", count: 65)))
        #expect(!PackageManifest.isValidModelID("kws/v2"))
    }

    @Test func timestampsAreRFC3339UTC() {
        #expect(UpdatePackage.timestamp(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
        #expect(UpdatePackage.timestamp(secondsSince1970: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(UpdatePackage.timestamp(secondsSince1970: 1_738_324_800) == "2025-01-31T12:00:00Z")
        #expect(UpdatePackage.timestamp(secondsSince1970: UpdatePackage.latestTimestamp) == "9999-12-31T23:59:59Z")
        #expect(UpdatePackage.timestamp(secondsSince1970: -1) == nil)
        #expect(UpdatePackage.timestamp(secondsSince1970: UpdatePackage.latestTimestamp + 1) == nil)
    }

    @Test func runtimeVersionComesFromTheCRuntime() {
        let packed = tinyops_runtime_version()
        let expected = "\(packed >> 16).\((packed >> 8) & 0xFF).\(packed & 0xFF)"
        #expect(UpdatePackage.runtimeVersion == SemanticVersion(expected))
    }
}
