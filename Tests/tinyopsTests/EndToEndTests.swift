import Foundation
import Testing
@testable import tinyops

/// Runs the built `tinyops` binary: real process, real file descriptors, real exit codes.
/// These only assume the shell's behaviour, not which commands exist.
@Suite struct EndToEndTests {
    @Test func version() throws {
        let outcome = try BuiltBinary.run(["--version"])
        #expect(outcome.code == .success)
        #expect(outcome.stdout.hasPrefix("tinyops "))
        #expect(outcome.stdout.hasSuffix("\n"))
        #expect(outcome.stdout.split(separator: "\n").count == 1)
        #expect(outcome.stderr == "")
    }

    @Test func rootHelpGoesToStdout() throws {
        #expect(try BuiltBinary.run(["--help"]) == Outcome(
            code: .success, stdout: HelpFormatter.help(for: [Tinyops.self]), stderr: ""))
    }

    @Test func noCommandPrintsRootHelpOnStderrAndExits2() throws {
        #expect(try BuiltBinary.run([]) == Outcome(
            code: .usage, stdout: "", stderr: HelpFormatter.help(for: [Tinyops.self])))
    }

    @Test func unknownCommandIsOneLineAndExits2() throws {
        #expect(try BuiltBinary.run(["definitely-not-a-command", "--json"]) == Outcome(
            code: .usage, stdout: "",
            stderr: "tinyops: error: unknown command 'definitely-not-a-command'; see 'tinyops --help'\n"))
    }

    @Test func unknownOptionIsOneLineAndExits2() throws {
        #expect(try BuiltBinary.run(["--verison"]) == Outcome(
            code: .usage, stdout: "",
            stderr: "tinyops: error: unknown option '--verison' (did you mean '--version'?); see 'tinyops --help'\n"))
    }

    @Test func everyCommandsHelpMatchesItsSpec() throws {
        for command in Tinyops.spec.subcommands {
            let outcome = try BuiltBinary.run([command.spec.name, "--help"])
            #expect(outcome == Outcome(
                code: .success, stdout: HelpFormatter.help(for: [Tinyops.self, command]), stderr: ""))
        }
    }
}
