/// Samples in memory, as the trainer wants them: features `x` (N × sampleSize, contiguous),
/// labels `y` (class indices), the class names, and which samples are in which split.
public struct TrainingSet: Sendable {
    public var x: [Float]
    public var y: [Int32]
    /// Shape of one sample: [features], [length, channels] or [height, width, channels].
    public var sampleShape: [Int]
    /// Class names; `y` holds indices into it.
    public var labels: [String]
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]
    /// Identifies the data in the model's metadata (sha256 hex).
    public var hash: String?
    /// The feature block that made the samples (dataset.json `features`); train records it
    /// in the model so that eval, predict and deploy feed the model alike.
    public var features: FeatureSpec?
    /// Names of the channels (the last axis), when the dataset names them.
    public var channelNames: [String]?

    public init(x: [Float], y: [Int32], sampleShape: [Int], labels: [String],
                train: [Int], validation: [Int] = [], test: [Int] = [], hash: String? = nil) {
        self.x = x
        self.y = y
        self.sampleShape = sampleShape
        self.labels = labels
        self.train = train
        self.validation = validation
        self.test = test
        self.hash = hash
    }

    /// Which part of a dataset a sample belongs to.
    public enum Split: String, CaseIterable, Sendable {
        case train, val, test
    }

    public var count: Int { y.count }
    public var classCount: Int { labels.count }
    public var sampleSize: Int { sampleShape.reduce(1, *) }

    public func indices(in split: Split) -> [Int] {
        switch split {
        case .train: train
        case .val: validation
        case .test: test
        }
    }

    /// Samples per class among `indices`.
    public func classCounts(_ indices: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for i in indices where y[i] >= 0 && Int(y[i]) < classCount { counts[Int(y[i])] += 1 }
        return counts
    }

    /// Checks what training relies on: sizes agree, labels are valid class indices, values
    /// are finite, and every class has training samples.
    public func validate() throws(TrainError) {
        guard !labels.isEmpty else { throw .noClasses }
        guard sampleSize > 0, x.count == y.count * sampleSize else {
            throw .inconsistentData("x holds \(x.count) values, but \(y.count) samples of shape \(ModelSpec.text(sampleShape)) need \(y.count * sampleSize)")
        }
        if let bad = y.firstIndex(where: { $0 < 0 || Int($0) >= classCount }) {
            throw .badLabel(sample: bad, label: Int(y[bad]), classes: classCount)
        }
        for split in Split.allCases {
            if let bad = indices(in: split).first(where: { $0 < 0 || $0 >= count }) {
                throw .inconsistentData("the \(split.rawValue) split lists sample \(bad) of \(count)")
            }
        }
        guard !train.isEmpty else { throw .emptySplit(.train) }
        if let bad = x.firstIndex(where: { !$0.isFinite }) {
            throw .nonFinite(sample: bad / sampleSize, value: x[bad])
        }
        let counts = classCounts(train)
        if let empty = counts.firstIndex(of: 0) { throw .classWithoutTrainingSamples(label: labels[empty], counts: counts) }
    }
}

/// Per-channel input normalisation, `(x - mean) / std` over the last axis, fitted on the
/// training split and stored in the model's metadata so that inference normalises alike.
public struct Normalization: Equatable, Sendable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// Mean and (population) standard deviation per channel over the samples `indices`; a
    /// channel that never varies gets std 1.
    public static func fit(_ data: TrainingSet, indices: [Int]) -> Normalization {
        let channels = data.sampleShape.last ?? 1
        let size = data.sampleSize
        var sum = [Double](repeating: 0, count: channels), squares = sum
        var count = 0.0
        data.x.withUnsafeBufferPointer { x in
            for i in indices {
                let base = i * size
                for j in 0..<size {
                    let v = Double(x[base + j])
                    sum[j % channels] += v
                    squares[j % channels] += v * v
                }
            }
        }
        count = Double(indices.count * (size / channels))
        var mean = [Float](repeating: 0, count: channels), std = [Float](repeating: 1, count: channels)
        guard count > 0 else { return Normalization(mean: mean, std: std) }
        for c in 0..<channels {
            let m = sum[c] / count
            let variance = max(squares[c] / count - m * m, 0)
            mean[c] = Float(m)
            let s = Float(variance.squareRoot())
            std[c] = s > 1e-6 ? s : 1
        }
        return Normalization(mean: mean, std: std)
    }

    /// `x` normalised (a copy).
    public func apply(_ x: [Float]) -> [Float] {
        let channels = mean.count
        var out = x
        let inverse = std.map { 1 / $0 }
        out.withUnsafeMutableBufferPointer { buffer in
            for i in buffer.indices {
                let c = i % channels
                buffer[i] = (buffer[i] - mean[c]) * inverse[c]
            }
        }
        return out
    }
}
