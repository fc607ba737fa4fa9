import Foundation
import Testing
import TinyOpsRuntime

/// The runtime computes its requantization multipliers from float scales in integers
/// (Sources/TinyOpsRuntime/scale.h), where TFLM uses double. Tests/ScaleHarness/scale_check.c
/// runs every init-time expression both ways on random, special and targeted scales (31-bit
/// ties, rounds up to 2^31, double-rounding ties) and requires the same double bits, multiplier
/// and shift: millions of cases on the host, and on a Cortex-M4 under QEMU against libgcc's
/// soft double.
@Suite struct ScaleArithmeticTests {
    static let runtime = Fixtures.repositoryRoot + "/Sources/TinyOpsRuntime"
    static let harness = Fixtures.repositoryRoot + "/Tests/ScaleHarness/scale_check.c"
    static let sources = [harness, runtime + "/scale.c", runtime + "/fixedpoint.c"]
    static let warnings = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic"]

    @Test func integerScaleArithmeticEqualsDoubleOnTheHost() throws {
        let compiler = try #require(CortexMTools.hostCompiler, "no C compiler")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let binary = directory + "/scale_check"
        let build = try runProgram(compiler, Self.warnings + ["-O2", "-I", Self.runtime] + Self.sources + ["-lm", "-o", binary])
        try #require(build.status == 0, "cc failed:\n\(build.stderr)")
        let cases = ProcessInfo.processInfo.environment["TINYOPS_SCALE_CASES"] ?? "1000000"
        for seed in ["1", "2"] {
            let run = try runProgram(binary, [cases, seed])
            #expect(run.status == 0 && run.stdout.hasSuffix("OK\n"), "seed \(seed):\n\(run.stdout)\(run.stderr)")
        }
    }

    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func integerScaleArithmeticEqualsSoftDoubleOnCortexM4() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let elf = directory + "/scale_check.elf"
        let startup = Fixtures.repositoryRoot + "/Tests/FeatureHarness/cortex_m"
        let build = try runProgram(CortexMTools.gcc!, Self.warnings + [
            "-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16", "-mthumb", "-O2", "-DSCALE_CHECK_CASES=20000",
            "-ffunction-sections", "-fdata-sections", "-I", Self.runtime, "-T", "\(startup)/mps2.ld", "--specs=nano.specs",
            "--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections", "-Wl,--no-warn-rwx-segments", "\(startup)/startup.c",
        ] + Self.sources + ["-lm", "-o", elf])
        try #require(build.status == 0, "arm-none-eabi-gcc failed:\n\(build.stderr)")
        let run = try runProgram("/usr/bin/env", ["timeout", "120", CortexMTools.qemu!, "-M", "mps2-an386", "-nographic",
            "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", elf])
        #expect(run.status == 0 && run.stdout.hasSuffix("OK\n"), "\(run.stdout)\(run.stderr)")
    }

    /// The exported QuantizeMultiplier and frexp (now integer code) on hand-picked doubles.
    @Test func exportedHelpersOnSubnormalsAndTies() {
        var multiplier: Int32 = 0, shift: Int32 = 0
        // 0.5 + 2^-32 is a 31-bit tie: rounds away from zero to 2^30 + 1.
        #expect(tinyops_fp_quantize_multiplier(0.5 + 0x1p-32, &multiplier, &shift) == 1 && multiplier == (1 << 30) + 1 && shift == 0)
        // Just below 2^-31 (rounds up to 2^31, then shift -31 + 1 = -30 survives the flush).
        #expect(tinyops_fp_quantize_multiplier(0x1p-32 * (2 - 0x1p-40), &multiplier, &shift) == 1 && multiplier == 1 << 30 && shift == -30)
        #expect(tinyops_fp_quantize_multiplier(0x1p-1074, &multiplier, &shift) == 1 && multiplier == 0 && shift == 0)
        #expect(tinyops_fp_quantize_multiplier(-0.0, &multiplier, &shift) == 1 && multiplier == 0)
        var exponent: Int32 = 0
        #expect(tinyops_fp_frexp(-0x1.8p-1070, &exponent) == -0.75 && exponent == -1069)
        #expect(tinyops_fp_frexp(.infinity, &exponent) == .infinity && exponent == 0)
    }
}
