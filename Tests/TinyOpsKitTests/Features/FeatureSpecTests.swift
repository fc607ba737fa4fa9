import Foundation
import Testing
@testable import TinyOpsKit

/// Feature options: defaults, resolution to sizes, errors that name the problem, the JSON
/// record, and the generated C config's validation.
@Suite struct FeatureSpecTests {
    @Test func defaultsGiveTheKWSFrontEnd() throws {
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "mfcc"), window: 16000, channels: 1, sampleRate: 16000)
        #expect(spec.outputShape == [49, 10, 1])
        #expect((spec.frameLength, spec.frameStep, spec.fftLength, spec.melBands, spec.coefficients) == (640, 320, 1024, 40, 10))
        #expect(spec.text == "mfcc:frame=40ms,step=20ms,fft=1024,window=hann,preemph=0,mels=40,fmin=20,fmax=4000,floor=1e-10,coeffs=10,arith=float")
        let logmel = try FeatureSpec.resolve(FeatureOptions(parsing: "logmel:frame=25ms,step=10ms"), window: 16000, channels: 2, sampleRate: 16000)
        #expect(logmel.outputShape == [98, 40, 2])
        #expect(logmel.fftLength == 512)
        let spectral = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral"), window: 200, channels: 6, sampleRate: 100)
        #expect(spectral.outputShape == [39, 6])
        #expect((spectral.frameLength, spectral.frameStep, spectral.frameCount) == (64, 32, 5))
        let short = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral:fft=256"), window: 200, channels: 1, sampleRate: 100)
        #expect((short.frameLength, short.frameCount) == (200, 1))
    }

    @Test func optionsThatDoNotFitAreErrors() throws {
        func message(_ text: String, window: Int = 16000, rate: Double? = 16000) -> String {
            do {
                _ = try FeatureSpec.resolve(FeatureOptions(parsing: text), window: window, channels: 1, sampleRate: rate)
                return "no error"
            } catch {
                return error.message
            }
        }
        #expect(message("mfcc", rate: nil) == "--features mfcc: the sample rate is unknown; give --sample-rate (WAV and CSV files give theirs)")
        #expect(message("mfcc", window: 400) == "--features mfcc: the frame of 640 samples (40ms) is longer than the window of 400 samples")
        #expect(message("mfcc:fft=512") == "--features mfcc: fft=512 is shorter than the frame of 640 samples; use fft=1024")
        #expect(message("mfcc:fmin=4000") == "--features mfcc: fmin=4000 Hz must be below fmax=4000 Hz")
        #expect(message("mfcc:coeffs=41") == "--features mfcc: coeffs=41 is more than the 40 mel bands")
        #expect(message("logmel:mels=128,fft=256,frame=256,step=128").hasPrefix("--features logmel: mel band 0 (20 to 41 Hz) covers no FFT bin"))
        #expect(message("spectral", rate: nil) == "--features spectral: the sample rate is unknown; give --sample-rate (WAV and CSV files give theirs)")
    }

    @Test(arguments: ["mfcc", "logmel:arith=fixed,preemph=0.97,frame=25ms,step=10ms,window=hamming,fmin=0,fmax=8000,floor=1e-6",
                      "spectral:fft=128,detrend=mean,peaks=5,window=rect", "mfcc:frame=400,step=160"])
    func jsonRoundTrip(text: String) throws {
        let window = text.hasPrefix("spectral") ? 300 : 16000
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: text), window: window, channels: 3, sampleRate: text.hasPrefix("spectral") ? 50 : 16000)
        let read = try FeatureSpec(json: JSONParser().parse(JSONWriter().bytes(spec.json())))
        #expect(read == spec)
        #expect(read.text == spec.text)
        // A changed convention is refused, not misread.
        if spec.block != .spectral {
            var value = spec.json()
            value["mel_scale"] = "slaney"
            #expect(throws: JSONError.self) { try FeatureSpec(json: value) }
            value = spec.json()
            value["frames"] = 3
            #expect(throws: JSONError.self) { try FeatureSpec(json: value) }
        }
    }

    @Test func knownSpectralValues() throws {
        // 2 s at 100 Hz of 3 + 2·sin(2π·12.5 t) + 0.5·sin(2π·25 t) + a slope: after linear
        // detrending the RMS is √(2²/2 + 0.5²/2); the top peaks are 12.5 Hz (amplitude ≈ 2)
        // and 25 Hz (≈ 0.5), both on bin centres of a 64-point FFT (1.5625 Hz bins).
        let x = (0..<200).map { t -> Float in
            let time = Double(t) / 100
            return Float(3 + 0.01 * Double(t) + 2 * sin(2 * Double.pi * 12.5 * time) + 0.5 * sin(2 * Double.pi * 25 * time))
        }
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral:peaks=3"), window: 200, channels: 1, sampleRate: 100)
        let features = try FeatureExtractor(spec).apply(x[...])
        #expect(abs(features[0] - Float((2.0 * 2 / 2 + 0.25 / 2).squareRoot())) < 0.01)
        let peaks = Array(features[33...])
        #expect(peaks[0] == 12.5 && abs(peaks[1] - 2) < 0.02)
        #expect(peaks[2] == 25 && abs(peaks[3] - 0.5) < 0.02)
        #expect(abs(features[1 + 8 - 1] - 2) < 0.02)  // bin 8 = 12.5 Hz
    }

    @Test func rendererRefusesBadSymbolsAndMissingPaths() throws {
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral"), window: 100, channels: 1, sampleRate: 50)
        #expect(throws: FeatureConfigRenderer.Failure.badSymbol("2bad")) { try FeatureConfigRenderer.render(spec, symbol: "2bad") }
        #expect(throws: FeatureConfigRenderer.Failure.badSymbol("a-b")) { try FeatureConfigRenderer.render(spec, symbol: "a-b") }
        #expect(throws: FeatureConfigRenderer.Failure.noFixedPath(block: "spectral")) { try FeatureConfigRenderer.render(spec, arithmetic: .fixed) }
        let rendered = try FeatureConfigRenderer.render(spec, symbol: "imu_features", toolVersion: "test")
        #expect(rendered.header.hasPrefix("/* Generated by tinyops test"))
        #expect(rendered.header.contains("#define IMU_FEATURES_OUTPUT_COUNT 39u"))
        #expect(rendered.source.contains("const tinyops_features_config imu_features = {"))
    }

    @Test func deviceChecksRefuseInconsistentConfigs() throws {
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "mfcc"), window: 16000, channels: 1, sampleRate: 16000)
        let runner = DeviceFeatureRunner(spec)
        #expect(runner.scratchBytes(fixed: false) == 7 + 4 * (1024 + 513 + 40))
        #expect(runner.scratchBytes(fixed: true) == 7 + 4 * 1024 + 8 * 513 + 4 * 40)
        // The float tables are there, the Q16 path's too: both run.
        _ = try runner.runFloat([Float](repeating: 0, count: 16000))
        let silent = try runner.runFixed([Int16](repeating: 0, count: 16000))
        // Digital silence: every band at the floor, so c0 = √40 · ln(1e-10) in Q16 and the rest 0.
        #expect(abs(Double(silent[0]) / 65536 - 40.0.squareRoot() * log(1e-10)) < 1e-3)
        #expect(silent[1...9].allSatisfy { abs($0) <= 1 })
        let spectral = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral"), window: 100, channels: 1, sampleRate: 50)
        #expect(throws: FeatureError.device(status: 5)) { try DeviceFeatureRunner(spectral).runFixed([Int16](repeating: 0, count: 100)) }
    }
}
