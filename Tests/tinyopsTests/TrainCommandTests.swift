import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops train` end to end on a small generated dataset, and its bad-input paths: one
/// error line naming the file and the problem, exit 1, no model file left behind.
@Suite struct TrainCommandTests {
    /// Three well-separated classes of 4-feature samples: class c is centred on 3·e_c.
    static func writeDataset(_ directory: String, shape: [Int] = [4], classes: [String] = ["a", "b", "c"],
                             trainClasses: Int? = nil, perClass: Int = 12) throws {
        var generator = SeededRandom(seed: 1)
        let size = shape.reduce(1, *)
        var x: [Float] = [], y: [Int32] = [], splits: [DatasetSplit] = []
        for c in classes.indices {
            for i in 0..<perClass {
                for j in 0..<size { x.append((j % classes.count == c ? 3 : 0) + Float.random(in: -0.5...0.5, using: &generator)) }
                y.append(Int32(c))
                // Every fourth sample is val; a class beyond `trainClasses` has no train samples.
                splits.append(i % 4 == 3 ? .val : (c >= (trainClasses ?? classes.count) ? .test : .train))
            }
        }
        try Dataset.inMemory(x: x, y: y, labels: classes, sampleShape: shape, splits: splits).write(to: directory)
    }

    static func writeSpec(_ path: String, _ json: String) throws {
        try json.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static let mlp = #"{"layers":[{"type":"dense","units":8,"activation":"relu"},{"type":"dense","units":"classes"},{"type":"softmax"}]}"#

    func train(_ arguments: [String]) -> Outcome { run(["train"] + arguments, root: Tinyops.self) }

    @Test func trainsAndWritesAModelWithMetadata() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeDataset(directory + "/data")
        try Self.writeSpec(directory + "/spec.json", Self.mlp)
        let out = directory + "/model.tflite"
        let outcome = train([directory + "/spec.json", "--data", directory + "/data", "-o", out, "--epochs", "15",
                             "--lr", "0.02", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        #expect(outcome.stderr == "", "no progress lines when stderr is not a terminal")
        let result = try JSONParser().parse(outcome.stdout)
        #expect(result["epochs"]?.arrayValue?.count == 15)
        #expect(result["epochs"]?[0]?["val_accuracy"]?.doubleValue != nil)
        #expect(result["val"]?["confusion_matrix"]?.arrayValue?.count == 3)
        #expect((result["val"]?["accuracy"]?.doubleValue ?? 0) > 0.9, "separable blobs should be learned: \(outcome.stdout)")
        let model = try ModelFile.load(out).model
        #expect(model.main.operators.map { $0.opcode.name } == ["FULLY_CONNECTED", "FULLY_CONNECTED", "SOFTMAX"])
        let metadata = try #require(try model.tinyopsMetadata())
        #expect(metadata["labels"] == ["a", "b", "c"])
        #expect(metadata["dataset_sha256"]?.stringValue?.count == 64)
        #expect(metadata["normalization"]?["std"]?.arrayValue?.count == 4, "flat samples: one channel per feature")
    }

    @Test func sameSeedGivesIdenticalModelBytes() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeDataset(directory + "/data")
        // Dropout and batch norm included: both must be reproducible too.
        try Self.writeSpec(directory + "/spec.json", #"{"layers":[{"type":"dense","units":8},{"type":"batch_norm"},{"type":"relu"},{"type":"dropout","rate":0.3},{"type":"dense","units":"classes"}]}"#)
        func model(seed: Int, _ name: String) throws -> [UInt8] {
            let out = directory + "/" + name
            let outcome = train([directory + "/spec.json", "--data", directory + "/data", "-o", out, "--epochs", "3",
                                 "--batch-size", "5", "--seed", String(seed)])
            #expect(outcome.code == .success, "\(outcome.stderr)")
            return try FileBytes.read(out)
        }
        let first = try model(seed: 7, "a.tflite")
        #expect(try model(seed: 7, "b.tflite") == first, "the same seed gave different weights")
        #expect(try model(seed: 8, "c.tflite") != first)
    }

    @Test func progressLinesOnATerminal() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeDataset(directory + "/data")
        try Self.writeSpec(directory + "/spec.json", Self.mlp)
        let out = StringWriter(), err = StringWriter()
        let context = CommandContext(stdout: out, stderr: err, isStderrTerminal: true)
        let code = CommandLineShell.run(root: Tinyops.self, arguments: [
            "train", directory + "/spec.json", "--data", directory + "/data", "-o", directory + "/m.tflite", "--epochs", "2",
        ], context: context)
        #expect(code == .success)
        let lines = err.text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("epoch 1/2  loss ") == true)
        #expect(lines.allSatisfy { $0.contains("val_acc") && $0.contains("samples/s") && $0.contains("ETA") })
        #expect(out.text.contains("confusion matrix (val"))
    }

    /// Runs a failing command and checks: exit 1, one error line (plus a hint), no model.
    func expectFailure(_ spec: String, data: (String) throws -> Void = { try TrainCommandTests.writeDataset($0) },
                       _ expected: String, file: String = "spec.json") throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try data(directory + "/data")
        try Self.writeSpec(directory + "/spec.json", spec)
        let out = directory + "/model.tflite"
        let outcome = train([directory + "/spec.json", "--data", directory + "/data", "-o", out, "--epochs", "1"])
        #expect(outcome.code == .failure)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.first == Substring("tinyops: error: \(directory)/\(file): \(expected)"), "\(outcome.stderr)")
        #expect(lines.count <= 2 && lines.dropFirst().allSatisfy { $0.hasPrefix("  hint: ") })
        #expect(!FileManager.default.fileExists(atPath: out), "a partial model was left behind")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".model") }
        #expect(leftovers.isEmpty)
    }

    @Test func kernelLargerThanItsInput() throws {
        try expectFailure(
            #"{"input":[4,4,8],"layers":[{"type":"conv2d","name":"c2","filters":4,"kernel_size":5},{"type":"flatten"},{"type":"dense","units":"classes"}]}"#,
            data: { try TrainCommandTests.writeDataset($0, shape: [4, 4, 8]) },
            "layer 0 (conv2d 'c2'): kernel 5x5 does not fit input 4x4x8")
    }

    @Test func unknownLayerTypeSuggestsTheClosest() throws {
        try expectFailure(#"{"layers":[{"type":"dense","units":4},{"type":"conv2","filters":3}]}"#,
                          #"$.layers[1].type: unknown layer type "conv2" (did you mean "conv2d"?)"#)
    }

    @Test func sampleShapeDifferentFromTheSpecInput() throws {
        try expectFailure(#"{"input":[8,8,1],"layers":[{"type":"flatten"},{"type":"dense","units":"classes"}]}"#,
                          "the spec's input is 8x8x1 but the dataset's samples are 4")
    }

    @Test func denseOnAnUnflattenedInput() throws {
        try expectFailure(#"{"layers":[{"type":"dense","units":"classes"}]}"#,
                          data: { try TrainCommandTests.writeDataset($0, shape: [2, 3]) },
                          "layer 0 (dense 'dense_0'): dense needs a flat input, got 2x3 (add a flatten or global_avg_pool layer before it)")
    }

    @Test func outputSizeDifferentFromTheClassCount() throws {
        try expectFailure(#"{"layers":[{"type":"dense","units":5,"name":"out"}]}"#,
                          "layer 0 (dense 'out'): the model's output is 5 but the dataset has 3 classes")
    }

    @Test func addFromAnUnknownLayer() throws {
        try expectFailure(#"{"layers":[{"type":"dense","units":4,"name":"first"},{"type":"add","from":"frist"},{"type":"dense","units":"classes"}]}"#,
                          #"layer 1 (add 'add_1'): "from": "frist" names no earlier layer (did you mean "first"?)"#)
    }

    @Test func aClassWithoutTrainingSamples() throws {
        try expectFailure(Self.mlp, data: { try TrainCommandTests.writeDataset($0, trainClasses: 2) },
                          #"class "c" has no training samples (training samples per class: 9, 9, 0)"#, file: "data")
    }

    @Test func missingDatasetFile() throws {
        try expectFailure(Self.mlp, data: { directory in
            try TrainCommandTests.writeDataset(directory)
            try FileManager.default.removeItem(atPath: directory + "/y.npy")
        }, "no such file", file: "data/y.npy")
    }
}

/// A fresh empty directory under the system temporary directory.
private func temporaryDirectory(_ name: String = #function) throws -> String {
    let path = NSTemporaryDirectory() + "tinyops-train-\(name.filter { $0.isLetter })-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
