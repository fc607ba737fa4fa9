/// A verifying FlatBuffer reader: every offset, vtable, vector length and string is checked
/// against the buffer before it is used, so a hostile file ends in a `FlatBufferError`,
/// never in a crash or an out-of-bounds read.
///
/// Unsigned offsets in a FlatBuffer always point forward, so following them cannot loop.
/// What a hostile file *can* do is make many tables share one large vector, so decoding
/// would repeat the same work without bound; a work budget proportional to the file size
/// stops that (legitimate files decode each byte about once).
public final class FlatBufferReader {
    public let bytes: [UInt8]
    private var remainingWork: Int

    /// A table whose vtable and extent were checked to lie inside the buffer.
    public struct Table {
        public let position: Int
        let vtable: Int
        let vtableLength: Int
        let tableLength: Int
        /// Where the table sits in the schema, for error messages (`subgraphs[0].tensors[3]`).
        public let path: String
    }

    /// A vector whose length field and elements were checked to lie inside the buffer.
    public struct Vector {
        /// Byte position of the first element.
        public let start: Int
        public let count: Int
        public let path: String
    }

    public init(bytes: [UInt8], workLimit: Int? = nil) {
        self.bytes = bytes
        self.remainingWork = workLimit ?? (16 * bytes.count + (1 << 20))
    }

    // MARK: - Root

    /// The root table, after checking the size and the 4-byte file identifier at bytes 4..<8.
    public func root(fileIdentifier: String, rootName: String) throws -> Table {
        guard bytes.count >= 8 else { throw FlatBufferError.tooSmall(size: bytes.count) }
        let expected = Array(fileIdentifier.utf8)
        let found = Array(bytes[4..<8])
        guard found == expected else {
            throw FlatBufferError.wrongIdentifier(expected: fileIdentifier, found: found)
        }
        let offset = Int(load(UInt32.self, at: 0))
        return try table(at: offset, path: rootName)
    }

    // MARK: - Tables

    /// Checks the table at `position` and its vtable.
    public func table(at position: Int, path: @autoclosure () -> String) throws -> Table {
        try require(position, length: 4, path: path())
        let soffset = Int(load(Int32.self, at: position))
        let vtable = position - soffset
        guard vtable >= 0, vtable <= bytes.count - 4 else {
            throw FlatBufferError.outOfBounds(path: path() + " vtable", offset: vtable, length: 4, fileSize: bytes.count)
        }
        let vtableLength = Int(load(UInt16.self, at: vtable))
        let tableLength = Int(load(UInt16.self, at: vtable + 2))
        guard vtableLength >= 4, vtableLength % 2 == 0 else {
            throw FlatBufferError.invalidVTable(path: path(), offset: vtable, reason: "vtable length \(vtableLength) is not an even number ≥ 4")
        }
        guard tableLength >= 4 else {
            throw FlatBufferError.invalidVTable(path: path(), offset: vtable, reason: "table length \(tableLength) is smaller than its vtable offset")
        }
        try require(vtable, length: vtableLength, path: path() + " vtable")
        try require(position, length: tableLength, path: path())
        try charge(vtableLength + tableLength)
        return Table(position: position, vtable: vtable, vtableLength: vtableLength, tableLength: tableLength, path: path())
    }

    /// Position of field `id` with `size` bytes, or nil when the field is absent.
    private func fieldPosition(_ table: Table, _ id: Int, size: Int) throws -> Int? {
        let slot = 4 + 2 * id
        guard slot + 2 <= table.vtableLength else { return nil }
        let fieldOffset = Int(load(UInt16.self, at: table.vtable + slot))
        guard fieldOffset != 0 else { return nil }
        guard fieldOffset + size <= table.tableLength else {
            throw FlatBufferError.invalidVTable(
                path: table.path, offset: table.vtable,
                reason: "field \(id) at +\(fieldOffset) (\(size) bytes) lies outside the \(table.tableLength)-byte table")
        }
        return table.position + fieldOffset
    }

    public func hasField(_ table: Table, _ id: Int) throws -> Bool {
        try fieldPosition(table, id, size: 1) != nil
    }

    public func scalar<T: FixedWidthInteger>(_ table: Table, _ id: Int, default defaultValue: T = 0) throws -> T {
        guard let position = try fieldPosition(table, id, size: MemoryLayout<T>.size) else { return defaultValue }
        return load(T.self, at: position)
    }

    public func bool(_ table: Table, _ id: Int, default defaultValue: Bool = false) throws -> Bool {
        let raw: UInt8 = try scalar(table, id, default: defaultValue ? 1 : 0)
        return raw != 0
    }

