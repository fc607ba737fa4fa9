/// Why a model patch (docs/model-patch.md) cannot be read or applied. The checks and their
/// order are the C runtime's (`tinyops_patch_update`/`_finish`), so the host and the device
/// refuse the same patches. Wrap in `FileError` to name the patch file.
public enum PatchError: UserFacingError, Equatable {
    /// The file does not start with `TOPD`.
    case notPatch
    case unsupportedVersion(Int)
    /// A header field (`field`) holds a value format version 1 does not allow.
    case badHeader(field: String, value: Int)
    /// The old model is not the one the patch was made from.
    case wrongBase(expectedLength: Int, expectedSHA256: String, foundLength: Int, foundSHA256: String)
    /// An operation code, length or varint that is not valid, at patch byte `offset`.
    case badOperation(offset: Int, reason: String)
    /// A COPY outside the old model or a write past the new model's length, at `offset`.
    case outOfRange(offset: Int, reason: String)
    /// The patch ends before its end marker.
    case truncated(length: Int)
    /// Bytes follow the end marker.
    case trailingBytes(offset: Int, count: Int)
    /// The rebuilt model does not have the SHA-256 the header names.
    case resultHash(expected: String, found: String)

    public var message: String {
        switch self {
        case .notPatch:
            return "not a tinyops model patch (the file does not start with 'TOPD')"
        case .unsupportedVersion(let version):
            return "model patch format version \(version) is not supported (this tinyops reads version 1)"
        case .badHeader(let field, let value):
            return "corrupt model patch header: \(field) is \(value)"
        case .wrongBase(let expectedLength, let expectedSHA256, let foundLength, let foundSHA256):
            let length = expectedLength == foundLength ? "" : " (\(expectedLength) bytes, this one has \(foundLength))"
            return "the patch is for another model: it needs the model with sha256 \(expectedSHA256.prefix(16))…\(length), "
                + "this one is \(foundSHA256.prefix(16))…"
        case .badOperation(let offset, let reason):
            return "corrupt model patch at byte \(offset): \(reason)"
        case .outOfRange(let offset, let reason):
            return "corrupt model patch at byte \(offset): \(reason)"
        case .truncated(let length):
            return "truncated model patch: it ends after \(length) bytes, before its end marker"
        case .trailingBytes(let offset, let count):
            return "corrupt model patch: \(count) byte(s) after the end marker at byte \(offset)"
        case .resultHash(let expected, let found):
            return "the patched model's sha256 is \(found.prefix(16))…, the patch promises \(expected.prefix(16))…"
        }
    }

    public var hint: String? {
        switch self {
        case .wrongBase: return "apply the patch to the model it was made from (the OLD.tflite given to tinyops diff)"
        case .truncated, .resultHash: return "download the patch again"
        default: return nil
        }
    }
}
