import TinyOpsKit

/// `tinyops distill --teacher T.tflite --student SPEC.json --data DATASET -o OUT.tflite`.
struct DistillCommand: Command {
    static let spec = CommandSpec(
        name: "distill",
        abstract: "Train a small student spec on a dataset with a teacher model's soft targets.",
        discussion: """
            The loss is alpha·CE(labels) + (1 - alpha)·T²·KL(softmax(teacher/T) ‖ softmax(student/T)). \
            The teacher is any float32 .tflite (from tinyops or the TensorFlow converter), run \
            once over the training split by tinyops' float interpreter before training, with the \
            input normalization in its tinyops metadata (none for other models); a teacher ending \
            in SOFTMAX gives probabilities, whose logarithms are its logits. The student is \
            trained like tinyops train trains it (its own normalization, seed, options) and \
            written as a float32 .tflite. --baseline also trains the student without the teacher \
            with the same seed and options, and reports both.

            Example:
              tinyops distill --teacher big.tflite --student models/imu_small.json --data data/imu -o small.tflite --baseline
            """,
        options: [
            .option("teacher", value: "model", required: true, help: "The teacher: a float32 .tflite."),
            .option("student", value: "spec", required: true, help: "The student's model spec (JSON)."),
            .option("data", value: "dir", required: true, help: "The dataset directory."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the student .tflite."),
            .option("temperature", value: "T", default: "4", help: "Softening temperature of both softmaxes."),
            .option("alpha", value: "a", default: "0.5", help: "Weight of the cross-entropy with the labels (1 - alpha goes to the teacher)."),
            .flag("baseline", help: "Also train the student alone with the same seed and report both accuracies."),
        ] + TrainingArguments.options(epochs: "20"))

    let teacher: String
    let student: String
    let data: String
    let out: String
    let options: DistillJob.Options
    let training: TrainingOptions

    init(_ args: ParsedArguments) throws {
        teacher = try args.path("teacher")
        student = try args.path("student")
        data = try args.path("data")
        out = try args.path("out")
        var options = DistillJob.Options()
        options.temperature = Float(try args.double("temperature", in: 0.01...1000) as Double)
        options.alpha = Float(try args.double("alpha", in: 0...1) as Double)
        options.baseline = args.flag("baseline")
        self.options = options
        training = try TrainingArguments.read(args)
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let showProgress = io.isStderrTerminal && !io.quiet
        let report = try DistillJob.run(teacher: teacher, student: student, data: data, output: out, options: options,
                                        training: training) { run, metrics in
            if showProgress { io.stderr.write("\(run): " + metrics.progressLine + "\n") }
        }
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return .success
    }
}
