import Testing
@testable import TinyOpsKit

@Suite struct FlatBufferTests {
    /// A table { 0: int32 = 7, 1: string, 2: [int16], 3: subtable { 0: bool } } under identifier "TEST".
    private func sampleBuffer() -> [UInt8] {
        var fb = FlatBufferBuilder(capacity: 8)  // tiny capacity exercises growth
        fb.startTable()
        fb.add(0, true)
        let child = fb.endTable()
        let name = fb.createString("hello")
        let numbers = fb.createVector([Int16(1), -2, 300])
        fb.startTable()
        fb.add(0, Int32(7))
        fb.add(1, name)
        fb.add(2, numbers)
        fb.add(3, child)
        let root = fb.endTable()
        return fb.finish(root: root, fileIdentifier: "TEST")
    }

    @Test func roundTripsScalarsStringsVectorsAndTables() throws {
        let bytes = sampleBuffer()
        let fb = FlatBufferReader(bytes: bytes)
        let root = try fb.root(fileIdentifier: "TEST", rootName: "Root")
        #expect(try fb.scalar(root, 0) as Int32 == 7)
        #expect(try fb.string(root, 1, name: "name") == "hello")
        let vector = try #require(try fb.vector(root, 2, name: "numbers", elementSize: 2))
        #expect(fb.scalars(vector, as: Int16.self) == [1, -2, 300])
        let child = try #require(try fb.table(root, 3, name: "child"))
        #expect(try fb.bool(child, 0) == true)
        // Absent fields read as their default.
        #expect(try fb.scalar(root, 9, default: Int32(42)) == 42)
        #expect(try fb.string(root, 9, name: "missing") == nil)
    }

    @Test func defaultValuesAreNotWritten() throws {
        var fb = FlatBufferBuilder()
        fb.startTable()
        fb.add(0, Int32(0))
        fb.add(1, Int32(5), default: 5)
        let root = fb.endTable()
        let bytes = fb.finish(root: root, fileIdentifier: "TEST")
        let reader = FlatBufferReader(bytes: bytes)
        let table = try reader.root(fileIdentifier: "TEST", rootName: "Root")
        #expect(try reader.hasField(table, 0) == false)
        #expect(try reader.hasField(table, 1) == false)
    }

    @Test func identicalVTablesAreShared() {
        func size(tables: Int) -> Int {
            var fb = FlatBufferBuilder()
            for i in 0..<tables {
                fb.startTable()
                fb.add(0, Int32(i + 1))
                _ = fb.endTable()
            }
            return fb.size
        }
        // Each further table costs its 8 bytes (vtable offset + field) and no new vtable.
        #expect(size(tables: 20) - size(tables: 10) == 10 * 8)
    }

    @Test func alignedByteVectorsStartOnTheirAlignmentInTheFinishedBuffer() throws {
        for count in [1, 3, 16, 17, 100] {
            var fb = FlatBufferBuilder()
            let pad = fb.createString(String(repeating: "x", count: count))  // shifts everything
            let data = fb.createByteVector([UInt8](repeating: 0xAB, count: count), alignment: 16)
            fb.startTable()
            fb.add(0, pad)
            fb.add(1, data)
            let root = fb.endTable()
            let bytes = fb.finish(root: root, fileIdentifier: "TEST")
            let reader = FlatBufferReader(bytes: bytes)
            let table = try reader.root(fileIdentifier: "TEST", rootName: "Root")
            let vector = try #require(try reader.vector(table, 1, name: "data", elementSize: 1))
            #expect(vector.start % 16 == 0, "count \(count): data at \(vector.start)")
            #expect(bytes.count % 16 == 0)
        }
    }

    @Test func rejectsWrongIdentifierAndTinyBuffers() {
        let bytes = sampleBuffer()
        #expect(throws: FlatBufferError.wrongIdentifier(expected: "TFL3", found: Array("TEST".utf8))) {
            try FlatBufferReader(bytes: bytes).root(fileIdentifier: "TFL3", rootName: "Model")
        }
        #expect(throws: FlatBufferError.tooSmall(size: 3)) {
            try FlatBufferReader(bytes: [1, 2, 3]).root(fileIdentifier: "TEST", rootName: "Root")
        }
    }

    @Test func everyTruncationFailsCleanly() {
        let bytes = sampleBuffer()
        for length in 0..<bytes.count {
            let reader = FlatBufferReader(bytes: Array(bytes[0..<length]))
            let result = Result { () throws -> Bool in
                let root = try reader.root(fileIdentifier: "TEST", rootName: "Root")
                _ = try reader.string(root, 1, name: "name")
                _ = try reader.vector(root, 2, name: "numbers", elementSize: 2)
                let child = try reader.table(root, 3, name: "child")
                return try child.map { try reader.bool($0, 0) } ?? false
            }
            if case .success = result { Issue.record("truncated to \(length) bytes still decoded") }
        }
    }

    @Test func rootOffsetPastTheEndIsReported() throws {
        var bytes = sampleBuffer()
        bytes[0] = 0xFF
        bytes[1] = 0xFF
        let error = try #require(throws: FlatBufferError.self) {
            try FlatBufferReader(bytes: bytes).root(fileIdentifier: "TEST", rootName: "Root")
        }
        #expect(error.message.contains("Root at byte"))
    }

    @Test func sharedVectorsCannotMultiplyDecodingWork() throws {
        // 2000 tables all pointing at one 64 KB vector: a legal flatbuffer, but decoding every
        // table's vector would read 128 MB. The work budget stops it.
        var fb = FlatBufferBuilder()
        let big = fb.createByteVector([UInt8](repeating: 1, count: 65536))
        var tables = [FlatBufferBuilder.Offset]()
        for _ in 0..<2000 {
            fb.startTable()
            fb.add(0, big)
            tables.append(fb.endTable())
        }
        let list = fb.createVector(offsets: tables)
        fb.startTable()
        fb.add(0, list)
        let root = fb.endTable()
        let bytes = fb.finish(root: root, fileIdentifier: "TEST")
        let reader = FlatBufferReader(bytes: bytes)
        #expect(throws: FlatBufferError.tooMuchWork(fileSize: bytes.count)) {
            let rootTable = try reader.root(fileIdentifier: "TEST", rootName: "Root")
            for table in try reader.tables(rootTable, 0, name: "items") {
                _ = try reader.vector(table, 0, name: "data", elementSize: 1)
            }
        }
    }
}
