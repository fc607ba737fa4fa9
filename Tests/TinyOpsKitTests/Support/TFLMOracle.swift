import Foundation
import Testing
import TinyOpsKit

/// TFLite Micro's Python interpreter (`pip install tflite-micro`), the bit-exactness oracle.
///
/// Tests that need it are gated with `.enabled(if: TFLMOracle.isAvailable, ...)`, so they show
/// as skipped with the reason when it is missing; `.ci/run` sets TINYOPS_REQUIRE_ORACLES=1,
/// which makes `OracleGateTests` fail instead, so CI cannot pass by skipping.
enum TFLMOracle {
    static let script = Fixtures.repositoryRoot + "/Tests/Oracles/tflm_run.py"

    /// TINYOPS_PYTHON, else the repository's `.venv` (made by scripts/test.sh), else python3.
    static let python: String = {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["TINYOPS_PYTHON"], !python.isEmpty { return python }
        let venv = Fixtures.repositoryRoot + "/.venv/bin/python"
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        return "/usr/bin/env"
    }()

    private static var pythonArguments: [String] { python == "/usr/bin/env" ? ["python3"] : [] }

    static let isAvailable: Bool = {
        (try? run(arguments: ["-c", "import numpy, tflite_micro"]).status) == 0
    }()

    static let skipReason: Comment = "TFLM oracle missing: pip install tflite-micro numpy (or set TINYOPS_PYTHON)"

    static var isRequired: Bool { ProcessInfo.processInfo.environment["TINYOPS_REQUIRE_ORACLES"] == "1" }

    struct Job {
        var model: String
        var inputs: [String]
        var outputs: [String]
        var arenaSize = 1 << 20
    }

    /// Runs the jobs in one Python process; throws with the script's stderr on failure.
    static func run(_ jobs: [Job], in directory: String) throws {
        let jobValue: JSONValue = [
            "jobs": .array(jobs.map { job in
                [
                    "model": .string(job.model),
                    "inputs": .array(job.inputs.map(JSONValue.string)),
                    "outputs": .array(job.outputs.map(JSONValue.string)),
                    "arena_size": .int(job.arenaSize),
                ]
            })
        ]
        let jobFile = directory + "/job.json"
        try jobValue.write(to: jobFile)
        let result = try run(arguments: [script, jobFile])
        guard result.status == 0 else { throw OracleFailure(stderr: result.stderr) }
    }

    struct OracleFailure: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "tflm_run.py failed: \(stderr)" }
    }

    static func run(arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = pythonArguments + arguments
        let errorPipe = Pipe()
        process.standardError = errorPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errorData = errorPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: errorData, as: UTF8.self))
    }
}

@Suite struct OracleGateTests {
    @Test func oraclesArePresentWhenRequired() {
        if TFLMOracle.isRequired {
            #expect(TFLMOracle.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but \(TFLMOracle.python) cannot import tflite_micro")
        } else if !TFLMOracle.isAvailable {
            print("note: TFLM oracle not found; interop tests are skipped (run scripts/test.sh to install it)")
        }
    }
}
