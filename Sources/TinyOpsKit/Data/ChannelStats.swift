/// Per-channel statistics of a dataset's samples, for input normalization
/// (`(x - mean) / std`, broadcast over the last axis of a sample) and for sanity checks.
///
/// Computed on the train split (so that validation and test data do not leak into the model's
/// preprocessing), over every value of every train sample as the trainer sees them: values of
/// overlapping windows count once per window. NaN values are left out. `std` is the
/// population standard deviation (numpy's default, `ddof=0`). Sums run in `Double`, in sample
/// order, in two passes (mean, then squared deviations), so results are reproducible.
public struct ChannelStats: Equatable, Sendable {
    /// The split the statistics were computed on: `train`, or `all` when the train split is empty.
    public var computedOn: String
    public var mean: [Float]
    public var std: [Float]
    public var min: [Float]
    public var max: [Float]

    public init(computedOn: String, mean: [Float], std: [Float], min: [Float], max: [Float]) {
        self.computedOn = computedOn
        self.mean = mean
        self.std = std
        self.min = min
        self.max = max
    }

    /// Statistics of `samples` (indices into `x`), each `sampleSize` values whose last axis
    /// has `channelNames.count` channels. Throws when a channel has no finite value.
    static func compute(
        x: [Float], sampleSize: Int, channelNames: [String], samples: [Int], computedOn: String
    ) throws(DatasetError) -> ChannelStats {
        let channels = channelNames.count
        let frames = sampleSize / channels
        var count = [Int](repeating: 0, count: channels)
        var sum = [Double](repeating: 0, count: channels)
        var low = [Float](repeating: .infinity, count: channels)
        var high = [Float](repeating: -.infinity, count: channels)
        x.withUnsafeBufferPointer { values in
            for sample in samples {
                var offset = sample * sampleSize
                for _ in 0..<frames {
                    for channel in 0..<channels {
                        let value = values[offset + channel]
                        if !value.isNaN {
                            count[channel] += 1
                            sum[channel] += Double(value)
                            low[channel] = Swift.min(low[channel], value)
                            high[channel] = Swift.max(high[channel], value)
                        }
                    }
                    offset += channels
                }
            }
        }
        if let empty = count.firstIndex(of: 0) { throw .noFiniteTrainValues(channel: channelNames[empty]) }
        let mean = (0..<channels).map { sum[$0] / Double(count[$0]) }
        var squares = [Double](repeating: 0, count: channels)
        x.withUnsafeBufferPointer { values in
            for sample in samples {
                var offset = sample * sampleSize
                for _ in 0..<frames {
                    for channel in 0..<channels {
                        let value = values[offset + channel]
                        if !value.isNaN {
                            let deviation = Double(value) - mean[channel]
                            squares[channel] += deviation * deviation
                        }
                    }
                    offset += channels
                }
            }
        }
        return ChannelStats(
            computedOn: computedOn,
            mean: mean.map { Float($0) },
            std: (0..<channels).map { Float((squares[$0] / Double(count[$0])).squareRoot()) },
            min: low, max: high)
    }

    /// The number of NaN values per channel over `sampleCount` samples of `x`.
    static func nanCounts(x: [Float], channels: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: channels)
        x.withUnsafeBufferPointer { values in
            for index in values.indices where values[index].isNaN {
                counts[index % channels] += 1
            }
        }
        return counts
    }
}
