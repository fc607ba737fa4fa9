/// The integer path of logmel and mfcc, for cores without an FPU: 16-bit PCM in, Q16 out,
/// bit-exact with features_fixed.c (docs/dataset-format.md, "arith=fixed", has the steps and
/// their bounds). Shifts of negative numbers are arithmetic, as in the C code.
extension FeatureExtractor {
    /// pcm: `[window, channels]` int16; out: `spec.outputSize` Q16 values.
    func applyFixed(_ pcm: UnsafePointer<Int16>, _ out: UnsafeMutablePointer<Int32>) {
        let c = spec.channels, n = spec.fftLength, m = n / 2, frameLength = spec.frameLength
        let log2n = n.trailingZeroBitCount
        let target = 29 - log2n
        let preEmphasis = tables.preEmphasisQ15, floor = tables.logFloorQ16
        let guardBits = tables.melGuardBits
        let mels = spec.melBands
        let perFrame = spec.block == .mfcc ? spec.coefficients : mels
        fixedWork.withUnsafeMutableBufferPointer { work in
        fixedPower.withUnsafeMutableBufferPointer { power in
        fixedBands.withUnsafeMutableBufferPointer { bands in
        tables.windowQ15.withUnsafeBufferPointer { window in
        tables.bitReverse.withUnsafeBufferPointer { bitReverse in
        tables.twiddlesQ30.withUnsafeBufferPointer { twiddles in
        tables.melWeightsQ15.withUnsafeBufferPointer { weights in
        tables.dctQ30.withUnsafeBufferPointer { dct in
            let w = work.baseAddress!, tw = twiddles.baseAddress!
            for channel in 0..<c {
                for frame in 0..<spec.frameCount {
                    let start = frame * spec.frameStep
                    // 1. Pre-emphasis and window: u = y · w_q15, exact in int32 (|u| < 2^30).
                    var largest: UInt32 = 0
                    for t in 0..<n {
                        var u: Int32 = 0
                        if t < frameLength {
                            let g = start + t
                            var y = Int32(pcm[g * c + channel])
                            if preEmphasis != 0 && g > 0 {
                                y = FeatureMath.saturate16(y - ((preEmphasis * Int32(pcm[(g - 1) * c + channel]) + 16384) >> 15))
                            }
                            u = y * Int32(window[t])
                            largest = max(largest, u.magnitude)
                        }
                        w[2 * Int(bitReverse[t >> 1]) + (t & 1)] = u
                    }
                    if largest == 0 {
                        for b in 0..<mels { bands[b] = floor }
                    } else {
                        // 2. Block scaling: |u'| <= 2^(29 - log2 N), so |2X| <= 2^30.
                        let d = FeatureMath.bitLength(UInt64(largest)) - target
                        if d > 0 {
                            let half = Int32(1) << Int32(d - 1)
                            for i in 0..<n { w[i] = (w[i] + half) >> Int32(d) }
                        } else if d < 0 {
                            let factor = Int32(1) << Int32(-d)
                            for i in 0..<n { w[i] = w[i] * factor }
                        }
                        // 3. FFT and power.
                        Self.complexFixed(w, n: n, twiddles: tw)
                        var largestPower: UInt64 = 0
                        for k in 0...m {
                            let p = 2 * (k == m ? 0 : k), q = 2 * (k == 0 ? 0 : m - k)
                            let zkr = w[p], zki = w[p + 1], zmr = w[q], zmi = w[q + 1]
                            let er = zkr + zmr, ei = zki - zmi
                            let orr = zki + zmi, oi = zmr - zkr
                            let wr = Int64(tw[2 * k]), wi = Int64(tw[2 * k + 1])
                            let xr = er + Int32((wr * Int64(orr) - wi * Int64(oi) + (1 << 29)) >> 30)
                            let xi = ei + Int32((wr * Int64(oi) + wi * Int64(orr) + (1 << 29)) >> 30)
                            let value = UInt64(Int64(xr) * Int64(xr)) + UInt64(Int64(xi) * Int64(xi))
                            power[k] = value
                            largestPower = max(largestPower, value)
                        }
                        // 4. Mel sums in uint64 (shifted so that they stay below 2^62), then ln.
                        let shift = max(0, FeatureMath.bitLength(largestPower) + guardBits - 62)
                        let exponent = 77 - 2 * d - shift
                        for (b, band) in tables.bands.enumerated() {
                            var e: UInt64 = 0
                            for i in 0..<band.count {
                                e += UInt64(weights[band.offset + i]) * (power[band.firstBin + i] >> UInt64(shift))
                            }
                            bands[b] = e == 0 ? floor : max(floor, FeatureMath.lnQ16(e, minusExponent: exponent))
                        }
                    }
                    let row = frame * perFrame
                    if spec.block == .logmel {
                        for b in 0..<mels { out[(row + b) * c + channel] = bands[b] }
                    } else {
                        for j in 0..<spec.coefficients {
                            var acc: Int64 = 0
                            for b in 0..<mels { acc += Int64(dct[j * mels + b]) * Int64(bands[b]) }
                            out[(row + j) * c + channel] = Int32((acc + (1 << 29)) >> 30)
                        }
                    }
                }
            }
        }}}}}}}}
    }

    /// The N/2-point complex FFT of `work` (bit-reversed order in, natural order out) in
    /// int32 with Q30 twiddles, products rounded half up (no scaling between stages).
    @inline(__always)
    static func complexFixed(_ work: UnsafeMutablePointer<Int32>, n: Int, twiddles: UnsafePointer<Int32>) {
        let m = n / 2
        var i = 0
        while i < m {
            let a = 2 * i, b = a + 2
            let ar = work[a], ai = work[a + 1], br = work[b], bi = work[b + 1]
            work[a] = ar + br; work[a + 1] = ai + bi
            work[b] = ar - br; work[b + 1] = ai - bi
            i += 2
        }
        var size = 4
        while size <= m {
            let half = size / 2, stride = n / size
            var start = 0
            while start < m {
                for j in 0..<half {
                    let wr = Int64(twiddles[2 * j * stride]), wi = Int64(twiddles[2 * j * stride + 1])
                    let a = 2 * (start + j), b = a + 2 * half
                    let br = Int64(work[b]), bi = Int64(work[b + 1])
                    let tr = Int32((wr * br - wi * bi + (1 << 29)) >> 30)
                    let ti = Int32((wr * bi + wi * br + (1 << 29)) >> 30)
                    let ar = work[a], ai = work[a + 1]
                    work[b] = ar - tr; work[b + 1] = ai - ti
                    work[a] = ar + tr; work[a + 1] = ai + ti
                }
                start += size
            }
            size *= 2
        }
    }
}
