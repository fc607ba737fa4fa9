import Testing
@testable import tinyops

@Suite struct SpecValidationTests {
    @Test func fixtureTreeIsWellFormed() {
        #expect(FixtureRoot.spec.problems() == [])
    }

    @Test func registeredCommandsAreWellFormed() {
        // The real tree that `main.swift` runs.
        #expect(Tinyops.spec.problems() == [])
    }

    struct Broken: Command {
        enum Mode: String, CaseIterable { case a, b }
        static let spec = CommandSpec(
            name: "broken", abstract: "",
            options: [
                .flag("json", help: ""),
                .option("x", short: "q", help: ""),
                .option("=bad", help: ""),
                .choice("mode", of: Mode.self, default: .a, required: true, help: ""),
            ],
            arguments: [
                .variadic("rest", help: ""),
                .optional("maybe", help: ""),
                .required("x", help: ""),
            ])
        init(_ args: ParsedArguments) throws {}
        func run(_ io: CommandContext) throws -> ExitCode { .success }
    }

    struct BrokenGroup: CommandGroup {
        static let spec = CommandSpec(
            name: "group", abstract: "", options: [.flag("all", help: "")],
            subcommands: [Broken.self, Broken.self])
    }

    @Test func problemsAreFound() {
        #expect(BrokenGroup.spec.problems() == [
            "group: a group takes no options or arguments",
            "group: two subcommands named 'broken'",
            "group broken: bad option name '=bad'",
            "group broken: '--mode' is required and has a default",
            "group broken: two options named '--json'",
            "group broken: two options with short name '-q'",
            "group broken: 'x' names both an option and an argument, or two arguments",
            "group broken: argument '<maybe>' cannot follow '<rest>'",
            "group broken: argument '<x>' cannot follow '<maybe>'",
            "group broken: bad option name '=bad'",
            "group broken: '--mode' is required and has a default",
            "group broken: two options named '--json'",
            "group broken: two options with short name '-q'",
            "group broken: 'x' names both an option and an argument, or two arguments",
            "group broken: argument '<maybe>' cannot follow '<rest>'",
            "group broken: argument '<x>' cannot follow '<maybe>'",
        ])
    }
}
