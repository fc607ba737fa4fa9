import Foundation
import Testing
@testable import TinyOpsKit

/// tinyops against Python's hashlib and `cryptography` (OpenSSL) on random messages: each
/// side verifies the other's signatures, reads the other's PEM key files, and the same key
/// signs identically on both sides (Ed25519 signing is deterministic). Python also reads
/// `.tpk` packages by following docs/package-format.md on its own.
@Suite(.enabled(if: CryptoOracle.isAvailable, CryptoOracle.skipReason))
struct CryptoOracleTests {
    static let seed: UInt64 = 0xC0FFEE

    @Test func signaturesKeysAndHashesAgreeWithPython() throws {
        var generator = SeededGenerator(seed: Self.seed)
        let lengths = [0, 1, 55, 56, 63, 64, 111, 112, 127, 128, 129] + (0..<9).map { _ in Int.random(in: 0...2000, using: &generator) }
        let messages = lengths.map { count in (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let keys = (0..<3).map { _ in Ed25519.PrivateKey.generate(using: &generator) }
        let signatures = keys.map { key in messages.map { key.signature(for: $0) } }

        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let job: JSONValue = [
            "messages": .array(messages.map { .string(Hex.encode($0)) }),
            "keys": .array(keys.map { key in
                ["private_pem": .string(KeyFile.pem(for: key)), "public_pem": .string(KeyFile.pem(for: key.publicKey))]
            }),
            "signatures": .array(signatures.map { row in .array(row.map { .string(Hex.encode($0)) }) }),
            "python_key_count": 3,
            "packages": [],
        ]
        let out = JSONCursor(try CryptoOracle.run(job, in: directory))

        // Hashes.
        for (index, message) in messages.enumerated() {
            let sha256 = try out["sha256"][index].string(), sha512 = try out["sha512"][index].string()
            #expect(sha256 == SHA256.hex(message), "sha256 of message \(index) (\(message.count) bytes)")
            #expect(sha512 == Hex.encode(SHA512.hash(message)), "sha512 of message \(index)")
        }
        // tinyops keys and signatures in OpenSSL.
        for (k, key) in keys.enumerated() {
            let derived = try out["public_keys"][k].string()
            #expect(derived == Hex.encode(key.publicKey.bytes), "key \(k), seed \(Self.seed)")
            for m in messages.indices {
                let accepted = try out["tinyops_signatures_valid"][k][m].bool()
                let tamperedAccepted = try out["tampered_signatures_valid"][k][m].bool()
                let resigned = try out["resigned"][k][m].string()
                #expect(accepted, "OpenSSL rejects tinyops signature: key \(k), message \(m)")
                #expect(!tamperedAccepted, "OpenSSL accepts a flipped signature: key \(k), message \(m)")
                #expect(resigned == Hex.encode(signatures[k][m]), "signatures differ: key \(k), message \(m)")
            }
        }
        // Python keys and signatures in tinyops.
        let pythonKeys = try out["python_keys"].array()
        #expect(pythonKeys.count == 3)
        for (k, pythonKey) in pythonKeys.enumerated() {
            let privateKey = try KeyFile.privateKey(fromPEM: Array(pythonKey["private_pem"].string().utf8), path: "python.key")
            let publicKey = try KeyFile.publicKey(fromPEM: Array(pythonKey["public_pem"].string().utf8), path: "python.key.pub")
            #expect(privateKey.publicKey == publicKey)
            // The PEM text round-trips byte for byte: both sides write the same form.
            let privatePEM = try pythonKey["private_pem"].string(), publicPEM = try pythonKey["public_pem"].string()
            #expect(KeyFile.pem(for: privateKey) == privatePEM)
            #expect(KeyFile.pem(for: publicKey) == publicPEM)
            for (m, message) in messages.enumerated() {
                let signature = Hex.decode(try out["python_signatures"][k][m].string())!
                #expect(publicKey.check(signature, for: message) == .valid, "python key \(k), message \(m)")
                #expect(privateKey.signature(for: message) == signature, "python key \(k), message \(m)")
                var flipped = signature
                flipped[m % 64] ^= 0x01
                #expect(!publicKey.isValidSignature(flipped, for: message))
            }
        }
    }

    @Test func pythonReadsPackagesFromTheFormatDocument() throws {
        var generator = SeededGenerator(seed: Self.seed + 1)
        let key = Ed25519.PrivateKey.generate(using: &generator)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let options = try UpdatePackage.Options(
            modelID: "conv1d", version: SemanticVersion("2.0.0-rc.1+build.7")!, target: "Arduino Nano 33 BLE",
            minRuntimeVersion: SemanticVersion("0.1.0")!, lockHash: SHA256.hex("lock"), created: "2025-01-31T12:00:00Z")
        let model = try Fixtures.bytes("conv1d_int8.tflite")
        let (bytes, manifest) = UpdatePackage.build(model: model, key: key, options: options)
        var tampered = bytes
        tampered[tampered.count / 2] ^= 0x10
        try AtomicFile.write(bytes, to: directory + "/good.tpk")
        try AtomicFile.write(tampered, to: directory + "/tampered.tpk")
        let publicPEM = JSONValue.string(KeyFile.pem(for: key.publicKey))
        let job: JSONValue = [
            "messages": [], "keys": [], "signatures": [], "python_key_count": 0,
            "packages": [
                ["path": .string(directory + "/good.tpk"), "public_pem": publicPEM],
                ["path": .string(directory + "/tampered.tpk"), "public_pem": publicPEM],
            ],
        ]
        let out = JSONCursor(try CryptoOracle.run(job, in: directory))
        let good = out["packages"][0], bad = out["packages"][1]
        let goodValid = try good["valid"].bool(), goodReason = try good["reason"].string()
        #expect(goodValid, "Python rejects the package: \(goodReason)")
        #expect(try good["manifest"].require() == manifest.json)
        #expect(try bad["valid"].bool() == false)
        #expect(try bad["reason"].string() == "signature")
    }
}
