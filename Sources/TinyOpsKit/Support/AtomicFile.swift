import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see the old contents or the new, never a
/// half-written file, even if the process dies mid-write.
public enum AtomicFile {
    /// Writes `bytes` to a temporary file in the same directory as `path`,
    /// flushes it to disk, then renames it over `path` (a rename within one
    /// file system is atomic). The temporary file is removed on failure.
    ///
    /// The new file gets mode `permissions` (0666 unless given) minus the umask, like a
    /// freshly created file; an existing file's mode is not kept. Secrets pass 0o600: the
    /// file never exists with wider permissions, not even as the temporary file. Throws
    /// `FileSystemError` naming `path` (or the temporary file, for errors while writing it).
    public static func write(
        _ bytes: [UInt8], to path: String, permissions: mode_t = 0o666
    ) throws(FileSystemError) {
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw .from(errno: errno, path: path, operation: .write) }
        var succeeded = false
        defer { if !succeeded { unlink(temporary) } }

        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = writeDescriptor(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else { throw .from(errno: failure, path: path, operation: .write) }
        guard rename(temporary, path) == 0 else { throw .from(errno: errno, path: path, operation: .write) }
        succeeded = true
    }

    public static func write(_ data: Data, to path: String) throws(FileSystemError) {
        try write([UInt8](data), to: path)
    }

    /// `.<name>.tmp-<random>` next to `path`: hidden, and unique so that
    /// concurrent writers of one path do not share a temporary file.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(directory).\(name).tmp-\(random)"
    }
}

/// `write(2)`, reachable inside `AtomicFile` whose `write` shadows it.
private func writeDescriptor(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
