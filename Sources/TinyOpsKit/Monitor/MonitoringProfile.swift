import Foundation

/// What `tinyops monitor` compares device telemetry with: statistics of the training data
/// as the model sees it, recorded by `tinyops train` in the `tinyops` metadata under
/// `"monitoring"` (docs/monitoring.md).
///
/// - Input: for each channel (the last axis of a sample, at most 16 — what a telemetry line
///   carries) the distribution over the train split's windows of the window's mean and of
///   its energy (mean square), in the model's input units (normalized), as decile bins:
///   9 cut points halfway between order statistics, and the windows in each bin.
/// - Classes: the train split's label counts (the class balance).
/// - Scores: quantiles (every 5 %) of the top output value on held-out samples (val and
///   test; train when there are none), for the low-confidence reference rate.
public struct MonitoringProfile: Equatable, Sendable {
    public static let version = 1
    /// Channels a telemetry line summarizes (TINYOPS_TELEMETRY_MAX_CHANNELS).
    public static let maxChannels = 16
    public static let bins = 10

    /// A histogram with cut points: bin i holds values v with edges[i-1] <= v < edges[i].
    public struct Histogram: Equatable, Sendable {
        public var edges: [Double]
        public var counts: [Int]
        /// Mean and standard deviation of the values, for reports.
        public var mean: Double
        public var std: Double

        public init(edges: [Double], counts: [Int], mean: Double, std: Double) {
            self.edges = edges
            self.counts = counts
            self.mean = mean
            self.std = std
        }

        /// Decile cut points of `values`, halfway between neighbouring order statistics, and
        /// the values in each bin. A cut point less than `minWidth` above the previous one is
        /// dropped (ties, tight clusters): bins narrower than what the device can resolve
        /// would turn its rounding into drift.
        public init(fitting values: [Double], bins: Int = MonitoringProfile.bins, minWidth: Double = 0) {
            let sorted = values.sorted()
            var edges: [Double] = []
            if sorted.count >= 2 {
                for k in 1..<bins {
                    let r = max(1, min(sorted.count - 1, k * sorted.count / bins))
                    let cut = MonitoringProfile.rounded((sorted[r - 1] + sorted[r]) / 2)
                    if edges.last.map({ cut > $0 && cut - $0 >= minWidth }) ?? true { edges.append(cut) }
                }
            }
            let mean = values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
            let variance = values.isEmpty ? 0 : values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            self.init(edges: edges, counts: [Int](repeating: 0, count: edges.count + 1), mean: mean, std: variance.squareRoot())
            for v in values { counts[bin(of: v)] += 1 }
        }

        /// The bin of `value`: how many cut points are at or below it.
        public func bin(of value: Double) -> Int {
            var low = 0, high = edges.count
            while low < high {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle + 1 } else { high = middle }
            }
            return low
        }

        public var total: Int { counts.reduce(0, +) }

        func json() -> JSONValue {
            ["edges": .array(edges.map { .number($0) }), "counts": .array(counts.map { .int($0) }),
             "mean": .number(MonitoringProfile.rounded(mean)), "std": .number(MonitoringProfile.rounded(std))]
        }

