import TinyOpsKit

/// The training options `train`, `prune` and `distill` share, declared and read once.
enum TrainingArguments {
    /// `schedule` names the learning-rate schedule option (`prune` uses `--schedule` for sparsity).
    static func options(epochs: String, learningRate: String = "0.001", schedule: String = "schedule") -> [OptionSpec] {
        [
            .option("epochs", value: "n", default: epochs, help: "Passes over the training split."),
            .option("batch-size", value: "n", default: "32", help: "Samples per step."),
            .option("lr", value: "rate", default: learningRate, help: "Learning rate."),
            .choice("optimizer", of: OptimizerKind.self, default: .adam, help: "Update rule (SGD uses --momentum)."),
            .option("momentum", value: "m", default: "0.9", help: "SGD momentum."),
            .option("weight-decay", value: "w", default: "0", help: "Weight decay of the weights (not biases or batch norm): L2 for SGD, decoupled for Adam."),
            .choice(schedule, of: LearningRateSchedule.self, default: .constant, help: "Learning-rate schedule over the epochs."),
            .option("seed", value: "n", default: "0", help: "Seed for initialisation, shuffling and dropout."),
            .option("patience", value: "n", default: "0", help: "Stop after this many epochs without a better validation loss (0: never)."),
            .choice("class-weights", of: ClassWeighting.self, default: ClassWeighting.none, help: "Weight the loss by inverse class frequency (auto) or not."),
            .option("threads", value: "n", default: "2", help: "Threads; each batch is split into this many shards, so results are reproducible for the same seed and thread count."),
        ]
    }

    static func read(_ args: ParsedArguments, schedule: String = "schedule") throws -> TrainingOptions {
        var options = TrainingOptions()
        options.epochs = try args.int("epochs", in: 1...1_000_000)
        options.batchSize = try args.int("batch-size", in: 1...65536)
        options.learningRate = Float(try args.double("lr", in: 1e-12...100) as Double)
        options.optimizer = try args.choice("optimizer")
        options.momentum = Float(try args.double("momentum", in: 0...0.999999) as Double)
        options.weightDecay = Float(try args.double("weight-decay", in: 0...10) as Double)
        options.schedule = try args.choice(schedule)
        options.seed = UInt64(try args.int("seed", in: 0...Int.max) as Int)
        options.patience = try args.int("patience", in: 0...1_000_000)
        options.classWeighting = try args.choice("class-weights")
        options.lanes = try args.int("threads", in: 1...16)
        return options
    }
}
