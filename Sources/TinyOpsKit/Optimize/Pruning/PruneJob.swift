import Foundation

/// `tinyops prune` as one library call: a float model (or a spec, trained first), pruned and
/// fine-tuned on a dataset, written atomically with a report.
public enum PruneJob {
    /// - Parameters:
    ///   - input: a float32 `.tflite` written by tinyops, or a model spec (`.json`), which is
    ///     trained with `training` first.
    ///   - training: the fine-tuning run (epochs, batch size, optimizer, ...).
    public static func run(input: String, data dataPath: String, output: String, options: PruneOptions,
                           training: TrainingOptions, progress: (EpochMetrics) -> Void = { _ in }) throws -> PruneReport {
        try training.validate()
        try options.validate(epochs: training.epochs)
        let data = try TrainingSetReader.read(dataPath)
        let (source, sourceBytes) = try loadSource(input, data: data, dataPath: dataPath, training: training, progress: progress)
        let original = source.folded
        let normalization = source.normalization
        let evaluation = FineTuning.evaluationSplit(data)
        func accuracy(_ folded: FoldedNetwork) -> Double {
            FineTuning.evaluate(folded, data: data, normalization: normalization, indices: evaluation.indices, lanes: training.lanes).accuracy
        }
        let before = accuracy(original)

        var setup = TrainingSetup()
        setup.normalization = normalization
        setup.frozenBatchNorm = true
        setup.quantizationAware = options.quantizationAware
        var start = original
        var fixed: [String: String] = [:]
        var keptChannels: [String: (kept: Int, of: Int)] = [:]
        switch options.structure {
        case .weights:
            let tensors = MagnitudePruning.prunableTensors(original.network, allLayers: options.allLayers)
            guard !tensors.isEmpty else {
                throw FileError(path: input, reason: PruneError.nothingToPrune("the model has no weighted layer besides its first and last"))
            }
            let steps = (data.train.count + training.batchSize - 1) / training.batchSize
            let ramp = options.ramp(epochs: training.epochs)
            let schedule = PruningSchedule(kind: options.schedule, initialSparsity: options.initialSparsity,
                                           finalSparsity: options.sparsity, beginStep: 0, endStep: ramp * steps,
                                           frequency: options.frequency)
            setup.pruning = PruningPlan(tensors: tensors, schedule: schedule, scope: options.scope)
            setup.firstSelectableEpoch = ramp
        case .channels:
            let result = try ChannelPruning.prune(original, fraction: options.sparsity, criterion: options.criterion,
                                                  allLayers: options.allLayers)
            for (layer, reason) in result.fixed { fixed[original.network.layers[layer].spec.name] = reason }
            guard !result.kept.isEmpty else {
                let reasons = Set(result.fixed.values).sorted().joined(separator: "; ")
                throw FileError(path: input, reason: PruneError.nothingToPrune("no layer can lose channels (\(reasons))"))
            }
            for (layer, kept) in result.kept {
                keptChannels[original.network.layers[layer].spec.name] = (kept.count, original.network.layers[layer].outputShape.last!)
            }
            start = result.folded
        }
        // One-shot pruning at the target, before any fine-tuning.
        var oneShot = start
        if let plan = setup.pruning {
            oneShot.parameters = zip(start.parameters, MagnitudePruning.mask(start.parameters, tensors: plan.tensors,
                                                                              sparsity: options.sparsity, scope: plan.scope)).map { $0 * $1 }
        }
        let pruned = accuracy(oneShot)

        setup.start = (start.parameters, start.state)
        let outcome: TrainingOutcome
        do {
            outcome = try Trainer.train(start.network, data: data, options: training, setup: setup, progress: progress)
        } catch let error as TrainError {
            throw FileError(path: dataPath, reason: error)
        }
        var result = start
        result.parameters = outcome.parameters
        result.state = outcome.state
        let after = outcome.test?.accuracy ?? outcome.validation?.accuracy ?? outcome.train.accuracy

        var metadata = source.metadata
        metadata["spec"] = result.spec.json()
        metadata["dataset_sha256"] = data.hash.map(JSONValue.string)
        metadata["source_sha256"] = .string(SHA256.hex(sourceBytes))
        let costs = (before: FineTuning.layerCosts(original), after: FineTuning.layerCosts(result))
        let achieved = Self.sparsity(costs.after, tensors: setup.pruning?.tensors.map(\.layer), network: result.network)
        // The pruning entry keeps the accuracy along the way; `metrics` is the written model's own.
        var lineage = Self.lineage(options, training: training, sparsity: achieved)
        lineage["split"] = .string(evaluation.split.rawValue)
        lineage["accuracy_before"] = .number(before)
        lineage["accuracy_pruned"] = .number(pruned)
        lineage["accuracy_after"] = .number(after)
        metadata["pruning"] = .object(lineage)
        let key = "\(evaluation.split.rawValue)_accuracy"
        var written: Model
        var int8Accuracy: Double?
        if options.quantizationAware {
            let calibration = FineTuning.calibrationSamples(data, normalization: normalization, limit: options.calibrationSamples)
            written = try FineTuning.int8Model(result, ranges: outcome.activationRanges, metadata: .object(metadata), calibration: calibration)
            let accuracy = try FineTuning.deviceEvaluation(written, data: data, indices: evaluation.indices).accuracy
            int8Accuracy = accuracy
            var entry = (try written.tinyopsMetadata())?.objectValue ?? metadata
            entry["metrics"] = .object(JSONObject([(key, .number(accuracy)), ("fake_quantized_\(key)", .number(after))]))
            try written.setTinyopsMetadata(.object(entry))
        } else {
            written = ModelExporter.export(result.network, parameters: result.parameters, state: result.state)
            metadata["metrics"] = .object(JSONObject([(key, .number(after))]))
            try written.setTinyopsMetadata(.object(metadata))
        }
        let bytes = try TFLiteWriter.encode(written)
        try AtomicFile.write(bytes, to: output)

        let layers = Self.layerRows(costs.before, costs.after, fixed: fixed, kept: keptChannels,
                                    pruned: Set(setup.pruning?.tensors.map { original.network.layers[$0.layer].spec.name } ?? []))
        return PruneReport(
            input: input, output: output, options: options, training: training, split: evaluation.split,
            samples: evaluation.indices.count, accuracyBefore: before, accuracyPruned: pruned, accuracyAfter: after,
            int8Accuracy: int8Accuracy, sparsity: achieved, layers: layers,
            bytes: .init(before: sourceBytes.count, after: bytes.count, gzipBefore: GzipSize.compressedSize(of: sourceBytes),
                         gzipAfter: GzipSize.compressedSize(of: bytes)),
            history: outcome.history, trainedFromSpec: input.hasSuffix(".json"))
    }

