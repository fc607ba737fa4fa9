import Foundation
import TinyOpsKit

/// `tinyops run [STAGE...]`: the project's pipeline with make-like caching and a lock file.
struct RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        abstract: "Run a project's pipeline (collect → train → optimize → check → package → report), skipping up-to-date stages.",
        discussion: """
            Reads tinyops.json in the project folder (docs/pipeline.md). Each stage's key is its \
            options, the content of its inputs, its upstream outputs and the tool version: an \
            up-to-date stage is skipped, a configuration seen before is restored from \
            .tinyops/store, anything else runs. Outputs are published to build/<stage>/ and \
            tinyops.lock records every stage's inputs, outputs and metrics. With STAGE names, \
            runs up to the last of them. Exit 3 when a check stage finds the model does not fit.

              tinyops run -C examples/imu-activity
              tinyops run train --force
            """,
        options: [
            .option("directory", short: "C", value: "dir", default: ".", help: "The project folder (holding tinyops.json)."),
            .flag("force", help: "Re-run the stages even when they are up to date."),
        ],
        arguments: [.variadic("stages", help: "Run up to these stages (default: all).")],
        supportsJSON: true)

    let directory: String
    let stages: [String]
    let force: Bool

    init(_ args: ParsedArguments) throws {
        directory = try args.path("directory")
        stages = args.strings("stages")
        force = args.flag("force")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let results = try PipelineRunner.run(project: directory, only: stages, force: force) { io.note($0) }
        let fits = results.first { $0.name == "check" }?.metrics["fits"]?.boolValue ?? true
        if io.json {
            try io.printJSON(.array(results.map { result in
                ["stage": .string(result.name), "outputs": .string(result.outputs), "metrics": .object(result.metrics),
                 "state": .string(PipelineRunner.describe(result))]
            }))
        } else {
            io.stdout.write(RunSummary.text(results, project: directory))
        }
        return fits ? .success : .checkFailed
    }
}

/// The few lines a newcomer reads after `tinyops run`: where the artifacts are, and the key metrics.
enum RunSummary {
    static func text(_ results: [PipelineRunner.StageResult], project: String) -> String {
        func metric(_ stage: String, _ key: String) -> JSONValue? { results.first { $0.name == stage }?.metrics[key] }
        func percent(_ value: JSONValue?) -> String { value?.doubleValue.map { String(format: "%.2f%%", $0 * 100) } ?? "-" }
        let ran = results.filter { if case .ran = $0.state { return true } else { return false } }.count
        let prefix = project == "." ? "" : project + "/"
        var lines = ["pipeline: \(results.count) stages (\(ran) ran, \(results.count - ran) from the cache)"]
        let model = results.last { FileManager.default.fileExists(atPath: prefix + $0.outputs + "/model.tflite") }
        if let model {
            let bytes = model.metrics["model_bytes"]?.intValue.map { " (\($0) bytes)" } ?? ""
            lines.append("model      \(prefix)\(model.outputs)/model.tflite\(bytes)")
        }
        if let deploy = results.first(where: { $0.name == "deploy" }) {
            let formats = deploy.metrics.map { "\(prefix)build/deploy/\($0.key)/" }.joined(separator: ", ")
            lines.append("firmware   \(formats)")
        }
        for stage in ["package", "report"] where results.contains(where: { $0.name == stage }) {
            let file = stage == "package" ? "model.tpk" : "report.html"
            lines.append("\(stage.padding(toLength: 10, withPad: " ", startingAt: 0)) \(prefix)build/\(stage)/\(file)")
        }
        if let float = metric("quantize", "float_accuracy"), let int8 = metric("quantize", "int8_accuracy") {
            lines.append("accuracy   float \(percent(float)), int8 \(percent(int8)) (test split)")
        } else if let test = metric("train", "test_accuracy") {
            lines.append("accuracy   float \(percent(test)) (test split)")
        }
        if let check = results.first(where: { $0.name == "check" }) {
            for (target, value) in check.metrics where target != "fits" {
                let arena = value["arena_bytes"]?.intValue.map { "arena \($0) bytes" } ?? "arena -"
                let flash = value["flash_bytes"]?.intValue.map { "flash \($0) bytes" } ?? "flash -"
                let latency = value["latency_ms"]?.doubleValue.map { String(format: "~%.2f ms", $0) } ?? "latency -"
                let verdict = value["fits"]?.boolValue == true ? "fits" : "DOES NOT FIT"
                lines.append("\(target.padding(toLength: 10, withPad: " ", startingAt: 0)) \(arena), \(flash), \(latency): \(verdict)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
