/// A command line parsed against a command's spec: the raw values by name, and the
/// shared options. Commands read it in `init(_:)` with the typed accessors
/// (`ParsedArguments+Accessors.swift`), which validate and name the culprit on failure.
///
/// Options and positional arguments share one namespace: `string("out")` reads the
/// option `--out` or the argument `<out>`, whichever the spec declares. Asking for a
/// name the spec does not declare is a programming error and traps.
struct ParsedArguments: Sendable {
    let spec: CommandSpec
    /// The command's words from the program name on: `["tinyops", "inspect"]`.
    let commandPath: [String]
    let shared: SharedOptions
    /// Every value given for each value option, in command-line order, by long name.
    let optionValues: [String: [String]]
    /// The long names of the flags given.
    let flags: Set<String>
    /// The values assigned to each positional argument, by name.
    let argumentValues: [String: [String]]

    /// Whether the flag `--name` was given.
    func flag(_ name: String) -> Bool {
        guard let spec = spec.option(named: name), spec.kind == .flag else {
            preconditionFailure("'\(name)' is not a flag of '\(self.spec.name)'")
        }
        return flags.contains(name)
    }

    /// Whether `--name` or `<name>` was given on the command line (a default does not count).
    func isPresent(_ name: String) -> Bool {
        _ = declared(name)
        return flags.contains(name) || optionValues[name] != nil || argumentValues[name] != nil
    }

    /// How errors name the option or argument, and its values as given, or its default.
    func rawValues(_ name: String) -> (label: String, values: [String]) {
        switch declared(name) {
        case .option(let option):
            return (option.longSpelling, optionValues[name] ?? option.defaultValue.map { [$0] } ?? [])
        case .argument(let argument):
            return (argument.label, argumentValues[name] ?? argument.defaultValue.map { [$0] } ?? [])
        }
    }

    private enum Declared {
        case option(OptionSpec)
        case argument(ArgumentSpec)
    }

    private func declared(_ name: String) -> Declared {
        if let option = spec.option(named: name) { return .option(option) }
        if let argument = spec.argument(named: name) { return .argument(argument) }
        preconditionFailure("'\(name)' is neither an option nor an argument of '\(spec.name)'")
    }

    /// The error for a value that is needed but absent: `missing option '--target <name>'`
    /// or `missing argument '<model>'`.
    func missing(_ name: String) -> UsageError {
        switch declared(name) {
        case .option(let option): .missingOption(option.spellingWithValue)
        case .argument(let argument): .missingArgument(argument.label)
        }
    }

    /// The last value of `name` converted by `convert`, or `nil` when absent without a
    /// default. A `nil` from `convert` becomes `invalidValue(…, expected: expected)`.
    ///
    /// The last value wins for options given more than once, so a script can override an
    /// earlier setting by appending to the line.
    func value<T>(
        _ name: String, expected: String, _ convert: (String) -> T?
    ) throws(UsageError) -> T? {
        let (label, values) = rawValues(name)
        guard let text = values.last else { return nil }
        guard let converted = convert(text) else {
            throw .invalidValue(name: label, value: text, expected: expected)
        }
        return converted
    }

    /// Every value of a repeatable option or a variadic argument, each converted.
    func values<T>(
        _ name: String, expected: String, _ convert: (String) -> T?
    ) throws(UsageError) -> [T] {
        let (label, values) = rawValues(name)
        var result: [T] = []
        for text in values {
            guard let converted = convert(text) else {
                throw .invalidValue(name: label, value: text, expected: expected)
            }
            result.append(converted)
        }
        return result
    }

    /// Unwraps an accessor's result, or throws the missing-option/argument error.
    func required<T>(_ name: String, _ value: T?) throws(UsageError) -> T {
        guard let value else { throw missing(name) }
        return value
    }
}