    /// The model to prune: a tinyops `.tflite` read back, or a spec trained first.
    static func loadSource(_ input: String, data: TrainingSet, dataPath: String, training: TrainingOptions,
                           progress: (EpochMetrics) -> Void) throws -> (TrainedModel, [UInt8]) {
        var model: Model
        let bytes: [UInt8]
        if input.hasSuffix(".json") {
            let spec = try ModelSpec.load(input)
            let resolved: ResolvedModel
            do { resolved = try spec.resolve(sampleShape: data.sampleShape, classes: data.classCount) } catch let error as any UserFacingError {
                throw FileError(path: input, reason: error)
            }
            let network = Network(resolved)
            let outcome: TrainingOutcome
            do { outcome = try Trainer.train(network, data: data, options: training, progress: progress) } catch let error as TrainError {
                throw FileError(path: dataPath, reason: error)
            }
            model = ModelExporter.export(network, parameters: outcome.parameters, state: outcome.state)
            var report = TrainReport(outcome: outcome, labels: data.labels, datasetHash: data.hash, specName: spec.name,
                                     options: training, modelPath: input, spec: spec)
            report.monitoring = MonitoringProfile.fit(outcome, data: data)
            try model.setTinyopsMetadata(report.metadata())
            bytes = try TFLiteWriter.encode(model)
        } else {
            let loaded = try ModelFile.load(input)
            model = loaded.model
            bytes = try FileBytes.read(input)
        }
        let trained: TrainedModel
        do { trained = try TrainedModel.load(model) } catch let error as any UserFacingError { throw FileError(path: input, reason: error) }
        let shape = trained.folded.network.model.inputShape
        guard shape == data.sampleShape else { throw FileError(path: dataPath, reason: PruneError.sampleShape(model: shape, data: data.sampleShape)) }
        guard trained.labels == data.labels else { throw FileError(path: dataPath, reason: PruneError.labels(model: trained.labels, data: data.labels)) }
        return (trained, bytes)
    }

