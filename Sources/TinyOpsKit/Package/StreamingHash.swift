#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A hash fed in pieces: `SHA256` and `SHA512`. The extension gives every one the same
/// one-shot helpers, so callers never write the init/update/finalize dance:
///
///     SHA256.hex(bytes)                    // "ba7816bf…"
///     SHA256.hex("abc")                    // the UTF-8 of a string
///     try SHA256.hex(ofFile: "model.tflite")  // streams the file in 64 KiB reads
public protocol StreamingHash: Sendable {
    static var digestSize: Int { get }
    init()
    /// Adds bytes to the message. Any split of a message gives the same digest.
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// The digest of everything added; the hasher is used up.
    consuming func finalize() -> [UInt8]
}

extension StreamingHash {
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds the UTF-8 bytes of `text`.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBytes { hash($0) }
    }

    public static func hash(_ text: String) -> [UInt8] {
        var hasher = Self()
        hasher.update(text)
        return hasher.finalize()
    }

    /// The digest as lowercase hexadecimal, the form tinyops writes in manifests and JSON.
    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(hash(bytes)) }

    public static func hex(_ bytes: ArraySlice<UInt8>) -> String { Hex.encode(hash(bytes)) }

    public static func hex(_ text: String) -> String { Hex.encode(hash(text)) }

    /// The digest of the file at `path`, read in 64 KiB pieces (the file is never held in
    /// memory whole). Throws `FileSystemError` naming the path.
    public static func hash(ofFile path: String) throws(FileSystemError) -> [UInt8] {
        var hasher = Self()
        try hasher.update(contentsOfFile: path)
        return hasher.finalize()
    }

    public static func hex(ofFile path: String) throws(FileSystemError) -> String {
        Hex.encode(try hash(ofFile: path))
    }

    /// Adds the whole contents of the file at `path`.
    public mutating func update(contentsOfFile path: String) throws(FileSystemError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .from(errno: errno, path: path, operation: .read) }
        defer { close(descriptor) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let count = readChunk(descriptor, chunk.baseAddress!, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .from(errno: errno, path: path, operation: .read)
            }
            if count == 0 { return }
            update(UnsafeRawBufferPointer(rebasing: chunk[0..<count]))
        }
    }
}

/// `read(2)`, named apart from the protocol's methods.
private func readChunk(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// The bytes of an incomplete block, shared by the Merkle–Damgård hashes: input is
/// compressed straight from the caller's buffer in whole blocks, and only the remainder
/// (fewer than `blockSize` bytes) is copied here.
struct HashBlockBuffer: Sendable {
    let blockSize: Int
    private var bytes: [UInt8] = []

    init(blockSize: Int) {
        self.blockSize = blockSize
        bytes.reserveCapacity(blockSize)
    }

    /// Feeds `input`: completes the pending block if there is one, hands every whole block
    /// to `compress(blocks, count)`, and keeps the rest.
    mutating func absorb(
        _ input: UnsafeRawBufferPointer, compress: (UnsafeRawPointer, Int) -> Void
    ) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        var offset = 0
        if !bytes.isEmpty {
            offset = min(blockSize - bytes.count, input.count)
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: base, count: offset))
            guard bytes.count == blockSize else { return }
            bytes.withUnsafeBytes { compress($0.baseAddress!, 1) }
            bytes.removeAll(keepingCapacity: true)
        }
        let wholeBlocks = (input.count - offset) / blockSize
        if wholeBlocks > 0 {
            compress(base + offset, wholeBlocks)
            offset += wholeBlocks * blockSize
        }
        if offset < input.count {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: input.count - offset))
        }
    }

    /// The pending bytes followed by the FIPS 180-4 padding: 0x80, zeros, and the message
    /// length in bits as a `lengthBytes`-byte big-endian number; one or two whole blocks.
    func paddedTail(bitLength: (high: UInt64, low: UInt64), lengthBytes: Int) -> [UInt8] {
        var tail = bytes
        tail.append(0x80)
        while tail.count % blockSize != blockSize - lengthBytes { tail.append(0) }
        for index in stride(from: lengthBytes - 1, through: 0, by: -1) {
            let word = index >= 8 ? bitLength.high : bitLength.low
            tail.append(UInt8(truncatingIfNeeded: word &>> (8 * UInt64(index % 8))))
        }
        return tail
    }
}
