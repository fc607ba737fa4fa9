import TinyOpsKit

/// `tinyops report MODEL.tflite... -o report.html`: a page people would rather look at than read.
struct ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write one self-contained HTML report (inline SVG, no scripts) for one or more models.",
        discussion: """
            Training curves and the confusion matrix (from the metadata `tinyops train` \
            writes), per-layer parameters, MACs, arena bytes and estimated cycles on the \
            target, per-layer int8 error (from `tinyops quantize`), the arena's memory \
            timeline, the fit against the board's flash and RAM, and the lineage. Several \
            models are shown side by side, one column each. The page opens offline.

              tinyops report build/model_float.tflite build/model_int8.tflite --target nano33ble -o build/report.html
            """,
        options: [
            .option("out", short: "o", value: "html", required: true, help: "Where to write the HTML page."),
            .choice("target", short: "t", of: TargetName.self, default: TargetName(rawValue: "nano33ble"),
                    help: "The core or board the per-layer cycles, arena and fit are computed for."),
            .choice("runtime", of: RuntimeKind.self, default: .tflm, help: "The runtime whose memory and flash are budgeted."),
            .option("title", value: "text", help: "Page title (default: the model's name)."),
        ],
        arguments: [.variadic("models", help: "The .tflite models, shown side by side.")],
        supportsJSON: false)

    let models: [String]
    let out: String
    let options: CheckOptions
    let title: String?

    init(_ args: ParsedArguments) throws {
        models = try args.paths("models")
        guard !models.isEmpty else { throw UsageError.missingArgument("<models>") }
        out = try args.path("out")
        let name: String = try args.string("target")
        guard let target = Target.named(name) else {
            throw UsageError.invalidValue(name: "--target", value: name, expected: "a core or board listed by 'tinyops targets'")
        }
        options = CheckOptions(target: target, runtime: try args.choice("runtime"))
        title = try args.string("title")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let html = try ReportPage.render(models: models, options: options, title: title)
        try AtomicFile.write(Array(html.utf8), to: out)
        io.note("wrote \(out) (\(html.utf8.count) bytes)")
        return .success
    }
}
