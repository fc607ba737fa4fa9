import TinyOpsKit

/// `tinyops train SPEC.json --data DATASET -o MODEL.tflite`: train a float32 model.
struct TrainCommand: Command {
    static let spec = CommandSpec(
        name: "train",
        abstract: "Train a model from a spec (JSON layers) on a dataset; write a float32 .tflite.",
        discussion: """
            Reads the model spec and the dataset directory (x.npy, y.npy, dataset.json), \
            checks that the spec's shapes fit the samples and the classes, and trains on the \
            train split with the validation split for early stopping and best-weight \
            selection. Inputs are normalised per channel with the training split's mean and \
            std. The model is written with batch norm folded, dropout removed, and the \
            labels, normalisation, dataset hash and metrics in its `tinyops` metadata. \
            A fixed --seed gives identical weights run to run.

            On a terminal a progress line per epoch goes to stderr. The summary (or, with \
            --json, per-epoch metrics and the confusion matrices) goes to stdout.

            Example:
              tinyops train models/imu_conv1d.json --data data/gestures -o gestures.tflite --epochs 40
            """,
        options: [
            .option("data", value: "dir", required: true, help: "The dataset directory (x.npy, y.npy, dataset.json)."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the .tflite model."),
            .option("epochs", value: "n", default: "20", help: "Passes over the training split."),
            .option("batch-size", value: "n", default: "32", help: "Samples per step."),
            .option("lr", value: "rate", default: "0.001", help: "Learning rate."),
            .choice("optimizer", of: OptimizerKind.self, default: .adam, help: "Update rule (SGD uses --momentum)."),
            .option("momentum", value: "m", default: "0.9", help: "SGD momentum."),
            .option("weight-decay", value: "w", default: "0", help: "Weight decay of the weights (not biases or batch norm): L2 for SGD, decoupled for Adam."),
            .choice("schedule", of: LearningRateSchedule.self, default: .constant, help: "Learning-rate schedule over the epochs."),
            .option("seed", value: "n", default: "0", help: "Seed for initialisation, shuffling and dropout."),
            .option("patience", value: "n", default: "0", help: "Stop after this many epochs without a better validation loss (0: never)."),
            .choice("class-weights", of: ClassWeighting.self, default: ClassWeighting.none, help: "Weight the loss by inverse class frequency (auto) or not."),
            .option("threads", value: "n", default: "2", help: "Threads; each batch is split into this many shards, so results are reproducible for the same seed and thread count."),
        ],
        arguments: [.required("spec", help: "The model spec (JSON).")])

    let specPath: String
    let data: String
    let out: String
    let options: TrainingOptions

    init(_ args: ParsedArguments) throws {
        specPath = try args.path("spec")
        data = try args.path("data")
        out = try args.path("out")
        var options = TrainingOptions()
        options.epochs = try args.int("epochs", in: 1...1_000_000)
        options.batchSize = try args.int("batch-size", in: 1...65536)
        options.learningRate = Float(try args.double("lr", in: 1e-12...100) as Double)
        options.optimizer = try args.choice("optimizer")
        options.momentum = Float(try args.double("momentum", in: 0...0.999999) as Double)
        options.weightDecay = Float(try args.double("weight-decay", in: 0...10) as Double)
        options.schedule = try args.choice("schedule")
        options.seed = UInt64(try args.int("seed", in: 0...Int.max) as Int)
        options.patience = try args.int("patience", in: 0...1_000_000)
        options.classWeighting = try args.choice("class-weights")
        options.lanes = try args.int("threads", in: 1...16)
        self.options = options
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let showProgress = io.isStderrTerminal && !io.quiet
        let report = try TrainJob.run(spec: specPath, data: data, output: out, options: options) { metrics in
            if showProgress { io.stderr.write(metrics.progressLine + "\n") }
        }
        if io.json {
            try io.printJSON(report.json())
        } else {
            io.stdout.write(report.text())
        }
        return .success
    }
}
