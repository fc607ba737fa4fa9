/// A model blob (`tinyops deploy --format bin`, docs/model-blob.md): the `.tflite` behind a
/// 48-byte header, for a flash partition updated apart from the firmware. The device checks
/// it with `tinyops_blob_open` (Sources/TinyOpsRuntime/include/tinyops_blob.h) before use.
///
///     offset size field
///          0    4 magic "TOBL"
///          4    2 format version, little-endian (1)
///          6    2 header size, little-endian (48)
///          8    4 model length, little-endian
///         12    4 reserved, 0
///         16   32 SHA-256 of the model bytes
///         48    n the model
public struct ModelBlob: Equatable, Sendable {
    public static let magic: [UInt8] = Array("TOBL".utf8)
    public static let version: UInt16 = 1
    public static let headerSize = 48
    /// Models up to 2 GiB (the runtime's limit), so the length fits any 32-bit size_t.
    public static let maxModelBytes = Int(Int32.max)

    public let model: [UInt8]
    public let sha256: [UInt8]

    public init(model: [UInt8]) {
        self.model = model
        sha256 = SHA256.hash(model)
    }

    /// Header then model.
    public var bytes: [UInt8] {
        var out: [UInt8] = Self.magic
        out += Self.le16(Self.version) + Self.le16(UInt16(Self.headerSize))
        out += Self.le32(UInt32(model.count)) + [0, 0, 0, 0]
        out += sha256
        return out + model
    }

    /// Why a blob is rejected; mirrors the runtime's reasons.
    public enum Problem: Error, Equatable, Sendable {
        case magic, version(UInt16), header(String), length(declared: Int, available: Int), hash
    }

    /// Reads a blob the way `tinyops_blob_open` does (trailing bytes after the model, such as
    /// the rest of a partition, are allowed).
    public static func decode(_ bytes: [UInt8]) -> Result<ModelBlob, Problem> {
        guard bytes.count >= 8, Array(bytes[0..<4]) == magic else { return .failure(.magic) }
        let version = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        guard version == Self.version else { return .failure(.version(version)) }
        guard UInt16(bytes[6]) | UInt16(bytes[7]) << 8 == UInt16(headerSize) else { return .failure(.header("header size")) }
        guard bytes.count >= headerSize else { return .failure(.length(declared: 0, available: bytes.count)) }
        guard bytes[12..<16].allSatisfy({ $0 == 0 }) else { return .failure(.header("reserved field")) }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard length <= bytes.count - headerSize else {
            return .failure(.length(declared: length, available: bytes.count - headerSize))
        }
        let blob = ModelBlob(model: Array(bytes[headerSize..<(headerSize + length)]))
        guard blob.sha256 == Array(bytes[16..<48]) else { return .failure(.hash) }
        return .success(blob)
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
}
