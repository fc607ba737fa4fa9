#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `tinyops distill`: a student spec trained on a dataset with a teacher's soft targets.
public enum DistillJob {
    public struct Options: Equatable, Sendable {
        public var temperature: Float = 4
        public var alpha: Float = 0.5
        /// Also train the student alone (same seed and options) to compare.
        public var baseline = false

        public init() {}

        public func validate() throws(TrainError) {
            guard temperature > 0, temperature.isFinite else { throw .badOption("the temperature must be positive, got \(temperature)") }
            guard alpha >= 0, alpha <= 1 else { throw .badOption("alpha must be in [0, 1], got \(alpha)") }
        }
    }

    public enum Failure: UserFacingError, Equatable {
        case teacherInput(teacher: String, inputs: Int, sample: [Int])
        case teacherOutput(teacher: String, outputs: Int, classes: Int)

        public var message: String {
            switch self {
            case .teacherInput(let teacher, let inputs, let sample):
                return "\(teacher): the teacher takes \(inputs) values per sample, the dataset's samples are \(ModelSpec.text(sample))"
            case .teacherOutput(let teacher, let outputs, let classes):
                return "\(teacher): the teacher has \(outputs) outputs, the dataset has \(classes) classes"
            }
        }
    }

    public static func run(teacher teacherPath: String, student specPath: String, data dataPath: String, output: String,
                           options: Options, training: TrainingOptions,
                           progress: (_ run: String, EpochMetrics) -> Void = { _, _ in }) throws -> DistillReport {
        try options.validate()
        try training.validate()
        let data = try TrainingSetReader.read(dataPath)
        let spec = try ModelSpec.load(specPath)
        let network: Network
        do {
            network = Network(try spec.resolve(sampleShape: data.sampleShape, classes: data.classCount))
        } catch let error as any UserFacingError {
            throw FileError(path: specPath, reason: error)
        }
        let evaluation = FineTuning.evaluationSplit(data)
        let (logits, teacherEvaluation) = try teacherLogits(teacherPath, data: data, evaluation: evaluation.indices)

        var setup = TrainingSetup()
        setup.distillation = Distillation(teacherLogits: logits, temperature: options.temperature, alpha: options.alpha)
        let student: TrainingOutcome, baseline: TrainingOutcome?
        do {
            student = try Trainer.train(network, data: data, options: training, setup: setup) { progress("student", $0) }
            baseline = options.baseline ? try Trainer.train(network, data: data, options: training) { progress("baseline", $0) } : nil
        } catch let error as TrainError {
            throw FileError(path: dataPath, reason: error)
        }
        var model = ModelExporter.export(network, parameters: student.parameters, state: student.state)
        var trainReport = TrainReport(outcome: student, labels: data.labels, datasetHash: data.hash, specName: spec.name,
                                      options: training, modelPath: output, spec: spec)
        trainReport.monitoring = MonitoringProfile.fit(student, data: data)
        var metadata = trainReport.metadata().objectValue ?? JSONObject()
        metadata["distillation"] = [
            "teacher_sha256": .string(SHA256.hex(try FileBytes.read(teacherPath))),
            "temperature": .float(options.temperature),
            "alpha": .float(options.alpha),
            "teacher_accuracy": .number(teacherEvaluation.accuracy),
        ]
        try model.setTinyopsMetadata(.object(metadata))
        try ModelFile.save(model, to: output)
        func accuracy(_ o: TrainingOutcome) -> Double { o.test?.accuracy ?? o.validation?.accuracy ?? o.train.accuracy }
        return DistillReport(teacher: teacherPath, student: specPath, output: output, options: options, training: training,
                             split: evaluation.split, samples: evaluation.indices.count, teacherAccuracy: teacherEvaluation.accuracy,
                             studentAccuracy: accuracy(student), baselineAccuracy: baseline.map(accuracy),
                             studentParameters: network.parameterCount, history: student.history)
    }

    /// The teacher's logits for every train-split sample (zeros elsewhere), computed once,
    /// and its accuracy on `evaluation`. A teacher ending in SOFTMAX gives probabilities: its
    /// logits are their logarithms (softmax(log p) = p, so nothing is lost).
    static func teacherLogits(_ path: String, data: TrainingSet, evaluation: [Int]) throws -> ([Float], Evaluation) {
        let runner = try ModelRunner(path: path)
        guard runner.inputSize == data.sampleSize else {
            throw Failure.teacherInput(teacher: path, inputs: runner.inputSize, sample: data.sampleShape)
        }
        guard runner.outputSize == data.classCount else {
            throw Failure.teacherOutput(teacher: path, outputs: runner.outputSize, classes: data.classCount)
        }
        let classes = data.classCount, size = data.sampleSize
        var logits = [Float](repeating: 0, count: data.count * classes)
        for i in Set(data.train).sorted() {
            var outputs: [Float]
            do { outputs = try runner.outputs(for: data.x[(i * size)..<((i + 1) * size)]) } catch let error as any UserFacingError {
                throw FileError(path: path, reason: error)
            }
            if runner.outputsProbabilities { outputs = outputs.map { logf(max($0, Float.leastNormalMagnitude)) } }
            logits.replaceSubrange((i * classes)..<((i + 1) * classes), with: outputs)
        }
        var outputs: [Float] = []
        for i in evaluation { outputs += try runner.outputs(for: data.x[(i * size)..<((i + 1) * size)]) }
        let teacherEvaluation = Evaluation(outputs: outputs, labels: evaluation.map { data.y[$0] }, classes: classes,
                                           probabilities: runner.outputsProbabilities)
        return (logits, teacherEvaluation)
    }
}

/// What `tinyops distill` reports: teacher, student with distillation and, with
/// `--baseline`, the student trained alone with the same seed.
public struct DistillReport: Sendable {
    public var teacher: String
    public var student: String
    public var output: String
    public var options: DistillJob.Options
    public var training: TrainingOptions
    public var split: TrainingSet.Split
    public var samples: Int
    public var teacherAccuracy: Double
    public var studentAccuracy: Double
    public var baselineAccuracy: Double?
    public var studentParameters: Int
    public var history: [EpochMetrics]

    public func json() -> JSONValue {
        [
            "teacher": .string(teacher), "student": .string(student), "output": .string(output),
            "temperature": .float(options.temperature), "alpha": .float(options.alpha),
            "epochs": .int(training.epochs), "seed": .int(training.seed),
            "split": .string(split.rawValue), "samples": .int(samples),
            "student_parameters": .int(studentParameters),
            "accuracy": [
                "teacher": .number(teacherAccuracy), "student": .number(studentAccuracy),
                "baseline": baselineAccuracy.map(JSONValue.number) ?? .null,
            ],
        ]
    }

    public func text() -> String {
        func percent(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        var lines = [
            "distilled  teacher \(teacher), student \(student) → \(output)",
            "loss       \(options.alpha)·CE + \(1 - options.alpha)·T²·KL, T = \(options.temperature); \(training.epochs) epochs, seed \(training.seed)",
            "accuracy   on \(samples) \(split.rawValue) samples",
            "  teacher              \(percent(teacherAccuracy))",
            "  student (distilled)  \(percent(studentAccuracy))  (\(studentParameters) parameters)",
        ]
        if let baselineAccuracy {
            lines.append("  student alone        \(percent(baselineAccuracy))  (same seed and options)")
            lines.append(String(format: "  distillation gain    %+.2f pp", (studentAccuracy - baselineAccuracy) * 100))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
