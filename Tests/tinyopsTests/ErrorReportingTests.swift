import Foundation
import Testing
@testable import tinyops
#if canImport(TinyOpsKit)
import TinyOpsKit
#endif

/// Errors thrown by `run`, and check results: exit codes and stderr text.
@Suite struct ErrorReportingTests {
    @Test func userFacingError() {
        #expect(run(["fail", "user-facing"]) == Outcome(
            code: .failure, stdout: "partial result\n",
            stderr: "tinyops: error: model.tflite: truncated flatbuffer (expected 1840 bytes, found 912)\n"))
    }

    @Test func userFacingErrorWithHint() {
        #expect(run(["fail", "hinted"]) == Outcome(
            code: .failure, stdout: "partial result\n",
            stderr: """
                tinyops: error: model.tflite: truncated flatbuffer (expected 1840 bytes, found 912)
                  hint: re-export the model

                """))
    }

    @Test func otherErrorsAreDescribed() {
        #expect(run(["fail", "plain"]) == Outcome(
            code: .failure, stdout: "partial result\n",
            stderr: "tinyops: error: broken(code: 7)\n"))
    }

    @Test func foundationErrorsUseTheirLocalizedDescription() {
        let outcome = run(["fail", "foundation"])
        #expect(outcome.code == .failure)
        #expect(outcome.stderr.hasPrefix("tinyops: error: "))
        #expect(outcome.stderr.hasPrefix("tinyops: error: /nonexistent/tinyops-test: "))
        #expect(outcome.stderr.hasSuffix("\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }

    @Test func checkFailedIsExitCode3WithoutAnError() {
        #expect(run(["fail", "check"]) == Outcome(code: .checkFailed, stdout: "partial result\n", stderr: ""))
    }

    @Test func localizedErrorsUseTheirDescription() {
        struct Described: LocalizedError {
            var errorDescription: String? { "the disk is full" }
        }
        #expect(CommandLineShell.describe(Described()) == "the disk is full")
    }

    @Test(arguments: [
        ([:], true, true, true),
        (["NO_COLOR": "1"], true, true, false),
        (["NO_COLOR": ""], true, true, true),  // https://no-color.org: only a non-empty value counts
        (["TERM": "dumb"], true, true, false),
        ([:], false, true, false),
        ([:], true, false, false),
    ])
    func useColor(_ environment: [String: String], _ stdoutTTY: Bool, _ stderrTTY: Bool, _ expected: Bool) {
        let context = CommandContext(
            stdout: StringWriter(), stderr: StringWriter(), isStdoutTerminal: stdoutTTY,
            isStderrTerminal: stderrTTY, environment: environment)
        #expect(context.useColor == expected)
    }

    /// Buffered output is held until flushed, and the shell flushes before returning.
    @Test func fileDescriptorWriterBuffersUntilFlushed() throws {
        let pipe = Pipe()
        let writer = FileDescriptorWriter(
            descriptor: pipe.fileHandleForWriting.fileDescriptor, bufferLimit: 1 << 16)
        writer.write("held ")
        writer.write("back\n")
        writer.flush()
        try pipe.fileHandleForWriting.close()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        #expect(String(decoding: data, as: UTF8.self) == "held back\n")
    }
}
