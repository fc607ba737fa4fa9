import Foundation
import Testing
@testable import TinyOpsKit

/// Telemetry on a Cortex-M: runtime bundles (`--name dut`) with Tests/DeployHarness/
/// telemetry_harness.c, built for the host and for a Cortex-M3 (no FPU: the summary and the
/// number formatting in soft-float) under QEMU. Both must print the same lines byte for byte,
/// and each line must say what tinyops computes on the host: the top class of the host
/// runtime's output, its score, the per-channel mean and energy of the quantized input.
@Suite struct TelemetryCortexMTests {
    static let machine = DeployCortexMTests.machines[0]  // cortex-m3, mps2-an385

    static func buildAndRun(_ item: DeployCase, in directory: String, cortexM: Bool) throws -> String {
        let bundle = directory + "/bundle"
        let harness = DeployCortexMTests.harness + "/telemetry_harness.c"
        let sources = try DeployCortexMTests.bundleSources(bundle)
        let program = directory + (cortexM ? "/telemetry.elf" : "/telemetry")
        let build: (status: Int32, stdout: String, stderr: String)
        if cortexM {
            build = try runProgram(CortexMTools.gcc!, DeployCortexMTests.warnings + machine.flags + [
                "-mthumb", "-O2", "-ffunction-sections", "-fdata-sections", "-I\(bundle)", "-I\(bundle)/runtime",
                "-T", "\(DeployCortexMTests.harness)/cortex_m/\(machine.script)", "-L", "\(DeployCortexMTests.harness)/cortex_m",
                "--specs=nano.specs", "--specs=rdimon.specs", "-nostartfiles", "-Wl,--gc-sections", "-Wl,--no-warn-rwx-segments",
                DeployCortexMTests.startup, harness] + sources + ["-o", program])
        } else {
            build = try runProgram(CortexMTools.hostCompiler!, DeployCortexMTests.warnings + ["-pedantic", "-O1", "-I\(bundle)", "-I\(bundle)/runtime",
                                                                                                harness] + sources + ["-o", program])
        }
        guard build.status == 0 else { throw DeployCortexMTests.Failure(text: "\(item.name): build failed:\n\(build.stderr)") }
        let run = cortexM
            ? try runProgram("/usr/bin/env", ["timeout", "120", CortexMTools.qemu!, "-M", machine.machine, "-nographic", "-monitor", "none",
                                              "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel", program])
            : try runProgram(program, [])
        guard run.status == 0 else { throw DeployCortexMTests.Failure(text: "\(item.name): exit \(run.status): \(run.stdout.suffix(300))") }
        return run.stdout
    }

    /// Each line against the harness expectations (the quantized input and the host runtime's
    /// output for every sample, from `DeployCase.expectedLines`).
    static func check(_ output: String, _ item: DeployCase) throws {
        let lines = output.split(separator: "\n").map(String.init)
        let expected = try item.expectedLines()
        let interpreter = try RuntimeInterpreter(modelBytes: item.modelBytes)
        let input = interpreter.inputs[0], out = interpreter.outputs[0]
        let channels = input.shape.last!
        #expect(lines.count == item.samples.count + 1 && lines.last == "done \(item.samples.count)")
        for (s, line) in lines.dropLast().enumerated() {
            let record = try #require(try TelemetryRecord.parse(Array(line.utf8)[...])?.get(), "\(item.name) line \(s): \(line)")
            let q = Hex.decode(expected[2 * s].dropFirst(3))!.map { Int8(bitPattern: $0) }
            let y = Hex.decode(expected[2 * s + 1].dropFirst(4))!.map { Int8(bitPattern: $0) }
            let best = y.indices.first { y[$0] == y.max()! }!
            #expect(record.modelID == "dut-" + SHA256.hex(item.modelBytes).prefix(8) && record.sequence == UInt32(s))
            #expect(record.latencyMicroseconds == 2572 && record.classIndex == best)
            #expect(abs(record.score - Double(Float(Int(y[best]) - Int(out.zeroPoint!)) * out.scale!)) <= 0.0005 + 1e-6)
            for c in 0..<min(channels, 16) {
                let values = stride(from: c, to: q.count, by: channels).map { Double(Int(q[$0]) - Int(input.zeroPoint!)) * Double(input.scale!) }
                let mean = values.reduce(0, +) / Double(values.count), energy = values.reduce(0) { $0 + $1 * $1 } / Double(values.count)
                #expect(abs(record.mean[c] - mean) <= 0.0005 + 1e-5 * abs(mean), "\(item.name) line \(s) channel \(c)")
                #expect(abs(record.energy[c] - energy) <= 0.0005 + 1e-5 * energy, "\(item.name) line \(s) channel \(c)")
            }
        }
    }

    @Test func theHostLinesSayWhatTinyopsComputes() throws {
        try #require(CortexMTools.hostCompiler != nil, "no C compiler")
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for item in [try DeployCase.conv1d(), try DeployCase.logmel()] {
            let directory = root + "/" + item.name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try item.deploy(to: directory)
            try Self.check(try Self.buildAndRun(item, in: directory, cortexM: false), item)
        }
    }

    @Test(.enabled(if: CortexMTools.isAvailable, CortexMTools.skipReason))
    func aCortexM3PrintsTheHostsLines() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for item in [try DeployCase.conv1d(), try DeployCase.logmel()] {
            let directory = root + "/" + item.name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try item.deploy(to: directory)
            let host = try Self.buildAndRun(item, in: directory, cortexM: false)
            let device = try Self.buildAndRun(item, in: directory, cortexM: true)
            #expect(device == host, "\(item.name): the Cortex-M3 lines differ from the host's")
            try Self.check(device, item)
        }
    }
}
