/// Everything that can go wrong reading, building or converting `.npy` data.
/// Wrap in `FileError` to name the file.
public enum NPYError: UserFacingError, Equatable {
    /// The data does not start with `\x93NUMPY`; `looksLikeZip` when it
    /// starts like a zip file (an `.npz` archive).
    case badMagic(looksLikeZip: Bool)
    /// The data ends before the end of the header.
    case truncatedHeader(needed: Int, found: Int)
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The header is not the dict literal numpy writes; the text says where.
    case badHeader(String)
    case unsupportedDType(String)
    case bigEndian(String)
    case fortranOrder
    /// The bytes after the header do not match the shape and dtype.
    case dataLength(expected: Int, found: Int, dtype: NPYDType, shape: [Int])
    /// The element count or byte size of `shape` does not fit in an `Int`.
    case shapeOverflow([Int])
    case negativeDimension([Int])
    /// A `bool` element that is neither 0 nor 1.
    case invalidBool(index: Int, byte: UInt8)
    /// Values given to a constructor do not fill the shape.
    case elementCount(expected: Int, found: Int, shape: [Int])
    /// A typed accessor was used on an array of another dtype.
    case dtypeMismatch(expected: NPYDType, found: NPYDType)
    /// `converted(to:)` met an element the target type cannot hold exactly.
    case lossyConversion(index: Int, value: String, from: NPYDType, to: NPYDType)

    public var message: String {
        switch self {
        case .badMagic:
            return "not a NumPy .npy file (it does not start with \\x93NUMPY)"
        case .truncatedHeader(let needed, let found):
            return "file is truncated: the header needs \(needed) bytes, the file has \(found)"
        case .unsupportedVersion(let major, let minor):
            return "unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)"
        case .badHeader(let detail):
            return "malformed .npy header: \(detail)"
        case .unsupportedDType(let descr):
            return "unsupported dtype '\(descr)'"
        case .bigEndian(let descr):
            return "big-endian dtype '\(descr)' is not supported"
        case .fortranOrder:
            return "Fortran-ordered arrays (fortran_order: True) are not supported"
        case .dataLength(let expected, let found, let dtype, let shape):
            return "data is \(found) bytes, but shape \(NPYHeader.shapeText(shape)) of \(dtype.name) needs \(expected) bytes"
        case .shapeOverflow(let shape):
            return "shape \(NPYHeader.shapeText(shape)) is too large"
        case .negativeDimension(let shape):
            return "shape \(NPYHeader.shapeText(shape)) has a negative dimension"
        case .invalidBool(let index, let byte):
            return "bool element \(index) is \(byte), expected 0 or 1"
        case .elementCount(let expected, let found, let shape):
            return "shape \(NPYHeader.shapeText(shape)) needs \(expected) elements, got \(found)"
        case .dtypeMismatch(let expected, let found):
            return "array has dtype \(found.name), expected \(expected.name)"
        case .lossyConversion(let index, let value, let from, let to):
            return "element \(index) (\(value)) cannot be converted from \(from.name) to \(to.name) exactly"
        }
    }

    public var hint: String? {
        let supported = NPYDType.allCases.map(\.descr).joined(separator: ", ")
        switch self {
        case .badMagic(looksLikeZip: true):
            return "this looks like an .npz archive; save each array with np.save, or unzip it"
        case .unsupportedDType:
            return "supported dtypes: \(supported); convert with a.astype('<f4') before np.save"
        case .bigEndian(let descr):
            return "convert with a.astype('<\(descr.dropFirst())') before np.save"
        case .fortranOrder:
            return "save np.ascontiguousarray(a) instead"
        case .dataLength(let expected, let found, _, _) where found < expected:
            return "the file may be truncated"
        default:
            return nil
        }
    }
}
