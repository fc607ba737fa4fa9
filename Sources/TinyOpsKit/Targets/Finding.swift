/// One thing `tinyops check` found: data, not an error. The CLI turns findings into the
/// report, JSON and the exit code (an `error` finding means the model does not run as is).
public struct Finding: Equatable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        /// The model will not run on this target and runtime as it is.
        case error
        /// It runs, but badly or with a caveat the user should know.
        case warning
        /// Worth knowing; nothing to fix.
        case info

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public let severity: Severity
    /// The operator the finding is about, or nil for the whole model.
    public let opIndex: Int?
    /// A stable identifier for scripts: `unsupported-op`, `float-without-fpu`, `ram-exceeded`, ...
    public let code: String
    /// One line: what and where.
    public let message: String
    /// How to fix it, when there is something to do.
    public let fix: String?

    public init(_ severity: Severity, _ code: String, op opIndex: Int? = nil, _ message: String, fix: String? = nil) {
        self.severity = severity
        self.opIndex = opIndex
        self.code = code
        self.message = message
        self.fix = fix
    }
}
