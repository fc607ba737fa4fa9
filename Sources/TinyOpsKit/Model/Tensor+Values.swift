/// Typed views of a constant tensor's little-endian bytes.
extension Tensor {
    public var floatValues: [Float]? {
        guard type == .float32, let data else { return nil }
        return Self.decode(data, as: UInt32.self).map(Float.init(bitPattern:))
    }

    public var int32Values: [Int32]? {
        guard type == .int32, let data else { return nil }
        return Self.decode(data, as: Int32.self)
    }

    public var int8Values: [Int8]? {
        guard type == .int8, let data else { return nil }
        return data.map { Int8(bitPattern: $0) }
    }

    static func decode<T: FixedWidthInteger>(_ bytes: [UInt8], as type: T.Type) -> [T] {
        let width = MemoryLayout<T>.size
        let count = bytes.count / width
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for i in 0..<count { buffer[i] = T(littleEndian: raw.loadUnaligned(fromByteOffset: i * width, as: T.self)) }
            }
            initialized = count
        }
    }

    /// Little-endian bytes of values, for building constant tensors.
    public static func bytes(_ values: [Float]) -> [UInt8] { bytes(values.map(\.bitPattern)) }

    public static func bytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
}
