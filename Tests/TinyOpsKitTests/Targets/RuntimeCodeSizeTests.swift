import Foundation
import Testing
@testable import TinyOpsKit

/// `tinyops check --runtime tinyops` flash: the runtime code estimated from the per-symbol
/// table (bench/deploy/runtime_code_sizes.py) against real firmwares, each linked from a
/// `tinyops deploy --format runtime` bundle with its kernel selection.
@Suite struct RuntimeCodeSizeTests {
    static let app = Fixtures.repositoryRoot + "/bench/deploy/size_runtime_app.c"
    static let variants: [(CortexCore, [String])] = [
        (.m4f, ["-mcpu=cortex-m4", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"]),
        (.m0plus, ["-mcpu=cortex-m0plus", "-mfloat-abi=soft"]),
    ]

    static func flash(_ elf: String) throws -> Int {
        let size = try runProgram(CortexMTools.which("arm-none-eabi-size")!, [elf])
        let fields = size.stdout.split(separator: "\n").dropFirst().first?.split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
        guard fields.count >= 2, let text = Int(fields[0]), let data = Int(fields[1]) else {
            Issue.record("arm-none-eabi-size \(elf): \(size.stdout)\(size.stderr)")
            return 0
        }
        return text + data
    }

    /// Runtime bytes a deployed bundle of `name` adds to a firmware for `flags`.
    static func measured(_ name: String, flags: [String], in root: String, prepared: Bool = false) throws -> Int {
        let bundle = try DeployCompileTests.deploy(try Fixtures.bytes(name), .runtime, name: name.replacingOccurrences(of: ".tflite", with: ""), in: root,
                                                   prepared: prepared)
        let runtime = bundle + "/runtime"
        let sources = try FileManager.default.contentsOfDirectory(atPath: runtime).filter { $0.hasSuffix(".c") }.sorted().map { runtime + "/" + $0 }
        let common = ["-std=c99", "-Os", "-mthumb"] + flags + ["-ffunction-sections", "-fdata-sections", "-I" + runtime,
                      "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections"] + (prepared ? ["-DSIZE_PREPARED"] : [])
        let base = try runProgram(CortexMTools.gcc!, common + ["-DSIZE_BASELINE", app, "-o", root + "/base.elf"])
        #expect(base.status == 0, "\(base.stderr)")
        let full = try runProgram(CortexMTools.gcc!, common + [app] + sources + ["-o", root + "/app.elf"])
        #expect(full.status == 0, "\(full.stderr)")
        return try flash(root + "/app.elf") - flash(root + "/base.elf")
    }

    @Test(.enabled(if: CortexMTools.gcc != nil && CortexMTools.which("arm-none-eabi-size") != nil, CortexMTools.skipReason))
    func estimateMatchesLinkedFirmwares() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for name in ["conv1d_int8.tflite", "cnn2d_int8.tflite", "residual_int8.tflite", "misc_ops_int8.tflite", "mlp_int8.tflite"] {
            let ops = Set(try TFLiteReader.decode(try Fixtures.bytes(name)).main.operators.compactMap(\.builtin))
            for (core, flags) in Self.variants {
                for prepared in [false, true] {
                    let estimate = try #require(TinyOpsRuntimeBudget.codeBytes(for: ops, core: core, prepared: prepared))
                    let actual = try Self.measured(name, flags: flags, in: root, prepared: prepared)
                    // Symbols are measured exactly and counted with their alignment padding, but a
                    // static helper inlined in a one-kernel build may stay a call with several
                    // kernels: the estimate errs high.
                    #expect(estimate * 1000 >= actual * 995 && estimate * 100 <= actual * 112,
                            "\(name) on \(core.rawValue)\(prepared ? ", prepared" : ""): estimated \(estimate), linked \(actual)")
                }
            }
        }
    }

    @Test func opsWithoutAKernelHaveNoEstimate() {
        #expect(TinyOpsRuntimeBudget.codeBytes(for: [.conv2d, .lstm], core: .m4f) == nil)
        let small = TinyOpsRuntimeBudget.codeBytes(for: [.fullyConnected], core: .m4f)!
        let more = TinyOpsRuntimeBudget.codeBytes(for: [.fullyConnected, .softmax], core: .m4f)!
        #expect(small > 4_000 && more > small)
        // Shared helpers count once: two kernels cost less than the sum of each alone.
        let core = TinyOpsRuntimeBudget.codeBytes(for: [], core: .m4f)!
        let conv = TinyOpsRuntimeBudget.codeBytes(for: [.conv2d], core: .m4f)!, depthwise = TinyOpsRuntimeBudget.codeBytes(for: [.depthwiseConv2d], core: .m4f)!
        let both = TinyOpsRuntimeBudget.codeBytes(for: [.conv2d, .depthwiseConv2d], core: .m4f)!
        #expect(both - core < (conv - core) + (depthwise - core))
    }
}
