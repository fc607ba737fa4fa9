/// Generates help screens from command specs, in the layout of swift-argument-parser:
/// OVERVIEW, the discussion, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS.
///
/// Help is never written by hand: every screen comes from `CommandSpec`, so the help and
/// the parser cannot disagree.
enum HelpFormatter {
    /// Where the second column of ARGUMENTS, OPTIONS and SUBCOMMANDS starts.
    static let column = 26

    /// The help of the last command in `path` (`[root, …, command]`), ending in a newline.
    static func help(for path: [any Command.Type]) -> String {
        let spec = path[path.count - 1].spec
        var lines = TextWrapping.wrap(spec.abstract, prefix: "OVERVIEW: ", indent: 10)
        if let discussion = spec.discussion {
            lines += [""] + wrapDiscussion(discussion)
        }
        lines += [""] + usage(for: path)

        if !spec.arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            for argument in spec.arguments {
                lines += row(argument.label, argument.help, default: argument.defaultValue)
            }
        }

        let options = spec.isGroup ? SharedOptions.groupSpecs(isRoot: path.count == 1) : spec.allOptions
        lines += ["", "OPTIONS:"]
        for option in options {
            lines += row(option.helpLabel, option.help, default: option.defaultValue)
        }

        if spec.isGroup {
            lines += ["", "SUBCOMMANDS:"]
            for subcommand in spec.subcommands {
                lines += row(subcommand.spec.name, subcommand.spec.abstract, default: nil)
            }
            let helpCommand = ([path[0].spec.name, "help"] + path.dropFirst().map { $0.spec.name })
                .joined(separator: " ")
            lines += ["", "  See '\(helpCommand) <subcommand>' for detailed help."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `USAGE: tinyops inspect <model> [--io <int8|float>] [--json] [--quiet]`, wrapped
    /// between fragments so that no `[--option <value>]` is broken across lines.
    static func usage(for path: [any Command.Type]) -> [String] {
        let spec = path[path.count - 1].spec
        var fragments = path.map { $0.spec.name }
        if spec.isGroup {
            fragments.append("<subcommand>")
        } else {
            fragments += spec.arguments.map(\.usageFragment)
            fragments += spec.allOptions.filter { $0.name != "help" }.map(\.usageFragment)
        }
        return TextWrapping.wrap(fragments, prefix: "USAGE: ", indent: 7)
    }

    private static func row(_ label: String, _ help: String, default value: String?) -> [String] {
        let text = value.map { help + " (default: \($0))" } ?? help
        return TextWrapping.row(label: label, text: text, column: column)
    }

    /// Prose lines are wrapped at 80 columns; lines starting with a space (examples,
    /// tables) and blank lines are kept as written.
    private static func wrapDiscussion(_ discussion: String) -> [String] {
        discussion.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            line.isEmpty || line.hasPrefix(" ") ? [String(line)] : TextWrapping.wrap(String(line), indent: 0)
        }
    }
}
