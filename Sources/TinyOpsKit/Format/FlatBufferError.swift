/// Why a byte buffer is not a well-formed FlatBuffer.
public enum FlatBufferError: UserFacingError, Equatable {
    case tooSmall(size: Int)
    case wrongIdentifier(expected: String, found: [UInt8])
    case outOfBounds(path: String, offset: Int, length: Int, fileSize: Int)
    case invalidVTable(path: String, offset: Int, reason: String)
    case invalidString(path: String, offset: Int, reason: String)
    case tooMuchWork(fileSize: Int)

    public var message: String {
        switch self {
        case .tooSmall(let size):
            return "not a flatbuffer: \(size) bytes is too small to hold a root offset and file identifier"
        case .wrongIdentifier(let expected, let found):
            let shown = found.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
                ? "'" + String(decoding: found, as: UTF8.self) + "'"
                : found.map { String($0, radix: 16) }.joined(separator: " ")
            return "not a \(expected) flatbuffer: file identifier is \(shown), expected '\(expected)'"
        case .outOfBounds(let path, let offset, let length, let fileSize):
            return "truncated or corrupt flatbuffer: \(path) at byte \(offset) needs \(length) bytes, but the file has \(fileSize)"
        case .invalidVTable(let path, let offset, let reason):
            return "corrupt flatbuffer: \(path) vtable at byte \(offset): \(reason)"
        case .invalidString(let path, let offset, let reason):
            return "corrupt flatbuffer: \(path) string at byte \(offset): \(reason)"
        case .tooMuchWork(let fileSize):
            return "corrupt flatbuffer: objects reference shared data so often that decoding would take more than 16× the \(fileSize)-byte file"
        }
    }

    public var hint: String? {
        switch self {
        case .tooSmall, .wrongIdentifier:
            return "is this a .tflite file? Export one with `tinyops train` or the TensorFlow Lite converter"
        default:
            return nil
        }
    }
}
