/// Per-channel input normalization recorded by `tinyops train` in the `tinyops` metadata
/// (`"normalization": {"mean": [...], "std": [...]}`, one value per channel, the last
/// dimension of a sample). Raw samples are mapped to what the model takes by
/// `(x - mean) / std`; the firmware applies the same before quantizing the input.
public struct InputNormalization: Equatable, Sendable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// The normalization recorded in `model`, or nil when it has none.
    public init?(model: Model) throws {
        guard let entry = try model.tinyopsMetadata()?["normalization"],
              let mean = entry["mean"]?.arrayValue?.compactMap(\.doubleValue),
              let std = entry["std"]?.arrayValue?.compactMap(\.doubleValue),
              !mean.isEmpty, mean.count == std.count else { return nil }
        self.mean = mean.map(Float.init)
        self.std = std.map { $0 == 0 ? 1 : Float($0) }
    }

    /// Normalizes a sample whose last dimension has `mean.count` channels, in place.
    public func apply(_ sample: inout [Float]) {
        let channels = mean.count
        guard channels > 0, sample.count % channels == 0 else { return }
        for i in sample.indices {
            let c = i % channels
            sample[i] = (sample[i] - mean[c]) / std[c]
        }
    }
}
