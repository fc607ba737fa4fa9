/// The feature block that turns a raw window `[window, channels]` into what a model eats.
/// docs/dataset-format.md ("Features") defines each one exactly.
public enum FeatureBlockKind: String, CaseIterable, Sendable {
    /// The window as recorded (the trainer normalizes it per channel).
    case raw
    /// Per channel: RMS, averaged FFT amplitude bins, top-k spectral peaks (IMU, vibration).
    case spectral
    /// Log-mel spectrogram (audio).
    case logmel
    /// Mel-frequency cepstral coefficients: DCT-II of the log-mel spectrogram (audio).
    case mfcc
}

/// The taper applied to each frame before the FFT (periodic forms, as scipy's
/// `get_window(..., fftbins=True)` and librosa use).
public enum WindowFunction: String, CaseIterable, Sendable {
    case hann, hamming, rect
}

/// What `spectral` removes from a window before its spectrum and RMS.
public enum Detrend: String, CaseIterable, Sendable {
    case none, mean, linear
}

/// The arithmetic of the audio blocks: float32, or the integer path for cores without an
/// FPU (16-bit PCM in, Q16 out; see docs/dataset-format.md).
public enum FeatureArithmetic: String, CaseIterable, Sendable {
    case float, fixed
}

/// `--features BLOCK[:key=value,...]` as given; `FeatureSpec.resolve` turns it into exact
/// sizes once the sample rate and the window are known.
///
/// Defaults are the usual keyword-spotting front end (Arm ML-KWS, the DS-CNN in
/// models/ds_cnn_kws.json): 40 ms frames every 20 ms, a 1024-point FFT, 40 HTK mel bands
/// over 20–4000 Hz, natural log, 10 coefficients — 49 × 10 for one second at 16 kHz.
public struct FeatureOptions: Equatable, Sendable {
    public var block: FeatureBlockKind
    /// Audio: frame length and step, in samples or a time.
    public var frame: WindowLength = .milliseconds(40)
    public var step: WindowLength = .milliseconds(20)
    /// FFT length (a power of two). nil: audio takes the next power of two at least the
    /// frame length; spectral takes 64.
    public var fft: Int?
    public var melBands = 40
    public var lowHz = 20.0
    public var highHz = 4000.0
    public var coefficients = 10
    /// log(max(energy, logFloor)).
    public var logFloor = 1e-10
    /// y[t] = x[t] - a·x[t-1] over the window (y[0] = x[0]); 0 turns it off.
    public var preEmphasis = 0.0
    public var window: WindowFunction = .hann
    public var arithmetic: FeatureArithmetic = .float
    /// Spectral only.
    public var detrend: Detrend = .linear
    public var peaks = 3

    public init(block: FeatureBlockKind) {
        self.block = block
    }

    /// The keys each block accepts, in the order the canonical text lists them.
    public static func keys(for block: FeatureBlockKind) -> [String] {
        switch block {
        case .raw: []
        case .spectral: ["fft", "window", "detrend", "peaks"]
        case .logmel: ["frame", "step", "fft", "window", "preemph", "mels", "fmin", "fmax", "floor", "arith"]
        case .mfcc: ["frame", "step", "fft", "window", "preemph", "mels", "fmin", "fmax", "floor", "coeffs", "arith"]
        }
    }

    /// Parses `mfcc`, `mfcc:mels=32,coeffs=13`, `spectral:fft=128,peaks=2`. Throws
    /// `FeatureError.parse` naming the block, the key and what was expected.
    public init(parsing text: String) throws(FeatureError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0]).lowercased()
        guard let block = FeatureBlockKind(rawValue: name) else {
            let names = FeatureBlockKind.allCases.map(\.rawValue)
            throw .parse(text: text, problem: "unknown block '\(parts[0])'"
                + (Spelling.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? "")
                + "; blocks: " + names.joined(separator: ", "))
        }
        self.init(block: block)
        guard parts.count == 2 else { return }
        let allowed = Self.keys(for: block)
        var seen = Set<String>()
        for item in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0]).lowercased()
            guard pair.count == 2, !key.isEmpty else {
                throw .parse(text: text, problem: "expected key=value, got '\(item)'")
            }
            guard allowed.contains(key) else {
                let takes = allowed.isEmpty ? "\(block.rawValue) takes no options" : "\(block.rawValue) takes " + allowed.joined(separator: ", ")
                throw .parse(text: text, problem: "unknown key '\(pair[0])'"
                    + (Spelling.closest(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? "") + "; " + takes)
            }
            guard seen.insert(key).inserted else { throw .parse(text: text, problem: "'\(key)' is given twice") }
            try set(key, String(pair[1]), text: text)
        }
    }

    private mutating func set(_ key: String, _ value: String, text: String) throws(FeatureError) {
        func fail(_ expected: String) -> FeatureError {
            .parse(text: text, problem: "\(key)=\(value): expected \(expected)")
        }
        func integer(_ range: ClosedRange<Int>) throws(FeatureError) -> Int {
            guard let number = Int(value), range.contains(number) else {
                throw fail("an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func decimal(_ accept: (Double) -> Bool, _ expected: String) throws(FeatureError) -> Double {
            guard value.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
                  let number = Double(value), number.isFinite, accept(number) else { throw fail(expected) }
            return number
        }
        func choice<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(FeatureError) -> E where E.RawValue == String {
            guard let parsed = E(rawValue: value.lowercased()) else {
                throw fail("one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return parsed
        }
        switch key {
        case "frame", "step":
            guard let length = WindowLength(parsing: value) else { throw fail("samples (640) or a time (40ms)") }
            if key == "frame" { frame = length } else { step = length }
        case "fft":
            let n = try integer(4...65536)
            guard n & (n - 1) == 0 else { throw fail("a power of two (64, 512, 1024)") }
            fft = n
        case "window": window = try choice(WindowFunction.self)
        case "preemph": preEmphasis = try decimal({ $0 >= 0 && $0 < 1 }, "a coefficient in [0, 1), such as 0.97")
        case "mels": melBands = try integer(1...256)
        case "fmin": lowHz = try decimal({ $0 >= 0 }, "a frequency in Hz, 0 or more")
        case "fmax": highHz = try decimal({ $0 > 0 }, "a frequency in Hz above 0")
        case "floor": logFloor = try decimal({ $0 >= 1e-30 && $0 <= 1e10 }, "a positive number from 1e-30 to 1e10, such as 1e-10")
        case "coeffs": coefficients = try integer(1...256)
        case "arith": arithmetic = try choice(FeatureArithmetic.self)
        case "detrend": detrend = try choice(Detrend.self)
        case "peaks": peaks = try integer(0...64)
        default: throw .parse(text: text, problem: "unknown key '\(key)'")
        }
    }
}
