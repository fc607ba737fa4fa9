import Foundation

/// The int8 arithmetic of the TFLite quantization specification
/// (https://www.tensorflow.org/lite/performance/quantization_spec): `real = (q - zp) * scale`.
public enum QuantizationMath {
    /// Rounding used when quantizing values: half away from zero, as TFLite's converter
    /// (`std::round`) does.
    @inline(__always)
    static func round(_ value: Float) -> Float { value.rounded(.toNearestOrAwayFromZero) }

    /// Per-tensor asymmetric int8 parameters covering `[min, max]`. The range is widened to
    /// contain 0 (so zero is exact: padding and ReLU depend on it) and the zero point is
    /// the nudged `-128 - min/scale`, clamped to int8.
    public static func asymmetric(min: Float, max: Float) -> (scale: Float, zeroPoint: Int64) {
        let low = Swift.min(min, 0), high = Swift.max(max, 0)
        let span = high - low
        // A tensor that is always 0 still needs a positive scale.
        guard span > Float.leastNormalMagnitude, span.isFinite else { return (1, 0) }
        let scale = span / 255
        let zeroPoint = Swift.min(Swift.max(round(-128 - low / scale), -128), 127)
        return (scale, Int64(zeroPoint))
    }

    /// Symmetric int8 scale for weights in [-127, 127] with zero point 0.
    public static func symmetricScale(absMax: Float) -> Float {
        guard absMax > Float.leastNormalMagnitude, absMax.isFinite else { return 1 }
        return absMax / 127
    }

    public static func quantize(_ value: Float, scale: Float, zeroPoint: Int64, min: Int = -128, max: Int = 127) -> Int8 {
        let q = round(value / scale) + Float(zeroPoint)
        return Int8(Swift.min(Swift.max(q, Float(min)), Float(max)))
    }

    /// Per-channel symmetric quantization of a weight tensor along `axis`.
    /// - Returns: int8 values in [-127, 127] and one scale per channel.
    public static func quantizeWeights(_ values: [Float], shape: [Int], axis: Int) -> (values: [Int8], scales: [Float]) {
        let channels = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var absMax = [Float](repeating: 0, count: channels)
        for (i, v) in values.enumerated() {
            let c = (i / inner) % channels
            absMax[c] = Swift.max(absMax[c], abs(v))
        }
        let scales = absMax.map(symmetricScale)
        var quantized = [Int8](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() {
            quantized[i] = quantize(v, scale: scales[(i / inner) % channels], zeroPoint: 0, min: -127, max: 127)
        }
        return (quantized, scales)
    }

    /// int32 bias with `scale[c] = inputScale * weightScale[c]` and zero point 0.
    public static func quantizeBias(_ values: [Float], inputScale: Float, weightScales: [Float]) -> (values: [Int32], scales: [Float]) {
        let scales = values.indices.map { inputScale * weightScales[weightScales.count == 1 ? 0 : $0] }
        let quantized = zip(values, scales).map { value, scale -> Int32 in
            let q = Double(value) / Double(scale)
            return Int32(Swift.min(Swift.max(q.rounded(.toNearestOrAwayFromZero), Double(Int32.min)), Double(Int32.max)))
        }
        return (quantized, scales)
    }

    /// Signal-to-quantization-noise ratio in dB of `approximation` against `reference`
    /// (infinite when they are equal).
    public static func sqnr(reference: [Float], approximation: [Float]) -> Double {
        var signal = 0.0, noise = 0.0
        for (r, a) in zip(reference, approximation) {
            signal += Double(r) * Double(r)
            noise += (Double(r) - Double(a)) * (Double(r) - Double(a))
        }
        guard noise > 0 else { return .infinity }
        guard signal > 0 else { return -.infinity }
        return 10 * log10(signal / noise)
    }

    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            na += Double(x) * Double(x)
            nb += Double(y) * Double(y)
        }
        guard na > 0, nb > 0 else { return na == nb ? 1 : 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