    /// Zeros among the prunable weights (all weights of the network when `layers` is nil).
    static func sparsity(_ costs: [FineTuning.LayerCost], tensors layers: [Int]?, network: Network) -> Double {
        let names = layers.map { Set($0.map { network.layers[$0].spec.name }) }
        let chosen = costs.filter { names?.contains($0.name) ?? true }
        let weights = chosen.reduce(0) { $0 + $1.weights }
        return weights > 0 ? Double(chosen.reduce(0) { $0 + $1.zeroWeights }) / Double(weights) : 0
    }

    static func lineage(_ options: PruneOptions, training: TrainingOptions, sparsity: Double) -> JSONObject {
        var entry: JSONObject = [
            "structure": .string(options.structure.rawValue),
            "target": .number(options.sparsity),
            "achieved": .number(sparsity),
            "epochs": .int(training.epochs),
            "all_layers": .bool(options.allLayers),
            "quantization_aware": .bool(options.quantizationAware),
            "tool": .string("tinyops \(TinyOps.version)"),
        ]
        switch options.structure {
        case .weights:
            entry["schedule"] = .string(options.schedule.rawValue)
            entry["scope"] = .string(options.scope.rawValue)
            if options.schedule == .polynomial {
                entry["ramp_epochs"] = .int(options.ramp(epochs: training.epochs))
                entry["frequency"] = .int(options.frequency)
                entry["initial_sparsity"] = .number(options.initialSparsity)
            }
        case .channels:
            entry["criterion"] = .string(options.criterion.rawValue)
        }
        return entry
    }

    static func layerRows(_ before: [FineTuning.LayerCost], _ after: [FineTuning.LayerCost], fixed: [String: String],
                          kept: [String: (kept: Int, of: Int)], pruned: Set<String>) -> [PruneReport.Layer] {
        let afterByName = Dictionary(uniqueKeysWithValues: after.map { ($0.name, $0) })
        return before.map { b in
            let a = afterByName[b.name] ?? b
            var note = ""
            let shrank = a.parameters < b.parameters
            if let k = kept[b.name] {
                note = "kept \(k.kept) of \(k.of) channels"
            } else if let reason = fixed[b.name] {
                note = "channels kept: \(reason)" + (shrank ? "; inputs follow the pruned layer" : "")
            } else if shrank {
                note = "inputs follow the pruned layer"
            } else if kept.isEmpty, !pruned.contains(b.name) {
                note = "dense (first or last layer)"
            }
            return PruneReport.Layer(name: b.name, type: b.type, parametersBefore: b.parameters, parametersAfter: a.parameters,
                                     nonzeroBefore: b.parameters - b.zeroWeights, nonzeroAfter: a.parameters - a.zeroWeights,
                                     sparsity: a.weights > 0 ? Double(a.zeroWeights) / Double(a.weights) : 0,
                                     macsBefore: b.macs, macsAfter: a.macs, note: note)
        }
    }
}
