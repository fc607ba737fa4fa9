import Testing
@testable import TinyOpsKit

/// The training loop: it learns, it is deterministic, early stopping, class weights,
/// schedules and optimizers behave as documented.
@Suite struct TrainerTests {
    /// Two Gaussian blobs per class in 6 dimensions; class c centred on 2·e_c.
    static func blobs(classes: Int = 3, perClass: [Int]? = nil, seed: UInt64 = 1) -> TrainingSet {
        var generator = SeededGenerator(seed: seed)
        var x: [Float] = [], y: [Int32] = [], train: [Int] = [], validation: [Int] = []
        for c in 0..<classes {
            for i in 0..<(perClass?[c] ?? 30) {
                for j in 0..<6 { x.append((j == c ? 2 : 0) + Float.random(in: -1...1, using: &generator)) }
                if i % 5 == 4 { validation.append(y.count) } else { train.append(y.count) }
                y.append(Int32(c))
            }
        }
        return TrainingSet(x: x, y: y, sampleShape: [6], labels: (0..<classes).map { "c\($0)" }, train: train,
                           validation: validation)
    }

    static func network(_ layers: String = #"{"type":"dense","units":8,"activation":"relu"},{"type":"dense","units":"classes"}"#,
                        classes: Int = 3) throws -> Network {
        let spec = try ModelSpec.parse(try JSONParser().parse(Array("[\(layers)]".utf8)))
        return Network(try spec.resolve(sampleShape: [6], classes: classes))
    }

    @Test(arguments: OptimizerKind.allCases, LearningRateSchedule.allCases)
    func learnsSeparableBlobs(_ optimizer: OptimizerKind, _ schedule: LearningRateSchedule) throws {
        var options = TrainingOptions()
        options.epochs = 15
        options.batchSize = 8
        options.optimizer = optimizer
        options.learningRate = optimizer == .adam ? 0.01 : 0.05
        options.schedule = schedule
        options.weightDecay = 1e-4
        let outcome = try Trainer.train(try Self.network(), data: Self.blobs(), options: options)
        #expect(outcome.history.count == 15)
        #expect(outcome.history.last!.loss < outcome.history.first!.loss)
        #expect(try #require(outcome.validation).accuracy >= 0.9, "\(optimizer) \(schedule)")
    }

    @Test func scheduleRates() {
        #expect(LearningRateSchedule.cosine.rate(base: 1, epoch: 0, epochs: 10) == 1)
        #expect(abs(LearningRateSchedule.cosine.rate(base: 1, epoch: 5, epochs: 10) - 0.5) < 1e-6)
        #expect(LearningRateSchedule.step.rate(base: 1, epoch: 3, epochs: 8) == 1)
        #expect(abs(LearningRateSchedule.step.rate(base: 1, epoch: 4, epochs: 8) - 0.1) < 1e-7)
        #expect(abs(LearningRateSchedule.step.rate(base: 1, epoch: 6, epochs: 8) - 0.01) < 1e-8)
    }

    @Test func sameSeedSameWeightsWhateverTheScheduling() throws {
        var options = TrainingOptions()
        options.epochs = 3
        options.batchSize = 7  // odd: the lanes get unequal shards
        let network = try Self.network(#"{"type":"dense","units":8},{"type":"batch_norm"},{"type":"relu"},{"type":"dropout","rate":0.25},{"type":"dense","units":"classes"}"#)
        let first = try Trainer.train(network, data: Self.blobs(), options: options)
        for _ in 0..<3 {
            let again = try Trainer.train(network, data: Self.blobs(), options: options)
            #expect(again.parameters == first.parameters && again.state == first.state)
        }
        options.seed = 1
        #expect(try Trainer.train(network, data: Self.blobs(), options: options).parameters != first.parameters)
    }

    @Test func earlyStoppingKeepsTheBestEpoch() throws {
        var options = TrainingOptions()
        options.epochs = 200
        options.learningRate = 0.05
        options.patience = 3
        // Labels are noise: validation loss soon stops improving.
        var data = Self.blobs()
        var generator = SeededGenerator(seed: 9)
        data.y = data.y.map { _ in Int32.random(in: 0..<3, using: &generator) }
        let outcome = try Trainer.train(try Self.network(), data: data, options: options)
        #expect(outcome.stoppedEarly)
        #expect(outcome.history.count == outcome.bestEpoch + 3)
        let best = outcome.history[outcome.bestEpoch - 1].validation!.loss
        #expect(outcome.history.allSatisfy { $0.validation!.loss >= best })
        #expect(abs(outcome.validation!.loss - best) < 1e-9, "the best epoch's weights are restored")
    }

    @Test func autoClassWeightsBalanceTheLoss() throws {
        let data = Self.blobs(perClass: [60, 10, 10])
        // 48, 8 and 8 training samples: N / (classes · n_c) = 64/144, 64/24, 64/24.
        #expect(ClassWeighting.auto.weights(counts: data.classCounts(data.train)) == [Float(64) / 144, Float(64) / 24, Float(64) / 24])
        var options = TrainingOptions()
        options.epochs = 20
        options.learningRate = 0.01
        options.classWeighting = .auto
        let outcome = try Trainer.train(try Self.network(), data: data, options: options)
        #expect(outcome.classWeights[1] == Float(64) / 24)
        #expect(outcome.train.recall.allSatisfy { ($0 ?? 0) > 0.8 }, "minority classes are learned: \(outcome.train.recall)")
    }

    @Test func aClassWithoutTrainingSamplesIsAnError() throws {
        var data = Self.blobs()
        data.train.removeAll { data.y[$0] == 2 }
        #expect(throws: TrainError.classWithoutTrainingSamples(label: "c2", counts: [24, 24, 0])) {
            try Trainer.train(try Self.network(), data: data, options: TrainingOptions())
        }
    }

    @Test func divergenceIsReported() throws {
        var options = TrainingOptions()
        options.learningRate = 1e30
        options.optimizer = .sgd
        #expect(throws: TrainError.diverged(epoch: 1)) {
            try Trainer.train(try Self.network(), data: Self.blobs(), options: options)
        }
    }
}
