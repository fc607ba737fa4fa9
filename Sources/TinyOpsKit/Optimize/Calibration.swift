/// How the quantizer turns observed activations into an int8 range.
public enum CalibrationMethod: Equatable, Sendable {
    /// The observed minimum and maximum: exact coverage, sensitive to outliers.
    case minMax
    /// The `p`-th and `(100 - p)`-th percentiles of the observed values (e.g. 99.99): clips rare outliers.
    case percentile(Double)
    /// The range (a shrink of the observed one) that minimizes the mean squared error of
    /// quantizing the observed values, clipping included.
    case mse

    public var name: String {
        switch self {
        case .minMax: return "minmax"
        case .percentile(let p): return "percentile(\(p))"
        case .mse: return "mse"
        }
    }
}

/// Activation statistics of every float tensor a model computes, gathered by running the
/// float interpreter over calibration samples. Percentile and MSE need a histogram, whose
/// bins depend on the min/max, so they take a second pass.
public struct Calibration: Sendable {
    public static let histogramBins = 2048

    /// Observed [min, max] by tensor index.
    public private(set) var ranges: [Int: (min: Float, max: Float)] = [:]
    private var histograms: [Int: [Int]] = [:]

    public init(interpreter: FloatInterpreter, samples: [[[Float]]], method: CalibrationMethod) throws {
        let inputs = interpreter.model.main.inputs.map(Int.init)
        try pass(interpreter, samples, inputs) { calibration, tensor, values in calibration.observeRange(tensor, values) }
        if method != .minMax {
            try pass(interpreter, samples, inputs) { calibration, tensor, values in calibration.observeHistogram(tensor, values) }
        }
    }

    private mutating func pass(_ interpreter: FloatInterpreter, _ samples: [[[Float]]], _ inputs: [Int],
                               _ record: (inout Calibration, Int, UnsafeBufferPointer<Float>) -> Void) throws {
        for sample in samples {
            for (i, tensor) in inputs.enumerated() {
                sample[i].withUnsafeBufferPointer { record(&self, tensor, $0) }
            }
            _ = try interpreter.run(sample) { _, tensor, values in record(&self, tensor, values) }
        }
    }

    private mutating func observeRange(_ tensor: Int, _ values: UnsafeBufferPointer<Float>) {
        var (low, high) = ranges[tensor] ?? (.infinity, -.infinity)
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        ranges[tensor] = (low, high)
    }

    private mutating func observeHistogram(_ tensor: Int, _ values: UnsafeBufferPointer<Float>) {
        guard let (low, high) = ranges[tensor], high > low else { return }
        var histogram = histograms[tensor] ?? [Int](repeating: 0, count: Self.histogramBins)
        let scale = Float(Self.histogramBins) / (high - low)
        for v in values where v.isFinite {
            histogram[min(Self.histogramBins - 1, max(0, Int((v - low) * scale)))] += 1
        }
        histograms[tensor] = histogram
    }

    /// The range to quantize `tensor` with, or nil when it was never observed.
    public func range(of tensor: Int, method: CalibrationMethod) -> (min: Float, max: Float)? {
        guard let observed = ranges[tensor], observed.min <= observed.max else { return nil }
        guard let histogram = histograms[tensor] else { return observed }
        switch method {
        case .minMax: return observed
        case .percentile(let p): return Self.percentileRange(histogram, observed, p)
        case .mse: return Self.mseRange(histogram, observed)
        }
    }

    static func binCenter(_ bin: Int, _ range: (min: Float, max: Float)) -> Float {
        range.min + (Float(bin) + 0.5) * (range.max - range.min) / Float(histogramBins)
    }

    static func percentileRange(_ histogram: [Int], _ range: (min: Float, max: Float), _ p: Double) -> (min: Float, max: Float) {
        let total = histogram.reduce(0, +)
        guard total > 0 else { return range }
        let tail = Double(total) * (100 - min(max(p, 50), 100)) / 100
        var low = 0, seen = 0
        while low < histogram.count - 1, Double(seen + histogram[low]) <= tail { seen += histogram[low]; low += 1 }
        var high = histogram.count - 1
        seen = 0
        while high > 0, Double(seen + histogram[high]) <= tail { seen += histogram[high]; high -= 1 }
        let width = (range.max - range.min) / Float(histogramBins)
        return (range.min + Float(low) * width, range.min + Float(high + 1) * width)
    }

    /// Tries ranges shrunk towards zero by factors 1.0 ... 0.3 and keeps the one whose
    /// quantization of the histogram has the least squared error (clipping plus rounding).
    static func mseRange(_ histogram: [Int], _ range: (min: Float, max: Float)) -> (min: Float, max: Float) {
        var best = range, bestError = Double.infinity
        for step in 0...70 {
            let factor = 1 - Float(step) * 0.01
            let candidate = (min: min(range.min, 0) * factor, max: max(range.max, 0) * factor)
            let (scale, zeroPoint) = QuantizationMath.asymmetric(min: candidate.min, max: candidate.max)
            let low = (-128 - Float(zeroPoint)) * scale, high = (127 - Float(zeroPoint)) * scale
            var error = 0.0
            for (bin, count) in histogram.enumerated() where count > 0 {
                let v = binCenter(bin, range)
                let e: Float
                if v < low { e = low - v } else if v > high { e = v - high } else { e = 0 }
                // Rounding noise of a uniform quantizer, scale²/12, plus the clipping error.
                error += Double(count) * (Double(e * e) + Double(scale * scale) / 12)
            }
            if error < bestError {
                bestError = error
                best = candidate
            }
        }
        return best
    }
}
