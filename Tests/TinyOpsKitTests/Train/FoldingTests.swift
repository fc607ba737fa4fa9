import Foundation
import Testing
@testable import TinyOpsKit

/// Specs written back to JSON, networks folded as the exporter folds them, and trained
/// `.tflite` files read back into networks: each must give the very same model.
@Suite struct FoldingTests {
    /// The graph without names: ops, options, shapes, types and every constant byte.
    static func sameGraph(_ a: Model, _ b: Model) -> Bool {
        let x = a.main, y = b.main
        guard x.operators.count == y.operators.count, x.inputs == y.inputs, x.outputs == y.outputs else { return false }
        for (p, q) in zip(x.operators, y.operators) {
            guard p.builtin == q.builtin, p.options == q.options, p.inputs == q.inputs, p.outputs == q.outputs else { return false }
        }
        return x.tensors.count == y.tensors.count && zip(x.tensors, y.tensors).allSatisfy {
            $0.shape == $1.shape && $0.type == $1.type && $0.data == $1.data
        }
    }

    @Test(arguments: ExportFixtures.specs.map(\.file))
    func specJSONRoundTrips(_ file: String) throws {
        let spec = try ModelSpec.load(ExportFixtures.path(file))
        #expect(try ModelSpec.parse(spec.json()) == spec)
        let again = try ModelSpec.parse(try JSONParser().parse(try JSONWriter(pretty: false, sortedKeys: true).bytes(spec.json())))
        #expect(again == spec)
    }

    @Test(arguments: ExportFixtures.specs.map(\.file))
    func foldedNetworkExportsTheSameModel(_ file: String) throws {
        let t = try ExportFixtures.trained(file)
        let folded = try t.network.folded(parameters: t.outcome.parameters, state: t.outcome.state)
        let model = ModelExporter.export(folded.network, parameters: folded.parameters, state: folded.state)
        #expect(Self.sameGraph(model, t.model), "\(file)")
        #expect(!folded.spec.layers.contains { $0.type == .batchNorm || $0.type == .separableConv2D })
        // Folding a folded network changes nothing.
        let twice = try folded.network.folded(parameters: folded.parameters, state: folded.state)
        #expect(twice.spec == folded.spec && twice.parameters == folded.parameters)
    }

    @Test(arguments: ExportFixtures.specs.map(\.file))
    func trainedModelsReadBackBitForBit(_ file: String) throws {
        let t = try ExportFixtures.trained(file)
        var model = t.model
        let report = TrainReport(outcome: t.outcome, labels: t.data.labels, datasetHash: nil, specName: nil,
                                 options: TrainingOptions(), modelPath: "m.tflite", spec: try ModelSpec.load(ExportFixtures.path(file)))
        try model.setTinyopsMetadata(report.metadata())
        let decoded = try TFLiteReader.decode(try TFLiteWriter.encode(model))
        let loaded = try TrainedModel.load(decoded)
        #expect(loaded.labels == t.data.labels)
        #expect(loaded.normalization == t.outcome.normalization)
        let again = ModelExporter.export(loaded.folded.network, parameters: loaded.folded.parameters, state: loaded.folded.state)
        #expect(Self.sameGraph(again, t.model), "\(file)")
    }

    /// A standalone batch norm (not after a weighted layer) comes back as a frozen affine layer
    /// whose export is the file's MUL + ADD, and a relu fused into an add that a later add
    /// names still resolves.
    @Test func standaloneBatchNormAndResidualChains() throws {
        let json = #"{"input":[6],"layers":[{"type":"dense","name":"d","units":6},{"type":"add","name":"a1","from":"input","activation":"relu"},"#
            + #"{"type":"batch_norm","name":"bn"},{"type":"dense","units":6},{"type":"add","from":"a1/relu"},{"type":"dense","units":"classes"}]}"#
        let spec = try ModelSpec.parse(try JSONParser().parse(Array(json.utf8)))
        let network = Network(try spec.resolve(sampleShape: [6], classes: 3))
        let data = TrainerTests.blobs()
        var options = TrainingOptions()
        options.epochs = 2
        let outcome = try Trainer.train(network, data: data, options: options)
        var model = ModelExporter.export(network, parameters: outcome.parameters, state: outcome.state)
        #expect(model.main.operators.map(\.opcode.name).contains("MUL"))
        let report = TrainReport(outcome: outcome, labels: data.labels, datasetHash: nil, specName: nil,
                                 options: options, modelPath: "m.tflite", spec: spec)
        try model.setTinyopsMetadata(report.metadata())
        let loaded = try TrainedModel.load(model)
        let again = ModelExporter.export(loaded.folded.network, parameters: loaded.folded.parameters, state: loaded.folded.state)
        #expect(Self.sameGraph(again, model))
        // The loaded network computes what the file computes (frozen statistics).
        let x = outcome.normalization.apply(Array(data.x.prefix(6 * 5)))
        let engine = Engine(network: loaded.folded.network, capacity: 5, lanes: 1, seed: 0)
        engine.parameterValues = loaded.folded.parameters
        engine.stateValues = loaded.folded.state
        let ours = x.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: 5).outputs }
        let interpreter = try FloatInterpreter(model)
        for s in 0..<5 {
            let reference = try interpreter.run([Array(x[(s * 6)..<(s * 6 + 6)])])[0]
            for (a, b) in zip(reference, ours[(s * 3)..<(s * 3 + 3)]) { #expect(abs(a - b) < 1e-5) }
        }
    }

    @Test func modelsWithoutASpecOrChangedGraphsAreRefused() throws {
        let t = try ExportFixtures.trained("mlp.json")
        #expect(throws: TrainedModel.Failure.noSpec) { try TrainedModel.load(t.model) }
        var model = t.model
        let report = TrainReport(outcome: t.outcome, labels: t.data.labels, datasetHash: nil, specName: nil,
                                 options: TrainingOptions(), modelPath: "m.tflite", spec: try ModelSpec.load(ExportFixtures.path("cnn2d_small.json")))
        try model.setTinyopsMetadata(report.metadata())
        #expect(throws: (any Error).self) { try TrainedModel.load(model) }
        let int8 = try Fixtures.model("mlp_int8.tflite")
        #expect(throws: TrainedModel.Failure.quantized) { try TrainedModel.load(int8) }
    }
}
