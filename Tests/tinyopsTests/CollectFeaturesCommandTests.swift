import Foundation
import Testing
@testable import tinyops

/// `tinyops collect --features`: usage errors for bad blocks, keys and values (exit 2),
/// options that do not fit the data (exit 1, nothing written), and a working run.
@Suite struct CollectFeaturesCommandTests {
    static let expectation = "a block (raw, spectral, logmel, mfcc) with optional key=value options"

    @Test(arguments: [
        ("mfc", "unknown block 'mfc' (did you mean 'mfcc'?); blocks: raw, spectral, logmel, mfcc"),
        ("mfcc:mel=40", "unknown key 'mel' (did you mean 'mels'?); mfcc takes frame, step, fft, window, preemph, mels, fmin, fmax, floor, coeffs, arith"),
        ("mfcc:mels=0", "mels=0: expected an integer in 1...256"),
        ("mfcc:fft=1000", "fft=1000: expected a power of two (64, 512, 1024)"),
        ("mfcc:frame=40", "frame=40 is fine"),
        ("mfcc:frame=abc", "frame=abc: expected samples (640) or a time (40ms)"),
        ("logmel:coeffs=10", "unknown key 'coeffs'; logmel takes frame, step, fft, window, preemph, mels, fmin, fmax, floor, arith"),
        ("spectral:arith=fixed", "unknown key 'arith'; spectral takes fft, window, detrend, peaks"),
        ("mfcc:window=blackman", "window=blackman: expected one of hann, hamming, rect"),
        ("mfcc:preemph=1", "preemph=1: expected a coefficient in [0, 1), such as 0.97"),
        ("mfcc:mels", "expected key=value, got 'mels'"),
        ("mfcc:mels=40,mels=32", "'mels' is given twice"),
        ("raw:fft=64", "unknown key 'fft'; raw takes no options"),
    ])
    func usageErrors(text: String, problem: String) {
        let outcome = run(["collect", "in", "-o", "ds", "--features", text], root: Tinyops.self)
        if problem.hasSuffix("is fine") {
            #expect(outcome.code != .usage)
            return
        }
        let line = "invalid value '\(text)' for '--features': expected \(Self.expectation): \(problem)"
        #expect(outcome == Outcome(code: .usage, stdout: "", stderr: usageLine(line, command: "tinyops collect")))
    }

    @Test func featuresAndArraysConflict() {
        let outcome = run(["collect", "--arrays", "a", "-o", "ds", "--features", "mfcc"], root: Tinyops.self)
        #expect(outcome.code == .usage)
        #expect(outcome.stderr == usageLine("options '--features' and '--arrays' cannot be used together", command: "tinyops collect"))
    }

    static func scratch(_ name: String = #function) throws -> String {
        let path = NSTemporaryDirectory() + "tinyops-collect-features-\(name.filter(\.isLetter))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let audio = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/examples/audio-keywords/data"

    @Test func optionsThatDoNotFitTheDataExitOneAndWriteNothing() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = run(["collect", Self.audio + "/yes", Self.audio + "/no", "--label", "x", "-o", dir + "/ds", "--features", "mfcc:fmax=9000"], root: Tinyops.self)
        #expect(outcome.code == .failure)
        #expect(outcome.stderr == "tinyops: error: --features mfcc: fmax=9000 Hz is above the Nyquist frequency (8000 Hz at 16000 Hz); give fmax=8000 or less\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }

    @Test func mfccDatasetOfTheAudioExample() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = run(["collect", Self.audio, "-o", dir + "/ds", "--features", "mfcc", "--json", "--quiet"], root: Tinyops.self)
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let result = try TinyOpsKit.JSONParser().parse(Array(outcome.stdout.utf8))
        #expect(result["sample_shape"] == [49, 10, 1])
        #expect(result["features"]?["block"] == "mfcc")
        #expect(result["features"]?["output_shape"] == [49, 10, 1])
        #expect(result["samples"] == 60)
    }
}

import TinyOpsKit
