import Foundation
#if canImport(TinyOpsKit)
import TinyOpsKit
#endif

/// The entry point: resolves the command line, runs the command, maps every outcome to
/// stdout/stderr text and an exit code (DESIGN.md: 0 success, 1 error, 2 usage, 3 check).
enum CommandLineShell {
    /// Runs the process's command line and exits. `arguments` starts with the program
    /// path, as `CommandLine.arguments` does.
    static func main(
        root: any Command.Type, arguments: [String] = CommandLine.arguments, version: String
    ) -> Never {
        assert(root.spec.problems().isEmpty, "malformed command specs: \(root.spec.problems())")
        let context = CommandContext.standard(programName: root.spec.name, version: version)
        let code = run(root: root, arguments: Array(arguments.dropFirst()), context: context)
        exit(code.rawValue)
    }

    /// Runs a command line in-process and returns the exit code; everything is written to
    /// `context`'s writers, which are flushed before returning. `arguments` excludes the
    /// program name: `["inspect", "model.tflite", "--json"]`.
    static func run(
        root: any Command.Type, arguments: [String], context: CommandContext
    ) -> ExitCode {
        defer {
            context.stdout.flush()
            context.stderr.flush()
        }
        let invocation: Invocation
        do {
            invocation = try CommandResolver.resolve(root: root, arguments: arguments)
        } catch {
            reportError(error.line, context)
            return .usage
        }

        switch invocation {
        case .version:
            context.stdout.write("\(context.programName) \(context.version)\n")
            return .success
        case .help(let path):
            context.stdout.write(HelpFormatter.help(for: path))
            return .success
        case .missingSubcommand(let path):
            context.stderr.write(HelpFormatter.help(for: path))
            return .usage
        case .run(let type, let parsed):
            var io = context
            io.json = parsed.shared.json
            io.quiet = parsed.shared.quiet
            do {
                return try type.init(parsed).run(io)
            } catch {
                return report(error, commandPath: parsed.commandPath, context)
            }
        }
    }

    /// Prints an error thrown by a command's `init` or `run` and chooses the exit code.
    private static func report(
        _ error: any Error, commandPath: [String], _ context: CommandContext
    ) -> ExitCode {
        context.stdout.flush()  // results printed before the failure come first
        switch error {
        case let usage as UsageError:
            reportError(LocatedUsageError(error: usage, commandPath: commandPath).line, context)
            return .usage
        case let userFacing as any UserFacingError:
            reportError(userFacing.message, context)
            if let hint = userFacing.hint { context.stderr.write("  hint: \(hint)\n") }
            return .failure
        default:
            reportError(describe(error), context)
            return .failure
        }
    }

    private static func reportError(_ line: String, _ context: CommandContext) {
        context.stderr.write("\(context.programName): error: \(line)\n")
    }

    /// Text for an error that was not written for the terminal. Foundation's errors
    /// (file not found, permission denied) have localized descriptions, which do not always
    /// name the file, so the file is put in front when the error carries it; a plain
    /// Swift error's localized description is only "The operation could not be completed",
    /// so its `String(describing:)` (case name and payload) says more.
    static func describe(_ error: any Error) -> String {
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            return description
        }
        if let cocoa = error as? CocoaError, let path = cocoa.filePath ?? cocoa.url?.path {
            return "\(path): \(cocoa.localizedDescription)"  // DESIGN.md: errors name the file
        }
        if error is CocoaError || error is POSIXError || type(of: error) is NSError.Type {
            return error.localizedDescription
        }
        return String(describing: error)
    }
}
