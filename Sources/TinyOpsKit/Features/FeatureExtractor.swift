/// Computes a feature block on the host, operation for operation as the C code that ships
/// with the runtime (features.c / features_fixed.c) does on the device.
///
/// One extractor holds its scratch buffers, so it is used from one thread at a time; make
/// one per thread. Input: one sample `[window, channels]` (C order); output:
/// `spec.outputSize` floats in `spec.outputShape` (C order, channels last).
///
/// ```swift
/// let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "mfcc"), window: 16000, channels: 1, sampleRate: 16000)
/// let mfcc = try FeatureExtractor(spec).apply(samples[...])   // 49 × 10 × 1 floats
/// ```
public final class FeatureExtractor {
    public let spec: FeatureSpec
    public let tables: FeatureTables
    var work: [Float]
    var power: [Float]
    var bandValues: [Float]
    /// Spectral: the sum of the segments' power spectra, then the amplitudes.
    var sums: [Float]
    var pcm: [Int16] = []
    var fixedWork: [Int32] = []
    var fixedPower: [UInt64] = []
    var fixedBands: [Int32] = []
    var fixedOutput: [Int32] = []

    public init(_ spec: FeatureSpec) {
        self.spec = spec
        tables = FeatureTables(spec)
        let n = spec.fftLength
        work = [Float](repeating: 0, count: spec.block == .raw ? 0 : n)
        power = [Float](repeating: 0, count: spec.block == .raw ? 0 : n / 2 + 1)
        bandValues = [Float](repeating: 0, count: spec.melBands)
        sums = [Float](repeating: 0, count: spec.block == .spectral ? n / 2 + 1 : 0)
        if spec.arithmetic == .fixed, spec.block == .logmel || spec.block == .mfcc {
            pcm = [Int16](repeating: 0, count: spec.inputSize)
            fixedWork = [Int32](repeating: 0, count: n)
            fixedPower = [UInt64](repeating: 0, count: n / 2 + 1)
            fixedBands = [Int32](repeating: 0, count: spec.melBands)
            fixedOutput = [Int32](repeating: 0, count: spec.outputSize)
        }
    }

    /// The features of one sample.
    public func apply(_ input: ArraySlice<Float>) throws(FeatureError) -> [Float] {
        guard input.count == spec.inputSize else { throw .inputShape(expected: spec.inputShape, found: [input.count]) }
        var output = [Float](repeating: 0, count: spec.outputSize)
        try input.withUnsafeBufferPointer { (x) throws(FeatureError) in
            try output.withUnsafeMutableBufferPointer { (y) throws(FeatureError) in try apply(x, into: y) }
        }
        return output
    }

    /// The features of one sample, into `output` (`spec.outputSize` values). The fixed
    /// path rounds the input to 16-bit PCM (x · 32768) first and refuses values outside
    /// [−1, 1]; its Q16 results are returned as floats (q / 65536, exact).
    public func apply(_ input: UnsafeBufferPointer<Float>, into output: UnsafeMutableBufferPointer<Float>) throws(FeatureError) {
        precondition(input.count == spec.inputSize && output.count == spec.outputSize, "feature buffers have the wrong size")
        switch spec.block {
        case .raw:
            for i in 0..<input.count { output[i] = input[i] }
        case .spectral:
            for channel in 0..<spec.channels { spectral(input.baseAddress!, channel: channel, output.baseAddress!) }
        case .logmel, .mfcc:
            if spec.arithmetic == .fixed {
                for i in 0..<input.count {
                    let value = input[i]
                    guard value >= -1, value <= 1 else { throw .outOfPCMRange(frame: i / spec.channels, channel: i % spec.channels, value: value) }
                    pcm[i] = Int16(clamping: Int((value * 32768).rounded()))
                }
                pcm.withUnsafeBufferPointer { pcm in
                    fixedOutput.withUnsafeMutableBufferPointer { out in applyFixed(pcm.baseAddress!, out.baseAddress!) }
                }
                for i in 0..<output.count { output[i] = Float(fixedOutput[i]) / 65536 }
            } else {
                for channel in 0..<spec.channels { audio(input.baseAddress!, channel: channel, output.baseAddress!) }
            }
        }
    }

