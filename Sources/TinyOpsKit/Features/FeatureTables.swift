import Foundation

/// Every constant a feature block needs at run time, computed once in Double and rounded:
/// the Swift extractors use these arrays, and `FeatureConfigRenderer` writes the very same
/// values into the C config, so host and device start from identical numbers.
public struct FeatureTables: Sendable {
    public struct Band: Equatable, Sendable {
        public var firstBin: Int
        public var count: Int
        /// Into `melWeights` / `melWeightsQ15`.
        public var offset: Int
    }

    // Float path.
    /// Window of `frameLength` values.
    public var window: [Float] = []
    /// (cos 2πk/N, −sin 2πk/N) for k = 0...N/2, interleaved: e^(−2πik/N).
    public var twiddles: [Float] = []
    /// Bit reversal of log2(N/2) bits, for the N/2-point complex FFT.
    public var bitReverse: [UInt16] = []
    public var bands: [Band] = []
    public var melWeights: [Float] = []
    /// coefficients × mel bands, row-major.
    public var dct: [Float] = []
    public var preEmphasis: Float = 0
    public var logFloor: Float = 0
    // Spectral.
    /// 1/W, 1/segments, (W − 1)/2, 1/Σ(t − t̄)², 2/Σw, 1/Σw, rate/N.
    public var inverseWindowLength: Float = 0
    public var inverseSegments: Float = 0
    public var timeCenter: Float = 0
    public var inverseTimeSquares: Float = 0
    public var amplitudeScale: Float = 0
    public var amplitudeScaleEdge: Float = 0
    public var binHz: Float = 0

    // Fixed path.
    public var windowQ15: [Int16] = []
    /// e^(−2πik/N) in Q30 for k = 0...N/2, interleaved.
    public var twiddlesQ30: [Int32] = []
    public var melWeightsQ15: [UInt16] = []
    public var dctQ30: [Int32] = []
    public var preEmphasisQ15: Int32 = 0
    /// round(ln(floor) · 2^16).
    public var logFloorQ16: Int32 = 0
    /// Bit length of the largest sum of a band's Q15 weights (bounds the mel sums).
    public var melGuardBits: Int = 0

    public init(_ spec: FeatureSpec) {
        guard spec.block != .raw else { return }
        let n = spec.fftLength
        let windowValues = WindowTable.values(spec.window, length: spec.frameLength)
        window = windowValues.map { Float($0) }
        for k in 0...(n / 2) {
            let w = FFT.twiddle(k, n)
            twiddles += [Float(w.re), Float(w.im)]
            twiddlesQ30 += [Self.q(w.re, 30), Self.q(w.im, 30)]
        }
        let bits = (n / 2).trailingZeroBitCount
        bitReverse = (0..<(n / 2)).map { i in
            var reversed = 0
            for b in 0..<bits where i & (1 << b) != 0 { reversed |= 1 << (bits - 1 - b) }
            return UInt16(reversed)
        }
        if spec.block == .spectral {
            let w = Double(spec.windowLength)
            let windowSum = windowValues.reduce(0, +)
            inverseWindowLength = Float(1 / w)
            inverseSegments = Float(1 / Double(spec.frameCount))
            timeCenter = Float((w - 1) / 2)
            inverseTimeSquares = spec.windowLength > 1 ? Float(12 / (w * (w * w - 1))) : 0
            amplitudeScale = Float(2 / windowSum)
            amplitudeScaleEdge = Float(1 / windowSum)
            binHz = Float((spec.sampleRate ?? 0) / Double(n))
            return
        }
        preEmphasis = Float(spec.preEmphasis)
        logFloor = Float(spec.logFloor)
        windowQ15 = windowValues.map { Int16(clamping: Int(($0 * 32768).rounded())) }
        preEmphasisQ15 = Int32(min(32767, (spec.preEmphasis * 32768).rounded()))
        logFloorQ16 = Int32((log(spec.logFloor) * 65536).rounded())
        var largestSum = 0
        for band in MelFilterbank(spec: spec).bands {
            bands.append(Band(firstBin: band.firstBin, count: band.weights.count, offset: melWeights.count))
            melWeights += band.weights.map { Float($0) }
            let q15 = band.weights.map { UInt16(min(32768, ($0 * 32768).rounded())) }
            melWeightsQ15 += q15
            largestSum = max(largestSum, q15.reduce(0) { $0 + Int($1) })
        }
        melGuardBits = FeatureMath.bitLength(UInt64(largestSum))
        if spec.block == .mfcc {
            let matrix = DCT.matrix(rows: spec.coefficients, columns: spec.melBands)
            dct = matrix.map { Float($0) }
            dctQ30 = matrix.map { Self.q($0, 30) }
        }
    }

    /// round(x · 2^bits) as int32 (|x| ≤ 1).
    static func q(_ x: Double, _ bits: Int) -> Int32 {
        Int32((x * Double(1 << bits)).rounded())
    }
}
