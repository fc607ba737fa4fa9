#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with errors that name the path and the cause.
public enum FileBytes {
    /// The contents of the file at `path`.
    ///
    /// Throws `FileSystemError`: `.noSuchFile`, `.isDirectory`,
    /// `.permissionDenied`, or `.failed` with the system's reason.
    public static func read(_ path: String) throws(FileSystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .from(errno: errno, path: path, operation: .read) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .from(errno: errno, path: path, operation: .read) }
        // Opening a directory read-only succeeds on Linux; reading it fails later.
        guard info.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory(path: path) }

        // st_size is a hint (it is 0 for /proc files and pipes): read to EOF.
        var bytes = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096))) }
            let result = bytes.withUnsafeMutableBytes { buffer in
                readDescriptor(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .from(errno: errno, path: path, operation: .read)
            }
            if result == 0 { break }
            count += result
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

/// `read(2)`, reachable inside `FileBytes` whose `read` shadows it.
private func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
