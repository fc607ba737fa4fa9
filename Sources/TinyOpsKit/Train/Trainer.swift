import Foundation

/// What one epoch did, reported as it ends.
public struct EpochMetrics: Equatable, Sendable {
    public var epoch: Int
    public var epochs: Int
    public var learningRate: Float
    /// Mean training loss (class-weighted) and accuracy over the epoch's batches.
    public var loss: Double
    public var accuracy: Double
    public var validation: Evaluation?
    public var seconds: Double
    public var samplesPerSecond: Double
    /// Estimated seconds left if every remaining epoch runs.
    public var remainingSeconds: Double
}

/// The result of training: the best weights and how they were reached.
public struct TrainingOutcome: Sendable {
    public var network: Network
    public var parameters: [Float]
    public var state: [Float]
    public var normalization: Normalization
    public var classWeights: [Float]
    public var history: [EpochMetrics]
    /// The epoch (1-based) whose weights were kept.
    public var bestEpoch: Int
    public var stoppedEarly: Bool
    public var train: Evaluation
    public var validation: Evaluation?
    public var test: Evaluation?
    /// Seconds spent in training steps only, and samples they processed.
    public var trainingSeconds: Double
    public var trainingSamples: Int
    /// The pruning mask the weights were trained with (nil without pruning).
    public var mask: [Float]? = nil
    /// Quantization-aware training: the activation range tracked at each quantization
    /// point, by node (empty otherwise).
    public var activationRanges: [Int: (min: Float, max: Float)] = [:]

    public var samplesPerSecond: Double { trainingSeconds > 0 ? Double(trainingSamples) / trainingSeconds : 0 }
}

/// What a run adds to training a fresh network on the labels: a start (fine-tuning a
/// model), a fixed input normalization, frozen batch norm, a teacher, pruning masks,
/// quantization-aware training. The default is plain training.
public struct TrainingSetup: Sendable {
    /// Parameters and batch-norm state to start from instead of the seeded initialization.
    public var start: (parameters: [Float], state: [Float])?
    /// The input normalization to use (a model's own); nil fits it on the train split.
    public var normalization: Normalization?
    /// Batch norm keeps its running statistics in training (see `Engine.frozenBatchNorm`).
    public var frozenBatchNorm = false
    public var distillation: Distillation?
    public var pruning: PruningPlan?
    /// Fake-quantize weights and activations as the int8 model will (the network must be folded).
    public var quantizationAware = false
    /// Epochs (0-based) before this one are not candidates for the kept weights (masks still change).
    public var firstSelectableEpoch = 0
    /// Parameter ranges that train; the others keep their start values (nil: all train).
    public var trainable: [Range<Int>]?

    public init() {}
}

/// Magnitude pruning during training: which tensors, how the sparsity grows, over what scope.
public struct PruningPlan: Sendable {
    public var tensors: [PrunableTensor]
    public var schedule: PruningSchedule
    public var scope: PruningScope

    public init(tensors: [PrunableTensor], schedule: PruningSchedule, scope: PruningScope) {
        self.tensors = tensors
        self.schedule = schedule
        self.scope = scope
    }
}

/// The training loop: shuffled mini-batches, the chosen optimizer and schedule, validation
/// after every epoch, early stopping on the validation loss with the best weights restored.
public enum Trainer {
    /// Samples of the train split the QAT range calibration looks at, at most.
    static let calibrationSamples = 2000

