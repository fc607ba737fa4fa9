import Foundation
import Testing
import TinyOpsKit

/// `--append`, split stability and byte-for-byte determinism.
@Suite struct CollectAppendTests {
    /// Twelve recordings in two labels, 12 frames each, distinct values.
    private func makeInputs(_ root: String, range: Range<Int>) throws {
        for index in range {
            let label = index % 3 == 0 ? "idle" : "wave"
            try writeFile("\(root)/\(label)/r\(index).csv", imuCSV(rampRows(12, offset: Double(index) / 8)))
        }
    }

    private func files(_ directory: String) throws -> [[UInt8]] {
        try ["x.npy", "y.npy", "dataset.json"].map { try FileBytes.read(directory + "/" + $0) }
    }

    @Test func sameInputsGiveIdenticalBytes() throws {
        let scratch = try makeTemporaryDirectory()
        try makeInputs(scratch + "/in", range: 0..<12)
        try collect([scratch + "/in"], to: scratch + "/a") { $0.window = .samples(4); $0.stride = .samples(3) }
        try collect([scratch + "/in"], to: scratch + "/b") { $0.window = .samples(4); $0.stride = .samples(3) }
        #expect(try files(scratch + "/a") == files(scratch + "/b"))
        // The same recordings given as separate files, in another order.
        let listed = (0..<12).reversed().map { "\(scratch)/in/\($0 % 3 == 0 ? "idle" : "wave")/r\($0).csv" }
        try collect(listed, to: scratch + "/c") { $0.window = .samples(4); $0.stride = .samples(3) }
        #expect(try files(scratch + "/a") == files(scratch + "/c"))
    }

    /// Collecting A then appending B gives the same dataset as collecting A and B at once,
    /// and A's samples keep their splits and values.
    @Test func appendEqualsCollectingEverything() throws {
        let scratch = try makeTemporaryDirectory()
        try makeInputs(scratch + "/first", range: 0..<12)
        try makeInputs(scratch + "/second", range: 12..<20)
        try makeInputs(scratch + "/all", range: 0..<20)
        let before = try collect([scratch + "/first"], to: scratch + "/ds") { $0.window = .samples(4); $0.seed = 3 }
        let old = try Dataset.load(scratch + "/ds")

        let appended = try collect([scratch + "/second"], to: scratch + "/ds") { $0.append = true }
        #expect(appended.keptRecordings == 12 && appended.addedRecordings == 8)
        #expect(appended.manifest.settings == before.manifest.settings)  // window and seed from the dataset
        let new = try Dataset.load(scratch + "/ds")
        for (index, sample) in old.manifest.samples.enumerated() {
            let position = try #require(new.manifest.samples.firstIndex { $0.id == sample.id })
            #expect(new.manifest.samples[position].split == sample.split)
            #expect(new.sample(position) == old.sample(index))
        }

        try collect([scratch + "/all"], to: scratch + "/once") { $0.window = .samples(4); $0.seed = 3 }
        #expect(try files(scratch + "/ds") == files(scratch + "/once"))
    }

    /// Splits of recordings already in the dataset come from dataset.json, not from the hash.
    @Test func appendKeepsRecordedSplits() throws {
        let scratch = try makeTemporaryDirectory()
        try makeInputs(scratch + "/in", range: 0..<6)
        try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(6) }
        // Move r0 to another split by hand, as an older tinyops or a curator might have.
        var manifest = try DatasetManifest(json: JSONValue(contentsOf: scratch + "/ds/dataset.json"))
        let recording = try #require(manifest.recordings.firstIndex { $0.source == "idle/r0.csv" })
        let moved: DatasetSplit = manifest.recordings[recording].split == .test ? .val : .test
        let was = manifest.recordings[recording].split
        manifest.recordings[recording].split = moved
        for index in manifest.samples.indices where manifest.samples[index].source == "idle/r0.csv" {
            manifest.samples[index].split = moved
            manifest.classCounts[was]![0] -= 1
            manifest.classCounts[moved]![0] += 1
        }
        manifest.datasetHash = manifest.contentHash()
        try manifest.json().write(to: scratch + "/ds/dataset.json")

        try makeInputs(scratch + "/more", range: 6..<9)
        try collect([scratch + "/more", scratch + "/in"], to: scratch + "/ds") { $0.append = true }
        let data = try Dataset.load(scratch + "/ds")
        #expect(data.manifest.samples.filter { $0.source == "idle/r0.csv" }.allSatisfy { $0.split == moved })
        #expect(data.manifest.recordings.count == 9)
    }

    @Test func appendFailuresLeaveTheDatasetAlone() throws {
        let scratch = try makeTemporaryDirectory()
        try makeInputs(scratch + "/in", range: 0..<6)
        try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(4) }
        let original = try files(scratch + "/ds")

        // Other settings than the dataset's.
        expectMessage("--append: the dataset has seed 0, but this collect has 8") {
            try collect([scratch + "/in"], to: scratch + "/ds") { $0.append = true; $0.seed = 8 }
        }
        expectMessage("--append: the dataset has window/stride 4/4 samples, but this collect has 5/5 samples") {
            try collect([scratch + "/in"], to: scratch + "/ds") { $0.append = true; $0.window = .samples(5) }
        }
        // A recording already in the dataset with other contents.
        try writeFile(scratch + "/in/wave/r1.csv", imuCSV(rampRows(12, offset: 99)))
        expectMessage("\(scratch)/in/wave/r1.csv: recording 'wave/r1.csv' is already in the dataset with different contents") {
            try collect([scratch + "/in"], to: scratch + "/ds") { $0.append = true }
        }
        // Other channels; and a bad file among good new ones.
        try writeFile(scratch + "/other/wave/n1.csv", imuCSV(rampRows(12, channels: 2), header: ["x", "y"]))
        expectMessage("\(scratch)/other/wave/n1.csv: channels (x, y) differ from (accX, accY, accZ) in \(scratch)/ds/dataset.json; every recording must have the same channels in the same order") {
            try collect([scratch + "/other"], to: scratch + "/ds") { $0.append = true }
        }
        try writeFile(scratch + "/bad/wave/n2.csv", imuCSV(rampRows(12)))
        try writeFile(scratch + "/bad/wave/n3.csv", "timestamp,accX,accY,accZ\n0,1,2\n")
        expectMessage("\(scratch)/bad/wave/n3.csv: line 2: expected 4 columns as in the header, found 3") {
            try collect([scratch + "/bad"], to: scratch + "/ds") { $0.append = true }
        }
        #expect(try files(scratch + "/ds") == original)
        #expect(folderEntries(scratch) == ["bad", "ds", "in", "other"])  // no temporary folders left
        expectMessage("\(scratch)/none: not a tinyops dataset (no dataset.json)") {
            try collect([scratch + "/in"], to: scratch + "/none") { $0.append = true }
        }
    }

    @Test func appendingNothingNewKeepsTheDataset() throws {
        let scratch = try makeTemporaryDirectory()
        try makeInputs(scratch + "/in", range: 0..<6)
        try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(4) }
        let original = try files(scratch + "/ds")
        let report = try collect([scratch + "/in"], to: scratch + "/ds") { $0.append = true }
        #expect(report.warnings.contains(.alreadyInDataset(count: 6)))
        #expect(report.addedRecordings == 0)
        #expect(try files(scratch + "/ds") == original)
    }
}
