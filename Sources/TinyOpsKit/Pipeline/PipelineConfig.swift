/// `tinyops.json`: a project's data sources and collect options, model spec and training
/// options, optimize steps in order, targets to check, packaging and deploy formats. Paths
/// are relative to the project folder. Every key is validated; errors name the file, the JSON
/// path and the problem (`tinyops.json: $.train.epochs: expected an integer, got "ten"`).
/// docs/pipeline.md documents every key.
public struct PipelineConfig: Sendable {
    public struct Collect: Sendable {
        public var inputs: [String]
        /// A folder of x.npy / y.npy / labels.txt to import instead of recordings.
        public var arrays: String?
        public var window: String?
        public var stride: String?
        public var pad: Bool
        public var sampleRate: Double?
        public var split: String?
        public var seed: Int
        public var label: String?
        public var features: String?
    }

    public struct Train: Sendable {
        public var spec: String
        public var options: TrainingOptions
    }

    public enum OptimizeStep: Sendable {
        case quantize(method: CalibrationMethod, samples: Int, io: Quantizer.IOType)
        /// Magnitude or structured pruning with fine-tuning (`tinyops prune`); sparsity 0 with
        /// `quantizationAware` is quantization-aware fine-tuning alone (the "qat" step).
        case prune(PruneOptions, training: TrainingOptions)
        /// Distillation of the current model (the teacher) into `student` (`tinyops distill`).
        case distill(student: String, options: DistillJob.Options, training: TrainingOptions)
    }

    public struct Check: Sendable {
        public var targets: [String]
        public var runtime: RuntimeKind
        public var maxLatencyMs: Double?
        public var maxRAM: Int?
        public var maxFlash: Int?
    }

    public struct DeployStep: Sendable {
        public var formats: [DeployFormat]
        public var name: String
        public var target: String?
        public var force: Bool
    }

    public struct PackageStep: Sendable {
        public var key: String
        public var version: String
        public var target: String
        public var modelID: String?
    }

    public var name: String
    public var collect: Collect
    public var train: Train
    public var optimize: [OptimizeStep]
    public var check: Check?
    public var package: PackageStep?
    public var deploy: DeployStep?
    public var report: Bool
    /// The canonical JSON of each section, for stage keys (formatting does not matter).
    public var sections: [String: JSONValue]

    public static let fileName = "tinyops.json"
    static let keys = ["name", "collect", "train", "optimize", "check", "package", "deploy", "report"]

    public static func load(projectDirectory: String) throws -> PipelineConfig {
        let path = projectDirectory + "/" + fileName
        do {
            return try PipelineConfig(json: try JSONValue(contentsOf: path))
        } catch let error as JSONError {
            throw FileError(path: path, reason: error)
        }
    }

