import Foundation
import Testing
import TinyOpsKit

/// An `.npy` file with a hand-written header dict, padded the way numpy pads.
func npyFile(_ dict: String, version: (UInt8, UInt8) = (1, 0), data: [UInt8] = []) -> [UInt8] {
    let prefix = version.0 == 1 ? 10 : 12
    var header = Array(dict.utf8)
    header += repeatElement(UInt8(ascii: " "), count: 63 - (prefix + header.count) % 64)
    header.append(0x0A)
    var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version.0, version.1]
    for index in 0..<(prefix - 8) { out.append(UInt8(truncatingIfNeeded: header.count >> (8 * index))) }
    return out + header + data
}

/// A deterministic array of `dtype` with `shape`: values that every dtype holds
/// exactly and that differ between neighbours (the numpy tests use the same
/// formulas; int32/uint32 wrap around as numpy's astype does).
func patternArray(_ dtype: NPYDType, shape: [Int]) throws -> NPYArray {
    let count = shape.reduce(1, *)
    let indices = (0..<count).map { Int64($0) }
    switch dtype {
    case .bool: return try NPYArray(indices.map { $0 % 3 == 0 }, shape: shape)
    case .int8: return try NPYArray(indices.map { Int8($0 % 256 - 128) }, shape: shape)
    case .uint8: return try NPYArray(indices.map { UInt8($0 % 256) }, shape: shape)
    case .int16: return try NPYArray(indices.map { Int16($0 * 331 % 65536 - 32768) }, shape: shape)
    case .uint16: return try NPYArray(indices.map { UInt16($0 * 331 % 65536) }, shape: shape)
    case .int32: return try NPYArray(indices.map { Int32(truncatingIfNeeded: $0 * 100_003 - 50_000) }, shape: shape)
    case .uint32: return try NPYArray(indices.map { UInt32(truncatingIfNeeded: $0 * 100_003) }, shape: shape)
    case .int64: return try NPYArray(indices.map { $0 * 1_000_000_007 - 3 }, shape: shape)
    case .uint64: return try NPYArray(indices.map { UInt64($0) * 1_000_000_007 }, shape: shape)
    case .float32: return try NPYArray(indices.map { Float($0) * 0.5 - 3 }, shape: shape)
    case .float64: return try NPYArray(indices.map { Double($0) * 0.25 - 7 }, shape: shape)
    }
}

/// Includes a rank-15 shape whose header would end exactly on a 64-byte
/// boundary, where numpy pads with 64 spaces rather than none.
let testShapes: [[Int]] = [[], [0], [1], [5], [2, 3], [2, 0, 3], [1, 1, 1, 1], [3, 4, 5], [2, 3, 1, 2, 2],
                           [Int](repeating: 1, count: 15), [300, 2], [70000]]

@Suite struct NPYTests {
    @Test(arguments: NPYDType.allCases)
    func roundTripsEveryShape(dtype: NPYDType) throws {
        for shape in testShapes {
            let array = try patternArray(dtype, shape: shape)
            #expect(array.count == shape.reduce(1, *))
            #expect(array.data.count == array.count * dtype.itemSize)
            let bytes = array.npyBytes()
            #expect(bytes.count % 64 == array.data.count % 64, "data starts on a 64-byte boundary")
            let back = try NPYArray(npyBytes: bytes)
            #expect(back == array, "\(dtype) \(shape)")
            #expect(back.npyBytes() == bytes)
            for version in [NPYFormatVersion.v2, .v3] {
                let versioned = array.npyBytes(version: version)
                #expect(versioned[6] == version.major && (versioned.count - array.data.count) % 64 == 0)
                #expect(try NPYArray(npyBytes: versioned) == array)
            }
        }
    }

