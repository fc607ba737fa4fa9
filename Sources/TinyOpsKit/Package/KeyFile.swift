import Foundation

/// Ed25519 keys in files: PEM text around the standard DER structures, so that OpenSSL and
/// Python's `cryptography` read tinyops keys and tinyops reads theirs
/// (`openssl genpkey -algorithm ed25519 -out KEY`, `openssl pkey -in KEY -pubout -out KEY.pub`).
///
/// - The secret key (`KEY`, mode 0600) is `-----BEGIN PRIVATE KEY-----`: unencrypted PKCS #8
///   (RFC 5958) with the Ed25519 algorithm identifier (RFC 8410), 48 bytes of DER:
///   `30 2e 02 01 00 30 05 06 03 2b 65 70 04 22 04 20` then the 32-byte seed.
/// - The public key (`KEY.pub`) is `-----BEGIN PUBLIC KEY-----`: SubjectPublicKeyInfo
///   (RFC 8410), 44 bytes: `30 2a 30 05 06 03 2b 65 70 03 21 00` then the 32-byte key.
///
/// Both DER forms are fixed for Ed25519, so they are matched byte for byte rather than
/// parsed as general ASN.1; anything else is "not an Ed25519 key".
public enum KeyFile {
    static let privateKeyDERPrefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    static let publicKeyDERPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    static let privateLabel = "PRIVATE KEY"
    static let publicLabel = "PUBLIC KEY"

    /// Where the public half of the secret key file `path` goes: `path` + `.pub`.
    public static func publicKeyPath(for path: String) -> String { path + ".pub" }

    public static func pem(for key: Ed25519.PrivateKey) -> String {
        pem(label: privateLabel, der: privateKeyDERPrefix + key.seed)
    }

    public static func pem(for key: Ed25519.PublicKey) -> String {
        pem(label: publicLabel, der: publicKeyDERPrefix + key.bytes)
    }

    // MARK: Reading

    public static func readPrivateKey(_ path: String) throws -> Ed25519.PrivateKey {
        try privateKey(fromPEM: FileBytes.read(path), path: path)
    }

    public static func readPublicKey(_ path: String) throws -> Ed25519.PublicKey {
        try publicKey(fromPEM: FileBytes.read(path), path: path)
    }

    public static func privateKey(fromPEM text: [UInt8], path: String) throws(KeyFileError) -> Ed25519.PrivateKey {
        let der = try decodePEM(text, expecting: privateLabel, path: path)
        guard der.count == privateKeyDERPrefix.count + Ed25519.seedSize, der.starts(with: privateKeyDERPrefix) else {
            throw .notEd25519(path: path)
        }
        return try! Ed25519.PrivateKey(seed: Array(der[privateKeyDERPrefix.count...]))  // 32 bytes, checked above
    }

    public static func publicKey(fromPEM text: [UInt8], path: String) throws(KeyFileError) -> Ed25519.PublicKey {
        let der = try decodePEM(text, expecting: publicLabel, path: path)
        guard der.count == publicKeyDERPrefix.count + Ed25519.publicKeySize, der.starts(with: publicKeyDERPrefix) else {
            throw .notEd25519(path: path)
        }
        do {
            return try Ed25519.PublicKey(bytes: Array(der[publicKeyDERPrefix.count...]))
        } catch {
            throw .invalidPublicKey(path: path)
        }
    }

    // MARK: Generating

    /// The files `generate` wrote.
    public struct KeyPairFiles: Sendable, Equatable {
        public let privateKeyPath: String
        public let publicKeyPath: String
        public let keyID: String
        /// The 32 raw bytes of the public key in hex: what firmware passes to
        /// `tinyops_package_open` (tinyops_package.h).
        public let publicKeyHex: String
    }