    /// logmel / mfcc, float32, one channel.
    private func audio(_ x: UnsafePointer<Float>, channel: Int, _ out: UnsafeMutablePointer<Float>) {
        let c = spec.channels, n = spec.fftLength, frameLength = spec.frameLength
        let preEmphasis = tables.preEmphasis, floor = tables.logFloor
        let perFrame = spec.block == .mfcc ? spec.coefficients : spec.melBands
        let mels = spec.melBands
        work.withUnsafeMutableBufferPointer { work in
        power.withUnsafeMutableBufferPointer { power in
        bandValues.withUnsafeMutableBufferPointer { bandValues in
        tables.window.withUnsafeBufferPointer { window in
        tables.bitReverse.withUnsafeBufferPointer { bitReverse in
        tables.twiddles.withUnsafeBufferPointer { twiddles in
        tables.melWeights.withUnsafeBufferPointer { weights in
        tables.dct.withUnsafeBufferPointer { dct in
            let w = work.baseAddress!
            for frame in 0..<spec.frameCount {
                let start = frame * spec.frameStep
                for t in 0..<n {
                    var value: Float = 0
                    if t < frameLength {
                        let g = start + t
                        var s = x[g * c + channel]
                        if preEmphasis != 0 && g > 0 { s = s - preEmphasis * x[(g - 1) * c + channel] }
                        value = s * window[t]
                    }
                    w[2 * Int(bitReverse[t >> 1]) + (t & 1)] = value
                }
                FFT.complexInPlace(w, n: n, twiddles: twiddles.baseAddress!)
                FFT.splitPower(w, n: n, twiddles: twiddles.baseAddress!, power: power.baseAddress!)
                for (m, band) in tables.bands.enumerated() {
                    var e: Float = 0
                    for i in 0..<band.count { e = e + weights[band.offset + i] * power[band.firstBin + i] }
                    if e < floor { e = floor }
                    bandValues[m] = FeatureMath.ln(e)
                }
                let row = frame * perFrame
                if spec.block == .logmel {
                    for m in 0..<mels { out[(row + m) * c + channel] = bandValues[m] }
                } else {
                    for j in 0..<spec.coefficients {
                        var acc: Float = 0
                        for m in 0..<mels { acc = acc + dct[j * mels + m] * bandValues[m] }
                        out[(row + j) * c + channel] = acc
                    }
                }
            }
        }}}}}}}}
    }

    /// spectral, float32, one channel (docs/dataset-format.md, "spectral").
    private func spectral(_ x: UnsafePointer<Float>, channel: Int, _ out: UnsafeMutablePointer<Float>) {
        let c = spec.channels, n = spec.fftLength, half = n / 2, length = spec.windowLength
        let t = tables
        var mean: Float = 0, slope: Float = 0
        if spec.detrend != .none {
            var sum: Float = 0
            for i in 0..<length { sum = sum + x[i * c + channel] }
            mean = sum * t.inverseWindowLength
        }
        if spec.detrend == .linear {
            var acc: Float = 0
            for i in 0..<length { acc = acc + (Float(i) - t.timeCenter) * x[i * c + channel] }
            slope = acc * t.inverseTimeSquares
        }
        @inline(__always) func detrended(_ i: Int) -> Float {
            (x[i * c + channel] - mean) - slope * (Float(i) - t.timeCenter)
        }
        var squares: Float = 0
        for i in 0..<length {
            let d = detrended(i)
            squares = squares + d * d
        }
        let stride = spec.outputShape[1]
        var slot = 0
        func emit(_ value: Float) {
            out[slot * stride + channel] = value
            slot += 1
        }
        emit((squares * t.inverseWindowLength).squareRoot())
        work.withUnsafeMutableBufferPointer { work in
        power.withUnsafeMutableBufferPointer { power in
        sums.withUnsafeMutableBufferPointer { sums in
        t.window.withUnsafeBufferPointer { window in
        t.bitReverse.withUnsafeBufferPointer { bitReverse in
        t.twiddles.withUnsafeBufferPointer { twiddles in
            for k in 0...half { sums[k] = 0 }
            let w = work.baseAddress!
            for segment in 0..<spec.frameCount {
                let start = segment * spec.frameStep
                for i in 0..<n {
                    let value: Float = i < spec.frameLength ? detrended(start + i) * window[i] : 0
                    w[2 * Int(bitReverse[i >> 1]) + (i & 1)] = value
                }
                FFT.complexInPlace(w, n: n, twiddles: twiddles.baseAddress!)
                FFT.splitPower(w, n: n, twiddles: twiddles.baseAddress!, power: power.baseAddress!)
                for k in 0...half { sums[k] = sums[k] + power[k] }
            }
            for k in 0...half {
                let scale = k == 0 || k == half ? t.amplitudeScaleEdge : t.amplitudeScale
                sums[k] = (sums[k] * t.inverseSegments).squareRoot() * scale
            }
            for k in 1...half { emit(sums[k]) }
            // Peaks: local maxima (above the left neighbour, not below the right one), by
            // amplitude, then by frequency; missing peaks are (0, 0).
            var previousAmplitude = Float.infinity, previousBin = -1
            for _ in 0..<spec.peaks {
                var bestBin = -1
                var bestAmplitude: Float = 0
                for k in 1...half {
                    let a = sums[k]
                    guard a > sums[k - 1], k == half || a >= sums[k + 1] else { continue }
                    guard a < previousAmplitude || (a == previousAmplitude && k > previousBin) else { continue }
                    if bestBin < 0 || a > bestAmplitude {
                        bestBin = k
                        bestAmplitude = a
                    }
                }
                if bestBin < 0 {
                    emit(0)
                    emit(0)
                } else {
                    emit(Float(bestBin) * t.binHz)
                    emit(bestAmplitude)
                    previousAmplitude = bestAmplitude
                    previousBin = bestBin
                }
            }
        }}}}}}
    }
}