        init?(json: JSONValue?) {
            guard let edges = json?["edges"]?.arrayValue?.compactMap(\.doubleValue),
                  let counts = json?["counts"]?.arrayValue?.compactMap(\.intValue),
                  counts.count == edges.count + 1, counts.allSatisfy({ $0 >= 0 }), counts.reduce(0, +) > 0,
                  zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }),
                  let mean = json?["mean"]?.doubleValue, let std = json?["std"]?.doubleValue else { return nil }
            self.init(edges: edges, counts: counts, mean: mean, std: std)
        }
    }

    public struct Channel: Equatable, Sendable {
        public var name: String?
        public var mean: Histogram
        public var energy: Histogram
    }

    public var split: String
    public var windows: Int
    /// Values per channel in a window.
    public var frames: Int
    public var channels: [Channel]
    public var classCounts: [Int]
    public var scoreSplit: String
    public var scoreSamples: Int
    /// Top-score quantiles at 0 %, 5 %, …, 100 %.
    public var scoreQuantiles: [Double]

    /// The profile of `data`'s train split, normalized by `normalization`; `scores` are the
    /// model's top output values on the samples of `scoreSplit`.
    public static func fit(_ data: TrainingSet, normalization: Normalization, scores: [Float], scoreSplit: String) -> MonitoringProfile {
        let channels = data.sampleShape.last ?? 1, size = data.sampleSize
        let frames = max(1, size / max(channels, 1)), kept = min(channels, maxChannels)
        var means = [[Double]](repeating: [], count: kept), energies = means
        var sum = [Double](repeating: 0, count: kept), squares = sum
        var low = 0.0, high = 0.0  // range of the normalized values, 0 included (as calibration)
        let inverse = normalization.std.map { 1 / $0 }
        data.x.withUnsafeBufferPointer { x in
            for i in data.train {
                for c in 0..<kept { sum[c] = 0; squares[c] = 0 }
                var c = 0
                for j in (i * size)..<((i + 1) * size) {
                    let v = Double((x[j] - normalization.mean[c]) * inverse[c])
                    low = min(low, v)
                    high = max(high, v)
                    if c < kept {
                        sum[c] += v
                        squares[c] += v * v
                    }
                    c += 1
                    if c == channels { c = 0 }
                }
                for c in 0..<kept {
                    means[c].append(sum[c] / Double(frames))
                    energies[c].append(squares[c] / Double(frames))
                }
            }
        }
        // What an int8 input can resolve: one quantization step of a per-tensor scale that
        // covers the normalized training values (as min-max calibration sets it). A window
        // mean can be off by half a step (near-constant signals round alike), a mean square
        // by about a step times the signal's magnitude.
        let step = (high - low) / 255
        let names = data.channelNames.flatMap { $0.count == channels ? $0 : nil }
        return MonitoringProfile(
            split: TrainingSet.Split.train.rawValue, windows: data.train.count, frames: frames,
            channels: (0..<kept).map { c in
                let typical = energies[c].sorted()[energies[c].count / 2].squareRoot()
                return Channel(name: names?[c], mean: Histogram(fitting: means[c], minWidth: step),
                               energy: Histogram(fitting: energies[c], minWidth: step * max(typical, step)))
            },
            classCounts: data.classCounts(data.train), scoreSplit: scoreSplit, scoreSamples: scores.count,
            scoreQuantiles: quantiles(scores.map(Double.init)))
    }

    /// `value` to 4 significant digits: what the metadata stores (cut points are rounded
    /// before windows are counted, so the counts match the stored cut points).
    static func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return Double(String(format: "%.4g", value)) ?? value
    }

    /// Values at 0 %, 5 %, …, 100 % (linear interpolation between order statistics).
    static func quantiles(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [] }
        return (0...20).map { k in
            let position = Double(k) / 20 * Double(sorted.count - 1)
            let low = Int(position), high = min(low + 1, sorted.count - 1)
            return rounded(sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low)))
        }
    }

    /// The share of held-out samples whose top score is below `threshold` (interpolated
    /// between the stored quantiles); nil without scores.
    public func referenceRate(below threshold: Double) -> Double? {
        guard scoreQuantiles.count == 21 else { return nil }
        if threshold <= scoreQuantiles[0] { return 0 }
        if threshold > scoreQuantiles[20] { return 1 }
        for k in 1...20 where threshold <= scoreQuantiles[k] {
            let low = scoreQuantiles[k - 1], high = scoreQuantiles[k]
            let within = high > low ? (threshold - low) / (high - low) : 0
            return (Double(k - 1) + within) / 20
        }
        return 1
    }

    public func json() -> JSONValue {
        [
            "version": .int(Self.version), "split": .string(split), "windows": .int(windows), "frames": .int(frames),
            "channels": .array(channels.map { channel in
                var entry: JSONObject = ["mean": channel.mean.json(), "energy": channel.energy.json()]
                if let name = channel.name { entry["name"] = .string(name) }
                return .object(entry)
            }),
            "class_counts": .array(classCounts.map { .int($0) }),
            "scores": ["split": .string(scoreSplit), "samples": .int(scoreSamples), "quantiles": .array(scoreQuantiles.map { .number($0) })],
        ]
    }

    /// The profile in `model`'s metadata: nil when there is none; `Failure` when it is there
    /// but unreadable.
    public init?(model: Model) throws {
        guard let value = try model.tinyopsMetadata()?["monitoring"] else { return nil }
        guard let version = value["version"]?.intValue else { throw Failure.malformed("no version") }
        guard version == Self.version else { throw Failure.version(version) }
        guard let windows = value["windows"]?.intValue, let frames = value["frames"]?.intValue,
              let channelValues = value["channels"]?.arrayValue, !channelValues.isEmpty,
              let classCounts = value["class_counts"]?.arrayValue?.compactMap(\.intValue) else {
            throw Failure.malformed("windows, frames, channels or class_counts missing")
        }
        var channels: [Channel] = []
        for (c, entry) in channelValues.enumerated() {
            guard let mean = Histogram(json: entry["mean"]), let energy = Histogram(json: entry["energy"]) else {
                throw Failure.malformed("channel \(c) has no valid mean and energy bins")
            }
            channels.append(Channel(name: entry["name"]?.stringValue, mean: mean, energy: energy))
        }
        let scores = value["scores"]
        let quantiles = scores?["quantiles"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        guard quantiles.isEmpty || quantiles.count == 21 else { throw Failure.malformed("score quantiles must be 21 values") }
        guard classCounts.reduce(0, +) > 0 else { throw Failure.malformed("class_counts are all 0") }
        self.init(split: value["split"]?.stringValue ?? "train", windows: windows, frames: frames, channels: channels,
                  classCounts: classCounts, scoreSplit: scores?["split"]?.stringValue ?? "", scoreSamples: scores?["samples"]?.intValue ?? 0,
                  scoreQuantiles: quantiles)
    }

    public init(split: String, windows: Int, frames: Int, channels: [Channel], classCounts: [Int], scoreSplit: String,
                scoreSamples: Int, scoreQuantiles: [Double]) {
        self.split = split
        self.windows = windows
        self.frames = frames
        self.channels = channels
        self.classCounts = classCounts
        self.scoreSplit = scoreSplit
        self.scoreSamples = scoreSamples
        self.scoreQuantiles = scoreQuantiles
    }

    public enum Failure: UserFacingError, Equatable {
        case malformed(String)
        case version(Int)

        public var message: String {
            switch self {
            case .malformed(let detail): return "the monitoring statistics in its tinyops metadata are malformed: \(detail)"
            case .version(let version): return "monitoring statistics version \(version) is not supported (this tinyops reads version 1)"
            }
        }
    }
}
