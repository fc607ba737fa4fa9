import Testing
@testable import tinyops

/// Every usage error: exit code 2, nothing on stdout, exactly one line on stderr.
@Suite struct UsageErrorTests {
    static let cases: [(arguments: [String], problem: String, command: String)] = [
        // Unknown commands, with and without a suggestion, at every level.
        (["inspec"], "unknown command 'inspec' (did you mean 'inspect'?)", "tinyops"),
        (["convret", "x"], "unknown command 'convret' (did you mean 'convert'?)", "tinyops"),
        (["deploy"], "unknown command 'deploy'", "tinyops"),
        (["model", "quantise"], "unknown command 'quantise' (did you mean 'quantize'?)", "tinyops model"),
        (["help", "inspec"], "unknown command 'inspec' (did you mean 'inspect'?)", "tinyops"),
        (["help", "model", "prune"], "unknown command 'prune'", "tinyops model"),
        (["help", "inspect", "extra"], "unexpected argument 'extra'", "tinyops inspect"),
        // Unknown options.
        (["inspect", "m", "--jsn"], "unknown option '--jsn' (did you mean '--json'?)", "tinyops inspect"),
        (["inspect", "m", "--qiet"], "unknown option '--qiet' (did you mean '--quiet'?)", "tinyops inspect"),
        (["inspect", "m", "--i=float"], "unknown option '--i' (did you mean '--io'?)", "tinyops inspect"),
        (["inspect", "m", "--frobnicate"], "unknown option '--frobnicate'", "tinyops inspect"),
        (["inspect", "m", "-x"], "unknown option '-x'", "tinyops inspect"),
        (["inspect", "m", "-qj"], "unknown option '-qj'", "tinyops inspect"),
        (["convert", "in", "-o=x"], "unknown option '-o=x'", "tinyops convert"),
        (["--verison"], "unknown option '--verison' (did you mean '--version'?)", "tinyops"),
        (["--json", "inspect"], "unknown option '--json'", "tinyops"),
        (["model", "--version"], "unknown option '--version'", "tinyops model"),
        // A command that opts out of --json does not know it.
        (["model", "quantize", "m", "-t", "cortex-m4", "--json"], "unknown option '--json'", "tinyops model quantize"),
        // Missing and unexpected values.
        (["convert", "in", "--out"], "missing value for '--out <path>'", "tinyops convert"),
        (["convert", "in", "-o"], "missing value for '--out <path>'", "tinyops convert"),
        (["convert", "in", "--out", "--verbose"], "missing value for '--out <path>'", "tinyops convert"),
        (["convert", "in", "--out", "--"], "missing value for '--out <path>'", "tinyops convert"),
        (["inspect", "m", "--json=yes"], "option '--json' does not take a value", "tinyops inspect"),
        (["convert", "in", "--verbose="], "option '--verbose' does not take a value", "tinyops convert"),
        // Bad values, named by the option or argument.
        (["inspect", "m", "--io", "fp16"], "invalid value 'fp16' for '--io': expected one of: int8, float", "tinyops inspect"),
        (["inspect", "m", "--io=INT8"], "invalid value 'INT8' for '--io': expected one of: int8, float", "tinyops inspect"),
        (["convert", "in", "--io", "int8", "--io", "int4"], "invalid value 'int4' for '--io': expected one of: int8, float", "tinyops convert"),
        (["convert", "in", "-j", "four"], "invalid value 'four' for '--threads': expected an integer from 1 to 64", "tinyops convert"),
        (["convert", "in", "--threads", "0"], "invalid value '0' for '--threads': expected an integer from 1 to 64", "tinyops convert"),
        (["convert", "in", "--threads", "65"], "invalid value '65' for '--threads': expected an integer from 1 to 64", "tinyops convert"),
        (["convert", "in", "--scale", "nan"], "invalid value 'nan' for '--scale': expected a number from 0.0 to 10.0", "tinyops convert"),
        (["convert", "in", "--scale", "11"], "invalid value '11' for '--scale': expected a number from 0.0 to 10.0", "tinyops convert"),
        (["convert", "in", "--arena", "256G"], "invalid value '256G' for '--arena': expected a size in bytes or with a K or M suffix, such as 256K or 1M", "tinyops convert"),
        (["convert", "in", "--timeout", "soon"], "invalid value 'soon' for '--timeout': expected a duration such as 10s or 500ms", "tinyops convert"),
        (["convert", "in", "--out="], "invalid value '' for '--out': expected a path", "tinyops convert"),
        (["convert", ""], "invalid value '' for '<input>': expected a path", "tinyops convert"),
        (["fail", "loudly"], "invalid value 'loudly' for '<kind>': expected one of: user-facing, hinted, plain, foundation, check, usage", "tinyops fail"),
        // Missing and extra arguments, missing required options.
        (["inspect"], "missing argument '<model>'", "tinyops inspect"),
        (["inspect", "--io", "float"], "missing argument '<model>'", "tinyops inspect"),
        (["inspect", "a", "b"], "unexpected argument 'b'", "tinyops inspect"),
        (["inspect", "a", "--", "-b"], "unexpected argument '-b'", "tinyops inspect"),
        (["--version", "now"], "unexpected argument 'now'", "tinyops"),
        (["model", "quantize", "m"], "missing option '--target <cortex-m0plus|cortex-m4|cortex-m7|cortex-m55>'", "tinyops model quantize"),
        // Thrown by a command: from `init`, and from `run`.
        (["convert", "in", "-v", "-q"], "options '--verbose' and '--quiet' cannot be used together", "tinyops convert"),
        (["fail", "usage"], "missing option '--seed <n>'", "tinyops fail"),
    ]

    @Test(arguments: cases)
    func usageError(_ arguments: [String], problem: String, command: String) {
        let outcome = run(arguments)
        #expect(outcome.code == .usage)
        #expect(outcome.stderr == usageLine(problem, command: command))
        let expectedStdout = arguments == ["fail", "usage"] ? "partial result\n" : ""
        #expect(outcome.stdout == expectedStdout)
    }

    @Test func exitCodeValues() {
        #expect(ExitCode.success.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
        #expect(ExitCode.usage.rawValue == 2)
        #expect(ExitCode.checkFailed.rawValue == 3)
    }

    @Test func suggestionsAreOnlyMadeForCloseNames() {
        let names = ["inspect", "convert", "quantize", "io", "json"]
        #expect(Suggestions.closest(to: "inpsect", among: names) == "inspect")
        #expect(Suggestions.closest(to: "QUANTIZE", among: names) == "quantize")
        #expect(Suggestions.closest(to: "quant", among: names) == "quantize")  // unique prefix
        #expect(Suggestions.closest(to: "x", among: names) == nil)
        #expect(Suggestions.closest(to: "deploy", among: names) == nil)
        #expect(Suggestions.editDistance("kitten", "sitting") == 3)
        #expect(Suggestions.editDistance("", "abc") == 3)
    }
}
