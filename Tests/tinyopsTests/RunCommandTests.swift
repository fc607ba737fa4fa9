import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops run`/`status`/`metrics` through the CLI, and SIGINT in the middle of a run.
@Suite struct RunCommandTests {
    /// A project with an imported dataset and a tiny MLP; `epochs` sets how long train takes.
    static func project(epochs: Int) throws -> String {
        let project = NSTemporaryDirectory() + "tinyops-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: project + "/arrays", withIntermediateDirectories: true)
        let x: [Float] = (0..<360).map { (i: Int) -> Float in Float((i * 7919) % 13) / 6 - 1 }
        try NPYArray(float32: x, shape: [60, 6]).write(to: project + "/arrays/x.npy")
        try NPYArray(int32: (0..<60).map { Int32($0 % 2) }).write(to: project + "/arrays/y.npy")
        try AtomicFile.write(Array("even\nodd\n".utf8), to: project + "/arrays/labels.txt")
        try AtomicFile.write(Array(#"{"layers": [{"type": "dense", "units": 4, "activation": "relu"}, {"type": "dense", "units": "classes"}, {"type": "softmax"}]}"#.utf8),
                             to: project + "/spec.json")
        try AtomicFile.write(Array("""
            {"collect": {"arrays": "arrays"}, "train": {"spec": "spec.json", "epochs": \(epochs), "batch_size": 4},
             "optimize": [{"step": "quantize", "samples": 10}], "check": {"targets": ["pico"]}, "report": false}
            """.utf8), to: project + "/tinyops.json")
        return project
    }

    @Test func runStatusAndMetrics() throws {
        let project = try Self.project(epochs: 2)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let first = run(["run", "-C", project], root: Tinyops.self)
        #expect(first.code == .success, "\(first.stderr)")
        #expect(first.stdout.contains("model      \(project)/build/quantize/model.tflite"))
        #expect(first.stdout.contains("pico       arena"))
        #expect(first.stderr.contains("train: done in"))
        let second = run(["run", "-C", project], root: Tinyops.self)
        #expect(second.stderr.contains("train: up to date"))
        #expect(run(["status", "-C", project], root: Tinyops.self).stdout.contains("quantize  up to date"))
        #expect(run(["metrics", "-C", project], root: Tinyops.self).stdout.contains("quantize.int8_accuracy"))
        let unknown = run(["run", "-C", project, "deploy"], root: Tinyops.self)
        #expect(unknown.code == .failure)
        #expect(unknown.stderr.contains("unknown stage 'deploy'; this project's stages are collect, train, quantize, check"))
        let missing = run(["run", "-C", project + "/nowhere"], root: Tinyops.self)
        #expect(missing.code == .failure)
        #expect(missing.stderr.hasPrefix("tinyops: error: \(project)/nowhere/tinyops.json: no such file"))
    }

    @Test func interruptingARunKeepsThePreviousResults() throws {
        let project = try Self.project(epochs: 2)
        defer { try? FileManager.default.removeItem(atPath: project) }
        #expect(run(["run", "-C", project], root: Tinyops.self).code == .success)
        let lock = try FileBytes.read(project + "/tinyops.lock")
        let model = try FileBytes.read(project + "/build/train/model.tflite")
        // A long training run, interrupted while train is running.
        let config = try String(contentsOfFile: project + "/tinyops.json", encoding: .utf8)
        try config.replacingOccurrences(of: "\"epochs\": 2", with: "\"epochs\": 200000").write(toFile: project + "/tinyops.json", atomically: true, encoding: .utf8)
        guard let binary = BuiltBinary.url else { Issue.record("the tinyops binary was not found"); return }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", "-C", project]
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("train: running") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.3)
        process.interrupt()  // SIGINT, as Ctrl-C
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus != 0)
        #expect(try FileBytes.read(project + "/tinyops.lock") == lock)
        #expect(try FileBytes.read(project + "/build/train/model.tflite") == model)
        #expect(try PipelineStatus.status(project: project)[1].reasons == ["options changed"])
    }
}
