/// The description of one option: its spellings, its value, its help line.
///
/// Declare options with the factories, e.g.
/// `.option("out", short: "o", value: "path", help: "Where to write the model.")` or
/// `.choice("io", of: IOType.self, default: .int8, help: "Input/output type.")`.
struct OptionSpec: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Present or absent (`--json`); giving it a value is a usage error.
        case flag
        /// Takes a value, as `--name value` or `--name=value`.
        case value
    }

    /// The long name, without dashes: `out` for `--out`.
    let name: String
    /// The one-letter alias, without the dash: `o` for `-o`.
    let short: Character?
    let kind: Kind
    /// What the help shows between angle brackets: `path`, or `int8|float` for choices.
    let valueName: String
    /// The closed set of values of a choice option, shown in the help; `nil` otherwise.
    let allowedValues: [String]?
    /// The value used when the option is absent; shown in the help as `(default: …)`.
    let defaultValue: String?
    /// A required option makes the parser fail with a usage error when it is absent.
    let isRequired: Bool
    /// A repeatable option collects every occurrence; otherwise the last one wins.
    let isRepeatable: Bool
    let help: String

    /// `--name`.
    var longSpelling: String { "--" + name }

    /// `--name <value>` for value options, `--name` for flags: what errors and usage show.
    var spellingWithValue: String {
        kind == .flag ? longSpelling : "\(longSpelling) <\(valueName)>"
    }

    /// The first column of the help's OPTIONS section: `-o, --out <path>`.
    var helpLabel: String {
        let long = spellingWithValue
        guard let short else { return long }
        return "-\(short), \(long)"
    }

    /// How the option appears on the USAGE line: `[--out <path>]`, `--target <name>`,
    /// `[--exclude <op> ...]`.
    var usageFragment: String {
        let text = isRepeatable ? spellingWithValue + " ..." : spellingWithValue
        return isRequired ? text : "[\(text)]"
    }

    /// A boolean option: `--json`, `-q/--quiet`.
    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(
            name: name, short: short, kind: .flag, valueName: "", allowedValues: nil,
            defaultValue: nil, isRequired: false, isRepeatable: false, help: help)
    }

    /// An option with a free-form value, read back with any typed accessor
    /// (`string`, `int`, `size`, `duration`, `path`, …).
    static func option(
        _ name: String, short: Character? = nil, value: String = "value",
        default defaultValue: String? = nil, required: Bool = false, repeatable: Bool = false,
        help: String
    ) -> OptionSpec {
        OptionSpec(
            name: name, short: short, kind: .value, valueName: value, allowedValues: nil,
            defaultValue: defaultValue, isRequired: required, isRepeatable: repeatable,
            help: help)
    }

    /// An option whose value is one case of `type`; the help lists the values
    /// (`--io <int8|float>`). Read it back with `choice(_:as:)`.
    static func choice<E: CaseIterable & RawRepresentable<String>>(
        _ name: String, short: Character? = nil, of type: E.Type,
        default defaultValue: E? = nil, required: Bool = false, repeatable: Bool = false,
        help: String
    ) -> OptionSpec {
        let values = E.allCases.map(\.rawValue)
        return OptionSpec(
            name: name, short: short, kind: .value, valueName: values.joined(separator: "|"),
            allowedValues: values, defaultValue: defaultValue?.rawValue, isRequired: required,
            isRepeatable: repeatable, help: help)
    }
}
