import Foundation
import TinyOpsKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a command may use of its surroundings: the output streams, the shared
/// options, and facts about the terminal. Tests build one with `StringWriter`s to run a
/// command in-process and read its output.
struct CommandContext: Sendable {
    /// Results: a readable table, or JSON when `json` is set.
    var stdout: any OutputWriter
    /// Progress and diagnostics.
    var stderr: any OutputWriter
    /// `--json` was given: print results as JSON on stdout.
    var json = false
    /// `-q/--quiet` was given: nothing on stderr except errors.
    var quiet = false
    var isStdoutTerminal: Bool
    /// Progress bars are drawn only when this is true.
    var isStderrTerminal: Bool
    var environment: [String: String]
    /// The root command's name, `tinyops`, used in messages.
    var programName: String
    /// The tool version; pipeline stages hash it with their inputs.
    var version: String

    init(
        stdout: any OutputWriter, stderr: any OutputWriter,
        isStdoutTerminal: Bool = false, isStderrTerminal: Bool = false,
        environment: [String: String] = [:], programName: String = "tinyops",
        version: String = "0.0.0"
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.isStdoutTerminal = isStdoutTerminal
        self.isStderrTerminal = isStderrTerminal
        self.environment = environment
        self.programName = programName
        self.version = version
    }

    /// The context of a real process: file descriptors 1 and 2, the real environment.
    static func standard(programName: String, version: String) -> CommandContext {
        let stdoutIsTerminal = isatty(STDOUT_FILENO) != 0
        return CommandContext(
            stdout: FileDescriptorWriter(
                descriptor: STDOUT_FILENO, bufferLimit: stdoutIsTerminal ? 0 : 1 << 16),
            stderr: FileDescriptorWriter(descriptor: STDERR_FILENO, bufferLimit: 0),
            isStdoutTerminal: stdoutIsTerminal, isStderrTerminal: isatty(STDERR_FILENO) != 0,
            environment: ProcessInfo.processInfo.environment, programName: programName,
            version: version)
    }

    /// Whether to use ANSI colours: only when both streams are terminals, `NO_COLOR` is
    /// unset or empty (https://no-color.org), and `TERM` is not `dumb`.
    var useColor: Bool {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return !noColor && environment["TERM"] != "dumb" && isStdoutTerminal && isStderrTerminal
    }

    /// Writes one line of results on stdout.
    func print(_ line: String) {
        stdout.write(line + "\n")
    }

    /// Writes one line of progress or information on stderr, unless `--quiet`.
    func note(_ line: String) {
        if !quiet { stderr.write(line + "\n") }
    }

    /// Writes `value` as pretty JSON on stdout. Keys keep the order the command built
    /// them in, so the same result is always the same bytes (DESIGN.md: deterministic outputs).
    func printJSON(_ value: JSONValue) throws {
        stdout.write(try JSONWriter(pretty: true).string(value) + "\n")
    }
}
