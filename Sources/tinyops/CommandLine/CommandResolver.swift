/// What the shell should do with a command line.
enum Invocation {
    /// Build the command from the parsed arguments and run it.
    case run(any Command.Type, ParsedArguments)
    /// Print the help of the command at the end of the path on stdout; exit 0.
    case help([any Command.Type])
    /// A group was given no subcommand: print its help on stderr; exit 2.
    case missingSubcommand([any Command.Type])
    /// Print `tinyops <version>` on stdout; exit 0.
    case version
}

/// Walks the command line down the command tree from the root to a leaf command, handling
/// `--help`, `help <command>` and `--version` on the way, then parses the leaf's words.
enum CommandResolver {
    /// `arguments` excludes the program name.
    static func resolve(
        root: any Command.Type, arguments: [String]
    ) throws(LocatedUsageError) -> Invocation {
        var path: [any Command.Type] = [root]
        var words = arguments[...]

        while let group = path.last, group.spec.isGroup {
            guard let word = words.popFirst() else { return .missingSubcommand(path) }
            if SharedOptions.isHelp(word) { return .help(path) }
            if word == "help" { return .help(try helpTopic(from: path, words: words)) }
            if word == "--version", path.count == 1 {
                if let extra = words.first { throw located(.unexpectedArgument(extra), path) }
                return .version
            }
            if ArgumentParser.looksLikeOption(word) {
                let options = SharedOptions.groupSpecs(isRoot: path.count == 1)
                let suggestion = ArgumentParser.suggestion(for: word, in: options)
                throw located(.unknownOption(word, suggestion: suggestion), path)
            }
            path.append(try subcommand(word, of: path))
        }

        // Help wins over every other problem on the line, so `--help` always gets help.
        if words.prefix(while: { $0 != "--" }).contains(where: SharedOptions.isHelp) {
            return .help(path)
        }
        let leaf = path[path.count - 1]
        let parser = ArgumentParser(spec: leaf.spec, commandPath: names(path))
        do {
            return .run(leaf, try parser.parse(Array(words)))
        } catch {
            throw located(error, path)
        }
    }

    /// `help` followed by command names: the command they name (the group itself without
    /// names). Options are not accepted here: `help` takes only names.
    private static func helpTopic(
        from start: [any Command.Type], words: ArraySlice<String>
    ) throws(LocatedUsageError) -> [any Command.Type] {
        var path = start
        for word in words {
            guard path[path.count - 1].spec.isGroup else {
                throw located(.unexpectedArgument(word), path)
            }
            path.append(try subcommand(word, of: path))
        }
        return path
    }

    private static func subcommand(
        _ word: String, of path: [any Command.Type]
    ) throws(LocatedUsageError) -> any Command.Type {
        let group = path[path.count - 1].spec
        if let found = group.subcommand(named: word) { return found }
        let suggestion = Suggestions.closest(to: word, among: group.subcommands.map { $0.spec.name })
        throw located(.unknownCommand(word, suggestion: suggestion), path)
    }

    static func names(_ path: [any Command.Type]) -> [String] {
        path.map { $0.spec.name }
    }

    private static func located(_ error: UsageError, _ path: [any Command.Type]) -> LocatedUsageError {
        LocatedUsageError(error: error, commandPath: names(path))
    }
}
