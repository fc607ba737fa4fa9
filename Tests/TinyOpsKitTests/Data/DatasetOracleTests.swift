import Foundation
import Testing
import TinyOpsKit

/// numpy and hashlib, through `Tests/Oracles/dataset_check.py`, read what collect wrote:
/// shapes and dtypes, file hashes, the dataset hash of the canonical JSON, counts, statistics,
/// and every sample against numpy's own reading of its CSV file.
enum NumpyOracle {
    static let script = Fixtures.repositoryRoot + "/Tests/Oracles/dataset_check.py"

    static let isAvailable: Bool = {
        (try? TFLMOracle.run(arguments: ["-c", "import numpy"]).status) == 0
    }()

    static let skipReason: Comment = "numpy oracle missing: pip install numpy (or set TINYOPS_PYTHON)"

    static func check(_ dataset: String, inputs: String? = nil) throws {
        let result = try TFLMOracle.run(arguments: [script, dataset] + (inputs.map { [$0] } ?? []))
        guard result.status == 0 else { throw TFLMOracle.OracleFailure(stderr: result.stderr) }
    }
}

@Suite(.enabled(if: NumpyOracle.isAvailable, NumpyOracle.skipReason))
struct DatasetOracleTests {
    @Test func fixtureTree() throws {
        let scratch = try makeTemporaryDirectory()
        try collect([DataFixtures.path("csv")], to: scratch + "/ds") {
            $0.window = .samples(6)
            $0.stride = .samples(5)
            $0.pad = true
            $0.seed = 4
        }
        try NumpyOracle.check(scratch + "/ds", inputs: DataFixtures.path("csv"))
    }

    @Test func nanValuesLabelColumnsAndAppend() throws {
        let scratch = try makeTemporaryDirectory()
        var text = "timestamp,x,y,label\n"
        for index in 0..<40 { text += "\(index * 5),\(index % 7 == 3 ? "nan" : String(Double(index) * 0.37)),\(-index),\(index < 22 ? "tap" : "swipe")\n" }
        try writeFile(scratch + "/in/s1.csv", text)
        try writeFile(scratch + "/in/s2.csv", text.replacingOccurrences(of: ".", with: "5."))
        try collect([scratch + "/in/s1.csv"], to: scratch + "/ds") { $0.window = .samples(4); $0.stride = .samples(3) }
        try collect([scratch + "/in/s2.csv"], to: scratch + "/ds") { $0.append = true }
        try NumpyOracle.check(scratch + "/ds", inputs: scratch)
    }

    /// The bundled example (issue 8): 80 BasicMotions recordings, as the README collects them.
    @Test func imuExample() throws {
        let scratch = try makeTemporaryDirectory()
        let data = Fixtures.repositoryRoot + "/examples/imu-activity/data"
        let report = try collect([data], to: scratch + "/imu") {
            $0.window = .milliseconds(5000)
            $0.stride = .milliseconds(1000)
            $0.seed = 3
        }
        #expect(report.manifest.count == 480)
        #expect(report.manifest.sampleShape == [50, 6])
        #expect(report.manifest.sampleRate == 10)
        #expect(report.manifest.labels == ["badminton", "running", "standing", "walking"])
        try NumpyOracle.check(scratch + "/imu", inputs: data)
    }
}
