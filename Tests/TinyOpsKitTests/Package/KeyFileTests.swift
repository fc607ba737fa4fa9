import Foundation
import Testing
@testable import TinyOpsKit

/// PEM key files: the exact DER forms, errors that name the file, 0600 secrets, no overwrite.
@Suite struct KeyFileTests {
    /// RFC 8032 TEST SHA(abc)'s key as Python's cryptography writes it.
    static let opensslPrivatePEM = """
        -----BEGIN PRIVATE KEY-----
        MC4CAQAwBQYDK2VwBCIEIIM/5iQJI3udYux3WHUgkR6adZzsHRl1W32pAbltyj1C
        -----END PRIVATE KEY-----

        """

    @Test func readsTheStandardPKCS8Form() throws {
        let key = try KeyFile.privateKey(fromPEM: Array(Self.opensslPrivatePEM.utf8), path: "k")
        #expect(Hex.encode(key.publicKey.bytes) == RFC8032Vector.all[4].publicKey)
        #expect(KeyFile.pem(for: key) == Self.opensslPrivatePEM)
        let publicPEM = KeyFile.pem(for: key.publicKey)
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
        #expect(try KeyFile.publicKey(fromPEM: Array(publicPEM.utf8), path: "k.pub") == key.publicKey)
        // CRLF line ends, indentation and text before the block are accepted.
        let messy = "a comment\r\n  " + Self.opensslPrivatePEM.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try KeyFile.privateKey(fromPEM: Array(messy.utf8), path: "k").seed == key.seed)
    }

    @Test func unusableFilesAreNamedErrors() throws {
        let key = try KeyFile.privateKey(fromPEM: Array(Self.opensslPrivatePEM.utf8), path: "k")
        let publicPEM = Array(KeyFile.pem(for: key.publicKey).utf8)
        func privateError(_ text: String) -> KeyFileError? {
            do { _ = try KeyFile.privateKey(fromPEM: Array(text.utf8), path: "key.pem"); return nil } catch { return error }
        }
        #expect(privateError("hello") == .notPEM(path: "key.pem"))
        #expect(privateError(String(decoding: publicPEM, as: UTF8.self))
            == .wrongKind(path: "key.pem", found: "PUBLIC KEY", expected: "PRIVATE KEY"))
        #expect(privateError("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n") == .encrypted(path: "key.pem"))
        #expect(privateError("-----BEGIN PRIVATE KEY-----\nMC4C\n") == .unterminated(path: "key.pem", label: "PRIVATE KEY"))
        #expect(privateError("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n") == .badBase64(path: "key.pem"))
        // An X25519 key (OID 1.3.101.110) has the same shape but is not for signing.
        let x25519 = KeyFile.pem(label: "PRIVATE KEY", der: [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x6E, 0x04, 0x22, 0x04, 0x20] + key.seed)
        #expect(privateError(x25519) == .notEd25519(path: "key.pem"))

        #expect(throws: KeyFileError.wrongKind(path: "p", found: "PRIVATE KEY", expected: "PUBLIC KEY")) {
            try KeyFile.publicKey(fromPEM: Array(Self.opensslPrivatePEM.utf8), path: "p")
        }
        let notAPoint = KeyFile.pem(label: "PUBLIC KEY", der: KeyFile.publicKeyDERPrefix + Hex.decode(Ed25519Tests.invalidEncodings[3])!)
        #expect(throws: KeyFileError.invalidPublicKey(path: "p")) { try KeyFile.publicKey(fromPEM: Array(notAPoint.utf8), path: "p") }
        #expect(KeyFileError.wrongKind(path: "p", found: "PRIVATE KEY", expected: "PUBLIC KEY").hint?.contains("KEY.pub") == true)
    }

    @Test func writesSecretsWithMode0600AndNeverOverwritesUnasked() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/release.key"
        let first = try KeyFile.write(Ed25519.PrivateKey.generate(), to: path, overwrite: false)
        #expect(first.publicKeyPath == path + ".pub")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "secret key mode is \(String(mode, radix: 8))")
        let secret = try KeyFile.readPrivateKey(path)
        #expect(try KeyFile.readPublicKey(first.publicKeyPath) == secret.publicKey)
        #expect(first.keyID == secret.publicKey.keyID)

        #expect(throws: KeyFileError.exists(path: path)) { try KeyFile.write(Ed25519.PrivateKey.generate(), to: path, overwrite: false) }
        try FileManager.default.removeItem(atPath: path)
        #expect(throws: KeyFileError.exists(path: path + ".pub")) { try KeyFile.write(Ed25519.PrivateKey.generate(), to: path, overwrite: false) }
        #expect(!FileManager.default.fileExists(atPath: path), "a refused keygen left a file behind")

        let replaced = try KeyFile.write(Ed25519.PrivateKey.generate(), to: path, overwrite: true)
        #expect(replaced.keyID != first.keyID)
        #expect(try KeyFile.readPublicKey(replaced.publicKeyPath).keyID == replaced.keyID)
    }
}
