import Foundation
import Testing
import TinyOpsKit

/// Bad input: one clear error, and nothing written (no dataset, no temporary folder).
@Suite struct CollectErrorTests {
    /// Runs a collect of `scratch/in` into `scratch/out` that must fail with `message`,
    /// then checks that only the inputs remain in `scratch`.
    private func expectFailure(
        _ message: String, _ scratch: String, sourceLocation: SourceLocation = #_sourceLocation,
        _ configure: (inout CollectOptions) -> Void = { _ in }
    ) {
        expectMessage(message, sourceLocation: sourceLocation) {
            try collect([scratch + "/in"], to: scratch + "/out", configure)
        }
        #expect(folderEntries(scratch) == ["in"], sourceLocation: sourceLocation)
    }

    @Test func raggedRowsAndNonNumericCells() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/good.csv", imuCSV(rampRows(4)))
        try writeFile(scratch + "/in/a/ragged.csv", "timestamp,accX,accY,accZ\n0,1,2,3\n10,1,2,3,4\n")
        expectFailure("\(scratch)/in/a/ragged.csv: line 3: expected 4 columns as in the header, found 5", scratch)
        try FileManager.default.removeItem(atPath: scratch + "/in/a/ragged.csv")
        try writeFile(scratch + "/in/b/text.csv", "timestamp,accX,accY,accZ\n0,1,2,3\n10,1,two,3\n")
        expectFailure("\(scratch)/in/b/text.csv: line 3, column 3 (accY): 'two' is not a number", scratch)
    }

    @Test func unknownWAVEncoding() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/ok.wav", DataFixtures.bytes("wav/stereo16.wav"))
        try writeFile(scratch + "/in/a/float.wav", DataFixtures.bytes("wav/float32.wav"))
        expectFailure("\(scratch)/in/a/float.wav: unsupported WAV encoding: IEEE float, 32-bit (tinyops reads 16-bit PCM)", scratch)
    }

    @Test func mismatchedChannelCounts() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/three.csv", imuCSV(rampRows(4)))
        try writeFile(scratch + "/in/b/two.csv", imuCSV(rampRows(4, channels: 2), header: ["accX", "accY"]))
        expectFailure("\(scratch)/in/b/two.csv: channels (accX, accY) differ from (accX, accY, accZ) in \(scratch)/in/a/three.csv; every recording must have the same channels in the same order", scratch)
    }

    @Test func labelWithNoSamples() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/long/a.csv", imuCSV(rampRows(10)))
        try writeFile(scratch + "/in/short/b.csv", imuCSV(rampRows(3)))
        try writeFile(scratch + "/in/short/c.csv", imuCSV(rampRows(2)))
        expectFailure("label 'short' has no samples: its 2 recordings are all shorter than the window of 4 samples", scratch) {
            $0.window = .samples(4)
        }
        try FileManager.default.createDirectory(atPath: scratch + "/in/empty", withIntermediateDirectories: false)
        try writeFile(scratch + "/in/empty/readme.txt", "nothing here")
        try FileManager.default.removeItem(atPath: scratch + "/in/short")
        expectFailure("\(scratch)/in/empty: label 'empty' has no samples: the folder holds no .csv, .wav or .npy recordings", scratch)
    }

    @Test func emptyInput() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/notes.md", "no recordings")
        expectFailure("\(scratch)/in: no recordings found (looked for .csv, .wav and .npy files)", scratch)
        expectMessage("\(scratch)/missing: no such file") {
            try collect([scratch + "/missing"], to: scratch + "/out")
        }
    }

    @Test func duplicateRecordingNames() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/one/wave/r.csv", imuCSV(rampRows(4)))
        try writeFile(scratch + "/two/wave/r.csv", imuCSV(rampRows(4)))
        expectMessage("\(scratch)/two/wave/r.csv: same recording name 'wave/r.csv' as \(scratch)/one/wave/r.csv; recordings are identified by their path below the input folder") {
            try collect([scratch + "/one", scratch + "/two"], to: scratch + "/out")
        }
    }

    @Test func outputThatIsNotADatasetIsNeverReplaced() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/r.csv", imuCSV(rampRows(4)))
        try writeFile(scratch + "/out/precious.txt", "keep me")
        expectMessage("\(scratch)/out: exists and is not a tinyops dataset; refusing to replace it") {
            try collect([scratch + "/in"], to: scratch + "/out")
        }
        #expect(folderEntries(scratch + "/out") == ["precious.txt"])
        // A dataset is replaced; an empty folder is filled.
        try collect([scratch + "/in"], to: scratch + "/ds")
        try writeFile(scratch + "/in/a/s.csv", imuCSV(rampRows(4, offset: 1)))
        let second = try collect([scratch + "/in"], to: scratch + "/ds")
        #expect(second.manifest.count == 2)
        #expect(folderEntries(scratch + "/ds") == ["dataset.json", "x.npy", "y.npy"])
        try FileManager.default.createDirectory(atPath: scratch + "/empty", withIntermediateDirectories: false)
        try collect([scratch + "/in"], to: scratch + "/empty")
        #expect(folderEntries(scratch).sorted() == ["ds", "empty", "in", "out"])
        expectMessage("\(scratch)/no/such/ds: cannot write: the directory does not exist") {
            try collect([scratch + "/in"], to: scratch + "/no/such/ds")
        }
    }
}
