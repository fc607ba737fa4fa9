import Testing
@testable import tinyops

/// Whole help screens as golden text: a change to the layout shows up as a diff here.
@Suite struct HelpTests {
    static let rootHelp = """
        OVERVIEW: A TinyMLOps toolchain: from sensor data to a firmware-ready model.

        USAGE: tinyops <subcommand>

        OPTIONS:
          --version               Show the version.
          -h, --help              Show help information.

        SUBCOMMANDS:
          inspect                 Show a model's tensors, ops, quantization, MACs and
                                  sizes.
          convert                 Convert a model.
          model                   Work with models.
          fail                    Fail on purpose.

          See 'tinyops help <subcommand>' for detailed help.

        """

    static let inspectHelp = """
        OVERVIEW: Show a model's tensors, ops, quantization, MACs and sizes.

        USAGE: tinyops inspect <model> [--io <int8|float>] [--json] [--quiet]

        ARGUMENTS:
          <model>                 The .tflite model file.

        OPTIONS:
          --io <int8|float>       Input/output type. (default: int8)
          --json                  Print results as JSON on stdout.
          -q, --quiet             Print nothing on stderr except errors.
          -h, --help              Show help information.

        """

    static let modelHelp = """
        OVERVIEW: Work with models.

        USAGE: tinyops model <subcommand>

        OPTIONS:
          -h, --help              Show help information.

        SUBCOMMANDS:
          quantize                Quantize a float model to int8.

          See 'tinyops help model <subcommand>' for detailed help.

        """

    /// Discussion kept and wrapped, usage wrapped between fragments, a label too long for
    /// the column, a required option without brackets, and no `--json`.
    static let quantizeHelp = """
        OVERVIEW: Quantize a float model to int8.

        Weights are quantized per channel and symmetrically; activations per tensor and
        asymmetrically, following the TFLite quantization specification.

        Example:
          tinyops model quantize model.tflite --target cortex-m4

        USAGE: tinyops model quantize <model>
               --target <cortex-m0plus|cortex-m4|cortex-m7|cortex-m55>
               [--representative-dataset <folder>] [--quiet]

        ARGUMENTS:
          <model>                 The float .tflite model.

        OPTIONS:
          -t, --target <cortex-m0plus|cortex-m4|cortex-m7|cortex-m55>
                                  The core to optimize for; decides which kernels the
                                  model may use.
          --representative-dataset <folder>
                                  Samples for calibration.
          -q, --quiet             Print nothing on stderr except errors.
          -h, --help              Show help information.

        """

    /// Optional and variadic arguments, defaults, repeatable options.
    static let convertHelp = """
        OVERVIEW: Convert a model.

        USAGE: tinyops convert <input> [<format>] [<extras> ...] [--out <path>]
               [--threads <n>] [--scale <factor>] [--arena <size>]
               [--timeout <duration>] [--exclude <op> ...] [--io <int8|float> ...]
               [--verbose] [--json] [--quiet]

        ARGUMENTS:
          <input>                 The input model.
          <format>                The output format. (default: tflite)
          <extras>                Extra files.

        OPTIONS:
          -o, --out <path>        Where to write the result.
          -j, --threads <n>       Worker threads. (default: 1)
          --scale <factor>        Scale factor.
          --arena <size>          Tensor arena size. (default: 256K)
          --timeout <duration>    Give up after this long.
          --exclude <op>          An op to leave out.
          --io <int8|float>       Types to emit.
          -v, --verbose           Say more.
          --json                  Print results as JSON on stdout.
          -q, --quiet             Print nothing on stderr except errors.
          -h, --help              Show help information.

        """

    @Test(arguments: [["--help"], ["-h"], ["help"]])
    func rootHelp(_ arguments: [String]) {
        #expect(run(arguments) == Outcome(code: .success, stdout: Self.rootHelp, stderr: ""))
    }

    @Test(arguments: [
        ["inspect", "--help"], ["inspect", "-h"], ["help", "inspect"],
        ["inspect", "model.tflite", "--io", "float", "-h"],
        // Help wins over every other problem on the line.
        ["inspect", "--bogus", "--help"], ["inspect", "a", "b", "c", "--help"],
    ])
    func commandHelp(_ arguments: [String]) {
        #expect(run(arguments) == Outcome(code: .success, stdout: Self.inspectHelp, stderr: ""))
    }

    @Test(arguments: [["model", "--help"], ["help", "model"], ["model", "help"]])
    func groupHelp(_ arguments: [String]) {
        #expect(run(arguments) == Outcome(code: .success, stdout: Self.modelHelp, stderr: ""))
    }

    @Test(arguments: [
        ["model", "quantize", "--help"], ["help", "model", "quantize"], ["model", "help", "quantize"],
    ])
    func nestedCommandHelp(_ arguments: [String]) {
        #expect(run(arguments) == Outcome(code: .success, stdout: Self.quantizeHelp, stderr: ""))
    }

    @Test func optionalVariadicAndRepeatableHelp() {
        #expect(run(["convert", "--help"]).stdout == Self.convertHelp)
    }

    @Test func noCommandPrintsRootHelpOnStderr() {
        #expect(run([]) == Outcome(code: .usage, stdout: "", stderr: Self.rootHelp))
    }

    @Test func groupWithoutSubcommandPrintsItsHelpOnStderr() {
        #expect(run(["model"]) == Outcome(code: .usage, stdout: "", stderr: Self.modelHelp))
    }

    @Test func helpAfterDoubleDashIsAnArgument() {
        #expect(run(["inspect", "--", "--help"]).stdout == "--help: int8\n")
    }

    @Test func version() {
        #expect(run(["--version"]) == Outcome(code: .success, stdout: "tinyops 1.2.3\n", stderr: ""))
    }

    @Test func longWordsAndProseWrapAt80Columns() {
        let row = TextWrapping.row(
            label: "--x", text: String(repeating: "word ", count: 20), column: 26)
        #expect(row.allSatisfy { $0.count <= 80 })
        #expect(row.dropFirst().allSatisfy { $0.hasPrefix(String(repeating: " ", count: 26) + "word") })
        let long = String(repeating: "x", count: 90)
        #expect(TextWrapping.wrap("a \(long) b", indent: 2) == ["a", "  " + long, "  b"])
    }
}
