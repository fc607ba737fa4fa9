import TinyOpsKit

/// `tinyops check MODEL.tflite --target T`: will the model run on this microcontroller, and
/// how well? Op support, the tensor arena, flash and latency, with CI gates.
struct CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Check that a model runs on a Cortex-M target: ops, RAM, flash and latency.",
        discussion: """
            For each operator: whether TFLM's built-in kernels and TinyOpsRuntime implement \
            it for its type, the CMSIS-NN kernel it gets on the target's core, the op's \
            constraints, its MACs and estimated cycles. Then the tensor arena (planned from \
            tensor lifetimes as TFLM's greedy planner does, plus TFLM's persistent data), the \
            flash (model plus runtime code), the latency at the board's clock, and the exact \
            MicroMutableOpResolver registrations to paste.

            Exit status: 0 when the model fits and runs, 3 when it does not (an unsupported \
            op, RAM or flash exceeded, a --max-* gate exceeded), 1 on a bad model file.

            Examples:
              tinyops check model.tflite --target nano33ble
              tinyops check model.tflite --target cortex-m7 --ram 320K --clock-mhz 216 --json
              tinyops check model.tflite --target pico --max-latency-ms 50 --max-ram 128K
            """,
        options: [
            .choice("target", short: "t", of: TargetName.self, required: true,
                    help: "The core or board to check against ('tinyops targets' lists them)."),
            .choice("runtime", of: RuntimeKind.self, default: .tflm, help: "The runtime to budget for."),
            .option("flash", value: "size", help: "Flash available, overriding the board's (e.g. 1M)."),
            .option("ram", value: "size", help: "RAM available, overriding the board's (e.g. 256K)."),
            .option("clock-mhz", value: "mhz", help: "Core clock, overriding the board's; needed for latency on a bare core."),
            .option("max-latency-ms", value: "ms", help: "Fail (exit 3) when the estimated latency exceeds this."),
            .option("max-ram", value: "size", help: "Fail (exit 3) when the RAM needed exceeds this."),
            .option("max-flash", value: "size", help: "Fail (exit 3) when the flash needed exceeds this."),
            .flag("prepared", help: "With --runtime tinyops: budget a firmware started from a prepared image "
                + "(deploy --prepared): less code and arena, plus the image in flash."),
        ],
        arguments: [.required("model", help: "The .tflite model file.")])

    let model: String
    let options: CheckOptions

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        let name: String = try args.string("target")
        guard let target = Target.named(name) else {
            let hint = Suggestions.closest(to: name, among: Target.names).map { " (did you mean '\($0)'?)" } ?? ""
            throw UsageError.invalidValue(name: "--target", value: name,
                                          expected: "a core or board listed by 'tinyops targets'" + hint)
        }
        let clock: Double? = try args.double("clock-mhz", in: 0.001...100_000)
        let runtime: RuntimeKind = try args.choice("runtime")
        let prepared = args.flag("prepared")
        if prepared && runtime != .tinyops {
            throw UsageError.requiresOption("--prepared", "--runtime tinyops")
        }
        options = CheckOptions(
            target: target.overriding(flashBytes: try args.size("flash"), ramBytes: try args.size("ram"),
                                      clockHz: clock.map { Int(($0 * 1e6).rounded()) }),
            runtime: runtime,
            maxLatencyMs: try args.double("max-latency-ms", in: 0...1e9),
            maxRAMBytes: try args.size("max-ram"),
            maxFlashBytes: try args.size("max-flash"),
            prepared: prepared)
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let report = try ModelCheck.run(path: model, options: options)
        if io.json {
            try io.printJSON(report.json())
        } else {
            io.stdout.write(report.text())
        }
        return report.passes ? .success : .checkFailed
    }
}

/// The closed set `--target` accepts: every core and board name, for the help text.
struct TargetName: CaseIterable, RawRepresentable, Sendable {
    let rawValue: String

    init?(rawValue: String) {
        guard Target.names.contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    static var allCases: [TargetName] { Target.names.compactMap(TargetName.init(rawValue:)) }
}
