/// An error whose message is written for the person at the terminal.
///
/// Every error the library throws conforms: the CLI prints `message` as a single line
/// (prefixed with `tinyops: error: `), then `hint` if there is one, and exits with `exitCode`.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {
    /// One line naming the file or value and the problem.
    var message: String { get }
    /// An optional suggestion for fixing the problem.
    var hint: String? { get }
}

extension UserFacingError {
    public var hint: String? { nil }
    public var description: String { message }
}

/// A problem with one file: wraps the underlying reason and prefixes the path.
public struct FileError: UserFacingError {
    public let path: String
    public let reason: any UserFacingError

    public init(path: String, reason: any UserFacingError) {
        self.path = path
        self.reason = reason
    }

    public var message: String { "\(path): \(reason.message)" }
    public var hint: String? { reason.hint }
}
