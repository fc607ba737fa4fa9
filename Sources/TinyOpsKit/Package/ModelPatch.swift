/// A model patch (docs/model-patch.md, format version 1): rebuilds a new `.tflite` from an
/// old one with COPY operations (runs of old bytes) and INSERT operations (bytes carried in
/// the patch), so a device downloads what changed instead of the whole model.
///
///     header (80 bytes)  "TOPD", version 1, header size 80, old length, new length,
///                        SHA-256 of the old model, SHA-256 of the new model
///     operations         0x01 COPY len delta | 0x02 INSERT len bytes | 0x00 END
///
/// Lengths are unsigned LEB128 (≥ 1); a COPY's delta is the zigzag LEB128 of its old offset
/// minus the end of the previous COPY (0 at the start), so copies in order cost two or three
/// bytes. `ModelDiff.patch(old:new:)` makes patches; the C runtime's `tinyops_patch_*`
/// applies them on the device; `apply(_:to:)` here applies them with the same checks in the
/// same order.
public struct ModelPatch: Equatable, Sendable {
    public static let magic: [UInt8] = Array("TOPD".utf8)
    public static let formatVersion = 1
    public static let headerSize = 80

    public enum Operation: Equatable, Sendable {
        /// `count` bytes of the old model from offset `from`.
        case copy(from: Int, count: Int)
        case insert([UInt8])

        /// Output bytes the operation writes.
        public var count: Int {
            switch self {
            case .copy(_, let count): return count
            case .insert(let bytes): return bytes.count
            }
        }
    }

    public var oldLength: Int
    public var newLength: Int
    public var oldSHA256: [UInt8]
    public var newSHA256: [UInt8]
    public var operations: [Operation]

    public init(oldLength: Int, newLength: Int, oldSHA256: [UInt8], newSHA256: [UInt8], operations: [Operation]) {
        self.oldLength = oldLength
        self.newLength = newLength
        self.oldSHA256 = oldSHA256
        self.newSHA256 = newSHA256
        self.operations = operations
    }

