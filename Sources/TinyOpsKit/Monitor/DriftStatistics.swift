#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The statistics `tinyops monitor` reports (definitions in docs/monitoring.md).
public enum DriftStatistics {
    /// Pseudo-count added to every bin before shares are taken, so that an empty bin gives a
    /// finite PSI (additive smoothing; 0.5 is the Jeffreys prior).
    public static let smoothing = 0.5

    /// Shares of `counts` after adding `smoothing` to every bin.
    static func smoothedShares(_ counts: [Int]) -> [Double] {
        let total = Double(counts.reduce(0, +)) + smoothing * Double(counts.count)
        return counts.map { (Double($0) + smoothing) / total }
    }

    /// Population stability index of `actual` against `expected` (counts over the same
    /// bins): Σ (a_i − e_i) · ln(a_i / e_i) over the smoothed shares. 0 for identical shares;
    /// by convention below 0.1 is stable, 0.1 to 0.25 a moderate shift, above 0.25 a major one.
    public static func psi(expected: [Int], actual: [Int]) -> Double {
        precondition(expected.count == actual.count, "PSI needs the same bins")
        let e = smoothedShares(expected), a = smoothedShares(actual)
        return zip(a, e).reduce(0) { $0 + ($1.0 - $1.1) * log($1.0 / $1.1) }
    }

    /// Jensen–Shannon divergence (base 2, between 0 and 1) of the shares of two count
    /// vectors, unsmoothed: ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = (p + q) / 2.
    public static func jensenShannon(_ first: [Int], _ second: [Int]) -> Double {
        let totalP = Double(first.reduce(0, +)), totalQ = Double(second.reduce(0, +))
        guard totalP > 0, totalQ > 0 else { return 0 }
        var divergence = 0.0
        for (x, y) in zip(first, second) {
            let p = Double(x) / totalP, q = Double(y) / totalQ, m = (p + q) / 2
            if p > 0 { divergence += 0.5 * p * log2(p / m) }
            if q > 0 { divergence += 0.5 * q * log2(q / m) }
        }
        return max(0, divergence)
    }

    /// The 99.9th percentile of the chi-square distribution with `k` degrees of freedom:
    /// tabulated for k ≤ 10, the Wilson–Hilferty approximation above (within 1 % there).
    public static func chiSquare999(_ k: Int) -> Double {
        let table = [10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588]
        if k >= 1 && k <= table.count { return table[k - 1] }
        let z = 3.090232, n = Double(max(k, 1))
        let term = 1 - 2 / (9 * n) + z * (2 / (9 * n)).squareRoot()
        return n * term * term * term
    }

    /// The PSI that sampling alone exceeds one time in a thousand when nothing drifted:
    /// χ²(bins − 1, 0.999) · (1/n + 1/N) for n live and N reference windows, since PSI over
    /// small shifts is about a chi-square statistic divided by the sample size. Assumes
    /// independent windows; overlapping windows of one stream are not, so it is a lower bound.
    public static func noiseBound(bins: Int, live: Int, reference: Int) -> Double {
        guard live > 0, reference > 0 else { return .infinity }
        return chiSquare999(bins - 1) * (1 / Double(live) + 1 / Double(reference))
    }

    /// The nearest-rank percentile: the smallest value with at least p % of the values at or
    /// below it. `sorted` must be sorted and not empty.
    public static func percentile(_ sorted: [Int], _ p: Double) -> Int {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
