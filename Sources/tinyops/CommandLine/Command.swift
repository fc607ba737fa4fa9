/// How a `tinyops` process ends (DESIGN.md, "Command-line conventions").
enum ExitCode: Int32, Sendable {
    /// The command did what was asked.
    case success = 0
    /// Bad input or an I/O problem; the message on stderr names the file and the problem.
    case failure = 1
    /// The command line itself was wrong: an unknown command or option, a bad or missing value.
    case usage = 2
    /// The command ran, and a check it performs did not pass (the model does not fit the
    /// target, a drift alert, an invalid signature).
    case checkFailed = 3
}

/// A `tinyops` command: a static description, and a value built from parsed arguments.
///
/// The shell parses the command line against `spec`, then calls `init(_:)`, where the
/// command reads and validates its options with the typed accessors of `ParsedArguments`;
/// so every usage error surfaces before any work starts. Only then does it call `run(_:)`.
///
/// Adding a command is one new file with a type conforming to `Command`, plus one line in
/// the `subcommands` list of its parent's spec. The parser never changes.
protocol Command: Sendable {
    /// Name, abstract, options, arguments and subcommands; help text is generated from it.
    static var spec: CommandSpec { get }

    /// Reads and validates the parsed command line. Throw `UsageError` for anything wrong
    /// with it (the typed accessors already do); the shell prints it and exits with 2.
    init(_ args: ParsedArguments) throws

    /// Does the work. Results go to `io.stdout` (as JSON when `io.json`), progress and
    /// diagnostics to `io.stderr`. Return `.checkFailed` when a check did not pass; throw
    /// (ideally a `UserFacingError`) for bad input and I/O problems.
    func run(_ io: CommandContext) throws -> ExitCode
}

/// A command that only groups subcommands: the root, or a family such as `tinyops model`.
///
/// The shell never builds or runs a group: it descends into the named subcommand, or
/// prints the group's help (on stdout for `--help`, on stderr with exit code 2 when no
/// subcommand is given). A group declares no options or arguments of its own.
protocol CommandGroup: Command {
    init()
}

extension CommandGroup {
    init(_ args: ParsedArguments) throws { self.init() }
    func run(_ io: CommandContext) throws -> ExitCode { .usage }
}