    @Test func typedViews() throws {
        let floats: [Float] = [0.1, -2, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .infinity, -0.0]
        #expect(try NPYArray(float32: floats, shape: [2, 3]).float32() == floats)
        #expect(try NPYArray(float64: [1.5, -1e300]).float64() == [1.5, -1e300])
        #expect(try NPYArray(int8: [-128, 127]).int8() == [-128, 127])
        #expect(try NPYArray(uint8: [0, 255]).uint8() == [0, 255])
        #expect(try NPYArray(int16: [-32768, 7]).int16() == [-32768, 7])
        #expect(try NPYArray(int32: [.min, .max]).int32() == [.min, .max])
        #expect(try NPYArray(int64: [.min, .max]).int64() == [.min, .max])
        #expect(try NPYArray(bool: [true, false, true]).bool() == [true, false, true])
        #expect(try NPYArray([UInt64.max]).values(as: UInt64.self) == [.max])
        let scalar = try NPYArray(float32: [42], shape: [])
        #expect(scalar.rank == 0 && scalar.count == 1)
        #expect(throws: NPYError.dtypeMismatch(expected: .int32, found: .float32)) { try scalar.int32() }
        #expect(NPYError.dtypeMismatch(expected: .int32, found: .float32).message == "array has dtype float32, expected int32")
        #expect(throws: NPYError.elementCount(expected: 6, found: 5, shape: [2, 3])) {
            try NPYArray(float32: [1, 2, 3, 4, 5], shape: [2, 3])
        }
        #expect(throws: NPYError.negativeDimension([-1])) { try NPYArray(float32: [], shape: [-1]) }
        #expect(throws: NPYError.invalidBool(index: 1, byte: 2)) { try NPYArray(dtype: .bool, shape: [2], data: [1, 2]) }
        #expect(throws: NPYError.dataLength(expected: 8, found: 7, dtype: .float32, shape: [2])) {
            try NPYArray(dtype: .float32, shape: [2], data: [UInt8](repeating: 0, count: 7))
        }
    }

    @Test func goldenHeader() throws {
        let bytes = try NPYArray(float32: [1, 2, 3]).npyBytes()
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"
        var expected: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 118, 0] + Array(dict.utf8)
        expected += repeatElement(UInt8(ascii: " "), count: 127 - expected.count) + [0x0A]
        expected += [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40]
        #expect(bytes == expected)
        // 0-d arrays get no spare room for growth.
        let scalar = try NPYArray(int64: [5], shape: []).npyBytes()
        #expect(String(decoding: scalar[10..<128], as: UTF8.self) ==
            "{'descr': '<i8', 'fortran_order': False, 'shape': (), }" + String(repeating: " ", count: 62) + "\n")
        let rank15 = try NPYArray(float32: [1], shape: [Int](repeating: 1, count: 15)).npyBytes()
        #expect(rank15.count == 10 + 117 + 64 + 1 + 4)
        #expect(rank15[(10 + 117)..<(10 + 117 + 64)].allSatisfy { $0 == 0x20 })
    }

    @Test func headerParsingIsTolerant() throws {
        let data: [UInt8] = [1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]
        let expected = try NPYArray(dtype: .int16, shape: [2, 3], data: data)
        for dict in [
            "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }",
            "{'descr':'<i2','fortran_order':False,'shape':(2,3)}",
            "{ 'shape' : ( 2 , 3 , ) , 'fortran_order' : False , 'descr' : '<i2' }",
            "{\"descr\": \"<i2\", \"fortran_order\": False, \"shape\": (2L, 3L)}",
            "\t{'descr': '<i2',\n 'fortran_order': False,\r\n 'shape': (2, 3),\n}\n",
        ] {
            #expect(try NPYArray(npyBytes: npyFile(dict, data: data)) == expected, "\(dict)")
        }
        #expect(try NPYArray(npyBytes: npyFile("{'descr': '<i2', 'fortran_order': False, 'shape': (6)}", data: data)).shape == [6])
        // Byte order is moot for one-byte types.
        #expect(try NPYArray(npyBytes: npyFile("{'descr': '<u1', 'fortran_order': False, 'shape': (2,)}", data: [1, 2])).dtype == .uint8)
        #expect(try NPYArray(npyBytes: npyFile("{'descr': '>b1', 'fortran_order': False, 'shape': (1,)}", data: [1])).dtype == .bool)
        // Version 2.0 and 3.0 headers, and a v1 header without 64-byte alignment.
        #expect(try NPYArray(npyBytes: npyFile("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", version: (2, 0), data: data)) == expected)
        #expect(try NPYArray(npyBytes: npyFile("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }", version: (3, 0), data: data)) == expected)
        let shortHeader = Array("{'descr': '<i2', 'fortran_order': False, 'shape': (1,)} \n".utf8)
        let unaligned: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(shortHeader.count), 0] + shortHeader + [7, 0]
        #expect(try NPYArray(npyBytes: unaligned).int16() == [7])
    }

    @Test func conversions() throws {
        let doubles = try NPYArray(float64: [0.1, -2, 3e38], shape: [3, 1])
        let floats = try doubles.converted(to: .float32)
        #expect(floats.shape == [3, 1] && floats.dtype == .float32)
        #expect(try floats.float32() == [0.1, -2, 3e38])
        #expect(try NPYArray(int64: [0, 1, -5]).converted(to: .int32).int32() == [0, 1, -5])
        #expect(try NPYArray(float64: [2, -7]).converted(to: .int8).int8() == [2, -7])
        #expect(try NPYArray(int64: [Int64(1) << 40 + 1]).converted(to: .float32).float32() == [Float(1 << 40)])
        #expect(try NPYArray(bool: [true, false]).converted(to: .float32).float32() == [1, 0])
        #expect(try NPYArray(int32: [1, 0]).converted(to: .bool).bool() == [true, false])
        #expect(try NPYArray(float32: [.nan]).converted(to: .float64).float64()[0].isNaN)
        #expect(try NPYArray([UInt64.max]).converted(to: .float64).float64() == [18446744073709551615.0])
        #expect(throws: NPYError.lossyConversion(index: 1, value: "2.5", from: .float64, to: .int32)) {
            try NPYArray(float64: [1, 2.5]).converted(to: .int32)
        }
        #expect(throws: NPYError.lossyConversion(index: 0, value: "300", from: .int64, to: .int8)) {
            try NPYArray(int64: [300]).converted(to: .int8)
        }
        #expect(throws: NPYError.lossyConversion(index: 0, value: "-1", from: .int32, to: .uint8)) {
            try NPYArray(int32: [-1]).converted(to: .uint8)
        }
        #expect(throws: NPYError.lossyConversion(index: 0, value: "1e+39", from: .float64, to: .float32)) {
            try NPYArray(float64: [1e39]).converted(to: .float32)
        }
        #expect(throws: NPYError.lossyConversion(index: 0, value: "2", from: .int8, to: .bool)) {
            try NPYArray(int8: [2]).converted(to: .bool)
        }
        #expect(NPYError.lossyConversion(index: 1, value: "2.5", from: .float64, to: .int32).message ==
            "element 1 (2.5) cannot be converted from float64 to int32 exactly")
    }

    @Test func files() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let array = try patternArray(.float32, shape: [4, 5])
        try array.write(to: directory + "/x.npy")
        #expect(try NPYArray(contentsOf: directory + "/x.npy") == array)
        try AtomicFile.write([1, 2, 3], to: directory + "/bad.npy")
        do {
            _ = try NPYArray(contentsOf: directory + "/bad.npy")
            Issue.record("expected an error")
        } catch let error as FileError {
            #expect(error.message == "\(directory)/bad.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)")
        }
        #expect(throws: FileSystemError.noSuchFile(path: directory + "/y.npy")) { try NPYArray(contentsOf: directory + "/y.npy") }
    }

    @Test func largeArraysConvertQuickly() throws {
        let values = (0..<4_000_000).map { Float($0) }
        let start = ContinuousClock.now
        let array = try NPYArray(float32: values, shape: [1000, 4000])
        let back = try NPYArray(npyBytes: array.npyBytes()).float32()
        let elapsed = ContinuousClock.now - start
        #expect(back == values)
        // memcpy-based: a few copies of 16 MB, far below a per-element loop in debug.
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }
}
