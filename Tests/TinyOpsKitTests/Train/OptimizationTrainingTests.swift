import Foundation
import Testing
@testable import TinyOpsKit

/// The training extras that prune, distill and QAT build on: the distillation loss, frozen
/// batch norm, fake quantization.
@Suite struct DistillationLossTests {
    static func targets(_ logits: [Float], classes: Int, temperature: Float, alpha: Float) -> DistillationTargets {
        DistillationTargets(Distillation(teacherLogits: logits, temperature: temperature, alpha: alpha), classes: classes)
    }

    /// d(loss/W)/dz against central differences of the loss, in Double.
    @Test(arguments: [(Float(4), Float(0.5)), (1, 0), (2.5, 0.9), (8, 0.1)])
    func gradientMatchesFiniteDifferences(_ temperature: Float, _ alpha: Float) {
        let rows = 4, classes = 5
        var generator = SeededGenerator(seed: UInt64(temperature * 10 + alpha * 100))
        let teacher = (0..<(6 * classes)).map { _ in Float.random(in: -4...4, using: &generator) }
        let targets = Self.targets(teacher, classes: classes, temperature: temperature, alpha: alpha)
        let logits = (0..<(rows * classes)).map { _ in Float.random(in: -3...3, using: &generator) }
        let labels: [Int32] = [0, 3, 1, 4], samples = [5, 0, 2, 2], classWeights: [Float] = [1, 0.5, 2, 1, 1.5]
        let weightTotal = labels.reduce(Float(0)) { $0 + classWeights[Int($1)] }
        func loss(_ z: [Float]) -> (Double, [Float]) {
            var gradient = [Float](repeating: 0, count: z.count)
            let result = DistillationLoss.apply(logits: z, labels: labels, samples: samples, rows: rows, classes: classes,
                                                targets: targets, classWeights: classWeights, weightTotal: weightTotal,
                                                gradient: &gradient)
            return (result.weightedLoss / Double(weightTotal), gradient)
        }
        let (_, analytic) = loss(logits)
        let h: Float = 1e-2
        for i in logits.indices {
            var up = logits, down = logits
            up[i] += h
            down[i] -= h
            let numeric = (loss(up).0 - loss(down).0) / Double(2 * h)
            #expect(abs(numeric - Double(analytic[i])) <= 2e-4 + 0.01 * abs(numeric), "T \(temperature) α \(alpha) logit \(i)")
        }
    }

    @Test func softTermIsTheKLDivergence() {
        // Student = teacher gives KL 0, so the loss is α·CE alone.
        let logits: [Float] = [1, -2, 0.5]
        let targets = Self.targets(logits, classes: 3, temperature: 3, alpha: 0.25)
        var kd = [Float](repeating: 0, count: 3), ce = kd
        let a = DistillationLoss.apply(logits: logits, labels: [2], samples: [0], rows: 1, classes: 3, targets: targets,
                                       classWeights: [1, 1, 1], weightTotal: 1, gradient: &kd)
        let b = SoftmaxCrossEntropy.apply(logits: logits, labels: [2], rows: 1, classes: 3, classWeights: [1, 1, 1],
                                          weightTotal: 1, gradient: &ce)
        #expect(abs(a.weightedLoss - 0.25 * b.weightedLoss) < 1e-6)
    }

    /// α = 1 through the whole trainer: the same weights, bit for bit, as plain training.
    @Test func alphaOneIsPlainTraining() throws {
        let network = try TrainerTests.network()
        let data = TrainerTests.blobs()
        var options = TrainingOptions()
        options.epochs = 4
        options.batchSize = 7
        options.classWeighting = .auto
        let plain = try Trainer.train(network, data: data, options: options)
        var generator = SeededGenerator(seed: 4)
        let teacher = (0..<(data.count * 3)).map { _ in Float.random(in: -5...5, using: &generator) }
        var setup = TrainingSetup()
        setup.distillation = Distillation(teacherLogits: teacher, temperature: 4, alpha: 1)
        let distilled = try Trainer.train(network, data: data, options: options, setup: setup)
        #expect(distilled.parameters == plain.parameters)
        #expect(distilled.history.map(\.loss) == plain.history.map(\.loss))
        setup.distillation?.alpha = 0.5
        #expect(try Trainer.train(network, data: data, options: options, setup: setup).parameters != plain.parameters)
    }
}

