import Foundation
import Testing
@testable import TinyOpsKit

/// The (temporary) dataset directory reader: what it accepts and how it names problems.
@Suite struct TrainingSetReaderTests {
    func write(_ directory: String, x: NPYArray, y: NPYArray, manifest: JSONValue) throws {
        try x.write(to: directory + "/x.npy")
        try y.write(to: directory + "/y.npy")
        try manifest.write(to: directory + "/dataset.json")
    }

    @Test func readsSplitsConvertsTypesAndHashes() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // float64 features and int64 labels, as numpy writes by default, are converted.
        let x = try NPYArray(float64: (0..<12).map(Double.init), shape: [4, 3, 1])
        let y = try NPYArray(int64: [0, 1, 1, 0])
        try write(directory, x: x, y: y, manifest: ["labels": ["a", "b"], "split": ["train", "val", "train", "test"]])
        let set = try TrainingSetReader.read(directory)
        #expect(set.sampleShape == [3, 1] && set.y == [0, 1, 1, 0] && set.x[5] == 5)
        #expect(set.train == [0, 2] && set.validation == [1] && set.test == [3])
        var digest = SHA256Digest()
        digest.update(x.npyBytes())
        digest.update(y.npyBytes())
        #expect(set.hash == digest.finalize().map { String(format: "%02x", $0) }.joined())
        // The manifest's own hash wins.
        try write(directory, x: x, y: y, manifest: ["labels": ["a", "b"], "sha256": "feed",
                                                    "samples": [["split": "train"], ["split": "train"], ["split": "val"], ["split": "train"]]])
        #expect(try TrainingSetReader.read(directory).hash == "feed")
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256Digest.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(arguments: [
        ("labels", "dataset.json: $: missing required key \"labels\""),
        ("count", "dataset.json: $: lists 3 samples but x.npy holds 4"),
        ("split", "dataset.json: sample 2 has split \"training\"; expected \"train\", \"val\" or \"test\""),
        ("y", "y.npy: expected 4 labels (shape [4]) to match x.npy, got shape [3]"),
        ("label", ": sample 3 has label 7, but there are 2 classes (labels 0...1)"),
    ])
    func problemsNameTheFile(_ problem: String, _ expected: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let x = try NPYArray(float32: [Float](repeating: 1, count: 8), shape: [4, 2])
        var y = try NPYArray(int32: [0, 1, 0, 1])
        var manifest: JSONValue = ["labels": ["a", "b"], "split": ["train", "train", "val", "test"]]
        switch problem {
        case "labels": manifest = ["split": ["train", "train", "val", "test"]]
        case "count": manifest["split"] = ["train", "train", "val"]
        case "split": manifest["split"] = ["train", "train", "training", "test"]
        case "y": y = try NPYArray(int32: [0, 1, 0])
        default: y = try NPYArray(int32: [0, 1, 0, 7])
        }
        try write(directory, x: x, y: y, manifest: manifest)
        do {
            _ = try TrainingSetReader.read(directory)
            Issue.record("no error for \(problem)")
        } catch let error as any UserFacingError {
            #expect(error.message.hasPrefix(directory + "/" + expected) || error.message.hasPrefix(directory + expected),
                    "got: \(error.message)")
        }
    }
}
