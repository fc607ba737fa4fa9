import Testing
@testable import tinyops

/// Every way of writing options and arguments, checked through the typed values the
/// command reads.
@Suite struct ParsingTests {
    @Test func defaultsApplyWhenOptionsAreAbsent() throws {
        let convert = try command(FixtureConvert.self, ["convert", "in.tflite"])
        #expect(convert.input == "in.tflite")
        #expect(convert.format == "tflite")
        #expect(convert.extras == [])
        #expect(convert.out == nil)
        #expect(convert.threads == 1)
        #expect(convert.scale == nil)
        #expect(convert.arena == 256 * 1024)
        #expect(convert.timeout == nil)
        #expect(convert.exclude == [])
        #expect(convert.io == [])
        #expect(convert.verbose == false)
    }

    @Test(arguments: [
        ["convert", "in", "--out", "x.tflite"],
        ["convert", "in", "--out=x.tflite"],
        ["convert", "in", "-o", "x.tflite"],
        ["convert", "--out", "x.tflite", "in"],
        ["convert", "-o", "first.tflite", "in", "--out", "x.tflite"],  // the last one wins
    ])
    func valueOptionForms(_ arguments: [String]) throws {
        let convert = try command(FixtureConvert.self, arguments)
        #expect(convert.out == "x.tflite")
        #expect(convert.input == "in")
    }

    @Test func equalsKeepsEverythingAfterTheFirstEqualsSign() throws {
        #expect(try command(FixtureConvert.self, ["convert", "in", "--out=a=b"]).out == "a=b")
    }

    @Test(arguments: [["convert", "in", "--verbose"], ["convert", "-v", "in"]])
    func flags(_ arguments: [String]) throws {
        #expect(try command(FixtureConvert.self, arguments).verbose)
    }

    @Test func sharedOptionsReachTheContext() throws {
        let outcome = run(["inspect", "m.tflite", "--json", "-q"])
        #expect(outcome.code == .success)
        #expect(outcome.stdout == "{\n  \"model\": \"m.tflite\",\n  \"io\": \"int8\"\n}\n")
        #expect(outcome.stderr == "")
        #expect(run(["inspect", "m.tflite"]).stderr == "inspecting m.tflite\n")
        #expect(run(["inspect", "m.tflite", "--quiet"]).stderr == "")
    }

    @Test func repeatableOptionsCollectInOrder() throws {
        let convert = try command(
            FixtureConvert.self,
            ["convert", "in", "--exclude", "conv", "--exclude=add", "--io", "float", "--io=int8"])
        #expect(convert.exclude == ["conv", "add"])
        #expect(convert.io == [.float, .int8])
    }

    @Test func optionalAndVariadicArguments() throws {
        let one = try command(FixtureConvert.self, ["convert", "in"])
        #expect((one.input, one.format, one.extras) == ("in", "tflite", []))
        let two = try command(FixtureConvert.self, ["convert", "in", "c"])
        #expect((two.input, two.format, two.extras) == ("in", "c", []))
        let many = try command(FixtureConvert.self, ["convert", "in", "c", "x", "-v", "y", "z"])
        #expect((many.input, many.format, many.extras) == ("in", "c", ["x", "y", "z"]))
        #expect(many.verbose)
    }

    @Test func doubleDashEndsOptions() throws {
        let convert = try command(
            FixtureConvert.self, ["convert", "-v", "--", "--out", "-x", "--", "-v"])
        #expect(convert.input == "--out")
        #expect(convert.format == "-x")
        #expect(convert.extras == ["--", "-v"])
        #expect(convert.out == nil)
        #expect(convert.verbose)
    }

    @Test func numbersAndALoneDashAreValues() throws {
        let convert = try command(FixtureConvert.self, ["convert", "-", "-5", "--scale", "-0"])
        #expect(convert.input == "-")
        #expect(convert.format == "-5")
        #expect(convert.scale == 0)
    }

    @Test func typedValues() throws {
        let convert = try command(
            FixtureConvert.self,
            ["convert", "in", "-j", "64", "--scale", "2.5", "--arena", "1MiB", "--timeout", "500ms"])
        #expect(convert.threads == 64)
        #expect(convert.scale == 2.5)
        #expect(convert.arena == 1 << 20)
        #expect(convert.timeout == .milliseconds(500))
    }

    @Test func nestedCommandWithRequiredChoice() throws {
        #expect(run(["model", "quantize", "m.tflite", "-t", "cortex-m55"])
            == Outcome(code: .success, stdout: "quantized for cortex-m55\n", stderr: ""))
        #expect(try command(FixtureQuantize.self, ["model", "quantize", "m", "--target=cortex-m4"]).target
            == .cortexM4)
    }

    @Test func commandsRunInProcessWithCapturedOutput() {
        #expect(run(["inspect", "m.tflite", "--io", "float"])
            == Outcome(code: .success, stdout: "m.tflite: float\n", stderr: "inspecting m.tflite\n"))
    }

    @Test func isPresentIgnoresDefaults() throws {
        guard case .run(_, let parsed) = try CommandResolver.resolve(
            root: FixtureRoot.self, arguments: ["convert", "in", "--scale", "1"])
        else { Issue.record("not a run"); return }
        #expect(parsed.isPresent("scale"))
        #expect(!parsed.isPresent("threads"))
        #expect(!parsed.isPresent("format"))
        #expect(parsed.commandPath == ["tinyops", "convert"])
    }
}
