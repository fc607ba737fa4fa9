import Foundation
import Testing
@testable import TinyOpsKit

/// The specs under models/, trained briefly on random data (so that weights and batch-norm
/// statistics are not their initial values), exported, and checked: op patterns, folding,
/// metadata, and (with the TFLM oracle) the same outputs as tinyops' own forward pass.
enum ExportFixtures {
    static let specs: [(file: String, shape: [Int], classes: Int)] = [
        ("mlp.json", [8, 8, 1], 4),
        ("imu_conv1d.json", [32, 6], 4),
        ("cnn2d_small.json", [8, 8, 1], 5),
        ("ds_cnn_kws.json", [49, 10, 1], 4),
    ]

    /// Each spec trained once (debug builds are slow) and shared by the tests.
    static let trained: [String: Result<Trained, any Error>] = {
        var result: [String: Result<Trained, any Error>] = [:]
        for entry in specs {
            result[entry.file] = Result { try train(entry.file, shape: entry.shape, classes: entry.classes) }
        }
        return result
    }()

    static func trained(_ file: String) throws -> Trained { try trained[file]!.get() }

    static func path(_ file: String) -> String { Fixtures.repositoryRoot + "/models/" + file }

    /// Random samples (values around 3 ± 2, so that normalisation matters), labels cycling
    /// through the classes, 3/4 train and 1/4 val.
    static func data(shape: [Int], classes: Int, count: Int, seed: UInt64) -> TrainingSet {
        var generator = SeededGenerator(seed: seed)
        let size = shape.reduce(1, *)
        let x = (0..<(count * size)).map { _ in Float.random(in: 1...5, using: &generator) }
        let y = (0..<count).map { Int32($0 % classes) }
        let train = Array(0..<(count * 3 / 4)), val = Array((count * 3 / 4)..<count)
        return TrainingSet(x: x, y: y, sampleShape: shape, labels: (0..<classes).map { "class\($0)" },
                           train: train, validation: val)
    }

    struct Trained {
        let network: Network
        let outcome: TrainingOutcome
        let data: TrainingSet
        let model: Model
    }

    static func train(_ file: String, shape: [Int], classes: Int) throws -> Trained {
        let spec = try ModelSpec.load(path(file))
        let network = Network(try spec.resolve(sampleShape: shape, classes: classes))
        let data = Self.data(shape: shape, classes: classes, count: 2 * classes + 4, seed: 3)
        var options = TrainingOptions()
        options.epochs = 2
        options.batchSize = 8
        options.learningRate = 0.01
        let outcome = try Trainer.train(network, data: data, options: options)
        let model = ModelExporter.export(network, parameters: outcome.parameters, state: outcome.state)
        return Trained(network: network, outcome: outcome, data: data, model: model)
    }

    /// tinyops' float forward pass (inference mode) on normalised samples.
    static func predict(_ t: Trained, x: [Float], count: Int) -> [Float] {
        let engine = Engine(network: t.network, capacity: count, lanes: 1, seed: 0)
        engine.parameterValues = t.outcome.parameters
        engine.stateValues = t.outcome.state
        return x.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: count).outputs }
    }
}

