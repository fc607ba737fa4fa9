/// The `.npy` file format (numpy's `numpy.lib.format`):
///
///     "\x93NUMPY" major minor  header-length  header-dict  data
///
/// The header length is a little-endian UInt16 in version 1.0 and a UInt32 in
/// 2.0 and 3.0 (3.0 allows UTF-8 in the dict). The dict is padded with spaces
/// and ends in "\n" so that the data starts at a multiple of 64 bytes.
public struct NPYFormatVersion: Equatable, Sendable, CustomStringConvertible {
    public let major: UInt8
    public let minor: UInt8

    public static let v1 = NPYFormatVersion(major: 1, minor: 0)
    public static let v2 = NPYFormatVersion(major: 2, minor: 0)
    public static let v3 = NPYFormatVersion(major: 3, minor: 0)

    /// Bytes before the dict: magic, version, header length.
    var prefixLength: Int { major == 1 ? 10 : 12 }
    var maxHeaderLength: Int { major == 1 ? Int(UInt16.max) : Int(UInt32.max) }

    public var description: String { "\(major).\(minor)" }
}

public enum NPY {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    static let alignment = 64
}

extension NPYArray {
    /// Reads an `.npy` file's bytes (format 1.0, 2.0 or 3.0).
    public init(npyBytes bytes: [UInt8]) throws(NPYError) {
        let magicCount = min(bytes.count, NPY.magic.count)
        guard bytes[..<magicCount].elementsEqual(NPY.magic[..<magicCount]) else {
            throw .badMagic(looksLikeZip: bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
        guard bytes.count >= 8 else { throw .truncatedHeader(needed: 10, found: bytes.count) }
        let version = NPYFormatVersion(major: bytes[6], minor: bytes[7])
        guard [.v1, .v2, .v3].contains(version) else {
            throw .unsupportedVersion(major: version.major, minor: version.minor)
        }
        let prefix = version.prefixLength
        guard bytes.count >= prefix else { throw .truncatedHeader(needed: prefix, found: bytes.count) }
        var headerLength = 0
        for index in (8..<prefix).reversed() { headerLength = headerLength << 8 | Int(bytes[index]) }
        let dataStart = prefix + headerLength
        guard bytes.count >= dataStart else { throw .truncatedHeader(needed: dataStart, found: bytes.count) }

        let header = try NPYHeader.parse(Array(bytes[prefix..<dataStart]))
        try self.init(dtype: header.dtype, shape: header.shape, data: Array(bytes[dataStart...]))
    }

    /// The `.npy` bytes numpy's `np.save` writes for this array, byte for byte:
    /// version 1.0 unless the header needs more room (then 2.0). `version`
    /// asks for at least that version.
    public func npyBytes(version minimum: NPYFormatVersion = .v1) -> [UInt8] {
        let dict = Array(NPYHeader(dtype: dtype, shape: shape).dictText.utf8)
        var version = minimum
        var padding = 0
        for candidate in [NPYFormatVersion.v1, .v2, .v3] where candidate.major >= minimum.major {
            version = candidate
            // numpy pads by 64 - (n % 64), so an aligned header still gets 64 spaces.
            padding = NPY.alignment - (candidate.prefixLength + dict.count + 1) % NPY.alignment
            if dict.count + padding + 1 <= candidate.maxHeaderLength { break }
        }
        let headerLength = dict.count + padding + 1
        var out: [UInt8] = []
        out.reserveCapacity(version.prefixLength + headerLength + data.count)
        out += NPY.magic
        out += [version.major, version.minor]
        for byteIndex in 0..<(version.prefixLength - 8) { out.append(UInt8(truncatingIfNeeded: headerLength >> (8 * byteIndex))) }
        out += dict
        out += repeatElement(UInt8(ascii: " "), count: padding)
        out.append(0x0A)
        out += data
        return out
    }

    /// Reads the `.npy` file at `path`. Throws `FileSystemError`, or
    /// `FileError` wrapping an `NPYError`.
    public init(contentsOf path: String) throws {
        let bytes = try FileBytes.read(path)
        do {
            try self.init(npyBytes: bytes)
        } catch {
            throw FileError(path: path, reason: error)
        }
    }

    /// Writes `npyBytes()` to `path` atomically (see `AtomicFile`).
    public func write(to path: String) throws(FileSystemError) {
        try AtomicFile.write(npyBytes(), to: path)
    }
}
