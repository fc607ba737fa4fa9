import Testing
import TinyOpsKit

@Suite struct NPYMalformedTests {
    private let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }"
    private let data: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]

    private func error(_ bytes: [UInt8]) -> NPYError? {
        do { _ = try NPYArray(npyBytes: bytes); return nil } catch { return error }
    }

    private func headerError(_ dict: String, data: [UInt8] = []) -> NPYError? {
        error(npyFile(dict, data: data))
    }

    @Test func magicAndVersion() {
        #expect(error([]) == .truncatedHeader(needed: 10, found: 0))
        #expect(error(Array("hello world".utf8)) == .badMagic(looksLikeZip: false))
        #expect(error([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0]) == .badMagic(looksLikeZip: true))
        #expect(NPYError.badMagic(looksLikeZip: true).hint?.contains(".npz") == true)
        var file = npyFile(dict, data: data)
        file[6] = 4
        #expect(error(file) == .unsupportedVersion(major: 4, minor: 0))
        #expect(NPYError.unsupportedVersion(major: 4, minor: 0).message ==
            "unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)")
        file[6] = 1
        file[7] = 1
        #expect(error(file) == .unsupportedVersion(major: 1, minor: 1))
    }

    @Test func headerLengthBeyondTheFile() {
        var file = npyFile(dict, data: data)
        file[9] = 0x10  // header length 0x1076
        #expect(error(file) == .truncatedHeader(needed: 10 + 0x1076, found: file.count))
        #expect(NPYError.truncatedHeader(needed: 4214, found: 136).message ==
            "file is truncated: the header needs 4214 bytes, the file has 136")
    }

    @Test(arguments: [
        ("", "malformed .npy header: expected '{' at the start, found the end of the header"),
        ("['descr']", "malformed .npy header: expected '{' at the start, found '['"),
        ("{descr: '<f4'}", "malformed .npy header: expected a quoted key, found 'd'"),
        ("{'descr' '<f4'}", "malformed .npy header: expected ':' after key 'descr', found '''"),
        ("{'descr': '<f4' 'shape': (2,)}", "malformed .npy header: expected ',' or '}' after the value of 'descr', found '''"),
        ("{'descr': '<f4', 'fortran_order': False}", "malformed .npy header: missing key 'shape'"),
        ("{'fortran_order': False, 'shape': (2,)}", "malformed .npy header: missing key 'descr'"),
        ("{'descr': '<f4', 'shape': (2,)}", "malformed .npy header: missing key 'fortran_order'"),
        ("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", "malformed .npy header: duplicate key 'descr'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "malformed .npy header: unexpected key 'extra'"),
        ("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "malformed .npy header: 'fortran_order' must be True or False"),
        ("{'descr': <f4, 'fortran_order': False, 'shape': (2,)}", "malformed .npy header: expected a quoted dtype for 'descr', found '<'"),
        ("{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "malformed .npy header: expected ',' or '}' after the value of 'descr', found 'f'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", "malformed .npy header: expected '(' to start the 'shape' tuple, found '['"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2 3)}", "malformed .npy header: expected ')' or ',' in the 'shape' tuple, found '3'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (,)}", "malformed .npy header: expected an integer in the 'shape' tuple, found ','"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2.0,)}", "malformed .npy header: expected ')' or ',' in the 'shape' tuple, found '.'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "malformed .npy header: a dimension in 'shape' does not fit in 64 bits"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "malformed .npy header: unexpected 'x' after the closing '}'"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "malformed .npy header: expected ',' or '}' after the value of 'shape', found the end of the header"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "shape (-2,) has a negative dimension"),
        ("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}", "unsupported dtype '<c8'"),
        ("{'descr': '<f2', 'fortran_order': False, 'shape': (2,)}", "unsupported dtype '<f2'"),
        ("{'descr': 'float32', 'fortran_order': False, 'shape': (2,)}", "unsupported dtype 'float32'"),
        ("{'descr': '|f4', 'fortran_order': False, 'shape': (2,)}", "unsupported dtype '|f4'"),
        ("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,)}", "unsupported dtype 'structured dtype (a list of fields)'"),
        ("{'descr': '>f4', 'fortran_order': False, 'shape': (2,)}", "big-endian dtype '>f4' is not supported"),
        ("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2)}", "Fortran-ordered arrays (fortran_order: True) are not supported"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", "shape (4611686018427387904, 4) is too large"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,)}", "shape (4611686018427387904,) is too large"),
    ])
    func badHeaders(dict: String, message: String) {
        #expect(headerError(dict, data: data)?.message == message)
    }

    @Test func hints() {
        #expect(headerError("{'descr': '>f4', 'fortran_order': False, 'shape': (2,)}")?.hint ==
            "convert with a.astype('<f4') before np.save")
        #expect(headerError("{'descr': '<f4', 'fortran_order': True, 'shape': (2,)}")?.hint == "save np.ascontiguousarray(a) instead")
        #expect(headerError("{'descr': '<c8', 'fortran_order': False, 'shape': (2,)}")?.hint?.hasPrefix("supported dtypes: |b1, |i1") == true)
    }

    @Test func dataLengthMustMatchTheShape() {
        #expect(error(npyFile(dict, data: Array(data.dropLast()))) ==
            .dataLength(expected: 8, found: 7, dtype: .float32, shape: [2]))
        #expect(error(npyFile(dict, data: data + [0])) == .dataLength(expected: 8, found: 9, dtype: .float32, shape: [2]))
        let short = NPYError.dataLength(expected: 48, found: 10, dtype: .float32, shape: [3, 4])
        #expect(short.message == "data is 10 bytes, but shape (3, 4) of float32 needs 48 bytes")
        #expect(short.hint == "the file may be truncated")
        #expect(error(npyFile("{'descr': '|b1', 'fortran_order': False, 'shape': (3,)}", data: [0, 1, 7])) ==
            .invalidBool(index: 2, byte: 7))
    }

    /// Every proper prefix of a valid file is an error, never a crash.
    @Test func truncationAtEveryLength() throws {
        for array in [try patternArray(.int16, shape: [2, 3]), try patternArray(.float64, shape: []),
                      try patternArray(.uint8, shape: [0])] {
            for version in [NPYFormatVersion.v1, .v2] {
                let file = array.npyBytes(version: version)
                for length in 0..<file.count {
                    #expect(throws: NPYError.self, "length \(length)") { try NPYArray(npyBytes: Array(file[..<length])) }
                }
                #expect(try NPYArray(npyBytes: file) == array)
            }
        }
    }

    /// Random corruption of a valid file: an array or an `NPYError`, no crash.
    @Test func corruptedBytes() throws {
        let file = try patternArray(.int32, shape: [3, 2]).npyBytes()
        for seed in UInt64(0)..<3000 {
            var generator = SeededGenerator(seed: seed)
            var bytes = file
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] = Bool.random(using: &generator)
                    ? UInt8.random(in: 0...255, using: &generator)
                    : Array("{}()',:-0123456789L \n".utf8).randomElement(using: &generator)!
            }
            do {
                _ = try NPYArray(npyBytes: bytes)
            } catch {
                #expect(!error.message.isEmpty, "seed \(seed)")
            }
        }
    }
}
