/// Parses the words after a command's name against its spec (a leaf command; groups are
/// walked by `CommandResolver`).
///
/// Options and positional arguments may be interleaved. `--name value`, `--name=value`
/// and `-n value` give a value; `--` ends the options, so later words are positional even
/// when they start with a dash. A word that is a number (`-5`, `-0.5`) is a value, not an
/// option, so negative numbers work as values and arguments.
struct ArgumentParser {
    let spec: CommandSpec
    let commandPath: [String]

    func parse(_ words: [String]) throws(UsageError) -> ParsedArguments {
        let options = spec.allOptions
        var optionValues: [String: [String]] = [:]
        var flags: Set<String> = []
        var positionals: [String] = []
        var index = 0
        var optionsEnded = false

        while index < words.count {
            let word = words[index]
            index += 1
            if optionsEnded || !Self.looksLikeOption(word) {
                positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            let (spelling, inlineValue) = Self.split(word)
            guard let option = Self.lookUp(spelling, in: options) else {
                throw .unknownOption(spelling, suggestion: Self.suggestion(for: spelling, in: options))
            }
            switch option.kind {
            case .flag:
                guard inlineValue == nil else { throw .unexpectedValue(option: spelling) }
                flags.insert(option.name)
            case .value:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < words.count, !Self.looksLikeOption(words[index]) {
                    value = words[index]
                    index += 1
                } else {
                    throw .missingValue(option: option.spellingWithValue)
                }
                optionValues[option.name, default: []].append(value)
            }
        }

        if let absent = spec.options.first(where: { $0.isRequired && optionValues[$0.name] == nil }) {
            throw .missingOption(absent.spellingWithValue)
        }
        return ParsedArguments(
            spec: spec, commandPath: commandPath,
            shared: SharedOptions(json: flags.contains("json"), quiet: flags.contains("quiet")),
            optionValues: optionValues, flags: flags,
            argumentValues: try assign(positionals))
    }

    /// Hands positional words to the declared arguments: required ones first, then optional
    /// ones, then the variadic one takes the rest (`CommandSpec.problems()` enforces that
    /// order in the spec, so filling in declaration order is the same thing).
    private func assign(_ words: [String]) throws(UsageError) -> [String: [String]] {
        var assigned: [String: [String]] = [:]
        var remaining = words[...]
        for argument in spec.arguments {
            if argument.isVariadic {
                if argument.arity == .oneOrMore, remaining.isEmpty {
                    throw .missingArgument(argument.label)
                }
                if !remaining.isEmpty { assigned[argument.name] = Array(remaining) }
                remaining = []
            } else if let word = remaining.popFirst() {
                assigned[argument.name] = [word]
            } else if argument.arity == .required {
                throw .missingArgument(argument.label)
            }
        }
        if let extra = remaining.first { throw .unexpectedArgument(extra) }
        return assigned
    }

    /// Whether a word is an option (or `--`) rather than a value: it starts with a dash, is
    /// not a lone `-` (stdin/stdout by convention), and is not a number.
    static func looksLikeOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word != "-" && !ValueParsing.isNumber(word)
    }

    /// `--name=value` → (`--name`, `value`); anything else → (word, nil). Short options
    /// take no inline value: `-o=x` is looked up as the option `-o=x` and is unknown.
    private static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private static func lookUp(_ spelling: String, in options: [OptionSpec]) -> OptionSpec? {
        if spelling.hasPrefix("--") {
            let name = spelling.dropFirst(2)
            return options.first { $0.name == name }
        }
        guard spelling.count == 2, let letter = spelling.last else { return nil }
        return options.first { $0.short == letter }
    }

    /// The closest long spelling, for long options only: one-letter typos have too many
    /// plausible neighbours to guess.
    static func suggestion(for spelling: String, in options: [OptionSpec]) -> String? {
        guard spelling.hasPrefix("--") else { return nil }
        let names = options.map(\.name)
        return Suggestions.closest(to: String(spelling.dropFirst(2)), among: names).map { "--" + $0 }
    }
}
