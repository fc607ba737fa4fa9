import Foundation
import Testing
import TinyOpsKit

/// `Dataset.load` checks what it reads, and the manifest round-trips.
@Suite struct DatasetLoadTests {
    private func makeDataset() throws -> String {
        let scratch = try makeTemporaryDirectory()
        for index in 0..<8 {
            try writeFile("\(scratch)/in/\(index < 4 ? "a" : "b")/r\(index).csv", imuCSV(rampRows(6, offset: Double(index))))
        }
        try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(3) }
        return scratch + "/ds"
    }

    @Test func manifestRoundTrip() throws {
        let directory = try makeDataset()
        let text = try FileBytes.read(directory + "/dataset.json")
        let manifest = try DatasetManifest(json: JSONParser().parse(text))
        let again = try JSONWriter(pretty: true, inlineStrings: true).bytes(manifest.json()) + [0x0A]
        #expect(again == text)
        #expect(manifest.contentHash() == manifest.datasetHash)
        #expect(manifest.datasetHash.count == 64)
    }

    @Test func accessors() throws {
        let data = try Dataset.load(try makeDataset())
        #expect(data.count == 16)
        #expect(data.sampleSize == 9)
        #expect(data.x.count == 16 * 9)
        #expect(Array(data.sample(1)) == [300, 301, 302, 400, 401, 402, 500, 501, 502])  // r0 frames 3...5
        let all = DatasetSplit.allCases.flatMap { data.indices(in: $0) }.sorted()
        #expect(all == Array(0..<16))
    }

    @Test func changedArraysAreRefused() throws {
        let directory = try makeDataset()
        var x = try FileBytes.read(directory + "/x.npy")
        x[x.count - 1] ^= 1
        try AtomicFile.write(x, to: directory + "/x.npy")
        do {
            _ = try Dataset.load(directory)
            Issue.record("loaded a changed x.npy")
        } catch let error as DatasetError {
            guard case .hashMismatch(let file, _, _) = error else { Issue.record("\(error)"); return }
            #expect(file == directory + "/x.npy")
            #expect(error.message.hasSuffix("does not match dataset.json (\(error.expectedPrefix)…); the file changed after collect"))
        }
    }

    @Test func editedManifestIsRefused() throws {
        let directory = try makeDataset()
        var text = String(decoding: try FileBytes.read(directory + "/dataset.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"sample_rate\": 100,", with: "\"sample_rate\": 50,")
        try AtomicFile.write(Array(text.utf8), to: directory + "/dataset.json")
        expectMessage("\(directory)/dataset.json: dataset_hash does not match the contents; the file was edited after collect") {
            _ = try Dataset.load(directory)
        }
    }

    @Test func inconsistentManifestsNameThePath() throws {
        let directory = try makeDataset()
        var manifest = try DatasetManifest(json: JSONValue(contentsOf: directory + "/dataset.json"))
        manifest.classCounts[.train]![0] += 1
        manifest.datasetHash = manifest.contentHash()
        try manifest.json().write(to: directory + "/dataset.json")
        expectMessage("\(directory)/dataset.json: $.class_counts: does not match the samples") {
            _ = try Dataset.load(directory)
        }
        var json = try JSONValue(contentsOf: directory + "/dataset.json")
        json["format_version"] = 2
        try json.write(to: directory + "/dataset.json")
        expectMessage("\(directory)/dataset.json: $.format_version: version 2 is not supported (this tinyops reads 1)") {
            _ = try Dataset.load(directory)
        }
    }

    /// A y.npy whose values do not fit the labels, with hashes made consistent.
    @Test func labelIndicesOutOfRange() throws {
        let directory = try makeDataset()
        let y = try NPYArray(contentsOf: directory + "/y.npy")
        var values = try y.int32()
        values[5] = 7
        let bytes = try NPYArray(int32: values).npyBytes()
        try AtomicFile.write(bytes, to: directory + "/y.npy")
        var manifest = try DatasetManifest(json: JSONValue(contentsOf: directory + "/dataset.json"))
        manifest.y.sha256 = SHA256.hex(bytes)
        manifest.datasetHash = manifest.contentHash()
        try manifest.json().write(to: directory + "/dataset.json")
        expectMessage("\(directory)/y.npy: label 7 of sample 5 is outside 0..<2") {
            _ = try Dataset.load(directory)
        }
    }
}

extension DatasetError {
    fileprivate var expectedPrefix: String {
        if case .hashMismatch(_, let expected, _) = self { return String(expected.prefix(12)) }
        return ""
    }
}

@Suite struct InMemoryDatasetTests {
    @Test func describesArraysLikeCollect() throws {
        let x: [Float] = [1, 2, 3, 4, 5, 6, 7, 8]  // 4 samples of [1, 2]
        let data = try Dataset.inMemory(
            x: x, y: [0, 1, 1, 0], labels: ["no", "yes"], sampleShape: [1, 2],
            splits: [.train, .train, .val, .test])
        #expect(data.count == 4 && data.sampleSize == 2)
        #expect(data.indices(in: .train) == [0, 1])
        #expect(data.manifest.stats.mean == [2, 3])  // train samples [1, 2] and [3, 4]
        #expect(data.manifest.classCounts[.val] == [0, 1])
        #expect(data.manifest.samples.map(\.id) == ["memory/0@0", "memory/1@0", "memory/2@0", "memory/3@0"])
        #expect(data.manifest.contentHash() == data.manifest.datasetHash)
        expectMessage("in-memory dataset: label 2 of sample 0 is outside 0..<2") {
            _ = try Dataset.inMemory(x: [1, 2], y: [2], labels: ["no", "yes"], sampleShape: [1, 2])
        }
        expectMessage("in-memory dataset: 3 values for 1 samples of [1, 2]") {
            _ = try Dataset.inMemory(x: [1, 2, 3], y: [0], labels: ["no"], sampleShape: [1, 2])
        }
    }
}
