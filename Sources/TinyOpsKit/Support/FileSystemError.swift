#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be read or written. Every case names the path; the
/// common causes get their own case and wording, the rest keep the system's
/// text (`strerror`).
public enum FileSystemError: UserFacingError, Equatable {
    case noSuchFile(path: String)
    /// The directory that should hold a new file does not exist.
    case noSuchDirectory(path: String)
    case isDirectory(path: String)
    case permissionDenied(path: String, operation: FileOperation)
    case failed(path: String, operation: FileOperation, errno: Int32)

    public var path: String {
        switch self {
        case .noSuchFile(let path), .noSuchDirectory(let path), .isDirectory(let path),
             .permissionDenied(let path, _), .failed(let path, _, _):
            return path
        }
    }

    public var message: String {
        switch self {
        case .noSuchFile(let path):
            return "\(path): no such file"
        case .noSuchDirectory(let path):
            return "\(path): cannot write: the directory does not exist"
        case .isDirectory(let path):
            return "\(path): is a directory, expected a file"
        case .permissionDenied(let path, let operation):
            return "\(path): permission denied (cannot \(operation.rawValue))"
        case .failed(let path, let operation, let code):
            return "\(path): cannot \(operation.rawValue): \(String(cString: strerror(code)))"
        }
    }

    public var hint: String? {
        switch self {
        case .noSuchDirectory: return "create the directory first"
        default: return nil
        }
    }

    /// Maps an `errno` from `operation` on `path` to the clearest case.
    static func from(errno code: Int32, path: String, operation: FileOperation) -> FileSystemError {
        switch code {
        case ENOENT: return operation == .read ? .noSuchFile(path: path) : .noSuchDirectory(path: path)
        case EISDIR: return .isDirectory(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path, operation: operation)
        default: return .failed(path: path, operation: operation, errno: code)
        }
    }
}

public enum FileOperation: String, Sendable {
    case read
    case write
}
