import Foundation

/// A linear scale from data values to pixels, with "nice" ticks (1, 2 or 5 × 10^k) as
/// people would label an axis by hand.
public struct LinearScale: Sendable {
    public let domain: (Double, Double)
    public let range: (Double, Double)

    public init(domain: (Double, Double), range: (Double, Double)) {
        let (low, high) = domain
        self.domain = high > low ? domain : (low - 0.5, low + 0.5)
        self.range = range
    }

    public func callAsFunction(_ value: Double) -> Double {
        range.0 + (value - domain.0) / (domain.1 - domain.0) * (range.1 - range.0)
    }

    /// About `count` evenly spaced round values covering the domain.
    public func ticks(count: Int = 5) -> [Double] {
        let step = Self.niceStep(span: domain.1 - domain.0, count: count)
        guard step > 0 else { return [domain.0] }
        let first = (domain.0 / step).rounded(.up) * step
        var ticks: [Double] = []
        var value = first
        while value <= domain.1 + step * 1e-9 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }

    /// Widens `domain` to the nearest nice ticks, so the axis starts and ends on a label.
    public static func niceDomain(_ low: Double, _ high: Double, count: Int = 5) -> (Double, Double) {
        guard high > low else { return (low - 1, high + 1) }
        let step = niceStep(span: high - low, count: count)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }

    static func niceStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let nice: Double = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Tick label: integers without decimals, otherwise up to 3 significant decimals;
    /// large values with k/M suffixes.
    public static func label(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trim(String(format: "%.2f", value / 1_000_000)) + "M" }
        if magnitude >= 10_000 { return trim(String(format: "%.1f", value / 1000)) + "k" }
        if value == value.rounded() { return String(Int(value)) }
        return trim(String(format: "%.3f", value))
    }

    private static func trim(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var t = text
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }
}
