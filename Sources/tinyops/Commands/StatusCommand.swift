import TinyOpsKit

/// `tinyops status`: which stages are stale, and why.
struct StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        abstract: "Show which pipeline stages are up to date and why the others are stale.",
        options: [.option("directory", short: "C", value: "dir", default: ".", help: "The project folder (holding tinyops.json).")],
        supportsJSON: true)

    let directory: String

    init(_ args: ParsedArguments) throws {
        directory = try args.path("directory")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let stages = try PipelineStatus.status(project: directory)
        if io.json {
            try io.printJSON(.array(stages.map { ["stage": .string($0.name), "fresh": .bool($0.isFresh),
                                                  "reasons": .array($0.reasons.map(JSONValue.string))] }))
        } else {
            for stage in stages {
                io.print(stage.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                         + (stage.isFresh ? "up to date" : "stale: " + stage.reasons.joined(separator: "; ")))
            }
        }
        return .success
    }
}

/// `tinyops metrics [--diff OTHER.lock]`: a run's metrics, or how they changed.
struct MetricsCommand: Command {
    static let spec = CommandSpec(
        name: "metrics",
        abstract: "Show the metrics recorded in tinyops.lock, or compare them with another run's lock file.",
        options: [
            .option("directory", short: "C", value: "dir", default: ".", help: "The project folder (holding tinyops.lock)."),
            .option("diff", value: "lock", help: "Another run's tinyops.lock to compare with."),
        ],
        supportsJSON: true)

    let directory: String
    let diff: String?

    init(_ args: ParsedArguments) throws {
        directory = try args.path("directory")
        diff = try args.path("diff")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let lock = try LockFile.load(directory + "/" + LockFile.fileName)
        let other = try diff.map { try LockFile.load($0) }
        if io.json {
            var object = JSONObject()
            for (key, value) in PipelineStatus.metrics(lock) { object[key] = value }
            try io.printJSON(.object(object))
        } else {
            io.stdout.write(PipelineStatus.metricsText(lock, diff: other))
        }
        return .success
    }
}
