import Foundation
import Testing
@testable import TinyOpsKit

/// A small project (imported arrays, a tiny MLP) run end to end: caching, restore from the
/// store, status reasons, the lock, and failures that leave the previous results intact.
@Suite struct PipelineTests {
    static func makeProject(epochs: Int = 3) throws -> String {
        let project = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: project + "/arrays", withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 12)
        var x: [Float] = [], y: [Int32] = []
        for i in 0..<90 {
            let label = Int32(i % 3)
            for step in 0..<8 { x += [Float(label) + Float.random(in: -0.3...0.3, using: &generator), Float(step % (Int(label) + 1))] }
            y.append(label)
        }
        try NPYArray(float32: x, shape: [90, 8, 2]).write(to: project + "/arrays/x.npy")
        try NPYArray(int32: y).write(to: project + "/arrays/y.npy")
        try AtomicFile.write(Array("low\nmid\nhigh\n".utf8), to: project + "/arrays/labels.txt")
        try AtomicFile.write(Array("""
            {"layers": [{"type": "flatten"}, {"type": "dense", "units": 8, "activation": "relu"},
                        {"type": "dense", "units": "classes"}, {"type": "softmax"}]}
            """.utf8), to: project + "/spec.json")
        try writeConfig(project, epochs: epochs)
        return project
    }

    static func writeConfig(_ project: String, epochs: Int, spec: String = "spec.json") throws {
        try AtomicFile.write(Array("""
            {
              "name": "tiny",
              "collect": {"arrays": "arrays", "split": "70/15/15", "seed": 1},
              "train": {"spec": "\(spec)", "epochs": \(epochs), "batch_size": 16, "learning_rate": 0.01, "seed": 0},
              "optimize": [{"step": "quantize", "samples": 20}],
              "check": {"targets": ["nano33ble"], "runtime": "tinyops"},
              "deploy": {"formats": ["bin", "runtime"], "name": "tiny"},
              "report": true
            }
            """.utf8), to: project + "/tinyops.json")
    }

    func states(_ results: [PipelineRunner.StageResult]) -> [String] {
        results.map {
            switch $0.state {
            case .upToDate: return "\($0.name):up"
            case .restored: return "\($0.name):restored"
            case .ran: return "\($0.name):ran"
            }
        }
    }

    @Test func runsCachesRestoresAndRecords() throws {
        let project = try Self.makeProject()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let first = try PipelineRunner.run(project: project)
        #expect(states(first) == ["collect:ran", "train:ran", "quantize:ran", "check:ran", "deploy:ran", "report:ran"])
        for file in ["collect/dataset/dataset.json", "train/model.tflite", "quantize/model.tflite", "check/check-nano33ble.json",
                     "report/report.html", "deploy/bin/tiny.bin", "deploy/runtime/main.c"] {
            #expect(FileManager.default.fileExists(atPath: project + "/build/" + file), "\(file)")
        }
        #expect(first[3].metrics["fits"] == .bool(true))
        #expect(try PipelineStatus.status(project: project).allSatisfy(\.isFresh))

        // Nothing changed: every stage is skipped.
        #expect(states(try PipelineRunner.run(project: project)) == ["collect:up", "train:up", "quantize:up", "check:up", "deploy:up", "report:up"])

        // A training option changes: train and everything after it are stale, collect is not.
        let lockBefore = try LockFile.load(project + "/tinyops.lock")
        try Self.writeConfig(project, epochs: 4)
        let status = try PipelineStatus.status(project: project)
        #expect(status.map(\.isFresh) == [true, false, false, false, false, false])
        #expect(status[1].reasons == ["options changed"])
        #expect(status[2].reasons == ["upstream train is stale"])
        #expect(states(try PipelineRunner.run(project: project)) == ["collect:up", "train:ran", "quantize:ran", "check:ran", "deploy:ran", "report:ran"])

        // Back to the first configuration: restored from the store, nothing re-run.
        try Self.writeConfig(project, epochs: 3)
        #expect(states(try PipelineRunner.run(project: project))
                == ["collect:up", "train:restored", "quantize:restored", "check:restored", "deploy:restored", "report:restored"])
        let lockAfter = try LockFile.load(project + "/tinyops.lock")
        #expect(lockAfter.stages.map(\.key) == lockBefore.stages.map(\.key))
        #expect(try FileBytes.read(project + "/build/train/model.tflite")
                == FileBytes.read(project + "/.tinyops/store/" + lockBefore.stage("train")!.key + "/model.tflite"))

        // An input file changes.
        try AtomicFile.write(Array("low\nmid\ntop\n".utf8), to: project + "/arrays/labels.txt")
        #expect(try PipelineStatus.status(project: project)[0].reasons == ["input arrays changed"])
    }

    @Test func aFailingStageLeavesThePreviousResultsAndLock() throws {
        let project = try Self.makeProject()
        defer { try? FileManager.default.removeItem(atPath: project) }
        _ = try PipelineRunner.run(project: project)
        let lock = try FileBytes.read(project + "/tinyops.lock")
        let model = try FileBytes.read(project + "/build/train/model.tflite")
        try AtomicFile.write(Array(#"{"layers": [{"type": "conv2d", "filters": 4, "kernel_size": 9}]}"#.utf8), to: project + "/bad.json")
        try Self.writeConfig(project, epochs: 3, spec: "bad.json")
        let error = try #require(throws: PipelineRunner.Failure.self) { try PipelineRunner.run(project: project) }
        #expect(error.stage == "train")
        #expect(error.message.hasPrefix("stage train: "))
        #expect(try FileBytes.read(project + "/tinyops.lock") == lock)
        #expect(try FileBytes.read(project + "/build/train/model.tflite") == model)
        #expect(try ContentHash.files(in: project + "/.tinyops/tmp").isEmpty)
    }

    @Test func configErrorsNameTheKeyAndItsPath() throws {
        let cases: [(String, String)] = [
            (#"{"collect": {"inputs": ["d"]}, "train": {"spec": "s.json", "epochs": "ten"}}"#, "$.train.epochs: expected an integer"),
            (#"{"collect": {"inputs": ["d"]}, "train": {"spec": "s.json", "epochs": 0}}"#, "$.train.epochs: expected a positive integer, got 0"),
            (#"{"collect": {"inputs": ["d"], "windw": "2s"}, "train": {"spec": "s.json"}}"#, "windw"),
            (#"{"collect": {}, "train": {"spec": "s.json"}}"#, "$.collect: needs \"inputs\""),
            (#"{"collect": {"inputs": ["d"]}, "train": {"spec": "s.json"}, "check": {"targets": ["nano33"]}}"#,
             "$.check.targets[0]: unknown target \"nano33\"; did you mean \"nano33ble\"?"),
            (#"{"collect": {"inputs": ["d"]}, "train": {"spec": "s.json"}, "optimize": [{"step": "prun"}]}"#,
             "$.optimize[0].step: unknown optimize step \"prun\""),
            (#"{"collect": {"inputs": ["d"], "window": "two"}, "train": {"spec": "s.json"}}"#, "$.collect.window: expected samples"),
        ]
        for (text, expected) in cases {
            let error = try #require(throws: JSONError.self) { try PipelineConfig(json: try JSONParser().parse(text)) }
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }
}

/// The optimize steps other than quantize, and the package stage, inside a pipeline.
@Suite struct PipelineOptimizeStepsTests {
    @Test func pruneQuantizeAndPackage() throws {
        let project = try PipelineTests.makeProject()
        defer { try? FileManager.default.removeItem(atPath: project) }
        _ = try KeyFile.write(Ed25519.PrivateKey(seed: [UInt8](repeating: 7, count: 32)), to: project + "/dev.key", overwrite: false)
        try AtomicFile.write(Array("""
            {
              "name": "tiny",
              "collect": {"arrays": "arrays", "seed": 1},
              "train": {"spec": "spec.json", "epochs": 3, "batch_size": 16, "learning_rate": 0.01},
              "optimize": [{"step": "prune", "sparsity": 0.5, "schedule": "constant", "epochs": 2, "all_layers": true},
                           {"step": "quantize", "samples": 20}],
              "package": {"key": "dev.key", "version": "1.2.0", "target": "nano33ble"},
              "report": false
            }
            """.utf8), to: project + "/tinyops.json")
        let results = try PipelineRunner.run(project: project)
        #expect(results.map(\.name) == ["collect", "train", "prune", "quantize", "package"])
        let prune = try #require(results.first { $0.name == "prune" })
        #expect(abs((prune.metrics["sparsity"]?.doubleValue ?? 0) - 0.5) < 0.05)
        // The package holds the quantized (pruned) model and verifies with the key.
        let verification = try UpdatePackage.verify(packagePath: project + "/build/package/model.tpk",
                                                    publicKeyPath: project + "/dev.key.pub", extractTo: nil)
        guard case .valid(let package) = verification else { Issue.record("package invalid: \(verification)"); return }
        #expect(package.manifest.version.description == "1.2.0")
        let lock = try LockFile.load(project + "/tinyops.lock")
        #expect(package.manifest.lockHash != nil)
        #expect(lock.stage("package") != nil)
    }
}
