/// The fixed 32-byte header of a `.tpk` update package (docs/package-format.md).
///
///     offset size field
///      0     4    magic "TPK1"
///      4     2    format version (1)
///      6     2    signature algorithm (1 = Ed25519, RFC 8032)
///      8     4    header length (32)
///     12     4    manifest length M (bytes of canonical JSON, starting at offset 32)
///     16     4    model offset = 32 + M rounded up to a multiple of 16 (zero padding before)
///     20     4    model length N (the .tflite bytes)
///     24     4    signature offset = model offset + N
///     28     4    signature length (64)
///
/// All integers little-endian and unsigned. The signature covers every byte before the
/// signature offset; the file ends right after the signature.
public struct PackageHeader: Sendable, Equatable {
    public static let magic: [UInt8] = Array("TPK1".utf8)
    public static let length = 32
    public static let formatVersion = 1
    public static let ed25519 = 1
    public static let modelAlignment = 16
    public static let maxManifestLength = 1 << 16

    public let manifestLength: Int
    public let modelLength: Int

    public init(manifestLength: Int, modelLength: Int) {
        self.manifestLength = manifestLength
        self.modelLength = modelLength
    }

    public var modelOffset: Int {
        (Self.length + manifestLength + Self.modelAlignment - 1) / Self.modelAlignment * Self.modelAlignment
    }

    public var signatureOffset: Int { modelOffset + modelLength }
    public var fileLength: Int { signatureOffset + Ed25519.signatureSize }

    public var encoded: [UInt8] {
        var out = Self.magic
        func append(_ value: Int, bytes: Int) {
            for index in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
        }
        append(Self.formatVersion, bytes: 2)
        append(Self.ed25519, bytes: 2)
        append(Self.length, bytes: 4)
        append(manifestLength, bytes: 4)
        append(modelOffset, bytes: 4)
        append(modelLength, bytes: 4)
        append(signatureOffset, bytes: 4)
        append(Ed25519.signatureSize, bytes: 4)
        return out
    }

    /// Reads and checks the header of `bytes`, including that the file is exactly as long
    /// as the header says. Every field must hold the one value format version 1 allows.
    public static func parse(_ bytes: [UInt8]) -> Result<PackageHeader, PackageDefect> {
        // A file shorter than the magic that starts like it is a truncated package.
        guard bytes.starts(with: magic) || (bytes.count < magic.count && magic.starts(with: bytes)) else {
            return .failure(.notAPackage)
        }
        guard bytes.count >= length else { return .failure(.truncated(expected: length, found: bytes.count)) }
        func field(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
        }
        let version = field(4, 2)
        guard version == formatVersion else { return .failure(.unsupportedFormatVersion(version)) }
        let algorithm = field(6, 2)
        guard algorithm == ed25519 else { return .failure(.unsupportedSignatureAlgorithm(algorithm)) }
        let header = PackageHeader(manifestLength: field(12, 4), modelLength: field(20, 4))
        guard (2...maxManifestLength).contains(header.manifestLength) else {
            return .failure(.badHeaderField("manifest length", expected: maxManifestLength, found: header.manifestLength))
        }
        let checks: [(String, expected: Int, found: Int)] = [
            ("header length", length, field(8, 4)),
            ("model offset", header.modelOffset, field(16, 4)),
            ("signature offset", header.signatureOffset, field(24, 4)),
            ("signature length", Ed25519.signatureSize, field(28, 4)),
        ]
        for (name, expected, found) in checks where expected != found {
            return .failure(.badHeaderField(name, expected: expected, found: found))
        }
        guard header.modelLength > 0 else { return .failure(.badHeaderField("model length", expected: 1, found: 0)) }
        if bytes.count < header.fileLength { return .failure(.truncated(expected: header.fileLength, found: bytes.count)) }
        if bytes.count > header.fileLength { return .failure(.trailingBytes(expected: header.fileLength, found: bytes.count)) }
        return .success(header)
    }
}

/// Why a file is not an intact, authentic package. `verify` reports these as a failed
/// check (exit 3), not as an error: a modified or truncated package is the situation it
/// exists to detect.
public enum PackageDefect: Error, Sendable, Equatable {
    case notAPackage
    case truncated(expected: Int, found: Int)
    case trailingBytes(expected: Int, found: Int)
    case unsupportedFormatVersion(Int)
    case unsupportedSignatureAlgorithm(Int)
    case badHeaderField(String, expected: Int, found: Int)
    /// The signature fails for a reason other than the key (S ≥ L, bad R, no match).
    case badSignature(Ed25519.SignatureCheck)
    /// The signature fails, and the package names another signing key than the one given.
    case wrongKey(packageKeyID: String, givenKeyID: String)
    case nonZeroPadding(offset: Int)
    case badManifest(String)
    case sizeMismatch(manifest: Int, actual: Int)
    case contentHashMismatch(manifest: String, actual: String)

    public var message: String {
        switch self {
        case .notAPackage:
            "not a tinyops update package (the file does not start with 'TPK1')"
        case .truncated(let expected, let found):
            "truncated package (expected \(expected) bytes, found \(found))"
        case .trailingBytes(let expected, let found):
            "unexpected bytes after the signature (expected \(expected) bytes, found \(found))"
        case .unsupportedFormatVersion(let version):
            "unsupported package format version \(version) (this tinyops reads version \(PackageHeader.formatVersion))"
        case .unsupportedSignatureAlgorithm(let algorithm):
            "unsupported signature algorithm \(algorithm) (expected 1, Ed25519)"
        case .badHeaderField(let name, let expected, let found):
            "corrupt header: \(name) is \(found), expected \(name == "manifest length" ? "2 to \(expected)" : "\(expected)")"
        case .badSignature(let check):
            switch check {
            case .mismatch: "signature does not match: the package was modified after signing, or signed by another key"
            case .scalarOutOfRange: "invalid signature: S is not below the group order L"
            case .invalidR: "invalid signature: R is not a valid curve point"
            case .wrongLength(let count): "invalid signature: \(count) bytes, not 64"
            case .valid: "signature valid"
            }
        case .wrongKey(let packageKeyID, let givenKeyID):
            "signature does not match: the package names signing key \(packageKeyID), the public key given is \(givenKeyID) (wrong key?)"
        case .nonZeroPadding(let offset):
            "corrupt package: non-zero padding byte at offset \(offset)"
        case .badManifest(let reason):
            "invalid manifest: \(reason)"
        case .sizeMismatch(let manifest, let actual):
            "the manifest says the model is \(manifest) bytes, the package holds \(actual)"
        case .contentHashMismatch(let manifest, let actual):
            "the model's sha256 is \(actual), the manifest says \(manifest)"
        }
    }
}
