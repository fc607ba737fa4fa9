import Foundation
import TinyOpsKit

/// The smallest arena TFLM's Python interpreter needs for every fixture, measured once per test
/// run by Tests/Oracles/tflm_arena.py (about 3 s per model; all fixtures in one call, two at a
/// time). nil for a fixture TFLM cannot run (the script reports null).
enum TFLMArenaOracle {
    struct Measurement: Sendable {
        /// Fixture file name → bytes, or nil when TFLM could not allocate and invoke it.
        let arenas: [String: Int?]
        let stderr: String
    }

    static let measured: Result<Measurement, OracleError> = {
        let script = Fixtures.repositoryRoot + "/Tests/Oracles/tflm_arena.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TFLMOracle.python)
        let models = Fixtures.all.map(Fixtures.path)
        process.arguments = (TFLMOracle.python == "/usr/bin/env" ? ["python3"] : []) + [script, "--jobs", "2"] + models
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            return .failure(OracleError(message: "cannot start tflm_arena.py: \(error)"))
        }
        // Read both pipes concurrently enough: stderr is small, stdout is one JSON object.
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = String(decoding: errData, as: UTF8.self)
        guard let json = try? JSONParser().parse(String(decoding: outData, as: UTF8.self)),
              case .object(let object) = json else {
            return .failure(OracleError(message: "tflm_arena.py printed no JSON: \(stderr)"))
        }
        var arenas: [String: Int?] = [:]
        for (path, value) in object {
            arenas[URL(fileURLWithPath: path).lastPathComponent] = value.intValue
        }
        return .success(Measurement(arenas: arenas, stderr: stderr))
    }()

    struct OracleError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