@Suite struct FrozenBatchNormTests {
    /// Frozen batch norm (running statistics in training) against finite differences.
    @Test func gradientsMatchFiniteDifferences() throws {
        let c = GradientCheckTests.Case(name: "frozen batch_norm", input: [4, 3, 2],
                                        layers: #"{"type":"conv2d","filters":3,"kernel_size":2,"padding":"same"},{"type":"batch_norm"},{"type":"relu"},{"type":"flatten"}"#)
        let (engine, x, labels) = try GradientCheckTests.engine(c, lanes: 2)
        engine.frozenBatchNorm = true
        var generator = SeededGenerator(seed: 8)
        engine.stateValues = engine.stateValues.enumerated().map { i, _ in i % 6 < 3 ? Float.random(in: -1...1, using: &generator)
                                                                                    : Float.random(in: 0.5...2, using: &generator) }
        let state = engine.stateValues
        let analytic = x.withUnsafeBufferPointer {
            engine.gradients(indices: Array(0..<GradientCheckTests.batch), x: $0.baseAddress!, labelsOfBatch: labels, classWeights: [1, 2, 0.5])
        }.gradients
        #expect(engine.stateValues == state, "frozen statistics do not move")
        let base = engine.parameterValues
        let h: Float = 1e-3
        for i in base.indices {
            var plus = base, minus = base
            plus[i] += h
            minus[i] -= h
            engine.parameterValues = plus
            let up = GradientCheckTests.loss(engine, x, labels)
            engine.parameterValues = minus
            let down = GradientCheckTests.loss(engine, x, labels)
            let numeric = (up - down) / Double(2 * h)
            #expect(abs(numeric - Double(analytic[i])) <= 2e-3 + 0.02 * abs(numeric), "parameter \(i)")
        }
    }
}

@Suite struct FakeQuantizationTests {
    /// Fake-quantized weights equal the dequantized weights of the quantizer's int8 model.
    @Test func weightsRoundAsTheQuantizerRounds() throws {
        let network = try TrainerTests.network(#"{"type":"dense","units":9,"activation":"relu"},{"type":"dense","units":"classes"}"#)
        var generator = SeededGenerator(seed: 6)
        let parameters = (0..<network.parameterCount).map { _ in Float.random(in: -1.5...1.5, using: &generator) }
        let model = ModelExporter.export(network, parameters: parameters, state: [])
        let samples = (0..<8).map { _ in [(0..<6).map { _ in Float.random(in: -2...2, using: &generator) }] }
        let int8 = try Quantizer.quantize(model, samples: samples)
        var fake = parameters
        for tensor in FakeQuantizer.weightTensors(network) {
            fake.withUnsafeMutableBufferPointer {
                FakeQuantizer.fakeQuantizeWeights($0.baseAddress! + tensor.offset, rows: tensor.rows, columns: tensor.columns)
            }
        }
        var compared = 0
        for (o, op) in int8.main.operators.enumerated() where op.builtin == .fullyConnected {
            let filter = int8.main.tensors[Int(op.inputs[1])]
            let values = try #require(filter.int8Values), scales = try #require(filter.quantization?.scale)
            let (units, inputs) = (Int(filter.shape[0]), Int(filter.shape[1]))
            guard case .dense(_, _, let w, _) = network.ops[o == 0 ? 0 : 2] else { Issue.record("not dense"); continue }
            for u in 0..<units {
                for i in 0..<inputs {
                    #expect(fake[w + i * units + u] == Float(values[u * inputs + i]) * scales[u])
                    compared += 1
                }
            }
        }
        #expect(compared == 6 * 9 + 9 * 3)
    }

    /// Activations: the value the int8 tensor holds, (quantize(x) - zp)·scale, clip included.
    @Test func activationsRoundAsTheQuantizerRounds() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            let low = Float.random(in: -3...0.5, using: &generator), high = low + Float.random(in: 0.01...6, using: &generator)
            let (scale, zeroPoint) = QuantizationMath.asymmetric(min: low, max: high)
            for _ in 0..<40 {
                let x = Float.random(in: (low - 1)...(high + 1), using: &generator)
                let q = QuantizationMath.quantize(x, scale: scale, zeroPoint: zeroPoint)
                #expect(FakeQuantizer.fakeQuantize(x, scale: scale, zeroPoint: Float(zeroPoint)) == (Float(q) - Float(zeroPoint)) * scale)
            }
        }
    }

    @Test func quantizationPointsAreTheInt8ModelsActivations() throws {
        let json = #"{"input":[8,3],"layers":[{"type":"conv1d","name":"c","filters":4,"kernel_size":3,"activation":"relu"},"#
            + #"{"type":"max_pool","pool_size":2},{"type":"avg_pool","pool_size":1},{"type":"global_avg_pool"},{"type":"dense","units":"classes"},{"type":"softmax"}]}"#
        let spec = try ModelSpec.parse(try JSONParser().parse(Array(json.utf8)))
        let network = Network(try spec.resolve(sampleShape: [8, 3], classes: 3))
        let points = QuantizationPoints(network)
        // Nodes: 0 input, 1 conv, 2 relu (fused: the conv's int8 output), 3 max pool, 4 avg pool
        // (re-rounds on the relu's grid), 5 global average pool (MEAN), 6 dense, 7 softmax.
        #expect(points.nodes == [0, 2, 5, 6])
        #expect(points.slotOfNode == [0, -1, 1, -1, 1, 2, 3, -1])
        #expect(points.recordsRange == [true, false, true, false, false, true, true, false])
    }
}
