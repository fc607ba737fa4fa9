import TinyOpsKit

/// `tinyops prune MODEL|SPEC --data DATASET --sparsity 0.8 -o OUT.tflite`.
struct PruneCommand: Command {
    enum Structured: String, CaseIterable, Sendable { case channels }

    static let spec = CommandSpec(
        name: "prune",
        abstract: "Prune a float model (magnitude or whole channels) and fine-tune it on a dataset.",
        discussion: """
            Takes a float32 .tflite written by tinyops train (its spec is in the metadata) or a \
            spec, which is trained first with the same options. Magnitude pruning zeroes the \
            weights of smallest magnitude, per layer (--scope layer, as TensorFlow Model \
            Optimization does) or over all layers (--scope global); the polynomial schedule \
            raises the sparsity from --initial-sparsity to --sparsity over --ramp-epochs, \
            recomputing masks every --frequency steps, then fine-tunes with fixed masks; the \
            constant schedule prunes at once. Biases and the first and last weighted layers \
            stay dense unless --all-layers. Zeros do not shrink a .tflite, but they compress \
            (the report gives gzip -9 sizes).

            --structured channels removes whole filters and units of lowest --criterion norm \
            (--sparsity is the share removed from each layer) and rewrites the layers that \
            read them, so the model really has fewer parameters and MACs. Channels tied to the \
            model input or output through residual adds are kept, and the report says why.

            --qat fine-tunes with fake quantization and writes the int8 model.

            Example:
              tinyops prune imu.tflite --data data/imu --sparsity 0.8 --epochs 10 -o imu_pruned.tflite
            """,
        options: [
            .option("data", value: "dir", required: true, help: "The dataset directory to fine-tune on."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the pruned .tflite."),
            .option("sparsity", value: "s", required: true, help: "Share of the prunable weights (or of each layer's channels) to remove, from 0 up to 1."),
            .choice("schedule", of: SparsitySchedule.self, help: "How sparsity grows: at once, or polynomially over --ramp-epochs (default: polynomial; constant for --structured)."),
            .option("initial-sparsity", value: "s", default: "0", help: "Polynomial schedule: the sparsity at the first step."),
            .option("ramp-epochs", value: "n", help: "Polynomial schedule: epochs over which sparsity grows (default: half of --epochs)."),
            .option("frequency", value: "steps", default: "10", help: "Polynomial schedule: recompute masks every this many steps."),
            .choice("scope", of: PruningScope.self, default: .layer, help: "Sparsity per layer, or one threshold over all layers."),
            .choice("structured", of: Structured.self, help: "Remove whole output channels instead of single weights."),
            .choice("criterion", of: ChannelCriterion.self, default: .l1, help: "Structured pruning: the filter norm that ranks channels."),
            .flag("all-layers", help: "Also prune the first and last weighted layers."),
            .flag("qat", help: "Fine-tune with fake quantization and write the int8 model."),
        ] + TrainingArguments.options(epochs: "10", learningRate: "0.0005", schedule: "lr-schedule"),
        arguments: [.required("model", help: "A float32 .tflite from tinyops, or a model spec (.json) to train first.")])

    let model: String
    let data: String
    let out: String
    let options: PruneOptions
    let training: TrainingOptions

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        data = try args.path("data")
        out = try args.path("out")
        var options = PruneOptions(sparsity: try args.double("sparsity", in: 0...0.999999))
        let structured: Structured? = try args.choice("structured")
        if structured == .channels { options.structure = .channels }
        options.schedule = try args.choice("schedule") ?? (structured == nil ? .polynomial : .constant)
        options.initialSparsity = try args.double("initial-sparsity", in: 0...0.999999)
        options.rampEpochs = try args.int("ramp-epochs", in: 0...1_000_000)
        options.frequency = try args.int("frequency", in: 1...1_000_000)
        options.scope = try args.choice("scope")
        options.criterion = try args.choice("criterion")
        options.allLayers = args.flag("all-layers")
        options.quantizationAware = args.flag("qat")
        if structured != nil {
            if options.scope == .global { throw UsageError.conflictingOptions("--structured", "--scope global") }
            if options.schedule == .polynomial { throw UsageError.conflictingOptions("--structured", "--schedule polynomial") }
        } else if args.isPresent("criterion") {
            throw UsageError.requiresOption("--criterion", "--structured channels")
        }
        for name in ["ramp-epochs", "initial-sparsity", "frequency"] where args.isPresent(name) && options.schedule != .polynomial {
            throw UsageError.requiresOption("--\(name)", "--schedule polynomial")
        }
        self.options = options
        training = try TrainingArguments.read(args, schedule: "lr-schedule")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let showProgress = io.isStderrTerminal && !io.quiet
        let report = try PruneJob.run(input: model, data: data, output: out, options: options, training: training) { metrics in
            if showProgress { io.stderr.write(metrics.progressLine + "\n") }
        }
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return .success
    }
}
