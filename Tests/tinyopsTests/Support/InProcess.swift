@testable import tinyops

/// What a command line produced: exit code, stdout and stderr.
struct Outcome: Equatable {
    var code: ExitCode
    var stdout: String
    var stderr: String
}

/// Runs a command line in-process against the fixture tree (or `root`) and captures it.
func run(
    _ arguments: [String], root: any Command.Type = FixtureRoot.self,
    environment: [String: String] = [:]
) -> Outcome {
    let out = StringWriter(), err = StringWriter()
    let context = CommandContext(
        stdout: out, stderr: err, environment: environment, version: "1.2.3")
    let code = CommandLineShell.run(root: root, arguments: arguments, context: context)
    return Outcome(code: code, stdout: out.text, stderr: err.text)
}

/// Resolves and parses a command line, then builds the command it names.
func command<C: Command>(_ type: C.Type, _ arguments: [String]) throws -> C {
    guard case .run(let found, let parsed) = try CommandResolver.resolve(
        root: FixtureRoot.self, arguments: arguments)
    else { throw FixtureFailure.notARun }
    guard ObjectIdentifier(found) == ObjectIdentifier(type) else { throw FixtureFailure.otherCommand(found.spec.name) }
    return try C(parsed)
}

enum FixtureFailure: Error {
    case notARun
    case otherCommand(String)
}

/// The one stderr line a usage error prints.
func usageLine(_ problem: String, command: String = "tinyops") -> String {
    "tinyops: error: \(problem); see '\(command) --help'\n"
}
