/// The element types tinyops reads and writes in `.npy` files: little-endian
/// integers, floats and bools. The raw value is numpy's `descr` string, exactly
/// as `np.save` writes it (`'|'` for one-byte types, where byte order is moot).
public enum NPYDType: String, CaseIterable, Sendable {
    case bool = "|b1"
    case int8 = "|i1"
    case uint8 = "|u1"
    case int16 = "<i2"
    case uint16 = "<u2"
    case int32 = "<i4"
    case uint32 = "<u4"
    case int64 = "<i8"
    case uint64 = "<u8"
    case float32 = "<f4"
    case float64 = "<f8"

    /// The `descr` string numpy writes for this type.
    public var descr: String { rawValue }

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .bool, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// numpy's name for the type (`np.float32`), for messages.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .int8: return "int8"
        case .uint8: return "uint8"
        case .int16: return "int16"
        case .uint16: return "uint16"
        case .int32: return "int32"
        case .uint32: return "uint32"
        case .int64: return "int64"
        case .uint64: return "uint64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    /// The type for a header's `descr`. One-byte types accept any byte-order
    /// character; wider types must be little-endian (`<`).
    public init(descr: String) throws(NPYError) {
        if let exact = NPYDType(rawValue: descr) { self = exact; return }
        guard let order = descr.first, "<>=|".contains(order) else { throw .unsupportedDType(descr) }
        let kindAndSize = descr.dropFirst()
        if let oneByte = NPYDType.allCases.first(where: { $0.itemSize == 1 && $0.descr.dropFirst() == kindAndSize }) {
            self = oneByte
        } else if order == ">", NPYDType.allCases.contains(where: { $0.descr.dropFirst() == kindAndSize }) {
            throw .bigEndian(descr)
        } else {
            throw .unsupportedDType(descr)
        }
    }
}

/// A Swift type whose in-memory layout is the `.npy` layout of `npyDType`
/// on a little-endian host, so arrays convert with one `memcpy`.
public protocol NPYElement: BitwiseCopyable, Sendable {
    static var npyDType: NPYDType { get }
}

extension Bool: NPYElement { public static var npyDType: NPYDType { .bool } }
extension Int8: NPYElement { public static var npyDType: NPYDType { .int8 } }
extension UInt8: NPYElement { public static var npyDType: NPYDType { .uint8 } }
extension Int16: NPYElement { public static var npyDType: NPYDType { .int16 } }
extension UInt16: NPYElement { public static var npyDType: NPYDType { .uint16 } }
extension Int32: NPYElement { public static var npyDType: NPYDType { .int32 } }
extension UInt32: NPYElement { public static var npyDType: NPYDType { .uint32 } }
extension Int64: NPYElement { public static var npyDType: NPYDType { .int64 } }
extension UInt64: NPYElement { public static var npyDType: NPYDType { .uint64 } }
extension Float: NPYElement { public static var npyDType: NPYDType { .float32 } }
extension Double: NPYElement { public static var npyDType: NPYDType { .float64 } }

#if _endian(big)
#error("NPY support assumes a little-endian host: .npy data is copied without byte swapping")
#endif
