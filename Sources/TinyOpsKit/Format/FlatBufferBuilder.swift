/// Builds a FlatBuffer back to front, the way the reference builder does: children are
/// written before the objects that refer to them, so every unsigned offset points forward.
///
/// Positions returned while building (`FlatBufferBuilder.Offset`) count bytes from the END
/// of the buffer, because the start is not known until `finish`. The final buffer's size is
/// padded to a multiple of the largest alignment requested, so an alignment measured from
/// the end is also an alignment measured from the start (this is what makes `Buffer.data`
/// 16-byte aligned in the file).
///
/// Output is deterministic: the same sequence of calls gives the same bytes.
public struct FlatBufferBuilder {
    /// An object already written, as its distance from the end of the buffer.
    public struct Offset: Hashable, Sendable {
        public let value: Int
    }

    /// Bytes live in `storage[head...]`; growing copies them to the end of a larger array.
    private var storage: [UInt8]
    private var head: Int
    private var minAlign = 1
    /// Field positions (as `Offset`s) of the table being built, indexed by field id.
    private var tableFields: [Int] = []
    private var tableStart: Int?
    /// Vtables already written, for de-duplication (the reference builder shares them too).
    private var vtableCache: [[UInt8]: Int] = [:]

    public init(capacity: Int = 1024) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
        head = storage.count
    }

    /// Bytes written so far.
    public var size: Int { storage.count - head }

    // MARK: - Raw writing

    private mutating func reserve(_ count: Int) {
        if head >= count { return }
        let used = size
        var newCapacity = storage.count * 2
        while newCapacity - used < count { newCapacity *= 2 }
        var grown = [UInt8](repeating: 0, count: newCapacity)
        let newHead = newCapacity - used
        grown.withUnsafeMutableBytes { dst in
            storage.withUnsafeBytes { src in
                dst.baseAddress!.advanced(by: newHead)
                    .copyMemory(from: src.baseAddress!.advanced(by: head), byteCount: used)
            }
        }
        storage = grown
        head = newHead
    }

    private mutating func pad(_ count: Int) {
        reserve(count)
        for _ in 0..<count {
            head -= 1
            storage[head] = 0
        }
    }

    /// Pads so that after `additional` more bytes the size is a multiple of `alignment`.
    private mutating func prepare(alignment: Int, additional: Int) {
        minAlign = max(minAlign, alignment)
        let padding = (alignment - ((size + additional) % alignment)) % alignment
        pad(padding)
    }

    private mutating func pushLittleEndian<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        reserve(width)
        head -= width
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes in
            for i in 0..<width { storage[head + i] = bytes[i] }
        }
    }

    private mutating func push<T: FixedWidthInteger>(_ value: T) {
        prepare(alignment: MemoryLayout<T>.size, additional: 0)
        pushLittleEndian(value)
    }

    private mutating func push(_ value: Float) { push(value.bitPattern) }

    /// Writes a reference to `target` at the current position (after aligning to 4).
    private mutating func pushOffset(_ target: Offset) {
        prepare(alignment: 4, additional: 0)
        precondition(target.value <= size, "FlatBufferBuilder: offset refers to an object not yet written")
        pushLittleEndian(UInt32(size - target.value + 4))
    }

    // MARK: - Strings and vectors

    public mutating func createString(_ string: String) -> Offset {
        let utf8 = Array(string.utf8)
        prepare(alignment: 4, additional: utf8.count + 1)
        pad(1)  // NUL terminator
        appendRaw(utf8)
        pushLittleEndian(UInt32(utf8.count))
        return Offset(value: size)
    }

    /// A vector of bytes whose first element is aligned to `alignment` in the final buffer.
    public mutating func createByteVector(_ bytes: [UInt8], alignment: Int = 1) -> Offset {
        prepare(alignment: 4, additional: bytes.count)
        prepare(alignment: alignment, additional: bytes.count)
        appendRaw(bytes)
        pushLittleEndian(UInt32(bytes.count))
        return Offset(value: size)
    }

    public mutating func createVector<T: FixedWidthInteger>(_ values: [T]) -> Offset {
        let width = MemoryLayout<T>.size
        prepare(alignment: 4, additional: values.count * width)
        prepare(alignment: width, additional: values.count * width)
        for value in values.reversed() { pushLittleEndian(value) }
        pushLittleEndian(UInt32(values.count))
        return Offset(value: size)
    }

    public mutating func createVector(_ values: [Float]) -> Offset {
        createVector(values.map(\.bitPattern))
    }

    public mutating func createVector(offsets: [Offset]) -> Offset {
        prepare(alignment: 4, additional: offsets.count * 4)
        for offset in offsets.reversed() { pushOffset(offset) }
        pushLittleEndian(UInt32(offsets.count))
        return Offset(value: size)
    }

    private mutating func appendRaw(_ bytes: [UInt8]) {
        reserve(bytes.count)
        head -= bytes.count
        storage.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                guard let base = src.baseAddress, !bytes.isEmpty else { return }
                dst.baseAddress!.advanced(by: head).copyMemory(from: base, byteCount: bytes.count)
            }
        }
    }

    // MARK: - Tables

    public mutating func startTable() {
        precondition(tableStart == nil, "FlatBufferBuilder: tables cannot nest; finish the child first")
        tableFields.removeAll(keepingCapacity: true)
        tableStart = size
    }

    private mutating func recordField(_ id: Int) {
        if tableFields.count <= id { tableFields.append(contentsOf: repeatElement(0, count: id + 1 - tableFields.count)) }
        tableFields[id] = size
    }

    /// Adds a scalar field unless it equals the schema default (absent fields read as the default).
    public mutating func add<T: FixedWidthInteger>(_ id: Int, _ value: T, default defaultValue: T = 0) {
        guard value != defaultValue else { return }
        push(value)
        recordField(id)
    }

    public mutating func add(_ id: Int, _ value: Bool, default defaultValue: Bool = false) {
        guard value != defaultValue else { return }
        push(UInt8(value ? 1 : 0))
        recordField(id)
    }

    public mutating func add(_ id: Int, _ value: Float, default defaultValue: Float = 0) {
        guard value.bitPattern != defaultValue.bitPattern else { return }
        push(value)
        recordField(id)
    }

    public mutating func add(_ id: Int, _ offset: Offset?) {
        guard let offset else { return }
        pushOffset(offset)
        recordField(id)
    }

    public mutating func endTable() -> Offset {
        guard let start = tableStart else { preconditionFailure("FlatBufferBuilder: endTable without startTable") }
        push(Int32(0))  // placeholder for the signed offset to the vtable
        let tableOffset = size
        var fieldCount = tableFields.count
        while fieldCount > 0 && tableFields[fieldCount - 1] == 0 { fieldCount -= 1 }

        // vtable: [vtable bytes, table bytes, field offset...], each uint16 little-endian.
        var vtable = [UInt8]()
        vtable.reserveCapacity(4 + 2 * fieldCount)
        func appendUInt16(_ v: Int) {
            vtable.append(UInt8(v & 0xFF))
            vtable.append(UInt8(v >> 8))
        }
        appendUInt16(4 + 2 * fieldCount)
        appendUInt16(tableOffset - start)
        for id in 0..<fieldCount {
            let field = tableFields[id]
            appendUInt16(field == 0 ? 0 : tableOffset - field)
        }

        let vtableOffset: Int
        if let existing = vtableCache[vtable] {
            vtableOffset = existing
        } else {
            appendRaw(vtable)
            vtableOffset = size
            vtableCache[vtable] = vtableOffset
        }
        // The table stores (table address - vtable address) = vtableOffset - tableOffset.
        let patched = Int32(vtableOffset - tableOffset).littleEndian
        let position = storage.count - tableOffset
        withUnsafeBytes(of: patched) { bytes in
            for i in 0..<4 { storage[position + i] = bytes[i] }
        }
        tableStart = nil
        return Offset(value: tableOffset)
    }

    // MARK: - Finishing

    /// Writes the root offset and the 4-byte file identifier, and returns the finished bytes.
    public mutating func finish(root: Offset, fileIdentifier: String) -> [UInt8] {
        let identifier = Array(fileIdentifier.utf8)
        precondition(identifier.count == 4, "FlatBufferBuilder: file identifier must be 4 bytes")
        prepare(alignment: max(minAlign, 4), additional: 8)
        appendRaw(identifier)
        pushOffset(root)
        return Array(storage[head...])
    }
}
