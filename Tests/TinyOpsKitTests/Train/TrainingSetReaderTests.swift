import Foundation
import Testing
@testable import TinyOpsKit

/// The trainer reads datasets through `Dataset.load`: splits, labels and the dataset hash.
@Suite struct TrainingSetReaderTests {
    @Test func readsSplitsLabelsAndTheDatasetHash() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dataset = try Dataset.inMemory(x: (0..<12).map(Float.init), y: [0, 1, 1, 0], labels: ["a", "b"], sampleShape: [3, 1],
                                           splits: [.train, .val, .train, .test])
        try dataset.write(to: directory + "/ds")
        let set = try TrainingSetReader.read(directory + "/ds")
        #expect(set.sampleShape == [3, 1] && set.y == [0, 1, 1, 0] && set.x[5] == 5)
        #expect(set.train == [0, 2] && set.validation == [1] && set.test == [3])
        #expect(set.labels == ["a", "b"])
        #expect(set.hash == dataset.manifest.datasetHash)
    }

    @Test func aTamperedDatasetIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Dataset.inMemory(x: [1, 2, 3, 4], y: [0, 1], labels: ["a", "b"], sampleShape: [2, 1]).write(to: directory + "/ds")
        try NPYArray(int32: [1, 1]).write(to: directory + "/ds/y.npy")
        #expect(throws: (any Error).self) { try TrainingSetReader.read(directory + "/ds") }
    }

    @Test func aClassWithoutTrainingSamplesIsNamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Dataset.inMemory(x: [1, 2, 3, 4, 5, 6], y: [0, 0, 1], labels: ["a", "b"], sampleShape: [2, 1],
                             splits: [.train, .train, .test]).write(to: directory + "/ds")
        let error = try #require(throws: FileError.self) { try TrainingSetReader.read(directory + "/ds") }
        #expect(error.message.contains("b"))
    }
}
