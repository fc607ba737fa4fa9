#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An n-dimensional array as stored in a `.npy` file: a dtype, a shape in C
/// (row-major) order and the raw little-endian element bytes.
///
/// The initializers check that `data` fills `shape` exactly (and that bools
/// are 0 or 1), so typed views can copy bytes without further checks. An
/// empty shape is a 0-d scalar with one element; a zero dimension means no
/// elements.
public struct NPYArray: Equatable, Sendable {
    public let dtype: NPYDType
    public let shape: [Int]
    public let data: [UInt8]

    /// Number of elements: the product of `shape` (1 for a 0-d scalar).
    public var count: Int { data.count / dtype.itemSize }
    public var rank: Int { shape.count }

    public init(dtype: NPYDType, shape: [Int], data: [UInt8]) throws(NPYError) {
        let expected = try NPYArray.byteCount(dtype: dtype, shape: shape)
        guard data.count == expected else {
            throw .dataLength(expected: expected, found: data.count, dtype: dtype, shape: shape)
        }
        if dtype == .bool, let index = data.firstIndex(where: { $0 > 1 }) {
            throw .invalidBool(index: index, byte: data[index])
        }
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// An array of `values` in C order; `shape` defaults to `[values.count]`.
    public init<T: NPYElement>(_ values: [T], shape: [Int]? = nil) throws(NPYError) {
        let shape = shape ?? [values.count]
        let expected = try NPYArray.elementCount(shape: shape)
        guard values.count == expected else { throw .elementCount(expected: expected, found: values.count, shape: shape) }
        self.dtype = T.npyDType
        self.shape = shape
        self.data = values.withUnsafeBytes { [UInt8]($0) }
    }

    /// The elements in C order; throws `dtypeMismatch` unless `dtype` is `T`'s
    /// (use `converted(to:)` first to change the type).
    public func values<T: NPYElement>(as type: T.Type = T.self) throws(NPYError) -> [T] {
        guard dtype == T.npyDType else { throw .dtypeMismatch(expected: T.npyDType, found: dtype) }
        return uncheckedValues()
    }

    /// The elements reinterpreted as `T`, whose size must be `dtype.itemSize`.
    func uncheckedValues<T: NPYElement>(as type: T.Type = T.self) -> [T] {
        let count = data.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { source in
                if count > 0 { _ = memcpy(buffer.baseAddress!, source.baseAddress!, count * MemoryLayout<T>.stride) }
            }
            initialized = count
        }
    }

    /// The product of `shape`, checked for negative dimensions and overflow.
    public static func elementCount(shape: [Int]) throws(NPYError) -> Int {
        var product = 1
        for dimension in shape {
            guard dimension >= 0 else { throw .negativeDimension(shape) }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .shapeOverflow(shape) }
            product = next
        }
        return product
    }

    static func byteCount(dtype: NPYDType, shape: [Int]) throws(NPYError) -> Int {
        let (bytes, overflow) = try elementCount(shape: shape).multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw .shapeOverflow(shape) }
        return bytes
    }
}

// MARK: - Named typed constructors and views

extension NPYArray {
    public init(float32 values: [Float], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(float64 values: [Double], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(int8 values: [Int8], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(uint8 values: [UInt8], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(int16 values: [Int16], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(int32 values: [Int32], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(int64 values: [Int64], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }
    public init(bool values: [Bool], shape: [Int]? = nil) throws(NPYError) { try self.init(values, shape: shape) }

    public func float32() throws(NPYError) -> [Float] { try values() }
    public func float64() throws(NPYError) -> [Double] { try values() }
    public func int8() throws(NPYError) -> [Int8] { try values() }
    public func uint8() throws(NPYError) -> [UInt8] { try values() }
    public func int16() throws(NPYError) -> [Int16] { try values() }
    public func int32() throws(NPYError) -> [Int32] { try values() }
    public func int64() throws(NPYError) -> [Int64] { try values() }
    public func bool() throws(NPYError) -> [Bool] { try values() }
}
