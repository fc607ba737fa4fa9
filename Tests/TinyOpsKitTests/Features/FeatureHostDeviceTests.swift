import Foundation
import Testing
@testable import TinyOpsKit

/// The Swift feature code against the device's C code compiled into this package
/// (`DeviceFeatureRunner`): same tables, same input, and the outputs must be identical bit
/// for bit, for the float path (IEEE-754 float32 without contraction, on x86-64 here) as
/// for the integer path.
@Suite struct FeatureHostDeviceTests {
    static func spec(_ text: String, window: Int, channels: Int = 1, rate: Double = 16000) throws -> FeatureSpec {
        try FeatureSpec.resolve(FeatureOptions(parsing: text), window: window, channels: channels, sampleRate: rate)
    }

    /// Speech-like test signal: a chirp with harmonics, noise and a silent gap, as 16-bit
    /// PCM values / 32768 (what collect reads from WAV files).
    static func signal(count: Int, channels: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        var x = [Float](repeating: 0, count: count * channels)
        for t in 0..<count {
            for c in 0..<channels {
                let time = Double(t) / 16000
                var value = 0.3 * sin(2 * Double.pi * (200 + 900 * time) * time * Double(c + 1))
                value += 0.1 * sin(2 * Double.pi * 1250 * time) + Double.random(in: -0.02...0.02, using: &generator)
                if t > count / 3 && t < count / 3 + 1200 { value = 0 }  // digital silence
                x[t * channels + c] = Float((value * 32768).rounded().clamped(to: -32768...32767) / 32768)
            }
        }
        return x
    }

    static let floatCases: [(String, Int, Int)] = [
        ("mfcc", 16000, 1),
        ("logmel", 16000, 1),
        ("mfcc:frame=25ms,step=10ms,fft=512,mels=26,coeffs=13,preemph=0.97,window=hamming,fmin=0,fmax=8000", 8000, 1),
        ("logmel:frame=30ms,step=20ms,mels=32,floor=1e-6,window=rect", 4000, 2),
        ("spectral", 200, 3),
        ("spectral:fft=128,detrend=mean,peaks=5,window=hamming", 500, 2),
        ("spectral:fft=256,detrend=none,peaks=2", 100, 1),
        ("raw", 50, 3),
    ]

    @Test(arguments: 0..<floatCases.count)
    func floatPathIsBitIdentical(index: Int) throws {
        let (text, window, channels) = Self.floatCases[index]
        let spec = try Self.spec(text, window: window, channels: channels, rate: text.hasPrefix("spectral") || text == "raw" ? 100 : 16000)
        let input = Self.signal(count: window, channels: channels, seed: UInt64(index))
        let host = try FeatureExtractor(spec).apply(input[...])
        let device = try DeviceFeatureRunner(spec).runFloat(input)
        #expect(host.count == spec.outputSize && host.allSatisfy(\.isFinite))
        let differing = zip(host, device).enumerated().filter { $0.element.0.bitPattern != $0.element.1.bitPattern }
        #expect(differing.isEmpty, "\(text): \(differing.count) values differ, first at \(differing.first.map { "\($0.offset): \($0.element)" } ?? "")")
    }

    static let fixedCases: [(String, Int, Int)] = [
        ("mfcc:arith=fixed", 16000, 1),
        ("logmel:arith=fixed", 16000, 1),
        ("mfcc:arith=fixed,frame=25ms,step=10ms,fft=512,mels=26,coeffs=13,preemph=0.97,window=hamming,fmax=8000", 8000, 2),
        ("logmel:arith=fixed,fft=4096,mels=64,fmin=0,fmax=8000", 3200, 1),
    ]

    @Test(arguments: 0..<fixedCases.count)
    func integerPathIsBitIdentical(index: Int) throws {
        let (text, window, channels) = Self.fixedCases[index]
        let spec = try Self.spec(text, window: window, channels: channels)
        var input = Self.signal(count: window, channels: channels, seed: UInt64(100 + index))
        // Full-scale samples and a frame of a single tiny value exercise both ends of the scaling.
        input[0] = 1
        input[1] = -1
        let host = try FeatureExtractor(spec).apply(input[...])
        let pcm = input.map { Int16(clamping: Int(($0 * 32768).rounded())) }
        let device = try DeviceFeatureRunner(spec).runFixed(pcm).map { Float($0) / 65536 }
        #expect(host == device, "\(text): \(zip(host, device).filter { $0 != $1 }.count) values differ")
    }

