/// Typed accessors: each reads an option or argument by name, converts and validates it,
/// and throws a `UsageError` naming the option and the accepted form when it does not fit.
///
/// Each accessor comes in two forms, chosen by the type the result is assigned to, the
/// way swift-argument-parser picks optionality from a property's type:
///
/// ```swift
/// let model: String = try args.path("model")      // required: throws 'missing argument'
/// let out: String? = try args.path("out")         // optional: nil when absent
/// let threads: Int = try args.int("threads", in: 1...64)  // declared with a default
/// ```
///
/// A declared default counts as a value. Without a type annotation the call is ambiguous
/// and does not compile, which is the point: the reader should see which form it is.
extension ParsedArguments {
    // MARK: Strings

    func string(_ name: String) throws(UsageError) -> String? {
        rawValues(name).values.last
    }

    func string(_ name: String) throws(UsageError) -> String {
        try required(name, string(name) as String?)
    }

    /// Every value of a repeatable option or variadic argument, in command-line order.
    func strings(_ name: String) -> [String] {
        rawValues(name).values
    }

    // MARK: Numbers

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        try value(name, expected: Self.integerExpectation(range)) { Self.int($0, in: range) }
    }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int {
        try required(name, int(name, in: range) as Int?)
    }

    func ints(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> [Int] {
        try values(name, expected: Self.integerExpectation(range)) { Self.int($0, in: range) }
    }

    func double(
        _ name: String, in range: ClosedRange<Double>? = nil
    ) throws(UsageError) -> Double? {
        let expected = range.map { "a number from \($0.lowerBound) to \($0.upperBound)" }
        return try value(name, expected: expected ?? "a number") { text in
            ValueParsing.decimal(text).flatMap { range?.contains($0) == false ? nil : $0 }
        }
    }

    func double(
        _ name: String, in range: ClosedRange<Double>? = nil
    ) throws(UsageError) -> Double {
        try required(name, double(name, in: range) as Double?)
    }

    // MARK: Sizes and durations

    /// A size in bytes: `1048576`, `256K`, `1M`, `64KiB`, `2MB` (K and M are binary).
    func size(_ name: String) throws(UsageError) -> Int? {
        try value(name, expected: ValueParsing.sizeExpectation, ValueParsing.size)
    }

    func size(_ name: String) throws(UsageError) -> Int {
        try required(name, size(name) as Int?)
    }

    /// A duration: `10s`, `500ms`, or a plain number of seconds.
    func duration(_ name: String) throws(UsageError) -> Duration? {
        try value(name, expected: ValueParsing.durationExpectation, ValueParsing.duration)
    }

    func duration(_ name: String) throws(UsageError) -> Duration {
        try required(name, duration(name) as Duration?)
    }

    // MARK: Paths

    /// A file or folder path, as given (relative paths stay relative). Rejects only what
    /// can never name a file: the empty string and text containing NUL. Whether the file
    /// exists is for the command to find out, as an I/O error naming the file.
    func path(_ name: String) throws(UsageError) -> String? {
        try value(name, expected: "a path", Self.path)
    }

    func path(_ name: String) throws(UsageError) -> String {
        try required(name, path(name) as String?)
    }

    func paths(_ name: String) throws(UsageError) -> [String] {
        try values(name, expected: "a path", Self.path)
    }

    // MARK: Choices

    /// One case of `E`, matched exactly on its raw value; the error lists every value.
    func choice<E: CaseIterable & RawRepresentable<String>>(
        _ name: String, as type: E.Type = E.self
    ) throws(UsageError) -> E? {
        try value(name, expected: Self.choiceExpectation(E.self), E.init(rawValue:))
    }

    func choice<E: CaseIterable & RawRepresentable<String>>(
        _ name: String, as type: E.Type = E.self
    ) throws(UsageError) -> E {
        try required(name, choice(name, as: E.self) as E?)
    }

    func choices<E: CaseIterable & RawRepresentable<String>>(
        _ name: String, as type: E.Type = E.self
    ) throws(UsageError) -> [E] {
        try values(name, expected: Self.choiceExpectation(E.self), E.init(rawValue:))
    }

    // MARK: Helpers

    private static func int(_ text: String, in range: ClosedRange<Int>?) -> Int? {
        guard let value = Int(text), range?.contains(value) != false else { return nil }
        return value
    }

    private static func integerExpectation(_ range: ClosedRange<Int>?) -> String {
        range.map { "an integer from \($0.lowerBound) to \($0.upperBound)" } ?? "an integer"
    }

    private static func path(_ text: String) -> String? {
        text.isEmpty || text.contains("\0") ? nil : text
    }

    private static func choiceExpectation<E: CaseIterable & RawRepresentable<String>>(
        _ type: E.Type
    ) -> String {
        "one of: " + E.allCases.map(\.rawValue).joined(separator: ", ")
    }
}
