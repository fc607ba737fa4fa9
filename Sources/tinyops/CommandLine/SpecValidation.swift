/// Checks of a command tree's specs for mistakes the type system cannot catch: clashing
/// names, arguments that cannot be filled in order, groups with options. A test runs it
/// over the whole tree, and `CommandLineShell.main` asserts it in debug builds.
extension CommandSpec {
    /// Every problem in this spec and its subcommands' specs, one line each, prefixed
    /// with the command's path; empty when the tree is well-formed.
    func problems(path: [String] = []) -> [String] {
        let here = path + [name]
        var found: [String] = []
        func problem(_ text: String) { found.append(here.joined(separator: " ") + ": " + text) }

        if name.isEmpty || name.hasPrefix("-") || name.contains(" ") { problem("bad command name '\(name)'") }
        if isGroup {
            if !options.isEmpty || !arguments.isEmpty { problem("a group takes no options or arguments") }
            let names = subcommands.map { $0.spec.name }
            for duplicate in Self.duplicates(names) { problem("two subcommands named '\(duplicate)'") }
            if names.contains("help") { problem("'help' is reserved for 'help <subcommand>'") }
        }

        for option in options {
            if option.name.isEmpty || option.name.hasPrefix("-") || option.name.contains("=") {
                problem("bad option name '\(option.name)'")
            }
            if let short = option.short, short == "-" || !short.isLetter && !short.isNumber {
                problem("bad short name '-\(short)' for '--\(option.name)'")
            }
            if let value = option.defaultValue, let allowed = option.allowedValues, !allowed.contains(value) {
                problem("default '\(value)' of '--\(option.name)' is not one of its values")
            }
            if option.isRequired, option.defaultValue != nil {
                problem("'--\(option.name)' is required and has a default")
            }
        }
        let all = allOptions
        for duplicate in Self.duplicates(all.map(\.name)) { problem("two options named '--\(duplicate)'") }
        for duplicate in Self.duplicates(all.compactMap(\.short).map(String.init)) {
            problem("two options with short name '-\(duplicate)'")
        }
        for duplicate in Self.duplicates(arguments.map(\.name) + options.map(\.name)) {
            problem("'\(duplicate)' names both an option and an argument, or two arguments")
        }
        found += argumentOrderProblems().map { here.joined(separator: " ") + ": " + $0 }

        for subcommand in subcommands {
            found += subcommand.spec.problems(path: here)
        }
        return found
    }

    /// Arguments must be required, then optional, then at most one variadic, last.
    private func argumentOrderProblems() -> [String] {
        func rank(_ arity: ArgumentSpec.Arity) -> Int {
            switch arity {
            case .required: 0
            case .optional: 1
            case .zeroOrMore, .oneOrMore: 2
            }
        }
        var problems: [String] = []
        for (earlier, later) in zip(arguments, arguments.dropFirst()) {
            if rank(earlier.arity) > rank(later.arity) || earlier.isVariadic {
                problems.append("argument '\(later.label)' cannot follow '\(earlier.label)'")
            }
        }
        return problems
    }

    private static func duplicates(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { !seen.insert($0).inserted }
    }
}
