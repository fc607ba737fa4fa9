import Foundation

/// A feature block with every size worked out for one kind of sample: what collect records
/// in dataset.json (`features`), what train copies into the model's metadata, and what the
/// tables (`FeatureTables`), the Swift extractors and the generated C config are built from.
public struct FeatureSpec: Equatable, Sendable {
    public var block: FeatureBlockKind
    public var arithmetic: FeatureArithmetic
    public var window: WindowFunction
    /// `[window, channels]`: the raw samples the block reads.
    public var inputShape: [Int]
    public var sampleRate: Double?
    /// Audio: samples per frame and between frames. Spectral: the segment that is
    /// windowed (min(window, fft)) and the hop between segments (fft / 2).
    public var frameLength: Int
    public var frameStep: Int
    public var frameCount: Int
    public var fftLength: Int
    public var preEmphasis: Double
    public var melBands: Int
    public var lowHz: Double
    public var highHz: Double
    public var logFloor: Double
    public var coefficients: Int
    public var detrend: Detrend
    public var peaks: Int
    /// `frame=` and `step=` as given (`40ms`, `640`), for people reading the text.
    public var frameAsGiven: String
    public var stepAsGiven: String

    public var channels: Int { inputShape[1] }
    public var windowLength: Int { inputShape[0] }
    public var inputSize: Int { inputShape[0] * inputShape[1] }
    public var outputSize: Int { outputShape.reduce(1, *) }

    /// `[window, channels]` for raw; `[1 + fft/2 + 2·peaks, channels]` for spectral;
    /// `[frames, mel bands, channels]` for logmel; `[frames, coefficients, channels]` for mfcc.
    public var outputShape: [Int] {
        switch block {
        case .raw: inputShape
        case .spectral: [spectralFeatureCount, channels]
        case .logmel: [frameCount, melBands, channels]
        case .mfcc: [frameCount, coefficients, channels]
        }
    }

    /// Features per channel of `spectral`: RMS, fft/2 amplitudes, then (Hz, amplitude) per peak.
    public var spectralFeatureCount: Int { 1 + fftLength / 2 + 2 * peaks }

    /// Works out the sizes for windows of `window` frames × `channels` at `sampleRate`.
    public static func resolve(
        _ options: FeatureOptions, window: Int, channels: Int, sampleRate: Double?
    ) throws(FeatureError) -> FeatureSpec {
        let name = options.block.rawValue
        func fail(_ problem: String) -> FeatureError { .options(block: name, problem: problem) }
        var spec = FeatureSpec(
            block: options.block, arithmetic: options.arithmetic, window: options.window,
            inputShape: [window, channels], sampleRate: sampleRate, frameLength: window, frameStep: window,
            frameCount: 1, fftLength: 0, preEmphasis: options.preEmphasis, melBands: options.melBands,
            lowHz: options.lowHz, highHz: options.highHz, logFloor: options.logFloor,
            coefficients: options.coefficients, detrend: options.detrend, peaks: options.peaks,
            frameAsGiven: options.frame.description, stepAsGiven: options.step.description)
        switch options.block {
        case .raw:
            return spec
        case .spectral:
            guard sampleRate != nil else { throw .needsSampleRate(block: name) }
            let n = options.fft ?? 64
            spec.fftLength = n
            spec.frameLength = min(window, n)
            spec.frameStep = max(n / 2, 1)
            spec.frameCount = window <= n ? 1 : (window - n) / spec.frameStep + 1
            spec.frameAsGiven = String(spec.frameLength)
            spec.stepAsGiven = String(spec.frameStep)
            return spec
        case .logmel, .mfcc:
            guard let rate = sampleRate else { throw .needsSampleRate(block: name) }
            let frame: Int, step: Int
            do {
                frame = try options.frame.samples(atRate: rate, option: "frame")
                step = try options.step.samples(atRate: rate, option: "step")
            } catch {
                throw fail(error.message)
            }
            guard frame <= window else {
                throw fail("the frame of \(frame) samples (\(options.frame)) is longer than the window of \(window) samples")
            }
            let n = options.fft ?? Self.nextPowerOfTwo(frame)
            guard n >= frame else { throw fail("fft=\(n) is shorter than the frame of \(frame) samples; use fft=\(Self.nextPowerOfTwo(frame))") }
            guard n <= 65536 else { throw fail("the frame of \(frame) samples needs an FFT longer than 65536") }
            let nyquist = rate / 2
            guard options.highHz <= nyquist else {
                throw fail("fmax=\(Self.number(options.highHz)) Hz is above the Nyquist frequency (\(Self.number(nyquist)) Hz at \(Self.number(rate)) Hz); give fmax=\(Self.number(nyquist)) or less")
            }
            guard options.lowHz < options.highHz else {
                throw fail("fmin=\(Self.number(options.lowHz)) Hz must be below fmax=\(Self.number(options.highHz)) Hz")
            }
            if options.block == .mfcc, options.coefficients > options.melBands {
                throw fail("coeffs=\(options.coefficients) is more than the \(options.melBands) mel bands")
            }
            spec.frameLength = frame
            spec.frameStep = step
            spec.frameCount = (window - frame) / step + 1
            spec.fftLength = n
            let bank = MelFilterbank(spec: spec)
            if let empty = bank.bands.firstIndex(where: { $0.weights.isEmpty }) {
                throw fail("mel band \(empty) (\(Self.number(bank.edgesHz[empty].rounded())) to \(Self.number(bank.edgesHz[empty + 2].rounded())) Hz) covers no FFT bin; use fewer mels, a larger fft or a wider fmin..fmax")
            }
            return spec
        }
    }

    static func nextPowerOfTwo(_ n: Int) -> Int {
        var p = 4
        while p < n { p <<= 1 }
        return p
    }

    /// The canonical `--features` text: every option, in `FeatureOptions.keys` order.
    public var text: String {
        let values: [String: String] = [
            "frame": frameAsGiven, "step": stepAsGiven, "fft": String(fftLength), "window": window.rawValue,
            "preemph": Self.number(preEmphasis), "mels": String(melBands), "fmin": Self.number(lowHz),
            "fmax": Self.number(highHz), "floor": Self.number(logFloor), "coeffs": String(coefficients),
            "arith": arithmetic.rawValue, "detrend": detrend.rawValue, "peaks": String(peaks),
        ]
        let keys = FeatureOptions.keys(for: block)
        return keys.isEmpty ? block.rawValue : block.rawValue + ":" + keys.map { "\($0)=\(values[$0]!)" }.joined(separator: ",")
    }

    /// `20`, `0.97`, `1e-10`: the shortest text that reads back as the same number.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
