import Foundation
import Testing
import TinyOpsKit

/// librosa (`pip install -r Tests/Oracles/requirements-audio.txt`), the reference for the
/// logmel and mfcc blocks. Gated like the TFLM oracle: skipped with the reason when missing,
/// a failure when TINYOPS_REQUIRE_ORACLES=1.
enum AudioOracle {
    static let script = Fixtures.repositoryRoot + "/Tests/Oracles/features_oracle.py"

    static let isAvailable: Bool = {
        (try? TFLMOracle.run(arguments: ["-c", "import numpy, scipy, librosa"]).status) == 0
    }()

    static let skipReason: Comment = "librosa oracle missing: pip install -r Tests/Oracles/requirements-audio.txt (or set TINYOPS_PYTHON)"
}

/// arm-none-eabi-gcc and qemu-system-arm, for running the C feature code on a Cortex-M4.
enum CortexMTools {
    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let gcc = which("arm-none-eabi-gcc")
    static let qemu = which("qemu-system-arm")
    static let hostCompiler = which("cc") ?? which("gcc") ?? which("clang")
    static var isAvailable: Bool { gcc != nil && qemu != nil && hostCompiler != nil }
    static let skipReason: Comment = "Cortex-M tools missing: apt-get install --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm"
}

@Suite struct FeatureOracleGateTests {
    @Test func featureOraclesArePresentWhenRequired() {
        if TFLMOracle.isRequired {
            #expect(AudioOracle.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but \(TFLMOracle.python) cannot import librosa")
            #expect(CortexMTools.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but arm-none-eabi-gcc or qemu-system-arm is missing")
        } else {
            if !AudioOracle.isAvailable { print("note: librosa not found; the logmel/mfcc oracle tests are skipped") }
            if !CortexMTools.isAvailable { print("note: arm-none-eabi-gcc/qemu-system-arm not found; the Cortex-M4 feature test is skipped") }
        }
    }
}

/// Runs a program; returns its exit status, stdout and stderr (collected through files, so
/// a chatty program cannot block on a full pipe).
@discardableResult
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    let directory = try makeTemporaryDirectory("runProgram")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let outPath = directory + "/stdout", errPath = directory + "/stderr"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    try process.run()
    process.waitUntilExit()
    let out = FileManager.default.contents(atPath: outPath) ?? Data()
    let err = FileManager.default.contents(atPath: errPath) ?? Data()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}
