/// When `tinyops monitor` warns and when it alerts (docs/monitoring.md). Defaults: PSI 0.1
/// (warn) and 0.25 (alert), the usual reading of the population stability index, for every
/// input channel (window mean and energy) and for the predicted classes; low confidence
/// (top score below 0.5) 10 and 20 percentage points above the rate on held-out data at
/// training; no latency budget; at least 100 windows before distributions are judged.
public struct MonitorThresholds: Equatable, Sendable {
    public var psiWarn = 0.1
    public var psiAlert = 0.25
    public var classPSIWarn = 0.1
    public var classPSIAlert = 0.25
    /// A window whose top score is below this is a low-confidence window.
    public var minScore = 0.5
    /// Low-confidence rate above the held-out reference, as a share (0.1 = 10 points).
    public var lowConfidenceWarn = 0.1
    public var lowConfidenceAlert = 0.2
    /// 95th-percentile latency budgets in microseconds.
    public var latencyP95WarnMicroseconds: Int?
    public var latencyP95AlertMicroseconds: Int?
    /// Fewer windows than this: input, class and confidence statistics are reported but not judged.
    public var minWindows = 100

    public init() {}

    /// The keys `--thresholds` accepts, with what their values are.
    public static let keys: [(key: String, value: String)] = [
        ("psi-warn", "PSI"), ("psi-alert", "PSI"), ("class-psi-warn", "PSI"), ("class-psi-alert", "PSI"),
        ("min-score", "0..1"), ("low-confidence-warn", "0..1"), ("low-confidence-alert", "0..1"),
        ("latency-p95-warn", "time"), ("latency-p95-alert", "time"), ("min-windows", "count"),
    ]

    /// Applies `key=value[,key=value...]` to these thresholds. Times take `us`, `ms` (the
    /// default unit) or `s`.
    public mutating func apply(_ text: String) throws(Problem) {
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw .notKeyValue(String(item)) }
            let key = String(parts[0]), value = String(parts[1])
            func number(_ range: ClosedRange<Double>) throws(Problem) -> Double {
                guard let v = Double(value), v.isFinite, range.contains(v) else { throw .badValue(key: key, value: value) }
                return v
            }
            switch key {
            case "psi-warn": psiWarn = try number(0...1000)
            case "psi-alert": psiAlert = try number(0...1000)
            case "class-psi-warn": classPSIWarn = try number(0...1000)
            case "class-psi-alert": classPSIAlert = try number(0...1000)
            case "min-score": minScore = try number(0...1)
            case "low-confidence-warn": lowConfidenceWarn = try number(0...1)
            case "low-confidence-alert": lowConfidenceAlert = try number(0...1)
            case "latency-p95-warn": latencyP95WarnMicroseconds = try Self.microseconds(value, key: key)
            case "latency-p95-alert": latencyP95AlertMicroseconds = try Self.microseconds(value, key: key)
            case "min-windows": minWindows = Int(try number(1...1e9))
            default: throw .unknownKey(key)
            }
        }
        if psiWarn > psiAlert { throw .order("psi-warn", "psi-alert") }
        if classPSIWarn > classPSIAlert { throw .order("class-psi-warn", "class-psi-alert") }
        if lowConfidenceWarn > lowConfidenceAlert { throw .order("low-confidence-warn", "low-confidence-alert") }
        if let warn = latencyP95WarnMicroseconds, let alert = latencyP95AlertMicroseconds, warn > alert {
            throw .order("latency-p95-warn", "latency-p95-alert")
        }
    }

    static func microseconds(_ text: String, key: String) throws(Problem) -> Int {
        let units: [(String, Double)] = [("us", 1), ("ms", 1000), ("s", 1_000_000)]
        var scale = 1000.0, number = Substring(text)
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            scale = factor
            number = text.dropLast(suffix.count)
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0, value * scale < 4e9 else { throw .badValue(key: key, value: text) }
        return Int((value * scale).rounded())
    }

    public enum Problem: Error, Equatable, Sendable {
        case notKeyValue(String)
        case unknownKey(String)
        case badValue(key: String, value: String)
        case order(String, String)

        public var message: String {
            switch self {
            case .notKeyValue(let item): return "'\(item)' is not key=value"
            case .unknownKey(let key):
                return "unknown key '\(key)' (keys: \(MonitorThresholds.keys.map(\.key).joined(separator: ", ")))"
            case .badValue(let key, let value):
                let kind = MonitorThresholds.keys.first { $0.key == key }?.value ?? "value"
                return "\(key)=\(value) is not a valid \(kind)"
            case .order(let warn, let alert): return "\(warn) is above \(alert)"
            }
        }
    }
}