    /// Inputs at the bounds of the integer path's ranges: full-scale DC (the largest possible
    /// DFT bin), full-scale alternation (all energy at Nyquist, pre-emphasis saturating), a
    /// single full-scale click, and the smallest non-zero sample. Swift traps on any integer
    /// overflow (debug builds), so these also check the bounds in docs/dataset-format.md.
    @Test(arguments: ["mfcc:arith=fixed", "logmel:arith=fixed,preemph=0.97", "logmel:arith=fixed,fft=4096,fmin=0,fmax=8000,mels=80"])
    func integerPathAtItsBounds(text: String) throws {
        let spec = try Self.spec(text, window: 16000)
        let inputs: [[Float]] = [
            [Float](repeating: -1, count: 16000),
            [Float](repeating: 32767.0 / 32768, count: 16000),
            (0..<16000).map { $0 % 2 == 0 ? 32767.0 / 32768 : -1 },
            (0..<16000).map { $0 == 5000 ? -1 : 0 },
            (0..<16000).map { $0 % 700 == 0 ? 1.0 / 32768 : 0 },
        ]
        for input in inputs {
            let host = try FeatureExtractor(spec).apply(input[...])
            let pcm = input.map { Int16(clamping: Int(($0 * 32768).rounded())) }
            let device = try DeviceFeatureRunner(spec).runFixed(pcm).map { Float($0) / 65536 }
            #expect(host == device, "\(text): \(zip(host, device).filter { $0 != $1 }.count) values differ")
            // Bands within 60 dB of a frame's loudest track the float path; far quieter bands
            // (a pure tone's window leakage) are floored by the integer path. (Pre-emphasis
            // rounds to int16 and saturates, which these extreme inputs magnify.)
            guard spec.block == .logmel, spec.preEmphasis == 0 else { continue }
            let float = try FeatureExtractor(try Self.spec(text.replacingOccurrences(of: "arith=fixed", with: "arith=float"), window: 16000)).apply(input[...])
            var worst: Float = 0
            for frame in 0..<spec.frameCount {
                let row = (frame * spec.melBands)..<((frame + 1) * spec.melBands)
                let loudest = float[row].max()!
                for i in row where float[i] > loudest - 13.8 && loudest > Float(log(1e-9)) { worst = max(worst, abs(host[i] - float[i])) }
            }
            #expect(worst < 0.005, "\(text): fixed vs float differ by \(worst) within 60 dB")
        }
    }

    @Test func integerPathTracksTheFloatPath() throws {
        // The documented tolerance (docs/dataset-format.md): log-mel within 0.005 (natural
        // log, 0.02 dB) where the band energy is at most 60 dB below the frame's loudest band,
        // on real speech and noise clips and on the synthetic signal (measured: 0.0015).
        let float = try Self.spec("logmel", window: 16000)
        let fixed = try Self.spec("logmel:arith=fixed", window: 16000)
        var inputs = [Self.signal(count: 16000, channels: 1, seed: 42)]
        for name in ["yes/yes_000.wav", "unknown/unknown_004.wav", "noise/noise_001.wav"] {
            let path = Fixtures.repositoryRoot + "/examples/audio-keywords/data/" + name
            inputs.append(try WAVReader.decode(try FileBytes.read(path), file: path).frames)
        }
        var worst = 0.0, worstAll = 0.0
        for input in inputs {
            let a = try FeatureExtractor(float).apply(input[...]), b = try FeatureExtractor(fixed).apply(input[...])
            for frame in 0..<49 {
                let row = (frame * 40)..<(frame * 40 + 40)
                let loudest = a[row].max()!
                for i in row {
                    let difference = Double(abs(a[i] - b[i]))
                    worstAll = max(worstAll, difference)
                    if a[i] > loudest - 13.8 { worst = max(worst, difference) }
                }
            }
        }
        print("fixed vs float log-mel: max |Δ| \(worst) within 60 dB of the frame's loudest band, \(worstAll) over all bands")
        #expect(worst < 0.005, "worst log-mel difference \(worst)")
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