    public func float(_ table: Table, _ id: Int, default defaultValue: Float = 0) throws -> Float {
        Float(bitPattern: try scalar(table, id, default: defaultValue.bitPattern))
    }

    /// Follows the offset stored in field `id`; nil when the field is absent.
    private func target(_ table: Table, _ id: Int, name: String) throws -> Int? {
        guard let position = try fieldPosition(table, id, size: 4) else { return nil }
        return try follow(offsetAt: position, path: table.path + "." + name)
    }

    private func follow(offsetAt position: Int, path: @autoclosure () -> String) throws -> Int {
        let offset = Int(load(UInt32.self, at: position))
        let target = position + offset
        guard offset != 0, target < bytes.count else {
            throw FlatBufferError.outOfBounds(path: path(), offset: target, length: 4, fileSize: bytes.count)
        }
        return target
    }

    public func table(_ table: Table, _ id: Int, name: String) throws -> Table? {
        guard let position = try target(table, id, name: name) else { return nil }
        return try self.table(at: position, path: table.path + "." + name)
    }

    // MARK: - Vectors and strings

    public func vector(_ table: Table, _ id: Int, name: String, elementSize: Int) throws -> Vector? {
        guard let position = try target(table, id, name: name) else { return nil }
        let path = table.path + "." + name
        try require(position, length: 4, path: path)
        let count = Int(load(UInt32.self, at: position))
        try require(position + 4, length: count * elementSize, path: path + " (\(count) elements)")
        try charge(4 + count * elementSize)
        return Vector(start: position + 4, count: count, path: path)
    }

    public func string(_ table: Table, _ id: Int, name: String) throws -> String? {
        guard let vector = try vector(table, id, name: name, elementSize: 1) else { return nil }
        let end = vector.start + vector.count
        guard end < bytes.count, bytes[end] == 0 else {
            throw FlatBufferError.invalidString(path: vector.path, offset: vector.start, reason: "missing NUL terminator")
        }
        return String(decoding: bytes[vector.start..<end], as: UTF8.self)
    }

    public func bytes(_ vector: Vector) -> [UInt8] {
        Array(bytes[vector.start..<(vector.start + vector.count)])
    }

    /// Elements of a scalar vector; `vector` must have been read with `elementSize == MemoryLayout<T>.size`.
    public func scalars<T: FixedWidthInteger>(_ vector: Vector, as type: T.Type) -> [T] {
        let width = MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: vector.count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for i in 0..<vector.count {
                    buffer[i] = T(littleEndian: raw.loadUnaligned(fromByteOffset: vector.start + i * width, as: T.self))
                }
            }
            initialized = vector.count
        }
    }

    public func floats(_ vector: Vector) -> [Float] {
        scalars(vector, as: UInt32.self).map(Float.init(bitPattern:))
    }

    /// The tables of a vector of tables, each checked.
    public func tables(_ vector: Vector) throws -> [Table] {
        var result = [Table]()
        result.reserveCapacity(vector.count)
        for i in 0..<vector.count {
            let elementPath = "\(vector.path)[\(i)]"
            let position = try follow(offsetAt: vector.start + 4 * i, path: elementPath)
            result.append(try table(at: position, path: elementPath))
        }
        return result
    }

    /// Convenience: a vector of tables, or [] when the field is absent.
    public func tables(_ table: Table, _ id: Int, name: String) throws -> [Table] {
        guard let vector = try vector(table, id, name: name, elementSize: 4) else { return [] }
        return try tables(vector)
    }

    public func int32s(_ table: Table, _ id: Int, name: String) throws -> [Int32]? {
        guard let vector = try vector(table, id, name: name, elementSize: 4) else { return nil }
        return scalars(vector, as: Int32.self)
    }

    // MARK: - Checks

    private func require(_ position: Int, length: Int, path: @autoclosure () -> String) throws {
        guard position >= 0, length >= 0, position <= bytes.count, length <= bytes.count - position else {
            throw FlatBufferError.outOfBounds(path: path(), offset: position, length: length, fileSize: bytes.count)
        }
    }

    private func charge(_ work: Int) throws {
        remainingWork -= work
        if remainingWork < 0 { throw FlatBufferError.tooMuchWork(fileSize: bytes.count) }
    }

    /// Caller has checked the bounds.
    private func load<T: FixedWidthInteger>(_ type: T.Type, at position: Int) -> T {
        bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }
}
