import Foundation
import Testing
@testable import TinyOpsKit

/// logmel and mfcc against librosa 0.11 (Tests/Oracles/features_oracle.py states the
/// conventions matched: HTK mel without area normalization, power spectrum, natural log with
/// a floor, orthonormal DCT-II, uncentered frames) on real speech clips of the audio example.
///
/// Tolerance (docs/dataset-format.md): our float32 pipeline against librosa's float64 one,
/// |Δ log-mel| ≤ 1e-4 for bands within 80 dB (18.4 in natural log) of the frame's loudest
/// band — far below that, float32 rounding in the FFT dominates a band — and |Δ MFCC| ≤ 2e-4.
@Suite(.enabled(if: AudioOracle.isAvailable, AudioOracle.skipReason))
struct FeatureOracleTests {
    static let clips = ["yes/yes_000.wav", "down/down_003.wav", "unknown/unknown_004.wav", "noise/noise_001.wav"]
    static let configurations = [
        "mfcc",
        "mfcc:frame=25ms,step=10ms,fft=512,mels=26,coeffs=13,preemph=0.97,window=hamming,fmin=0,fmax=8000,floor=1e-6",
        "mfcc:frame=32ms,step=16ms,mels=64,coeffs=20,window=rect,fmin=50,fmax=7000",
    ]

    static func clip(_ name: String) throws -> [Float] {
        let path = Fixtures.repositoryRoot + "/examples/audio-keywords/data/" + name
        return try WAVReader.decode(try FileBytes.read(path), file: path).frames
    }

    @Test func logmelAndMFCCMatchLibrosa() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        struct Pending { var name: String; var text: String; var spec: FeatureSpec; var logmel: [Float]; var mfcc: [Float]; var prefix: String }
        var pending: [Pending] = []
        var jobs: [JSONValue] = []
        for (c, name) in Self.clips.enumerated() {
            let samples = try Self.clip(name)
            let input = "\(directory)/x\(c).npy"
            try NPYArray(float32: samples, shape: [samples.count]).write(to: input)
            for (k, text) in Self.configurations.enumerated() {
                var options = try FeatureOptions(parsing: text)
                let spec = try FeatureSpec.resolve(options, window: samples.count, channels: 1, sampleRate: 16000)
                options.block = .logmel
                let logmelSpec = try FeatureSpec.resolve(options, window: samples.count, channels: 1, sampleRate: 16000)
                let prefix = "\(directory)/\(c)-\(k)"
                pending.append(Pending(name: name, text: text, spec: spec, logmel: try FeatureExtractor(logmelSpec).apply(samples[...]),
                                       mfcc: try FeatureExtractor(spec).apply(samples[...]), prefix: prefix))
                jobs.append([
                    "input": .string(input), "sample_rate": 16000,
                    "frame_length": .int(spec.frameLength), "frame_step": .int(spec.frameStep), "fft_length": .int(spec.fftLength),
                    "window": .string(spec.window.rawValue), "pre_emphasis": .number(spec.preEmphasis),
                    "mel_bands": .int(spec.melBands), "low_hz": .number(spec.lowHz), "high_hz": .number(spec.highHz),
                    "log_floor": .number(spec.logFloor), "coefficients": .int(spec.coefficients),
                    "logmel_out": .string(prefix + "-logmel.npy"), "mfcc_out": .string(prefix + "-mfcc.npy"),
                ])
            }
        }
        try JSONValue.object(["jobs": .array(jobs)]).write(to: directory + "/jobs.json")
        let result = try TFLMOracle.run(arguments: [AudioOracle.script, directory + "/jobs.json"])
        try #require(result.status == 0, "features_oracle.py: \(result.stderr)")
        for item in pending {
            let expectedLogmel = try NPYArray(contentsOf: item.prefix + "-logmel.npy").float64()
            let expectedMFCC = try NPYArray(contentsOf: item.prefix + "-mfcc.npy").float64()
            try #require(expectedLogmel.count == item.logmel.count && expectedMFCC.count == item.mfcc.count, "\(item.name): shapes differ")
            var worstLogmel = 0.0, worstMFCC = 0.0, worstAnyBand = 0.0
            let mels = item.spec.melBands
            for frame in 0..<item.spec.frameCount {
                let row = (frame * mels)..<((frame + 1) * mels)
                let loudest = expectedLogmel[row].max()!
                for i in row {
                    let difference = abs(Double(item.logmel[i]) - expectedLogmel[i])
                    worstAnyBand = max(worstAnyBand, difference)
                    if expectedLogmel[i] > loudest - 18.4 { worstLogmel = max(worstLogmel, difference) }
                }
            }
            for (ours, theirs) in zip(item.mfcc, expectedMFCC) { worstMFCC = max(worstMFCC, abs(Double(ours) - theirs)) }
            #expect(worstLogmel <= 1e-4, "\(item.name) \(item.text): log-mel differs by up to \(worstLogmel)")
            #expect(worstMFCC <= 2e-4, "\(item.name) \(item.text): MFCC differs by up to \(worstMFCC)")
            print("oracle \(item.name) \(item.text.prefix(24)): max |Δ log-mel| \(worstLogmel) (all bands \(worstAnyBand)), max |Δ MFCC| \(worstMFCC)")
        }
    }
}
