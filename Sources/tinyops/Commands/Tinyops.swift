/// The root command. Adding a command: a new file in Commands/, plus one line here.
struct Tinyops: CommandGroup {
    static let spec = CommandSpec(
        name: "tinyops",
        abstract: "A TinyMLOps toolchain: from sensor data to a firmware-ready model.",
        subcommands: [
            InspectCommand.self,
            PredictCommand.self,
        ])
}
