import Foundation
@testable import tinyops
#if canImport(TinyOpsKit)
import TinyOpsKit
#endif

// A command tree that exercises every feature of the shell, independent of the real
// commands, so that these tests keep passing as real commands come and go.

enum FixtureIO: String, CaseIterable, Sendable {
    case int8, float
}

enum FixtureTarget: String, CaseIterable, Sendable {
    case cortexM0Plus = "cortex-m0plus"
    case cortexM4 = "cortex-m4"
    case cortexM7 = "cortex-m7"
    case cortexM55 = "cortex-m55"
}

struct FixtureRoot: CommandGroup {
    static let spec = CommandSpec(
        name: "tinyops",
        abstract: "A TinyMLOps toolchain: from sensor data to a firmware-ready model.",
        subcommands: [
            FixtureInspect.self,
            FixtureConvert.self,
            FixtureModel.self,
            FixtureFail.self,
        ])
}

/// The example of the brief: one argument, one choice option.
struct FixtureInspect: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a model's tensors, ops, quantization, MACs and sizes.",
        options: [.choice("io", of: FixtureIO.self, default: .int8, help: "Input/output type.")],
        arguments: [.required("model", help: "The .tflite model file.")])

    let model: String
    let io: FixtureIO

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        io = try args.choice("io")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        io.note("inspecting \(model)")
        if io.json {
            try io.printJSON(["model": .string(model), "io": .string(self.io.rawValue)])
        } else {
            io.print("\(model): \(self.io.rawValue)")
        }
        return .success
    }
}

/// Every kind of option and argument, read into typed properties the tests look at.
struct FixtureConvert: Command {
    static let spec = CommandSpec(
        name: "convert",
        abstract: "Convert a model.",
        options: [
            .option("out", short: "o", value: "path", help: "Where to write the result."),
            .option("threads", short: "j", value: "n", default: "1", help: "Worker threads."),
            .option("scale", value: "factor", help: "Scale factor."),
            .option("arena", value: "size", default: "256K", help: "Tensor arena size."),
            .option("timeout", value: "duration", help: "Give up after this long."),
            .option("exclude", value: "op", repeatable: true, help: "An op to leave out."),
            .choice("io", of: FixtureIO.self, repeatable: true, help: "Types to emit."),
            .flag("verbose", short: "v", help: "Say more."),
        ],
        arguments: [
            .required("input", help: "The input model."),
            .optional("format", default: "tflite", help: "The output format."),
            .variadic("extras", help: "Extra files."),
        ])

    let input: String
    let format: String
    let extras: [String]
    let out: String?
    let threads: Int
    let scale: Double?
    let arena: Int
    let timeout: Duration?
    let exclude: [String]
    let io: [FixtureIO]
    let verbose: Bool

    init(_ args: ParsedArguments) throws {
        input = try args.path("input")
        format = try args.string("format")
        extras = try args.paths("extras")
        out = try args.path("out")
        threads = try args.int("threads", in: 1...64)
        scale = try args.double("scale", in: 0...10)
        arena = try args.size("arena")
        timeout = try args.duration("timeout")
        exclude = args.strings("exclude")
        io = try args.choices("io")
        verbose = args.flag("verbose")
        if verbose && args.shared.quiet { throw UsageError.conflictingOptions("--verbose", "--quiet") }
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        io.print("converted \(input)")
        return .success
    }
}

/// A nested group.
struct FixtureModel: CommandGroup {
    static let spec = CommandSpec(
        name: "model", abstract: "Work with models.", subcommands: [FixtureQuantize.self])
}

/// A nested leaf: a required option, long help text, a discussion, no `--json`.
struct FixtureQuantize: Command {
    static let spec = CommandSpec(
        name: "quantize",
        abstract: "Quantize a float model to int8.",
        discussion: """
            Weights are quantized per channel and symmetrically; activations per tensor and \
            asymmetrically, following the TFLite quantization specification.

            Example:
              tinyops model quantize model.tflite --target cortex-m4
            """,
        options: [
            .choice("target", short: "t", of: FixtureTarget.self, required: true,
                    help: "The core to optimize for; decides which kernels the model may use."),
            .option("representative-dataset", value: "folder",
                    help: "Samples for calibration."),
        ],
        arguments: [.required("model", help: "The float .tflite model.")],
        supportsJSON: false)

    let target: FixtureTarget

    init(_ args: ParsedArguments) throws {
        target = try args.choice("target")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        io.print("quantized for \(target.rawValue)")
        return .success
    }
}

/// Fails in the way its argument names, after printing a partial result.
struct FixtureFail: Command {
    enum Kind: String, CaseIterable, Sendable {
        case userFacing = "user-facing", hinted, plain, foundation, check, usage
    }

    struct ModelError: UserFacingError {
        let hint: String?
        var message: String { "model.tflite: truncated flatbuffer (expected 1840 bytes, found 912)" }
    }

    enum PlainError: Error { case broken(code: Int) }

    static let spec = CommandSpec(
        name: "fail", abstract: "Fail on purpose.",
        arguments: [.required("kind", help: "How to fail.")])

    let kind: Kind

    init(_ args: ParsedArguments) throws {
        kind = try args.choice("kind")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        io.print("partial result")
        switch kind {
        case .userFacing: throw ModelError(hint: nil)
        case .hinted: throw ModelError(hint: "re-export the model")
        case .plain: throw PlainError.broken(code: 7)
        case .foundation: _ = try String(contentsOfFile: "/nonexistent/tinyops-test", encoding: .utf8)
        case .check: return .checkFailed
        case .usage: throw UsageError.missingOption("--seed <n>")
        }
        return .success
    }
}
