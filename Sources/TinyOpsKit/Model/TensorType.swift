/// Element type of a tensor (`enum TensorType : byte` in the TFLite schema).
public enum TensorType: Int8, CaseIterable, Sendable {
    case float32 = 0, float16 = 1, int32 = 2, uint8 = 3, int64 = 4, string = 5, bool = 6
    case int16 = 7, complex64 = 8, int8 = 9, float64 = 10, complex128 = 11, uint64 = 12
    case resource = 13, variant = 14, uint32 = 15, uint16 = 16, int4 = 17, bfloat16 = 18
    case int2 = 19, uint4 = 20, float8e4m3fn = 21, float8e5m2 = 22

    /// Lower-case name as numpy and tinyops print it (`int8`, `float32`).
    public var name: String {
        switch self {
        case .float32: "float32"
        case .float16: "float16"
        case .int32: "int32"
        case .uint8: "uint8"
        case .int64: "int64"
        case .string: "string"
        case .bool: "bool"
        case .int16: "int16"
        case .complex64: "complex64"
        case .int8: "int8"
        case .float64: "float64"
        case .complex128: "complex128"
        case .uint64: "uint64"
        case .resource: "resource"
        case .variant: "variant"
        case .uint32: "uint32"
        case .uint16: "uint16"
        case .int4: "int4"
        case .bfloat16: "bfloat16"
        case .int2: "int2"
        case .uint4: "uint4"
        case .float8e4m3fn: "float8_e4m3fn"
        case .float8e5m2: "float8_e5m2"
        }
    }

    /// Bits per element; nil for types without a fixed size (string, resource, variant).
    public var bitWidth: Int? {
        switch self {
        case .int2: 2
        case .int4, .uint4: 4
        case .bool, .int8, .uint8, .float8e4m3fn, .float8e5m2: 8
        case .int16, .uint16, .float16, .bfloat16: 16
        case .float32, .int32, .uint32: 32
        case .float64, .int64, .uint64, .complex64: 64
        case .complex128: 128
        case .string, .resource, .variant: nil
        }
    }

    /// Bytes needed to store `count` elements; sub-byte types are packed as TFLite packs them.
    public func byteCount(elements count: Int) -> Int? {
        guard let bits = bitWidth else { return nil }
        return (count * bits + 7) / 8
    }
}