@Suite struct ExportTests {
    @Test func conv1dUsesTheConverterPattern() throws {
        let t = try ExportFixtures.trained("imu_conv1d.json")
        let ops = t.model.main.operators.map { $0.opcode.name }
        #expect(ops == ["EXPAND_DIMS", "CONV_2D", "RESHAPE", "EXPAND_DIMS", "MAX_POOL_2D", "RESHAPE",
                        "EXPAND_DIMS", "CONV_2D", "RESHAPE", "MEAN", "FULLY_CONNECTED", "SOFTMAX"])
        let conv = t.model.main.operators[1]
        #expect(conv.options.conv2D?.activation == .relu, "relu fused into the conv")
        #expect(t.model.main.tensors[Int(conv.inputs[1])].shape == [16, 1, 5, 6], "filter OHWI with H = 1")
        let axis = t.model.main.tensors[Int(t.model.main.operators[0].inputs[1])]
        #expect(axis.data == withUnsafeBytes(of: Int32(-3)) { Array($0) } && axis.shape == [])
    }

    @Test func batchNormIsFoldedAndDropoutRemoved() throws {
        let t = try ExportFixtures.trained("ds_cnn_kws.json")
        let ops = t.model.main.operators.map { $0.opcode.name }
        #expect(!ops.contains("MUL") && !ops.contains("ADD"), "batch norm left in the graph: \(ops)")
        #expect(ops.first == "CONV_2D" && ops.filter { $0 == "DEPTHWISE_CONV_2D" }.count == 4)
        #expect(ops.suffix(4) == ["AVERAGE_POOL_2D", "RESHAPE", "FULLY_CONNECTED", "SOFTMAX"])
        #expect(t.model.main.operators.filter { $0.opcode.name == "CONV_2D" }.allSatisfy { $0.options.conv2D?.activation == .relu })
    }

    @Test func residualAndSeparableExport() throws {
        let t = try ExportFixtures.trained("cnn2d_small.json")
        let ops = t.model.main.operators.map { $0.opcode.name }
        #expect(ops == ["CONV_2D", "CONV_2D", "ADD", "MAX_POOL_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "MEAN",
                        "FULLY_CONNECTED", "SOFTMAX"])
        let add = t.model.main.operators[2]
        #expect(add.inputs == [t.model.main.operators[1].outputs[0], t.model.main.operators[0].outputs[0]])
        #expect(add.options.fusedActivation == .relu)
    }

    @Test func writtenModelRoundTripsWithMetadata() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let t = try ExportFixtures.trained("mlp.json")
        var model = t.model
        let report = TrainReport(outcome: t.outcome, labels: t.data.labels, datasetHash: "abc", specName: "mlp",
                                 options: TrainingOptions(), modelPath: directory + "/m.tflite")
        try model.setTinyopsMetadata(report.metadata())
        try ModelFile.save(model, to: directory + "/m.tflite")
        let loaded = try ModelFile.load(directory + "/m.tflite").model
        #expect(loaded == model)
        let metadata = try #require(try loaded.tinyopsMetadata())
        #expect(metadata["labels"] == ["class0", "class1", "class2", "class3"])
        #expect(metadata["normalization"]?["mean"] == .floats(t.outcome.normalization.mean))
        #expect(metadata["dataset_sha256"] == "abc")
        #expect(metadata["metrics"]?["val_accuracy"]?.doubleValue == t.outcome.validation?.accuracy)
    }
}

/// The exported files run in TFLM with the outputs of tinyops' own forward pass.
@Suite(.enabled(if: TFLMOracle.isAvailable, TFLMOracle.skipReason))
struct ExportTFLMTests {
    @Test func everySpecRunsInTFLMLikeTinyops() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let samples = 12
        var jobs: [TFLMOracle.Job] = []
        var expected: [(name: String, outputs: [Float], classes: Int)] = []
        for (i, entry) in ExportFixtures.specs.enumerated() {
            let t = try ExportFixtures.trained(entry.file)
            let modelPath = "\(directory)/\(i).tflite"
            try ModelFile.save(t.model, to: modelPath)
            let raw = ExportFixtures.data(shape: entry.shape, classes: entry.classes, count: samples, seed: 99).x
            let x = t.outcome.normalization.apply(raw)
            try NPYArray(float32: x, shape: [samples] + entry.shape).write(to: "\(directory)/\(i)_in.npy")
            jobs.append(.init(model: modelPath, inputs: ["\(directory)/\(i)_in.npy"], outputs: ["\(directory)/\(i)_out.npy"]))
            expected.append((entry.file, ExportFixtures.predict(t, x: x, count: samples), entry.classes))
        }
        try TFLMOracle.run(jobs, in: directory)
        for (i, e) in expected.enumerated() {
            let tflm = try NPYArray(contentsOf: "\(directory)/\(i)_out.npy")
            #expect(tflm.shape == [samples, e.classes])
            let outputs = try tflm.float32()
            let difference = zip(outputs, e.outputs).map { abs($0 - $1) }.max() ?? .infinity
            print("note: \(e.name): TFLM vs tinyops forward pass, max abs difference \(difference) over \(samples) samples")
            #expect(difference < 1e-5, "\(e.name): max abs difference \(difference)")
            for s in 0..<samples {
                let a = outputs[(s * e.classes)..<((s + 1) * e.classes)], b = e.outputs[(s * e.classes)..<((s + 1) * e.classes)]
                #expect(a.firstIndex(of: a.max()!)! - a.startIndex == b.firstIndex(of: b.max()!)! - b.startIndex,
                        "\(e.name): sample \(s) predicted differently")
            }
        }
    }
}
