/// The `features` object of dataset.json and of the model's `tinyops` metadata
/// (docs/dataset-format.md, "Features"). It holds every resolved size and the conventions by
/// name, so that a reader can recompute the features without tinyops, and so that a future
/// tinyops with other conventions refuses an object it would misread.
extension FeatureSpec {
    /// Fixed conventions, written out so the object explains itself; reading checks them.
    static let conventions: [String: String] = [
        "mel_scale": "htk", "mel_norm": "none", "spectrum": "power", "log": "ln", "dct": "ortho",
    ]

    public func json() -> JSONValue {
        var object: JSONObject = [
            "block": .string(block.rawValue),
            "text": .string(text),
            "input_shape": .array(inputShape.map(JSONValue.int)),
            "output_shape": .array(outputShape.map(JSONValue.int)),
            "sample_rate": sampleRate.map(JSONValue.number) ?? .null,
        ]
        switch block {
        case .raw:
            break
        case .spectral:
            object["fft_length"] = .int(fftLength)
            object["window"] = .string(window.rawValue)
            object["detrend"] = .string(detrend.rawValue)
            object["peaks"] = .int(peaks)
            object["segment_length"] = .int(frameLength)
            object["segment_step"] = .int(frameStep)
            object["segments"] = .int(frameCount)
            object["layout"] = .string("rms, amplitude[k] for k = 1..\(fftLength / 2), then (hz, amplitude) for \(peaks) peak\(peaks == 1 ? "" : "s")")
        case .logmel, .mfcc:
            object["arithmetic"] = .string(arithmetic.rawValue)
            object["frame_length"] = .int(frameLength)
            object["frame_step"] = .int(frameStep)
            object["frames"] = .int(frameCount)
            object["fft_length"] = .int(fftLength)
            object["window"] = .string(window.rawValue)
            object["pre_emphasis"] = .number(preEmphasis)
            object["mel_bands"] = .int(melBands)
            object["low_hz"] = .number(lowHz)
            object["high_hz"] = .number(highHz)
            object["log_floor"] = .number(logFloor)
            for key in ["mel_scale", "mel_norm", "spectrum", "log"] { object[key] = .string(Self.conventions[key]!) }
            if block == .mfcc {
                object["coefficients"] = .int(coefficients)
                object["dct"] = .string(Self.conventions["dct"]!)
            }
        }
        return .object(object)
    }

    /// Reads a `features` object back. Unknown blocks, arithmetic and conventions throw, so
    /// that nothing computes features other than those the model was trained on.
    public init(json value: JSONValue, path: String = JSONPath.root) throws(JSONError) {
        let root = JSONCursor(value, path: path)
        let block = try root["block"].oneOf(FeatureBlockKind.self)
        let shape = try root["input_shape"].array()
        guard shape.count == 2 else { throw root["input_shape"].invalid("expected [window, channels]") }
        let inputShape = [try shape[0].int(), try shape[1].int()]
        guard inputShape.allSatisfy({ $0 > 0 && $0 < 1 << 31 }) else { throw root["input_shape"].invalid("expected positive sizes") }
        let rate = try root["sample_rate"].optional()?.double()
        var options = FeatureOptions(block: block)
        func positive(_ key: String, max: Int = 1 << 24) throws(JSONError) -> Int {
            let number = try root[key].int()
            guard number > 0, number <= max else { throw root[key].invalid("expected an integer in 1...\(max)") }
            return number
        }
        func fft() throws(JSONError) -> Int {
            let n = try positive("fft_length", max: 65536)
            guard n >= 4, n & (n - 1) == 0 else { throw root["fft_length"].invalid("expected a power of two from 4 to 65536") }
            return n
        }
        switch block {
        case .raw:
            break
        case .spectral:
            options.fft = try fft()
            options.window = try root["window"].oneOf(WindowFunction.self)
            options.detrend = try root["detrend"].oneOf(Detrend.self)
            options.peaks = try root["peaks"].int()
            guard (0...64).contains(options.peaks) else { throw root["peaks"].invalid("expected 0...64") }
        case .logmel, .mfcc:
            for (key, expected) in Self.conventions where key != "dct" || block == .mfcc {
                let found = try root[key].string()
                guard found == expected else { throw root[key].invalid("\"\(found)\" is not supported (this tinyops computes \"\(expected)\")") }
            }
            options.arithmetic = try root["arithmetic"].oneOf(FeatureArithmetic.self)
            options.frame = .samples(try positive("frame_length"))
            options.step = .samples(try positive("frame_step"))
            options.fft = try fft()
            options.window = try root["window"].oneOf(WindowFunction.self)
            options.preEmphasis = try root["pre_emphasis"].double()
            options.melBands = try positive("mel_bands", max: 256)
            options.lowHz = try root["low_hz"].double()
            options.highHz = try root["high_hz"].double()
            options.logFloor = try root["log_floor"].double()
            guard (0..<1).contains(options.preEmphasis) else { throw root["pre_emphasis"].invalid("expected a number in [0, 1)") }
            guard options.logFloor >= 1e-30, options.logFloor <= 1e10 else { throw root["log_floor"].invalid("expected 1e-30 to 1e10") }
            if block == .mfcc { options.coefficients = try positive("coefficients", max: 256) }
        }
        var spec: FeatureSpec
        do {
            spec = try FeatureSpec.resolve(options, window: inputShape[0], channels: inputShape[1], sampleRate: rate)
        } catch {
            throw root.invalid(error.message)
        }
        if block == .logmel || block == .mfcc {
            guard spec.frameCount == (try root["frames"].int()) else { throw root["frames"].invalid("does not match the window, frame and step") }
        }
        let output = try root["output_shape"].array()
        guard try output.map({ (cursor: JSONCursor) throws(JSONError) -> Int in try cursor.int() }) == spec.outputShape else {
            throw root["output_shape"].invalid("expected \(spec.outputShape) for these options")
        }
        // Keep the lengths as they were given, for the text.
        if block == .logmel || block == .mfcc, let text = try root["text"].optional()?.string(),
           let given = try? FeatureOptions(parsing: text) {
            spec.frameAsGiven = given.frame.description
            spec.stepAsGiven = given.step.description
        }
        self = spec
    }

    /// Whether two specs compute the same features (the lengths' spellings aside).
    public func computesSame(as other: FeatureSpec) -> Bool {
        var a = self, b = other
        a.frameAsGiven = ""; a.stepAsGiven = ""
        b.frameAsGiven = ""; b.stepAsGiven = ""
        return a == b
    }
}
