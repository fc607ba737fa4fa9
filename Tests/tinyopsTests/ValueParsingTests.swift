import Testing
@testable import tinyops

@Suite struct ValueParsingTests {
    @Test(arguments: [
        ("0", 0), ("1048576", 1_048_576), ("512B", 512), ("512b", 512),
        ("256K", 262_144), ("256k", 262_144), ("256KB", 262_144), ("256kb", 262_144),
        ("256KiB", 262_144), ("256kib", 262_144),
        ("1M", 1_048_576), ("1m", 1_048_576), ("2MB", 2_097_152), ("2MiB", 2_097_152), ("2mib", 2_097_152),
    ])
    func sizes(_ text: String, _ bytes: Int) {
        #expect(ValueParsing.size(text) == bytes)
    }

    @Test(arguments: [
        "", "K", "-1", "+1", "1.5M", "1 M", " 1M", "1M ", "1G", "1T", "1KK", "1Mb2", "0x10", "one",
        "99999999999999999999", "9223372036854775807K",
    ])
    func badSizes(_ text: String) {
        #expect(ValueParsing.size(text) == nil)
    }

    @Test(arguments: [
        ("10s", Duration.seconds(10)), ("10S", .seconds(10)), ("10", .seconds(10)),
        ("1.5s", .milliseconds(1500)), ("0.25", .milliseconds(250)), ("0", .zero),
        ("500ms", .milliseconds(500)), ("500MS", .milliseconds(500)), ("2.5ms", .microseconds(2500)),
    ])
    func durations(_ text: String, _ duration: Duration) {
        #expect(ValueParsing.duration(text) == duration)
    }

    @Test(arguments: ["", "s", "ms", "-1s", "10m", "10min", "1h", "1e3", "inf", "nan", "10 s", "fast", "1e20", "9999999999999999"])
    func badDurations(_ text: String) {
        #expect(ValueParsing.duration(text) == nil)
    }

    @Test(arguments: [("1", 1.0), ("-2.5", -2.5), ("+3", 3), (".5", 0.5), ("5.", 5)])
    func decimals(_ text: String, _ value: Double) {
        #expect(ValueParsing.decimal(text) == value)
    }

    @Test(arguments: ["", ".", "-", "1e3", "0x1p3", "inf", "nan", "1.2.3", "1,5"])
    func badDecimals(_ text: String) {
        #expect(ValueParsing.decimal(text) == nil)
    }

    /// Sizes and durations through options: the accessor names the option on failure.
    @Test func sizeAndDurationOptions() throws {
        let convert = try command(FixtureConvert.self, ["convert", "in", "--arena=64kib", "--timeout=10"])
        #expect(convert.arena == 65_536)
        #expect(convert.timeout == .seconds(10))
        // A negative number is taken as the value (not as an option), then rejected.
        let expected = usageLine(
            "invalid value '-1' for '--arena': expected a size in bytes or with a K or M suffix, such as 256K or 1M",
            command: "tinyops convert")
        #expect(run(["convert", "in", "--arena", "-1"]).stderr == expected)
        #expect(run(["convert", "in", "--arena=-1"]).stderr == expected)
    }

    @Test func choicesMatchRawValuesExactly() throws {
        #expect(try command(FixtureInspect.self, ["inspect", "m", "--io", "float"]).io == .float)
        #expect(try command(FixtureQuantize.self, ["model", "quantize", "m", "-t", "cortex-m0plus"]).target
            == .cortexM0Plus)
        let spec = try #require(FixtureQuantize.spec.option(named: "target"))
        #expect(spec.allowedValues == ["cortex-m0plus", "cortex-m4", "cortex-m7", "cortex-m55"])
        #expect(spec.helpLabel == "-t, --target <cortex-m0plus|cortex-m4|cortex-m7|cortex-m55>")
    }
}