    public init(json: JSONValue) throws(JSONError) {
        let root = JSONCursor(json)
        _ = try root.object()
        try root.rejectUnknownKeys(allowed: Self.keys)
        name = try root["name"].optional()?.string() ?? "model"
        var sections: [String: JSONValue] = [:]
        for key in Self.keys { if let value = try root[key].optional()?.require() { sections[key] = value } }
        self.sections = sections

        let c = root["collect"]
        _ = try c.require()
        try c.rejectUnknownKeys(allowed: ["inputs", "arrays", "window", "stride", "pad", "sample_rate", "split", "seed", "label", "features"])
        collect = Collect(
            inputs: try c["inputs"].optional().map(Self.strings) ?? [],
            arrays: try c["arrays"].optional()?.string(),
            window: try c["window"].optional()?.string(),
            stride: try c["stride"].optional()?.string(),
            pad: try c["pad"].optional()?.bool() ?? false,
            sampleRate: try c["sample_rate"].optional()?.double(),
            split: try c["split"].optional()?.string(),
            seed: try c["seed"].optional()?.int() ?? 0,
            label: try c["label"].optional()?.string(),
            features: try c["features"].optional()?.string())
        if collect.inputs.isEmpty && collect.arrays == nil { throw c.invalid("needs \"inputs\" (recording folders) or \"arrays\"") }
        if let window = collect.window, WindowLength(parsing: window) == nil { throw c["window"].invalid("expected samples (50) or a time (2000ms, 2s)") }
        if let stride = collect.stride, WindowLength(parsing: stride) == nil { throw c["stride"].invalid("expected samples (50) or a time (2000ms, 2s)") }
        if let split = collect.split, SplitFractions(parsing: split) == nil { throw c["split"].invalid("expected three shares such as 70/15/15") }
        if let features = collect.features {
            do { _ = try FeatureOptions(parsing: features) } catch { throw c["features"].invalid(error.message) }
        }

        let t = root["train"]
        _ = try t.require()
        try t.rejectUnknownKeys(allowed: ["spec", "epochs", "batch_size", "learning_rate", "optimizer", "momentum", "weight_decay",
                                          "schedule", "seed", "patience", "class_weights", "threads"])
        var options = TrainingOptions()
        if let v = try t["epochs"].optional() { options.epochs = try Self.positive(v) }
        if let v = try t["batch_size"].optional() { options.batchSize = try Self.positive(v) }
        if let v = try t["learning_rate"].optional() { options.learningRate = try v.float() }
        if let v = try t["optimizer"].optional() { options.optimizer = try v.oneOf(OptimizerKind.self) }
        if let v = try t["momentum"].optional() { options.momentum = try v.float() }
        if let v = try t["weight_decay"].optional() { options.weightDecay = try v.float() }
        if let v = try t["schedule"].optional() { options.schedule = try v.oneOf(LearningRateSchedule.self) }
        if let v = try t["seed"].optional() { options.seed = UInt64(try Self.nonNegative(v)) }
        if let v = try t["patience"].optional() { options.patience = try Self.nonNegative(v) }
        if let v = try t["class_weights"].optional() { options.classWeighting = try v.oneOf(ClassWeighting.self) }
        if let v = try t["threads"].optional() { options.lanes = try Self.positive(v) }
        train = Train(spec: try t["spec"].string(), options: options)

        var steps: [OptimizeStep] = []
        for step in try root["optimize"].optional()?.array() ?? [] { steps.append(try Self.step(step, training: options)) }
        optimize = steps

        if let k = try root["check"].optional() {
            try k.rejectUnknownKeys(allowed: ["targets", "runtime", "max_latency_ms", "max_ram", "max_flash"])
            let targets = try Self.strings(k["targets"])
            for (i, target) in targets.enumerated() where Target.named(target) == nil {
                let hint = Spelling.closest(to: target, among: Target.names) ?? Target.names.first { $0.hasPrefix(target) }
                throw k["targets"][i].invalid("unknown target \"\(target)\"" + (hint.map { "; did you mean \"\($0)\"?" } ?? ""))
            }
            check = Check(targets: targets,
                          runtime: try k["runtime"].optional()?.oneOf(RuntimeKind.self) ?? .tinyops,
                          maxLatencyMs: try k["max_latency_ms"].optional()?.double(),
                          maxRAM: try k["max_ram"].optional().map(Self.size),
                          maxFlash: try k["max_flash"].optional().map(Self.size))
        }
        if let p = try root["package"].optional() {
            try p.rejectUnknownKeys(allowed: ["key", "version", "target", "model_id"])
            let version = try p["version"].string()
            guard SemanticVersion(version) != nil else { throw p["version"].invalid("expected a semantic version such as 1.4.0") }
            package = PackageStep(key: try p["key"].string(), version: version,
                                  target: try p["target"].optional()?.string() ?? check?.targets.first ?? "cortex-m4",
                                  modelID: try p["model_id"].optional()?.string())
        }
        if let d = try root["deploy"].optional() {
            try d.rejectUnknownKeys(allowed: ["formats", "name", "target", "force"])
            var formats: [DeployFormat] = []
            for format in try d["formats"].array() { formats.append(try format.oneOf(DeployFormat.self)) }
            guard !formats.isEmpty else { throw d["formats"].invalid("expected at least one of c-array, runtime, arduino, bin") }
            let name = try d["name"].optional()?.string() ?? "model"
            do { _ = try CSymbolPrefix(name) } catch { throw d["name"].invalid(error.message) }
            let target = try d["target"].optional()?.string()
            if let target, Target.named(target) == nil { throw d["target"].invalid("unknown target \"\(target)\"") }
            deploy = DeployStep(formats: formats, name: name, target: target ?? check?.targets.first,
                                force: try d["force"].optional()?.bool() ?? false)
        }
        report = try root["report"].optional()?.bool() ?? true
    }

