import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops collect` through the built binary: output, exit codes, and nothing left behind.
@Suite struct CollectCommandTests {
    static let root = InspectCommandTests.root
    static let csvFixtures = root + "/Tests/Fixtures/data/csv"

    private func scratch(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "tinyops-collect-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func expectGolden(_ text: String, _ golden: String) throws {
        let path = Self.root + "/Tests/tinyopsTests/Golden/" + golden
        if ProcessInfo.processInfo.environment["TINYOPS_UPDATE_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "output differs from \(golden); rerun with TINYOPS_UPDATE_GOLDEN=1 and review the diff")
    }

    @Test func summaryAndWarnings() throws {
        let dir = try scratch()
        let outcome = try BuiltBinary.run(["collect", Self.csvFixtures, "-o", dir + "/ds", "--window", "128ms", "--stride", "64ms"])
        #expect(outcome.code == .success)
        try expectGolden(outcome.stdout.replacingOccurrences(of: dir, with: "SCRATCH"), "collect_csv.txt")
        #expect(outcome.stderr == """
            tinyops: warning: skipped 1 file that is not .csv, .wav or .npy: \(Self.csvFixtures)/notes.txt
            tinyops: warning: label 'wave' has no samples in the train split
            tinyops: warning: label 'idle' has no samples in the val split
            tinyops: warning: label 'idle' has no samples in the test split

            """)
        let quiet = try BuiltBinary.run(["collect", Self.csvFixtures, "-o", dir + "/ds", "--window", "8", "-q", "--seed", "3"])
        #expect(quiet.code == .success && quiet.stderr == "")
        #expect(try Dataset.load(dir + "/ds").manifest.settings.seed == 3)
    }

    @Test func jsonSummary() throws {
        let dir = try scratch()
        let outcome = try BuiltBinary.run(["collect", Self.csvFixtures, "-o", dir + "/ds", "--window=8", "--stride=4", "--json"])
        #expect(outcome.code == .success)
        let json = try JSONParser().parse(outcome.stdout)
        #expect(json["samples"]?.intValue == 12)
        #expect(json["sample_shape"] == [8, 3])
        #expect(json["labels"] == ["idle", "wave"])
        #expect(json["splits"]?["train"]?["class_counts"]?.arrayValue?.count == 2)
        #expect(json["windows_per_recording"]?.arrayValue?.map { $0["windows"]?.intValue ?? -1 } == [3, 2, 4, 3])
        #expect(json["warnings"]?.arrayValue?.count == 4)
        let manifest = try DatasetManifest(json: JSONValue(contentsOf: dir + "/ds/dataset.json"))
        #expect(json["dataset_hash"]?.stringValue == manifest.datasetHash)
        #expect(manifest.toolVersion == TinyOps.version)
    }

    @Test func appendThroughTheCommandLine() throws {
        let dir = try scratch()
        for (folder, names) in [("one", ["a", "b"]), ("two", ["c"])] {
            for name in names {
                try FileManager.default.createDirectory(atPath: "\(dir)/\(folder)/\(name)", withIntermediateDirectories: true)
                try "timestamp,v\n0,1\n10,2\n20,3\n".write(toFile: "\(dir)/\(folder)/\(name)/r.csv", atomically: true, encoding: .utf8)
            }
        }
        #expect(try BuiltBinary.run(["collect", dir + "/one", "-o", dir + "/ds", "--window", "2", "-q"]).code == .success)
        let appended = try BuiltBinary.run(["collect", dir + "/two", "-o", dir + "/ds", "--append", "--json"])
        #expect(appended.code == .success)
        let json = try JSONParser().parse(appended.stdout)
        #expect(json["recordings"] == ["total": 3, "added": 1, "kept": 2])
        #expect(json["labels"] == ["a", "b", "c"])
        let mismatch = try BuiltBinary.run(["collect", dir + "/two", "-o", dir + "/ds", "--append", "--split", "50/25/25"])
        #expect(mismatch == Outcome(
            code: .failure, stdout: "",
            stderr: """
                tinyops: error: --append: the dataset has split 70/15/15, but this collect has 50/25/25
                  hint: collect again without --append to build a new dataset with the new settings

                """))
    }

    /// Bad input: one error line naming the file (and line and column), exit 1, no dataset.
    @Test func badInputExitsOneAndWritesNothing() throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(atPath: dir + "/in/tap", withIntermediateDirectories: true)
        try "timestamp,x,y\n0,1,2\n10,3,oops\n".write(toFile: dir + "/in/tap/r.csv", atomically: true, encoding: .utf8)
        let outcome = try BuiltBinary.run(["collect", dir + "/in", "-o", dir + "/ds"])
        #expect(outcome == Outcome(
            code: .failure, stdout: "",
            stderr: """
                tinyops: error: \(dir)/in/tap/r.csv: line 3, column 3 (y): 'oops' is not a number
                  hint: Edge Impulse CSV: a header row, then one row per sample with a number in every column

                """))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["in"])

        let empty = try BuiltBinary.run(["collect", dir + "/nothing", "-o", dir + "/ds"])
        #expect(empty.code == .failure)
        #expect(empty.stderr == "tinyops: error: \(dir)/nothing: no such file\n")

        let serial = try BuiltBinary.run(["collect", "--serial", dir + "/ttyNone", "--duration", "1s", "--label", "w", "-o", dir + "/ds", "-q"])
        #expect(serial.code == .failure)
        #expect(serial.stderr.hasPrefix("tinyops: error: \(dir)/ttyNone: cannot open serial port: No such file or directory\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["in"])
    }

    @Test(arguments: [
        (["collect", "-o", "ds"], "missing argument '<inputs>'"),
        (["collect", "in"], "missing option '--out <dataset>'"),
        (["collect", "in", "-o", "ds", "--stride", "5"], "missing option '--window <length>'"),
        (["collect", "in", "-o", "ds", "--window", "2min"], "invalid value '2min' for '--window': expected a number of samples (50) or a time (2000ms, 2s)"),
        (["collect", "in", "-o", "ds", "--window", "0"], "invalid value '0' for '--window': expected a number of samples (50) or a time (2000ms, 2s)"),
        (["collect", "in", "-o", "ds", "--split", "70/30"], "invalid value '70/30' for '--split': expected three shares such as 70/15/15"),
        (["collect", "in", "-o", "ds", "--sample-rate", "0"], "invalid value '0' for '--sample-rate': expected a positive number of samples per second"),
        (["collect", "in", "-o", "ds", "--seed", "-1"], "invalid value '-1' for '--seed': expected an integer from 0 to 9007199254740991"),
        (["collect", "in", "-o", "ds", "--channels", "a,,b"], "invalid value 'a,,b' for '--channels': expected comma-separated distinct names"),
        (["collect", "in", "-o", "ds", "--duration", "1s"], "missing option '--serial <device>'"),
        (["collect", "in", "-o", "ds", "--serial", "/dev/ttyACM0"], "options '<inputs>' and '--serial' cannot be used together"),
        (["collect", "-o", "ds", "--serial", "/dev/ttyACM0", "--duration", "1s"], "missing option '--label <name>'"),
        (["collect", "-o", "ds", "--serial", "/dev/ttyACM0", "--label", "w"], "missing option '--duration <time>'"),
        (["collect", "-o", "ds", "--serial", "/dev/ttyACM0", "--label", "w", "--duration", "0s"], "invalid value '0s' for '--duration': expected a duration above zero"),
        (["collect", "-o", "ds", "--serial", "/dev/ttyACM0", "--label", "w", "--duration", "1s", "--baud", "12345"],
         "invalid value '12345' for '--baud': expected one of: 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1500000, 2000000"),
    ])
    func usageErrors(arguments: [String], problem: String) {
        let outcome = run(arguments, root: Tinyops.self)
        #expect(outcome == Outcome(code: .usage, stdout: "", stderr: usageLine(problem, command: "tinyops collect")))
    }
}
