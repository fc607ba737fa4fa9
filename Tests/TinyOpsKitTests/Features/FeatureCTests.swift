import Foundation
import Testing
@testable import TinyOpsKit

/// The generated C config with the shipped C feature code, compiled as firmware would compile
/// it: with the host's cc (-std=c99 -Wall -Wextra -Werror -pedantic) and, for Cortex-M4
/// (mps2-an386, hard float) and Cortex-M3 (mps2-an385, no FPU), with arm-none-eabi-gcc, run
/// under QEMU with semihosting. Every output must equal tinyops' Swift features bit for bit.
@Suite struct FeatureCTests {
    static let runtime = Fixtures.repositoryRoot + "/Sources/TinyOpsRuntime"
    static let harness = Fixtures.repositoryRoot + "/Tests/FeatureHarness"
    static let warnings = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]

    struct Case {
        var text: String
        var spec: FeatureSpec
        var input: [Float]
    }

    static func speech(_ name: String) throws -> [Float] {
        let path = Fixtures.repositoryRoot + "/examples/audio-keywords/data/" + name
        return try WAVReader.decode(try FileBytes.read(path), file: path).frames
    }

    static func imu() throws -> [Float] {
        let path = Fixtures.repositoryRoot + "/examples/imu-activity/data/walking/basicmotions_test_020.csv"
        return try CSVRecordingReader.decode(try FileBytes.read(path), file: path).frames
    }

    static func make(_ text: String, _ input: [Float], window: Int, channels: Int, rate: Double) throws -> Case {
        Case(text: text, spec: try FeatureSpec.resolve(FeatureOptions(parsing: text), window: window, channels: channels, sampleRate: rate), input: input)
    }

    /// Writes features_config.{h,c} and harness_input.h for `item` into `directory`.
    static func writeSources(_ item: Case, to directory: String, repeat count: Int = 1) throws {
        let rendered = try FeatureConfigRenderer.render(item.spec, symbol: "features_config")
        try AtomicFile.write(Array(rendered.header.utf8), to: directory + "/" + rendered.headerName)
        try AtomicFile.write(Array(rendered.source.utf8), to: directory + "/" + rendered.sourceName)
        let fixed = item.spec.arithmetic == .fixed && item.spec.block != .spectral
        let values = fixed
            ? item.input.map { String(Int16(clamping: Int(($0 * 32768).rounded()))) }
            : item.input.map { FeatureConfigRenderer.float($0) }
        var text = "#define HARNESS_REPEAT \(count)\nstatic const \(fixed ? "int16_t" : "float") harness_input[\(values.count)] = {\n"
        for start in stride(from: 0, to: values.count, by: 12) {
            text += "    " + values[start..<min(start + 12, values.count)].joined(separator: ", ") + ",\n"
        }
        try AtomicFile.write(Array((text + "};\n").utf8), to: directory + "/harness_input.h")
    }

    static func featureSources() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: runtime).filter { $0.hasPrefix("features") && $0.hasSuffix(".c") }
            .sorted().map { runtime + "/" + $0 }
    }

    /// The printed output bits, as the Swift extractor's floats (Q16 as q / 65536).
    static func parse(_ stdout: String, fixed: Bool) -> (values: [Float], status: String?) {
        var values: [Float] = []
        var status: String?
        for line in stdout.split(separator: "\n") {
            if line.hasPrefix("status") { status = String(line); continue }
            guard let bits = UInt32(line, radix: 16) else { continue }
            values.append(fixed ? Float(Int32(bitPattern: bits)) / 65536 : Float(bitPattern: bits))
        }
        return (values, status)
    }

    static func cases() throws -> [Case] {
        let clip = try speech("yes/yes_001.wav")
        let stereo = zip(try speech("no/no_002.wav"), try speech("up/up_004.wav")).flatMap { [$0, $1] }
        let imu = try imu()
        return [
            try make("mfcc", clip, window: 16000, channels: 1, rate: 16000),
            try make("mfcc:arith=fixed", clip, window: 16000, channels: 1, rate: 16000),
            try make("logmel:arith=fixed,preemph=0.97,window=hamming,mels=32", stereo, window: 16000, channels: 2, rate: 16000),
            try make("spectral:fft=32,peaks=3", imu, window: 100, channels: 6, rate: 10),
        ]
    }

    @Test func generatedConfigCompilesStrictlyAndMatchesOnTheHost() throws {
        let compiler = try #require(CortexMTools.hostCompiler, "no C compiler")
        for item in try Self.cases() {
            let directory = try makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Self.writeSources(item, to: directory)
            let build = try runProgram(compiler, Self.warnings + ["-O2", "-ffp-contract=off", "-I\(Self.runtime)/include", "-I\(directory)",
                "\(Self.harness)/harness_main.c", "\(directory)/features_config.c"] + (try Self.featureSources()) + ["-o", "\(directory)/harness"])
            try #require(build.status == 0, "\(item.text): cc failed:\n\(build.stderr)")
            let run = try runProgram("\(directory)/harness", [])
            let fixed = item.spec.arithmetic == .fixed
            let (values, status) = Self.parse(run.stdout, fixed: fixed)
            #expect(run.status == 0 && status == "status 0", "\(item.text): \(run.stderr)")
            let expected = try FeatureExtractor(item.spec).apply(item.input[...])
            #expect(values.count == expected.count)
            #expect(zip(values, expected).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(item.text): host C differs from Swift")
        }
    }

    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func cortexMUnderQEMUMatchesTheHost() throws {
        let targets: [(machine: String, flags: [String])] = [
            ("mps2-an386", ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]),
            ("mps2-an385", ["-mcpu=cortex-m3", "-mfloat-abi=soft"]),
        ]
        for item in try Self.cases() {
            let expected = try FeatureExtractor(item.spec).apply(item.input[...])
            let fixed = item.spec.arithmetic == .fixed
            // The float path on the Cortex-M4, the integer path on both cores.
            for target in targets where fixed || target.machine == "mps2-an386" {
                let directory = try makeTemporaryDirectory()
                defer { try? FileManager.default.removeItem(atPath: directory) }
                try Self.writeSources(item, to: directory)
                let elf = directory + "/harness.elf"
                let build = try runProgram(CortexMTools.gcc!, Self.warnings + target.flags + [
                    "-mthumb", "-O2", "-ffunction-sections", "-fdata-sections", "-I\(Self.runtime)/include", "-I\(directory)",
                    "-T", "\(Self.harness)/cortex_m/mps2.ld", "--specs=nano.specs", "--specs=rdimon.specs", "-nostartfiles",
                    "-Wl,--gc-sections", "-Wl,--no-warn-rwx-segments",
                    "\(Self.harness)/cortex_m/startup.c", "\(Self.harness)/harness_main.c", "\(directory)/features_config.c",
                ] + (try Self.featureSources()) + ["-o", elf])
                try #require(build.status == 0, "\(item.text) \(target.machine): arm-none-eabi-gcc failed:\n\(build.stderr)")
                let run = try runProgram("/usr/bin/env", ["timeout", "120", CortexMTools.qemu!, "-M", target.machine, "-nographic",
                    "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf])
                let (values, status) = Self.parse(run.stdout, fixed: fixed)
                #expect(run.status == 0 && status == "status 0", "\(item.text) \(target.machine): exit \(run.status) \(run.stderr)")
                #expect(values.count == expected.count, "\(item.text) \(target.machine): \(values.count) values")
                let differing = zip(values, expected).filter { $0.bitPattern != $1.bitPattern }.count
                #expect(differing == 0, "\(item.text) on \(target.machine): \(differing) of \(expected.count) values differ from Swift")
            }
        }
    }
}
