/// Parsers for the value syntaxes the command line accepts (DESIGN.md: sizes take bytes
/// or K/M suffixes as KiB/MiB; durations take `ms`/`s`). Each returns `nil` for text it
/// does not accept; the accessors turn that into a usage error naming the option.
enum ValueParsing {
    static let sizeExpectation = "a size in bytes or with a K or M suffix, such as 256K or 1M"
    static let durationExpectation = "a duration such as 10s or 500ms"

    /// Bytes from `1048576`, `256K`, `1M`, `256KB`, `1MiB`, `512B` (case-insensitive).
    ///
    /// K and M are binary (KiB, MiB) in every spelling, as in embedded toolchains' linker
    /// scripts, where `256K` of flash is 262144 bytes. Only whole numbers of units are
    /// accepted, so the result is always an exact byte count.
    static func size(_ text: String) -> Int? {
        let lowered = text.lowercased()
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let count = Int(digits) else { return nil }
        let multiplier: Int
        switch lowered.dropFirst(digits.count) {
        case "", "b": multiplier = 1
        case "k", "kb", "kib": multiplier = 1 << 10
        case "m", "mb", "mib": multiplier = 1 << 20
        default: return nil
        }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// A duration from `10s`, `1.5s`, `500ms`, or a plain number of seconds (`10`, `0.25`);
    /// case-insensitive; never negative.
    static func duration(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        let isMilliseconds = lowered.hasSuffix("ms")
        let number = isMilliseconds ? lowered.dropLast(2)
            : lowered.hasSuffix("s") ? lowered.dropLast(1) : lowered[...]
        // 1e15 seconds is 30 million years: beyond any timeout, and far inside `Duration`.
        guard let value = decimal(number), value >= 0, value < 1e15 else { return nil }
        return isMilliseconds ? .milliseconds(value) : .seconds(value)
    }

    /// A finite decimal number: digits, an optional fraction and sign; no `nan`, `inf`,
    /// hexadecimal or exponent forms, which `Double(_:)` would accept.
    static func decimal<S: StringProtocol>(_ text: S) -> Double? {
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : text[...]
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let allDigits = parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard allDigits, parts.contains(where: { !$0.isEmpty }), let value = Double(String(text))
        else { return nil }
        return value.isFinite ? value : nil
    }

    /// Whether a token is a number (`-5`, `-0.5`), which the parser treats as a value even
    /// though it starts with a dash.
    static func isNumber(_ token: String) -> Bool {
        decimal(token) != nil
    }
}
