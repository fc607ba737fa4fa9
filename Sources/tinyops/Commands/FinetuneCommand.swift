import TinyOpsKit

/// `tinyops finetune MODEL.tflite --data DATASET -o OUT.tflite [--layers NAME,...]`.
struct FinetuneCommand: Command {
    static let spec = CommandSpec(
        name: "finetune",
        abstract: "Retrain some layers of a float model (the classifier head by default) and keep the others bit-identical.",
        discussion: """
            Takes a float32 .tflite written by tinyops train (its spec is in the metadata) and \
            trains only the layers named by --layers (default: the last layer with \
            parameters) on DATASET, from the model's own weights and with its own input \
            normalization; every other parameter stays exactly as it was. After quantizing \
            with the same calibration data, the other layers' int8 weights are identical too, \
            so an update carries the retrained layers and little else (tinyops diff). The \
            training statistics for tinyops monitor are recomputed on DATASET.

            Example:
              tinyops finetune imu.tflite --data build/imu_new --epochs 10 -o imu_v2.tflite
            """,
        options: [
            .option("data", value: "dir", required: true, help: "The dataset directory to train on (same labels and sample shape)."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the fine-tuned .tflite."),
            .option("layers", value: "names", help: "Comma-separated layer names to train (spec names, e.g. dense_5; default: the last layer with parameters)."),
        ] + TrainingArguments.options(epochs: "10", learningRate: "0.001", schedule: "schedule"),
        arguments: [.required("model", help: "A float32 .tflite from tinyops train.")])

    let model: String
    let data: String
    let out: String
    let layers: [String]?
    let training: TrainingOptions

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        data = try args.path("data")
        out = try args.path("out")
        layers = try args.value("layers", expected: "comma-separated layer names") { text in
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return names.allSatisfy { !$0.isEmpty } ? names : nil
        }
        training = try TrainingArguments.read(args)
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let showProgress = io.isStderrTerminal && !io.quiet
        let report = try FineTuneJob.run(model: model, data: data, output: out, layers: layers, training: training) { metrics in
            if showProgress { io.stderr.write(metrics.progressLine + "\n") }
        }
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return .success
    }
}
