import Foundation
import Testing
import TinyOpsKit

/// The cost model against the instructions TFLM executed under QEMU (recorded in
/// bench/tflm-cortex-m/results), and its orderings.
@Suite struct CostModelTests {
    private func report(_ name: String, _ target: String, runtime: RuntimeKind = .tflm) throws -> CheckReport {
        let fixture = Fixtures.path(name + ".tflite")
        let path = FileManager.default.fileExists(atPath: fixture)
            ? fixture : Fixtures.repositoryRoot + "/bench/tflm-cortex-m/models/\(name).tflite"
        return try ModelCheck.run(path: path, options: CheckOptions(target: try #require(Target.named(target)),
                                                                    runtime: runtime))
    }

    /// Each model's estimated kernel instructions (cycles / CPI) are within a factor of 1.6 of
    /// what TFLM executed: the fit's in-sample error, with room; docs/cost-model.md has the
    /// out-of-sample figures.
    @Test func estimatesTrackMeasuredInstructions() throws {
        let directory = Fixtures.repositoryRoot + "/bench/tflm-cortex-m/results"
        let cores: [String: (String, Double)] = ["m0": ("cortex-m0", 1.5), "m3": ("cortex-m3", 1.25),
                                                 "m4": ("cortex-m4f", 1.25), "m7": ("cortex-m7", 0.8),
                                                 "m55": ("cortex-m55", 1.3)]
        var compared = 0
        for (file, (target, cpi)) in cores {
            let path = directory + "/\(file).json"
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let json = try JSONParser().parse(String(contentsOfFile: path, encoding: .utf8))
            guard case .object(let fixtures)? = json["fixtures"] else { continue }
            for (name, result) in fixtures {
                guard let counts = result["op_instructions"]?.arrayValue, !counts.isEmpty else { continue }
                let measured = counts.compactMap(\.intValue).reduce(0, +)
                let check = try report(name, target)
                let estimated = Double(check.compute.cycles) / cpi - 60 * Double(check.ops.count)
                let ratio = estimated / Double(measured)
                #expect(ratio > 1 / 1.6 && ratio < 1.6, "\(file) \(name): estimated \(Int(estimated)) instructions, measured \(measured)")
                compared += 1
            }
        }
        #expect(compared >= 50)
    }

    @Test func fasterCoresAndIntegerKernelsCostLess() throws {
        let m0 = try report("dscnn_int8", "cortex-m0plus").compute.cycles
        let m4 = try report("dscnn_int8", "cortex-m4f").compute.cycles
        let m7 = try report("dscnn_int8", "cortex-m7").compute.cycles
        let m55 = try report("dscnn_int8", "cortex-m55").compute.cycles
        #expect(m0 > m4 && m4 > m7 && m7 > m55)
        // Software float on a Cortex-M0+ is an order of magnitude slower than int8.
        let float = try report("dscnn_float", "cortex-m0plus").compute.cycles
        #expect(float > 10 * m0)
        // Latency is cycles at the board's clock.
        let pico = try report("dscnn_int8", "pico")
        #expect(abs(pico.compute.latencyMs! - Double(pico.compute.cycles) / 133_000.0) < 1e-9)
        // Shares add up to 1.
        #expect(abs(pico.ops.map(\.share).reduce(0, +) - 1) < 1e-9)
    }

    @Test func aBareCoreHasNoLatencyButCycles() throws {
        let report = try report("mlp_int8", "cortex-m33")
        #expect(report.compute.latencyMs == nil && report.compute.cycles > 0)
        #expect(report.ops.allSatisfy { $0.latencyMs == nil })
    }
}
