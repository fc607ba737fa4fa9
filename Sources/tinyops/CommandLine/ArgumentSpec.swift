/// The description of one positional argument.
///
/// Arguments are filled in order: the required ones first, then the optional ones, and a
/// variadic one (which must come last) takes the rest. `CommandSpec.problems()` checks
/// that a spec respects this order.
struct ArgumentSpec: Sendable, Equatable {
    enum Arity: Sendable, Equatable {
        case required
        case optional
        /// Any number of values, including none.
        case zeroOrMore
        /// At least one value.
        case oneOrMore
    }

    /// Shown between angle brackets: `model` for `<model>`.
    let name: String
    let arity: Arity
    /// The value used when an optional argument is absent; shown as `(default: …)`.
    let defaultValue: String?
    let help: String

    /// `<model>`: what errors and the help's ARGUMENTS section show.
    var label: String { "<\(name)>" }

    /// How the argument appears on the USAGE line: `<model>`, `[<out>]`, `[<inputs> ...]`.
    var usageFragment: String {
        switch arity {
        case .required: label
        case .optional: "[\(label)]"
        case .zeroOrMore: "[\(label) ...]"
        case .oneOrMore: "\(label) ..."
        }
    }

    var isVariadic: Bool { arity == .zeroOrMore || arity == .oneOrMore }

    static func required(_ name: String, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, arity: .required, defaultValue: nil, help: help)
    }

    static func optional(
        _ name: String, default defaultValue: String? = nil, help: String
    ) -> ArgumentSpec {
        ArgumentSpec(name: name, arity: .optional, defaultValue: defaultValue, help: help)
    }

    /// A trailing argument that collects the remaining values; read it with `strings(_:)`.
    static func variadic(_ name: String, atLeastOne: Bool = false, help: String) -> ArgumentSpec {
        ArgumentSpec(
            name: name, arity: atLeastOne ? .oneOrMore : .zeroOrMore, defaultValue: nil,
            help: help)
    }
}
