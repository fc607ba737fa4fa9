import Foundation
import Testing
import TinyOpsKit

/// Python's `cryptography` package (OpenSSL's Ed25519) and hashlib, the interop oracle for
/// SHA-256, SHA-512, Ed25519 keys and signatures, and `.tpk` packages
/// (Tests/Oracles/ed25519_oracle.py). Gated like `TFLMOracle`: tests skip with the reason when
/// it is missing, and `TINYOPS_REQUIRE_ORACLES=1` (set by .ci/run) turns that into a failure.
enum CryptoOracle {
    static let script = Fixtures.repositoryRoot + "/Tests/Oracles/ed25519_oracle.py"

    static let isAvailable: Bool = {
        (try? TFLMOracle.run(arguments: ["-c", "import cryptography.hazmat.primitives.asymmetric.ed25519"]).status) == 0
    }()

    static let skipReason: Comment = "crypto oracle missing: pip install cryptography (or set TINYOPS_PYTHON)"

    /// Runs the script on `job` in `directory` and returns its output document.
    static func run(_ job: JSONValue, in directory: String) throws -> JSONValue {
        let jobFile = directory + "/crypto-job.json", outFile = directory + "/crypto-out.json"
        try job.write(to: jobFile)
        let result = try TFLMOracle.run(arguments: [script, jobFile, outFile])
        guard result.status == 0 else { throw TFLMOracle.OracleFailure(stderr: result.stderr) }
        return try JSONValue(contentsOf: outFile)
    }
}

@Suite struct CryptoOracleGateTests {
    @Test func cryptoOracleIsPresentWhenRequired() {
        if TFLMOracle.isRequired {
            #expect(CryptoOracle.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but \(TFLMOracle.python) cannot import cryptography")
        } else if !CryptoOracle.isAvailable {
            print("note: crypto oracle not found; Python cross-checks are skipped (run scripts/test.sh to install it)")
        }
    }
}
