import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a whole directory (a dataset, a deploy bundle) so that a failed or interrupted run
/// leaves no partial output and keeps what was there before.
///
/// The contents are written into a fresh hidden directory next to the destination
/// (`.<name>.tmp-<random>`), which is then renamed into place. When the destination already
/// exists, it is first renamed aside (`.<name>.old-<random>`), and removed only after the new
/// directory is in place; if that second rename fails, the old one is renamed back. (Linux
/// has no portable atomic directory swap reachable from Swift, so there is a moment between
/// the two renames when the destination is absent; an interruption there leaves the old
/// contents in the `.old` directory.)
public enum AtomicDirectory {
    /// Creates the temporary directory, calls `fill` with its path, and moves it to `path`.
    /// On any error from `fill` or the moves, the temporary directory is removed, `path` is
    /// as it was, and the error is rethrown.
    public static func write(to path: String, _ fill: (String) throws -> Void) throws {
        let temporary = sibling(of: path, tag: "tmp")
        guard mkdir(temporary, 0o777) == 0 else {
            throw FileSystemError.from(errno: errno, path: path, operation: .write)
        }
        var placed = false
        defer { if !placed { removeTree(temporary) } }
        try fill(temporary)

        var info = stat()
        if lstat(path, &info) == 0 {
            let aside = sibling(of: path, tag: "old")
            guard rename(path, aside) == 0 else { throw FileSystemError.from(errno: errno, path: path, operation: .write) }
            guard rename(temporary, path) == 0 else {
                let code = errno
                _ = rename(aside, path)
                throw FileSystemError.from(errno: code, path: path, operation: .write)
            }
            placed = true
            removeTree(aside)
        } else {
            guard rename(temporary, path) == 0 else { throw FileSystemError.from(errno: errno, path: path, operation: .write) }
            placed = true
        }
        syncDirectory(parent(of: path))
    }

    /// `<parent>/.<name>.<tag>-<random>`.
    static func sibling(of path: String, tag: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/")
        let directory = slash.map { String(trimmed[...$0]) } ?? ""
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        return "\(directory).\(name).\(tag)-\(random)"
    }

    static func parent(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Deletes a directory tree, ignoring errors (used only on our own temporary directories).
    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Makes the renames durable. Failure is not an error: the data files were synced.
    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}
