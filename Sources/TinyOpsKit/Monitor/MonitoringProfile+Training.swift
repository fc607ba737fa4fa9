/// The monitoring profile of a training run: the train split's input statistics and class
/// balance, and the trained network's top scores on held-out samples.
extension MonitoringProfile {
    public static func fit(_ outcome: TrainingOutcome, data: TrainingSet) -> MonitoringProfile {
        let heldOut = data.validation + data.test
        let (indices, split) = heldOut.isEmpty ? (data.train, "train") : (heldOut, data.test.isEmpty ? "val" : data.validation.isEmpty ? "test" : "val+test")
        let engine = Engine(network: outcome.network, capacity: 64, lanes: 1, seed: 0)
        engine.parameterValues = outcome.parameters
        engine.stateValues = outcome.state
        let x = outcome.normalization.apply(Trainer.gather(data.x, sampleSize: data.sampleSize, indices: indices))
        let outputs = x.withUnsafeBufferPointer { engine.predict(x: $0.baseAddress!, count: indices.count).outputs }
        let width = outcome.network.outputSize
        let scores = (0..<indices.count).map { s in outputs[(s * width)..<((s + 1) * width)].max() ?? 0 }
        return fit(data, normalization: outcome.normalization, scores: scores, scoreSplit: split)
    }
}
