/// Per-channel pieces of batch normalisation over channels-last rows `x (rows, C)`.
/// The statistics are partial sums so that a batch split across threads can add the
/// parts in a fixed order before normalising.
public enum BatchNormKernels {
    /// out[c] = Σ_r (x[r, c] - mean[c])²  (overwritten)
    public static func squaredDeviations(_ x: UnsafePointer<Float>, rows: Int, channels c: Int,
                                         mean: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: c)
        for r in 0..<rows {
            let row = x + r * c
            for ch in 0..<c { let d = row[ch] - mean[ch]; out[ch] += d * d }
        }
    }

    /// y[r, c] = x[r, c]·scale[c] + shift[c]
    public static func affine(_ x: UnsafePointer<Float>, rows: Int, channels c: Int,
                              scale: UnsafePointer<Float>, shift: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let xr = x + r * c, yr = y + r * c
            for ch in 0..<c { yr[ch] = xr[ch] * scale[ch] + shift[ch] }
        }
    }

    /// sumDy[c] = Σ_r dy[r, c], sumDyXhat[c] = Σ_r dy[r, c]·(x[r, c] - mean[c])·invStd[c]  (overwritten)
    public static func gradientSums(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, rows: Int, channels c: Int,
                                    mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
                                    sumDy: UnsafeMutablePointer<Float>, sumDyXhat: UnsafeMutablePointer<Float>) {
        sumDy.update(repeating: 0, count: c)
        sumDyXhat.update(repeating: 0, count: c)
        for r in 0..<rows {
            let xr = x + r * c, dr = dy + r * c
            for ch in 0..<c {
                sumDy[ch] += dr[ch]
                sumDyXhat[ch] += dr[ch] * (xr[ch] - mean[ch]) * invStd[ch]
            }
        }
    }

    /// dx = γ·invStd·(dy - Σdy/N - x̂·Σ(dy·x̂)/N) with x̂ = (x - mean)·invStd, N = `count` rows
    /// over the whole batch (all threads).
    public static func inputGradient(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, rows: Int, channels c: Int,
                                     mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>, gamma: UnsafePointer<Float>,
                                     sumDy: UnsafePointer<Float>, sumDyXhat: UnsafePointer<Float>, count: Int,
                                     dx: UnsafeMutablePointer<Float>) {
        let inverseCount = 1 / Float(count)
        for r in 0..<rows {
            let xr = x + r * c, dr = dy + r * c, out = dx + r * c
            for ch in 0..<c {
                let xhat = (xr[ch] - mean[ch]) * invStd[ch]
                out[ch] = gamma[ch] * invStd[ch] * (dr[ch] - sumDy[ch] * inverseCount - xhat * sumDyXhat[ch] * inverseCount)
            }
        }
    }
}
