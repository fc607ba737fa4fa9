/// The root command. Adding a command: a new file in Commands/, plus one line here.
struct Tinyops: CommandGroup {
    static let spec = CommandSpec(
        name: "tinyops",
        abstract: "A TinyMLOps toolchain: from sensor data to a firmware-ready model.",
        subcommands: [
            // The pipeline first, then each stage in pipeline order, so `tinyops --help` reads as the workflow.
            InitCommand.self,
            RunCommand.self,
            StatusCommand.self,
            MetricsCommand.self,
            CollectCommand.self,
            TrainCommand.self,
            PruneCommand.self,
            DistillCommand.self,
            FinetuneCommand.self,
            QuantizeCommand.self,
            PredictCommand.self,
            EvalCommand.self,
            CheckCommand.self,
            TargetsCommand.self,
            DeployCommand.self,
            DiffCommand.self,
            MonitorCommand.self,
            ReportCommand.self,
            InspectCommand.self,
            KeygenCommand.self,
            PackageCommand.self,
            VerifyCommand.self,
        ])
}
