import Foundation

/// Real FFT power spectra, float32: an N/2-point complex radix-2 FFT (decimation in time,
/// input in bit-reversed order) of the even/odd samples packed as complex numbers, then the
/// split step that turns it into the N-point real transform. The operations and their order
/// are those of features_fft.c, so the host and the device get the same bits.
enum FFT {
    /// `work` holds N/2 complex values (re, im interleaved) already in bit-reversed order,
    /// z[n] = x[2n] + i·x[2n+1]; on return it holds their DFT.
    /// twiddles: e^(−2πik/N) for k = 0...N/2 (interleaved).
    @inline(__always)
    static func complexInPlace(_ work: UnsafeMutablePointer<Float>, n: Int, twiddles: UnsafePointer<Float>) {
        let m = n / 2
        // Size-2 butterflies: the twiddle is 1.
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
                    let wr = twiddles[2 * j * stride], wi = twiddles[2 * j * stride + 1]
                    let a = 2 * (start + j), b = a + 2 * half
                    let br = work[b], bi = work[b + 1]
                    let tr = wr * br - wi * bi
                    let ti = wr * bi + wi * br
                    let ar = work[a], ai = work[a + 1]
                    work[b] = ar - tr; work[b + 1] = ai - ti
                    work[a] = ar + tr; work[a + 1] = ai + ti
                }
                start += size
            }
            size *= 2
        }
    }

    /// |X_k|² for k = 0...N/2 from the complex DFT Z of the packed samples (split step):
    /// X_k = ½[(Z_k + Z*_{M−k}) − i·e^(−2πik/N)·(Z_k − Z*_{M−k})], M = N/2.
    @inline(__always)
    static func splitPower(_ work: UnsafePointer<Float>, n: Int, twiddles: UnsafePointer<Float>, power: UnsafeMutablePointer<Float>) {
        let m = n / 2
        for k in 0...m {
            let p = 2 * (k == m ? 0 : k), q = 2 * (k == 0 ? 0 : m - k)
            let zkr = work[p], zki = work[p + 1], zmr = work[q], zmi = work[q + 1]
            let er = zkr + zmr, ei = zki - zmi
            let orr = zki + zmi, oi = zmr - zkr
            let wr = twiddles[2 * k], wi = twiddles[2 * k + 1]
            let xr = 0.5 * (er + (wr * orr - wi * oi))
            let xi = 0.5 * (ei + (wr * oi + wi * orr))
            power[k] = xr * xr + xi * xi
        }
    }

    /// The slow reference: the N-point DFT of real `x` by its definition, in Double,
    /// X_k = Σ_t x_t · e^(−2πikt/N) for k = 0...N/2.
    static func referenceDFT(_ x: [Double]) -> [(re: Double, im: Double)] {
        let n = x.count
        return (0...(n / 2)).map { k in
            var re = 0.0, im = 0.0
            for t in 0..<n {
                // k·t mod N keeps the angle small and exact.
                let angle = 2 * Double.pi * Double((k * t) % n) / Double(n)
                re += x[t] * cos(angle)
                im -= x[t] * sin(angle)
            }
            return (re, im)
        }
    }

    /// e^(−2πik/N) as (cos, −sin), with the exact values at multiples of π/2 (so bin N/2
    /// of a constant is exactly 0).
    static func twiddle(_ k: Int, _ n: Int) -> (re: Double, im: Double) {
        switch 4 * k {
        case 0: return (1, 0)
        case n: return (0, -1)
        case 2 * n: return (-1, 0)
        default:
            let angle = 2 * Double.pi * Double(k) / Double(n)
            return (cos(angle), -sin(angle))
        }
    }

    /// The fast path on a plain array: |X_k|² for k = 0...N/2 of `x` (N = x.count, a
    /// power of two ≥ 4), with the tables built here. For tests and tools.
    static func power(_ x: [Float]) -> [Float] {
        let n = x.count
        precondition(n >= 4 && n & (n - 1) == 0, "FFT length must be a power of two >= 4")
        var twiddles: [Float] = []
        for k in 0...(n / 2) {
            let w = twiddle(k, n)
            twiddles += [Float(w.re), Float(w.im)]
        }
        let bits = (n / 2).trailingZeroBitCount
        var work = [Float](repeating: 0, count: n)
        for i in 0..<(n / 2) {
            var r = 0
            for b in 0..<bits where i & (1 << b) != 0 { r |= 1 << (bits - 1 - b) }
            work[2 * r] = x[2 * i]
            work[2 * r + 1] = x[2 * i + 1]
        }
        var power = [Float](repeating: 0, count: n / 2 + 1)
        work.withUnsafeMutableBufferPointer { w in
            twiddles.withUnsafeBufferPointer { t in
                power.withUnsafeMutableBufferPointer { p in
                    complexInPlace(w.baseAddress!, n: n, twiddles: t.baseAddress!)
                    splitPower(w.baseAddress!, n: n, twiddles: t.baseAddress!, power: p.baseAddress!)
                }
            }
        }
        return power
    }
}
