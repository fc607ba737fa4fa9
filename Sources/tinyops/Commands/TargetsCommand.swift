import TinyOpsKit

/// `tinyops targets`: the cores and boards `--target` accepts, with their features and memory.
struct TargetsCommand: Command {
    static let spec = CommandSpec(
        name: "targets",
        abstract: "List the cores and boards that 'check --target' accepts.",
        discussion: """
            Cores with their FPU, DSP extension, Helium/MVE and the CMSIS-NN implementation \
            they get; boards with their MCU, core, clock, flash and RAM. Board figures not \
            confirmed from a cited source are marked unverified.
            """)

    init(_ args: ParsedArguments) throws {}

    func run(_ io: CommandContext) throws -> ExitCode {
        if io.json {
            try io.printJSON(TargetCatalog.json())
        } else {
            io.stdout.write(TargetCatalog.text())
        }
        return .success
    }
}
