import Foundation
import Testing
import TinyOpsKit

@Suite struct FileTests {
    @Test func atomicWriteCreatesAndReplaces() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        #expect(try FileBytes.read(path) == [1, 2, 3])
        try AtomicFile.write(Data([9]), to: path)
        #expect(try FileBytes.read(path) == [9])
        try AtomicFile.write([], to: path)
        #expect(try FileBytes.read(path) == [])
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.bin"])
    }

    @Test func readsLargeFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes, to: directory + "/big")
        #expect(try FileBytes.read(directory + "/big") == bytes)
    }

    @Test func clearErrors() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: FileSystemError.noSuchFile(path: directory + "/nope")) { try FileBytes.read(directory + "/nope") }
        #expect(throws: FileSystemError.isDirectory(path: directory)) { try FileBytes.read(directory) }
        #expect(throws: FileSystemError.noSuchDirectory(path: directory + "/missing/x")) {
            try AtomicFile.write([1], to: directory + "/missing/x")
        }
        #expect(throws: FileSystemError.isDirectory(path: directory)) { try AtomicFile.write([1], to: directory) }
        #expect(FileSystemError.noSuchFile(path: "data/x.npy").message == "data/x.npy: no such file")
        #expect(FileSystemError.isDirectory(path: "data").message == "data: is a directory, expected a file")
        #expect(FileSystemError.failed(path: "f", operation: .write, errno: 28).message == "f: cannot write: No space left on device")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test(.enabled(if: getuid() != 0, "running as root: permissions are not enforced"))
    func permissionDenied() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/secret"
        try AtomicFile.write([1], to: path)
        chmod(path, 0)
        #expect(throws: FileSystemError.permissionDenied(path: path, operation: .read)) { try FileBytes.read(path) }
        #expect(FileSystemError.permissionDenied(path: path, operation: .read).message == "\(path): permission denied (cannot read)")
        chmod(directory, 0o500)
        defer { chmod(directory, 0o700) }
        #expect(throws: FileSystemError.permissionDenied(path: directory + "/new", operation: .write)) {
            try AtomicFile.write([1], to: directory + "/new")
        }
    }

    @Test func jsonFiles() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/tinyops.json"
        let value: JSONValue = ["train": ["epochs": 3]]
        try value.write(to: path)
        #expect(String(decoding: try FileBytes.read(path), as: UTF8.self) == "{\n  \"train\": {\n    \"epochs\": 3\n  }\n}\n")
        #expect(try JSONValue(contentsOf: path) == value)

        try AtomicFile.write(Array("{\n  \"a\": 1\n  \"b\": 2\n}".utf8), to: path)
        do {
            _ = try JSONValue(contentsOf: path)
            Issue.record("expected an error")
        } catch let error as FileError {
            #expect(error.message == "\(path): line 3, column 3: expected ',' or '}' after object member, found '\"'")
        }
        #expect(throws: FileError.self) { try JSONValue.number(.nan).write(to: path) }
        #expect(throws: FileSystemError.noSuchFile(path: directory + "/none.json")) {
            try JSONValue(contentsOf: directory + "/none.json")
        }
    }
}
