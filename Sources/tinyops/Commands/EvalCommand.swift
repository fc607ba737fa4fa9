import TinyOpsKit

/// `tinyops eval MODEL --data DATASET`: accuracy, precision/recall per class, confusion matrix.
struct EvalCommand: Command {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Evaluate a float32 or int8 .tflite on a dataset split: accuracy, per-class precision and recall, confusion matrix.",
        discussion: """
            float32 models run in tinyops' float interpreter, int8 models in TinyOpsRuntime \
            (bit-identical to TFLite Micro). Samples are normalized as the model's metadata \
            says and, for int8 inputs, quantized with the input's scale and zero point, as \
            firmware does. Works on .tflite files from tinyops and from the TensorFlow converter.
            """,
        options: [
            .option("data", value: "dataset", required: true, help: "The dataset folder (from `tinyops collect`)."),
            .choice("split", of: DatasetSplit.self, default: .test, help: "Which split to evaluate on."),
        ],
        arguments: [.required("model", help: "The .tflite model.")],
        supportsJSON: true)

    let model: String
    let data: String
    let split: DatasetSplit

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        data = try args.path("data")
        split = try args.choice("split")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let report = try EvalJob.run(model: model, data: data, split: split)
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return .success
    }
}
