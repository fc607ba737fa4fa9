/// The options every command accepts, declared once.
///
/// `-h/--help` is listed here so that the help shows it, but the shell handles it before
/// parsing (help wins over any other problem on the command line), so it has no field.
struct SharedOptions: Sendable, Equatable {
    /// `--json`: results as JSON on stdout instead of a readable table.
    var json = false
    /// `-q/--quiet`: nothing on stderr except errors.
    var quiet = false

    static let json = OptionSpec.flag("json", help: "Print results as JSON on stdout.")
    static let quiet = OptionSpec.flag(
        "quiet", short: "q", help: "Print nothing on stderr except errors.")
    static let help = OptionSpec.flag("help", short: "h", help: "Show help information.")
    /// Only the root command accepts `--version`.
    static let version = OptionSpec.flag("version", help: "Show the version.")

    /// The shared options of a command, in the order the help lists them.
    static func specs(includingJSON: Bool) -> [OptionSpec] {
        includingJSON ? [json, quiet, help] : [quiet, help]
    }

    /// The options a group accepts before its subcommand's name.
    static func groupSpecs(isRoot: Bool) -> [OptionSpec] {
        isRoot ? [version, help] : [help]
    }

    /// Whether `token` asks for help: `-h` or `--help`.
    static func isHelp(_ token: String) -> Bool {
        token == "-h" || token == "--help"
    }
}