    /// Writes `key` to `path` (mode 0600) and its public half to `path.pub`. Refuses to
    /// replace either file unless `overwrite`; a failure writing the public key removes a
    /// secret key this call created, so no half pair is left behind.
    public static func write(
        _ key: Ed25519.PrivateKey, to path: String, overwrite: Bool
    ) throws -> KeyPairFiles {
        let publicPath = publicKeyPath(for: path)
        let secretExisted = exists(path)
        if !overwrite {
            for existing in [path, publicPath] where exists(existing) { throw KeyFileError.exists(path: existing) }
        }
        try AtomicFile.write(Array(pem(for: key).utf8), to: path, permissions: 0o600)
        do {
            try AtomicFile.write(Array(pem(for: key.publicKey).utf8), to: publicPath)
        } catch {
            if !secretExisted { unlink(path) }
            throw error
        }
        return KeyPairFiles(privateKeyPath: path, publicKeyPath: publicPath, keyID: key.publicKey.keyID,
                            publicKeyHex: Hex.encode(key.publicKey.bytes))
    }

    // MARK: PEM

    static func pem(label: String, der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString()
        var lines = ["-----BEGIN \(label)-----"]
        var start = base64.startIndex
        while start < base64.endIndex {
            let end = base64.index(start, offsetBy: 64, limitedBy: base64.endIndex) ?? base64.endIndex
            lines.append(String(base64[start..<end]))
            start = end
        }
        lines.append("-----END \(label)-----")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The DER bytes of the first PEM block; text before it is ignored, as OpenSSL does.
    static func decodePEM(_ bytes: [UInt8], expecting label: String, path: String) throws(KeyFileError) -> [UInt8] {
        let lines = String(decoding: bytes, as: UTF8.self).split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(where: { $0.hasPrefix("-----BEGIN ") && $0.hasSuffix("-----") }) else {
            throw .notPEM(path: path)
        }
        let found = String(lines[begin].dropFirst("-----BEGIN ".count).dropLast("-----".count))
        guard found == label else {
            if found == "ENCRYPTED PRIVATE KEY" && label == privateLabel { throw .encrypted(path: path) }
            throw .wrongKind(path: path, found: found, expected: label)
        }
        guard let end = lines[begin...].firstIndex(of: "-----END \(label)-----") else {
            throw .unterminated(path: path, label: label)
        }
        let body = lines[(begin + 1)..<end].joined()
        guard let der = Data(base64Encoded: body) else { throw .badBase64(path: path) }
        return [UInt8](der)
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}

extension Ed25519.PublicKey {
    /// A short name for the key: the first 8 bytes of SHA-256 of its 32 bytes, in hex.
    /// Packages record it, so that `verify` can tell "wrong key" from "modified package".
    public var keyID: String { Hex.encode(SHA256.hash(bytes).prefix(8)) }
}

/// A key file that cannot be used. Every case names the file.
public enum KeyFileError: UserFacingError, Equatable {
    case notPEM(path: String)
    case wrongKind(path: String, found: String, expected: String)
    case encrypted(path: String)
    case unterminated(path: String, label: String)
    case badBase64(path: String)
    case notEd25519(path: String)
    case invalidPublicKey(path: String)
    case exists(path: String)

    public var message: String {
        switch self {
        case .notPEM(let path):
            "\(path): not a PEM key file (no '-----BEGIN ...-----' line)"
        case .wrongKind(let path, let found, let expected):
            "\(path): holds a \(found), expected a \(expected)"
        case .encrypted(let path):
            "\(path): encrypted private keys are not supported"
        case .unterminated(let path, let label):
            "\(path): the PEM block has no '-----END \(label)-----' line"
        case .badBase64(let path):
            "\(path): the PEM block is not valid base64"
        case .notEd25519(let path):
            "\(path): not an Ed25519 key (tinyops signs with Ed25519 only)"
        case .invalidPublicKey(let path):
            "\(path): not a valid Ed25519 public key (not a point on the curve)"
        case .exists(let path):
            "\(path): already exists"
        }
    }

    public var hint: String? {
        switch self {
        case .notPEM, .notEd25519:
            "make a key pair with 'tinyops keygen -o KEY' (or openssl genpkey -algorithm ed25519)"
        case .wrongKind(_, _, let expected):
            expected == KeyFile.privateLabel
                ? "sign with the secret key file (KEY), not KEY.pub"
                : "verify with the public key file (KEY.pub); the secret key stays with the signer"
        case .encrypted:
            "write an unencrypted copy: openssl pkey -in KEY -out KEY.plain"
        case .exists:
            "pass --force to replace it"
        case .unterminated, .badBase64, .invalidPublicKey:
            nil
        }
    }
}