    static func step(_ cursor: JSONCursor, training: TrainingOptions) throws(JSONError) -> OptimizeStep {
        let kind = try cursor["step"].string()
        /// Fine-tuning settings: the train section's, with `epochs`/`learning_rate` overridable.
        func fineTuning(_ keys: [String]) throws(JSONError) -> TrainingOptions {
            try cursor.rejectUnknownKeys(allowed: ["step", "epochs", "learning_rate"] + keys)
            var options = training
            if let v = try cursor["epochs"].optional() { options.epochs = try positive(v) }
            if let v = try cursor["learning_rate"].optional() { options.learningRate = try v.float() }
            return options
        }
        switch kind {
        case "quantize":
            try cursor.rejectUnknownKeys(allowed: ["step", "method", "percentile", "samples", "io"])
            let method: CalibrationMethod
            switch try cursor["method"].optional()?.string() ?? "minmax" {
            case "minmax": method = .minMax
            case "percentile": method = .percentile(try cursor["percentile"].optional()?.double() ?? 99.99)
            case "mse": method = .mse
            default: throw cursor["method"].invalid("expected one of minmax, percentile, mse")
            }
            return .quantize(method: method, samples: try cursor["samples"].optional().map(positive) ?? 200,
                             io: try cursor["io"].optional()?.oneOf(Quantizer.IOType.self) ?? .int8)
        case "prune", "qat":
            let options = try fineTuning(kind == "qat" ? [] : ["sparsity", "schedule", "scope", "structured", "criterion", "all_layers", "qat"])
            var prune = PruneOptions(sparsity: kind == "qat" ? 0 : try cursor["sparsity"].double())
            if kind == "qat" {
                prune.schedule = .constant
                prune.quantizationAware = true
            } else {
                if let v = try cursor["schedule"].optional() { prune.schedule = try v.oneOf(SparsitySchedule.self) }
                if let v = try cursor["scope"].optional() { prune.scope = try v.oneOf(PruningScope.self) }
                if let v = try cursor["structured"].optional() {
                    guard try v.string() == "channels" else { throw v.invalid("expected \"channels\"") }
                    prune.structure = .channels
                    prune.schedule = .constant
                }
                if let v = try cursor["criterion"].optional() { prune.criterion = try v.oneOf(ChannelCriterion.self) }
                if let v = try cursor["all_layers"].optional() { prune.allLayers = try v.bool() }
                if let v = try cursor["qat"].optional() { prune.quantizationAware = try v.bool() }
            }
            do { try prune.validate(epochs: options.epochs) } catch { throw cursor.invalid(error.message) }
            return .prune(prune, training: options)
        case "distill":
            let options = try fineTuning(["student", "temperature", "alpha"])
            var distill = DistillJob.Options()
            if let v = try cursor["temperature"].optional() { distill.temperature = try v.float() }
            if let v = try cursor["alpha"].optional() { distill.alpha = try v.float() }
            return .distill(student: try cursor["student"].string(), options: distill, training: options)
        default:
            throw cursor["step"].invalid("unknown optimize step \"\(kind)\"; known steps: prune, distill, qat, quantize")
        }
    }

    static func positive(_ cursor: JSONCursor) throws(JSONError) -> Int {
        let value = try cursor.int()
        guard value > 0 else { throw cursor.invalid("expected a positive integer, got \(value)") }
        return value
    }

    static func nonNegative(_ cursor: JSONCursor) throws(JSONError) -> Int {
        let value = try cursor.int()
        guard value >= 0 else { throw cursor.invalid("expected a non-negative integer, got \(value)") }
        return value
    }

    /// Bytes, or a string with a K/M suffix ("256K").
    static func size(_ cursor: JSONCursor) throws(JSONError) -> Int {
        if let bytes = cursor.value?.intValue, bytes > 0 { return bytes }
        let text = try cursor.string().uppercased().replacingOccurrences(of: "IB", with: "").replacingOccurrences(of: "B", with: "")
        let multiplier = text.hasSuffix("K") ? 1024 : text.hasSuffix("M") ? 1024 * 1024 : 1
        guard let number = Int(multiplier == 1 ? text : String(text.dropLast())), number > 0 else {
            throw cursor.invalid("expected a size in bytes or with a K/M suffix (256K)")
        }
        return number * multiplier
    }

    static func strings(_ cursor: JSONCursor) throws(JSONError) -> [String] {
        var result: [String] = []
        for element in try cursor.array() { result.append(try element.string()) }
        return result
    }
}

import Foundation
