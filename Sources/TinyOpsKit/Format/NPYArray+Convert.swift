extension NPYArray {
    /// This array with elements converted to `target`, refusing to lose
    /// information other than float rounding:
    /// - integer to integer, and float to integer, must be exact (`2.5` and
    ///   `300` as int8 throw); NaN and infinity cannot become integers;
    /// - to float, values round to the nearest (int64 → float32, float64 →
    ///   float32), but a finite value that would overflow to infinity throws;
    /// - bool reads as 0 and 1, and only 0 and 1 convert to bool.
    ///
    /// numpy's defaults are float64 and int64; tinyops datasets want float32
    /// features and int32 labels, so readers call `converted(to: .float32)`.
    public func converted(to target: NPYDType) throws(NPYError) -> NPYArray {
        if target == dtype { return self }
        let source = column()
        switch target {
        case .bool: return try make(source, as: Bool.self)
        case .int8: return try make(source, as: Int8.self)
        case .uint8: return try make(source, as: UInt8.self)
        case .int16: return try make(source, as: Int16.self)
        case .uint16: return try make(source, as: UInt16.self)
        case .int32: return try make(source, as: Int32.self)
        case .uint32: return try make(source, as: UInt32.self)
        case .int64: return try make(source, as: Int64.self)
        case .uint64: return try make(source, as: UInt64.self)
        case .float32: return try make(source, as: Float.self)
        case .float64: return try make(source, as: Double.self)
        }
    }

    /// The elements widened to a type that holds every source value exactly.
    private enum Column {
        case floating([Double])
        case signed([Int64])
        case unsigned([UInt64])
    }

    private func column() -> Column {
        switch dtype {
        case .bool: return .unsigned(uncheckedValues(as: UInt8.self).map(UInt64.init))
        case .uint8: return .unsigned(uncheckedValues(as: UInt8.self).map(UInt64.init))
        case .uint16: return .unsigned(uncheckedValues(as: UInt16.self).map(UInt64.init))
        case .uint32: return .unsigned(uncheckedValues(as: UInt32.self).map(UInt64.init))
        case .uint64: return .unsigned(uncheckedValues(as: UInt64.self))
        case .int8: return .signed(uncheckedValues(as: Int8.self).map(Int64.init))
        case .int16: return .signed(uncheckedValues(as: Int16.self).map(Int64.init))
        case .int32: return .signed(uncheckedValues(as: Int32.self).map(Int64.init))
        case .int64: return .signed(uncheckedValues(as: Int64.self))
        case .float32: return .floating(uncheckedValues(as: Float.self).map(Double.init))
        case .float64: return .floating(uncheckedValues(as: Double.self))
        }
    }

    private func make<T: NPYElement & FixedWidthInteger>(_ source: Column, as type: T.Type) throws(NPYError) -> NPYArray {
        switch source {
        case .floating(let values): return try build(values) { T(exactly: $0) }
        case .signed(let values): return try build(values) { T(exactly: $0) }
        case .unsigned(let values): return try build(values) { T(exactly: $0) }
        }
    }

    private func make<T: NPYElement & BinaryFloatingPoint>(_ source: Column, as type: T.Type) throws(NPYError) -> NPYArray {
        switch source {
        case .floating(let values):
            return try build(values) { value in
                let converted = T(value)
                return converted.isFinite || !value.isFinite ? converted : nil
            }
        case .signed(let values): return try build(values) { T($0) }
        case .unsigned(let values): return try build(values) { T($0) }
        }
    }

    private func make(_ source: Column, as type: Bool.Type) throws(NPYError) -> NPYArray {
        func bool<S: Numeric>(_ value: S) -> Bool? { value == 0 ? false : value == 1 ? true : nil }
        switch source {
        case .floating(let values): return try build(values, bool)
        case .signed(let values): return try build(values, bool)
        case .unsigned(let values): return try build(values, bool)
        }
    }

    /// Converts each value, reporting the first that `convert` rejects.
    private func build<S, T: NPYElement>(_ values: [S], _ convert: (S) -> T?) throws(NPYError) -> NPYArray {
        var rejected: Int?
        let result = [T](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            values.withUnsafeBufferPointer { source in
                for index in source.indices {
                    guard let converted = convert(source[index]) else { rejected = index; return }
                    buffer.initializeElement(at: index, to: converted)
                    initialized = index + 1
                }
            }
        }
        if let index = rejected {
            throw .lossyConversion(index: index, value: "\(values[index])", from: dtype, to: T.npyDType)
        }
        return try NPYArray(result, shape: shape)
    }
}
