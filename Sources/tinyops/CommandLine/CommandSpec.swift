/// The static description of a command, from which parsing and help are derived.
///
/// ```swift
/// static let spec = CommandSpec(
///     name: "inspect",
///     abstract: "Show a model's tensors, ops, quantization, MACs and sizes.",
///     options: [.choice("io", of: IOType.self, default: .int8, help: "Input/output type.")],
///     arguments: [.required("model", help: "The .tflite model file.")])
/// ```
struct CommandSpec: Sendable {
    /// The word typed on the command line: `inspect`.
    let name: String
    /// One line: the help's OVERVIEW and the parent's SUBCOMMANDS list.
    let abstract: String
    /// Paragraphs printed after the overview. Lines starting with a space are kept as
    /// written (for examples); other lines are wrapped at 80 columns.
    let discussion: String?
    /// The command's own options; the shared ones (`SharedOptions`) are added by the shell.
    let options: [OptionSpec]
    let arguments: [ArgumentSpec]
    /// Non-empty for a `CommandGroup`, in the order the help lists them.
    let subcommands: [any Command.Type]
    /// `false` for commands whose output has no JSON form: `--json` is then unknown.
    let supportsJSON: Bool

    init(
        name: String, abstract: String, discussion: String? = nil,
        options: [OptionSpec] = [], arguments: [ArgumentSpec] = [],
        subcommands: [any Command.Type] = [], supportsJSON: Bool = true
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.supportsJSON = supportsJSON
    }

    var isGroup: Bool { !subcommands.isEmpty }

    /// The command's options followed by the shared ones it accepts: everything the parser
    /// recognises and the help lists, in that order.
    var allOptions: [OptionSpec] {
        options + SharedOptions.specs(includingJSON: supportsJSON)
    }

    func option(named name: String) -> OptionSpec? {
        allOptions.first { $0.name == name }
    }

    func argument(named name: String) -> ArgumentSpec? {
        arguments.first { $0.name == name }
    }

    func subcommand(named name: String) -> (any Command.Type)? {
        subcommands.first { $0.spec.name == name }
    }
}
