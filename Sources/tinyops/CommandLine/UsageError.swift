/// Something wrong with the command line itself. The shell prints it as one line,
/// `tinyops: error: <message>; see 'tinyops <command> --help'`, and exits with 2.
///
/// Options are named as typed (`--out`, `-o`), arguments as `<model>`.
enum UsageError: Error, Equatable, Sendable {
    /// A word that names no subcommand, with the closest one when it is close enough.
    case unknownCommand(String, suggestion: String?)
    /// An option the command does not declare, with the closest one when it is close enough.
    case unknownOption(String, suggestion: String?)
    /// A value option at the end of the line or followed by another option: `--out <path>`.
    case missingValue(option: String)
    /// A flag written with a value: `--json=yes`.
    case unexpectedValue(option: String)
    /// A value that does not parse or is out of range; `expected` completes
    /// "expected …": `an integer`, `a size such as 256K or 1M`, `one of: int8, float`.
    case invalidValue(name: String, value: String, expected: String)
    /// A required positional argument that was not given: `<model>`.
    case missingArgument(String)
    /// A required option that was not given: `--target <name>`.
    case missingOption(String)
    /// A positional argument beyond those the command takes.
    case unexpectedArgument(String)
    /// Two options that cannot be used together; commands throw it from `init`.
    case conflictingOptions(String, String)
    /// An option that only means something with another one: `--qat-epochs` without `--qat`.
    case requiresOption(String, String)

    /// The problem, in one line, without the `tinyops: error:` prefix or the help pointer.
    var message: String {
        switch self {
        case .unknownCommand(let name, let suggestion):
            "unknown command '\(name)'" + Self.didYouMean(suggestion)
        case .unknownOption(let name, let suggestion):
            "unknown option '\(name)'" + Self.didYouMean(suggestion)
        case .missingValue(let option):
            "missing value for '\(option)'"
        case .unexpectedValue(let option):
            "option '\(option)' does not take a value"
        case .invalidValue(let name, let value, let expected):
            "invalid value '\(value)' for '\(name)': expected \(expected)"
        case .missingArgument(let label):
            "missing argument '\(label)'"
        case .missingOption(let option):
            "missing option '\(option)'"
        case .unexpectedArgument(let value):
            "unexpected argument '\(value)'"
        case .conflictingOptions(let first, let second):
            "options '\(first)' and '\(second)' cannot be used together"
        case .requiresOption(let option, let required):
            "option '\(option)' needs '\(required)'"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}

/// A usage error and the command whose help it points to: `["tinyops", "inspect"]`.
struct LocatedUsageError: Error, Equatable, Sendable {
    let error: UsageError
    let commandPath: [String]

    /// The line printed on stderr, after `tinyops: error: `.
    var line: String {
        "\(error.message); see '\(commandPath.joined(separator: " ")) --help'"
    }
}
