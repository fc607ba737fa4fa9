/// Reads RIFF WAVE files with 16-bit PCM samples, mono or multi-channel.
///
/// The file is a `RIFF` header with form type `WAVE`, then chunks: a 4-byte id, a
/// little-endian UInt32 size, the data, and one pad byte when the size is odd. Chunks other
/// than `fmt ` and `data` (`LIST`, `fact`, `cue `, …) are skipped. The format tag must be 1
/// (PCM), or 0xFFFE (WAVE_FORMAT_EXTENSIBLE) whose sub-format GUID is PCM; anything else
/// (IEEE float, A-law, µ-law, ADPCM, …) and PCM of another width is refused, naming the
/// encoding. Samples are scaled to [-1, 1): `value / 32768`.
public enum WAVReader {
    struct Format: Equatable {
        var channels: Int
        var sampleRate: Int
        var bitsPerSample: Int
        var blockAlign: Int
    }

    public static func decode(_ bytes: [UInt8], file: String) throws(DatasetError) -> DecodedRecording {
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw .wavNotRIFF(file: file)
        }
        var format: Format?
        var data: Range<Int>?
        var offset = 12
        // The RIFF size is ignored: writers that stream often leave it wrong; chunk sizes are checked instead.
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(readUInt32(bytes, offset + 4))
            let body = offset + 8
            let available = bytes.count - body
            switch id {
            case "fmt ":
                guard size <= available else { throw .wavTruncated(file: file, chunk: id, declared: size, available: available) }
                format = try parseFormat(bytes[body..<body + size], file: file)
            case "data":
                guard size <= available else { throw .wavTruncated(file: file, chunk: id, declared: size, available: available) }
                data = body..<body + size
            default:
                break
            }
            if format != nil && data != nil { break }
            offset = body + size + (size & 1)
        }
        guard let format else { throw .wavMissingChunk(file: file, chunk: "fmt ") }
        guard let data else { throw .wavMissingChunk(file: file, chunk: "data") }
        guard data.count % format.blockAlign == 0 else {
            throw .wavMalformed(file: file, reason: "the data chunk (\(data.count) bytes) is not a whole number of \(format.blockAlign)-byte frames")
        }
        let count = data.count / 2
        let frames = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress! + data.lowerBound
                for index in 0..<count {
                    let low = UInt16(base.load(fromByteOffset: 2 * index, as: UInt8.self))
                    let high = UInt16(base.load(fromByteOffset: 2 * index + 1, as: UInt8.self))
                    buffer[index] = Float(Int16(bitPattern: low | high << 8)) / 32768
                }
            }
            initialized = count
        }
        return DecodedRecording(
            channels: DecodedRecording.defaultChannelNames(format.channels), frames: frames,
            sampleRate: Double(format.sampleRate), rowLabels: nil)
    }

    /// The format tags of the WAVE formats people meet, for the refusal message.
    static func encodingName(_ tag: Int) -> String {
        switch tag {
        case 0x0001: "PCM"
        case 0x0002: "Microsoft ADPCM"
        case 0x0003: "IEEE float"
        case 0x0006: "A-law"
        case 0x0007: "µ-law"
        case 0x0011: "IMA ADPCM"
        case 0x0031: "GSM 6.10"
        case 0x0050: "MPEG"
        case 0x0055: "MPEG layer 3"
        default: "format tag 0x" + String(tag, radix: 16, uppercase: true)
        }
    }

    /// The tail shared by every WAVE_FORMAT_EXTENSIBLE sub-format GUID after its first two bytes
    /// (the format tag): `-0000-0010-8000-00AA00389B71`.
    private static let guidTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    private static func parseFormat(_ chunk: ArraySlice<UInt8>, file: String) throws(DatasetError) -> Format {
        guard chunk.count >= 16 else {
            throw .wavMalformed(file: file, reason: "the 'fmt ' chunk is \(chunk.count) bytes, expected at least 16")
        }
        let base = chunk.startIndex
        var tag = Int(readUInt16(chunk, base))
        let channels = Int(readUInt16(chunk, base + 2))
        let sampleRate = Int(readUInt32(chunk, base + 4))
        let blockAlign = Int(readUInt16(chunk, base + 12))
        let bits = Int(readUInt16(chunk, base + 14))
        if tag == 0xFFFE {
            guard chunk.count >= 40 else {
                throw .wavMalformed(file: file, reason: "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is \(chunk.count) bytes, expected 40")
            }
            let guid = chunk[(base + 24)..<(base + 40)]
            guard guid.dropFirst(2).elementsEqual(guidTail) else {
                throw .wavUnsupportedEncoding(file: file, encoding: "WAVE_FORMAT_EXTENSIBLE with an unknown sub-format", bits: bits)
            }
            tag = Int(readUInt16(chunk, base + 24))
        }
        guard tag == 1, bits == 16 else {
            throw .wavUnsupportedEncoding(file: file, encoding: encodingName(tag), bits: bits)
        }
        guard channels > 0 else { throw .wavMalformed(file: file, reason: "0 channels") }
        guard sampleRate > 0 else { throw .wavMalformed(file: file, reason: "sample rate 0") }
        guard blockAlign == channels * 2 else {
            throw .wavMalformed(file: file, reason: "block align \(blockAlign) does not match \(channels) channel\(channels == 1 ? "" : "s") of 16 bits")
        }
        return Format(channels: channels, sampleRate: sampleRate, bitsPerSample: bits, blockAlign: blockAlign)
    }

    private static func readUInt16<C: Collection<UInt8>>(_ bytes: C, _ offset: C.Index) -> UInt16 where C.Index == Int {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func readUInt32<C: Collection<UInt8>>(_ bytes: C, _ offset: C.Index) -> UInt32 where C.Index == Int {
        UInt32(readUInt16(bytes, offset)) | UInt32(readUInt16(bytes, offset + 2)) << 16
    }
}