    /// The encoded patch.
    public var bytes: [UInt8] {
        var out = Self.magic
        func le(_ value: Int, _ size: Int) {
            for i in 0..<size { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
        }
        le(Self.formatVersion, 2)
        le(Self.headerSize, 2)
        le(oldLength, 4)
        le(newLength, 4)
        out += oldSHA256
        out += newSHA256
        var cursor = 0
        for operation in operations {
            switch operation {
            case .copy(let from, let count):
                out.append(0x01)
                Self.appendVarint(UInt32(count), to: &out)
                let delta = Int64(from) - Int64(cursor)
                Self.appendVarint(UInt32(truncatingIfNeeded: (delta << 1) ^ (delta >> 63)), to: &out)
                cursor = from + count
            case .insert(let bytes):
                out.append(0x02)
                Self.appendVarint(UInt32(bytes.count), to: &out)
                out += bytes
            }
        }
        out.append(0x00)
        return out
    }

    static func appendVarint(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Bytes carried by INSERT operations.
    public var insertedBytes: Int {
        operations.reduce(0) { total, op in if case .insert(let b) = op { total + b.count } else { total } }
    }

    /// Output bytes taken from the old model.
    public var copiedBytes: Int { newLength - insertedBytes }

    // MARK: Reading and applying

    /// Reads `bytes` with every check `tinyops_patch_update` makes except those against an
    /// old model (its length and SHA-256, and COPY ranges are checked against the old length
    /// in the header).
    public static func decode(_ bytes: [UInt8]) throws(PatchError) -> ModelPatch {
        var reader = Reader(bytes: bytes)
        let header = try reader.header()
        var operations: [Operation] = []
        try reader.operations(header) { operations.append($0) }
        return ModelPatch(oldLength: header.oldLength, newLength: header.newLength, oldSHA256: header.oldSHA256,
                          newSHA256: header.newSHA256, operations: operations)
    }

    /// Applies the encoded `patch` to `old`: the checks of the C runtime, in its order (the
    /// header, the old model's length and SHA-256, each operation as it comes, the end
    /// marker, no trailing bytes, the result's SHA-256).
    public static func apply(_ patch: [UInt8], to old: [UInt8]) throws(PatchError) -> [UInt8] {
        var reader = Reader(bytes: patch)
        let header = try reader.header()
        let oldSHA256 = SHA256.hash(old)
        guard old.count == header.oldLength, oldSHA256 == header.oldSHA256 else {
            throw .wrongBase(expectedLength: header.oldLength, expectedSHA256: Hex.encode(header.oldSHA256),
                             foundLength: old.count, foundSHA256: Hex.encode(oldSHA256))
        }
        var out: [UInt8] = []
        out.reserveCapacity(header.newLength)
        try reader.operations(header) { operation in
            switch operation {
            case .copy(let from, let count): out += old[from..<(from + count)]
            case .insert(let bytes): out += bytes
            }
        }
        let digest = SHA256.hash(out)
        guard digest == header.newSHA256 else {
            throw .resultHash(expected: Hex.encode(header.newSHA256), found: Hex.encode(digest))
        }
        return out
    }

    /// Applies this patch to `old`.
    public func apply(to old: [UInt8]) throws(PatchError) -> [UInt8] {
        try Self.apply(bytes, to: old)
    }

    struct Header {
        var oldLength: Int
        var newLength: Int
        var oldSHA256: [UInt8]
        var newSHA256: [UInt8]
    }

    /// A front-to-back reader that fails where the C state machine fails.
    struct Reader {
        let bytes: [UInt8]
        var position = 0

        func le(_ at: Int, _ size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
        }

        mutating func header() throws(PatchError) -> Header {
            guard bytes.count >= 4 else { throw .truncated(length: bytes.count) }
            guard Array(bytes[0..<4]) == ModelPatch.magic else { throw .notPatch }
            guard bytes.count >= ModelPatch.headerSize else { throw .truncated(length: bytes.count) }
            let version = le(4, 2)
            guard version == ModelPatch.formatVersion else { throw .unsupportedVersion(version) }
            let size = le(6, 2)
            guard size == ModelPatch.headerSize else { throw .badHeader(field: "the header size", value: size) }
            let oldLength = le(8, 4), newLength = le(12, 4)
            guard oldLength > 0, oldLength <= Int(Int32.max) else { throw .badHeader(field: "the old model length", value: oldLength) }
            guard newLength > 0, newLength <= Int(Int32.max) else { throw .badHeader(field: "the new model length", value: newLength) }
            position = ModelPatch.headerSize
            return Header(oldLength: oldLength, newLength: newLength, oldSHA256: Array(bytes[16..<48]),
                          newSHA256: Array(bytes[48..<80]))
        }

        /// A canonical unsigned LEB128 value of at most 32 bits.
        mutating func varint() throws(PatchError) -> UInt32 {
            var value: UInt32 = 0, shift: UInt32 = 0
            while true {
                let at = position
                guard at < bytes.count else { throw .truncated(length: bytes.count) }
                let byte = bytes[at]
                position += 1
                if shift == 28 && byte > 0x0F { throw .badOperation(offset: at, reason: "a number does not fit 32 bits") }
                if shift > 0 && byte == 0 { throw .badOperation(offset: at, reason: "a number has a redundant zero byte") }
                value |= UInt32(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        /// Reads every operation, checking it against the header, through the end marker.
        mutating func operations(_ header: Header, _ body: (Operation) -> Void) throws(PatchError) {
            var written = 0, cursor = 0
            while true {
                let at = position
                guard at < bytes.count else { throw .truncated(length: bytes.count) }
                let code = bytes[at]
                position += 1
                switch code {
                case 0x00:
                    guard written == header.newLength else {
                        throw .badOperation(offset: at, reason: "end marker after \(written) of the new model's \(header.newLength) bytes")
                    }
                    guard position == bytes.count else { throw .trailingBytes(offset: position, count: bytes.count - position) }
                    return
                case 0x01, 0x02:
                    let count = Int(try varint())
                    guard count > 0 else { throw .badOperation(offset: position - 1, reason: "an operation of length 0") }
                    guard count <= header.newLength - written else {
                        throw .outOfRange(offset: position - 1, reason: "writes past the new model's \(header.newLength) bytes")
                    }
                    if code == 0x01 {
                        let zigzag = try varint()
                        let delta = zigzag & 1 == 1 ? -Int(zigzag >> 1) - 1 : Int(zigzag >> 1)
                        let from = cursor + delta
                        guard from >= 0, from + count <= header.oldLength else {
                            throw .outOfRange(offset: position - 1, reason: "copies bytes \(from)..<\(from + count) of a \(header.oldLength)-byte model")
                        }
                        body(.copy(from: from, count: count))
                        cursor = from + count
                    } else {
                        guard count <= bytes.count - position else {
                            // The C reader writes what arrives, then stops at the end: truncated.
                            throw .truncated(length: bytes.count)
                        }
                        body(.insert(Array(bytes[position..<(position + count)])))
                        position += count
                    }
                    written += count
                default:
                    throw .badOperation(offset: at, reason: "unknown operation code 0x\(String(code, radix: 16))")
                }
            }
        }
    }
}
