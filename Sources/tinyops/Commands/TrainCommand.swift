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

            --qat adds quantization-aware training: the trained network is folded (batch \
            norm into the weights, as exported), fine-tuned for --qat-epochs with weights and \
            activations rounded as the int8 model will round them (straight-through \
            gradients), and written as an int8 .tflite through the quantizer with the \
            activation ranges learned in training. The report compares its int8 accuracy with \
            post-training quantization of the float model.

            On a terminal a progress line per epoch goes to stderr. The summary (or, with \
            --json, per-epoch metrics and the confusion matrices) goes to stdout.

            Example:
              tinyops train models/imu_conv1d.json --data data/gestures -o gestures.tflite --epochs 40
            """,
        options: [
            .option("data", value: "dir", required: true, help: "The dataset directory (x.npy, y.npy, dataset.json)."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the .tflite model."),
        ] + TrainingArguments.options(epochs: "20") + [
            .flag("qat", help: "Quantization-aware training: after the float epochs, fine-tune with fake-quantized weights and activations and write the int8 model."),
            .option("qat-epochs", value: "n", help: "Epochs of quantization-aware fine-tuning (default: a quarter of --epochs, at least 1)."),
            .option("qat-lr", value: "rate", help: "Learning rate of quantization-aware fine-tuning (default: --lr / 10)."),
        ],
        arguments: [.required("spec", help: "The model spec (JSON).")])

    let specPath: String
    let data: String
    let out: String
    let options: TrainingOptions
    let qat: QATOptions?

    init(_ args: ParsedArguments) throws {
        specPath = try args.path("spec")
        data = try args.path("data")
        out = try args.path("out")
        options = try TrainingArguments.read(args)
        if args.flag("qat") {
            var qat = QATOptions(epochs: try args.int("qat-epochs", in: 1...1_000_000) ?? max(1, options.epochs / 4))
            qat.learningRate = (try args.double("qat-lr", in: 1e-12...100) as Double?).map(Float.init)
            self.qat = qat
        } else {
            for name in ["qat-epochs", "qat-lr"] where args.isPresent(name) {
                throw UsageError.requiresOption("--\(name)", "--qat")
            }
            qat = nil
        }
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let showProgress = io.isStderrTerminal && !io.quiet
        let report = try TrainJob.run(spec: specPath, data: data, output: out, options: options, qat: qat) { metrics in
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