    public static func train(_ network: Network, data: TrainingSet, options: TrainingOptions, setup: TrainingSetup = TrainingSetup(),
                             progress: (EpochMetrics) -> Void = { _ in }) throws -> TrainingOutcome {
        try options.validate()
        try data.validate()
        let normalization = setup.normalization ?? Normalization.fit(data, indices: data.train)
        let x = normalization.apply(data.x)
        let classWeights = options.classWeighting.weights(counts: data.classCounts(data.train))
        let lanes = options.lanes
        let engine = Engine(network: network, capacity: (options.batchSize + lanes - 1) / lanes, lanes: lanes, seed: options.seed)
        if let start = setup.start {
            engine.parameterValues = start.parameters
            engine.stateValues = start.state
        }
        engine.frozenBatchNorm = setup.frozenBatchNorm
        engine.trainable = setup.trainable
        let optimizer = Optimizer(kind: options.optimizer, network: network, momentum: options.momentum,
                                  weightDecay: options.weightDecay)
        let loss: StepLoss = setup.distillation.map { .distillation(DistillationTargets($0, classes: data.classCount)) } ?? .crossEntropy
        if setup.quantizationAware {
            let taken = min(data.train.count, calibrationSamples)
            let rows = gather(x, sampleSize: data.sampleSize, indices: (0..<taken).map { data.train[$0 * data.train.count / taken] })
            rows.withUnsafeBufferPointer { engine.enableFakeQuantization(calibration: $0.baseAddress!, count: taken) }
        }

        var history: [EpochMetrics] = []
        var best: (loss: Double, epoch: Int, parameters: [Float], state: [Float], ranges: [(min: Float, max: Float)?])?
        var sinceBest = 0
        var globalStep = 0
        var stoppedEarly = false
        var order = data.train
        var trainingSeconds = 0.0, trainingSamples = 0
        var batchLabels = [Int32](repeating: 0, count: options.batchSize)

        for epoch in 0..<options.epochs {
            optimizer.learningRate = options.schedule.rate(base: options.learningRate, epoch: epoch, epochs: options.epochs)
            var random = SeededRandom(seed: options.seed, stream: 1000 + UInt64(epoch))
            random.shuffle(&order)
            var weightedLoss = 0.0, weightSum = 0.0, correct = 0
            let start = DispatchTime.now().uptimeNanoseconds
            x.withUnsafeBufferPointer { xBuffer in
                order.withUnsafeBufferPointer { orderBuffer in
                    classWeights.withUnsafeBufferPointer { weightBuffer in
                        var first = 0
                        while first < orderBuffer.count {
                            let count = min(options.batchSize, orderBuffer.count - first)
                            if let pruning = setup.pruning, let sparsity = pruning.schedule.sparsity(atStep: globalStep) {
                                engine.setMask(MagnitudePruning.mask(engine.parameterValues, tensors: pruning.tensors,
                                                                     sparsity: sparsity, scope: pruning.scope))
                            }
                            globalStep += 1
                            let batch = UnsafeBufferPointer(rebasing: orderBuffer[first..<(first + count)])
                            for i in 0..<count {
                                batchLabels[i] = data.y[batch[i]]
                                weightSum += Double(weightBuffer[Int(batchLabels[i])])
                            }
                            let result = batchLabels.withUnsafeBufferPointer { labels in
                                engine.trainStep(indices: batch, x: xBuffer.baseAddress!, labelsOfBatch: labels.baseAddress!,
                                                 classWeights: weightBuffer.baseAddress!, optimizer: optimizer, loss: loss)
                            }
                            weightedLoss += result.weightedLoss
                            correct += result.correct
                            first += count
                        }
                    }
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            trainingSeconds += seconds
            trainingSamples += order.count
            let epochLoss = weightedLoss / max(weightSum, .leastNonzeroMagnitude)
            guard epochLoss.isFinite else { throw TrainError.diverged(epoch: epoch + 1) }

            let validation = data.validation.isEmpty ? nil : evaluate(engine, x: x, data: data, indices: data.validation)
            let elapsedPerEpoch = history.reduce(seconds) { $0 + $1.seconds } / Double(epoch + 1)
            let metrics = EpochMetrics(
                epoch: epoch + 1, epochs: options.epochs, learningRate: optimizer.learningRate, loss: epochLoss,
                accuracy: Double(correct) / Double(order.count), validation: validation, seconds: seconds,
                samplesPerSecond: seconds > 0 ? Double(order.count) / seconds : 0,
                remainingSeconds: elapsedPerEpoch * Double(options.epochs - epoch - 1))
            history.append(metrics)
            progress(metrics)

            // Early stopping and best-weight tracking on the validation loss, once masks are final.
            guard epoch >= setup.firstSelectableEpoch else { continue }
            let monitored = validation?.loss ?? epochLoss
            if best == nil || monitored < best!.loss {
                best = (monitored, epoch + 1, engine.parameterValues, engine.stateValues, engine.fakeQuant?.ranges ?? [])
                sinceBest = 0
            } else {
                sinceBest += 1
                if options.patience > 0, sinceBest >= options.patience, epoch + 1 < options.epochs {
                    stoppedEarly = true
                    break
                }
            }
        }

        // Keep the best epoch's weights when validating; the last epoch's otherwise.
        var bestEpoch = history.count
        if !data.validation.isEmpty, let best {
            engine.parameterValues = best.parameters
            engine.stateValues = best.state
            engine.fakeQuant?.ranges = best.ranges
            bestEpoch = best.epoch
        }
        var outcome = TrainingOutcome(
            network: network, parameters: engine.parameterValues, state: engine.stateValues, normalization: normalization,
            classWeights: classWeights, history: history, bestEpoch: bestEpoch, stoppedEarly: stoppedEarly,
            train: evaluate(engine, x: x, data: data, indices: data.train),
            validation: data.validation.isEmpty ? nil : evaluate(engine, x: x, data: data, indices: data.validation),
            test: data.test.isEmpty ? nil : evaluate(engine, x: x, data: data, indices: data.test),
            trainingSeconds: trainingSeconds, trainingSamples: trainingSamples)
        outcome.mask = engine.maskValues
        outcome.activationRanges = engine.fakeQuant?.rangesByNode ?? [:]
        return outcome
    }

    /// The rows `indices` of `x` (samples of `sampleSize`), contiguous.
    static func gather(_ x: [Float], sampleSize size: Int, indices: [Int]) -> [Float] {
        var rows = [Float](repeating: 0, count: indices.count * size)
        for (r, i) in indices.enumerated() {
            rows.replaceSubrange((r * size)..<((r + 1) * size), with: x[(i * size)..<((i + 1) * size)])
        }
        return rows
    }

    /// Inference on the (normalised) samples `indices`.
    static func evaluate(_ engine: Engine, x: [Float], data: TrainingSet, indices: [Int]) -> Evaluation {
        let rows = gather(x, sampleSize: data.sampleSize, indices: indices)
        let logits = rows.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: indices.count).logits }
        return Evaluation(logits: logits, labels: indices.map { data.y[$0] }, classes: data.classCount)
    }
}
