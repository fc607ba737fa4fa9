/// The collect settings in force: the options given, else the dataset's own when appending,
/// else the defaults. Appending with a setting that differs from the dataset's is an error,
/// since old and new samples must be cut, split and scaled alike.
struct CollectSettings {
    var split: SplitFractions
    var seed: UInt64
    var pad: Bool
    var sampleRateOption: Double?

    init(_ options: CollectOptions, existing: DatasetManifest.Settings?) throws(DatasetError) {
        split = try Self.merge("split", options.split, existing?.split, default: .standard) { $0.description }
        seed = try Self.merge("seed", options.seed, existing?.seed, default: 0) { String($0) }
        sampleRateOption = try Self.merge("--sample-rate", options.sampleRate, existing?.sampleRateOption) { DatasetError.number($0) + " Hz" }
        if let existing, options.pad && !existing.pad {
            throw .appendMismatch(setting: "pad", dataset: "off", given: "--pad")
        }
        pad = options.pad || (existing?.pad ?? false)
    }

    private static func merge<T: Equatable>(
        _ name: String, _ given: T?, _ existing: T?, default value: T, describe: (T) -> String
    ) throws(DatasetError) -> T {
        try merge(name, given, existing, describe: describe) ?? value
    }

    private static func merge<T: Equatable>(
        _ name: String, _ given: T?, _ existing: T?, describe: (T) -> String
    ) throws(DatasetError) -> T? {
        if let given, let existing, given != existing {
            throw .appendMismatch(setting: name, dataset: describe(existing), given: describe(given))
        }
        return given ?? existing
    }

    /// The window and stride in samples, or nil for "each recording is one sample".
    ///
    /// When appending, the dataset's window applies unless the options give the same one.
    static func window(
        _ options: CollectOptions, existing: DatasetManifest.Settings?, rate: Double?
    ) throws(DatasetError) -> (window: Int, stride: Int, windowText: String, strideText: String)? {
        guard let length = options.window else {
            guard let existing, let window = existing.window, let stride = existing.stride else { return nil }
            return (window, stride, existing.windowAsGiven ?? String(window), existing.strideAsGiven ?? String(stride))
        }
        let window = try length.samples(atRate: rate, option: "--window")
        let strideLength = options.stride ?? length
        let stride = try strideLength.samples(atRate: rate, option: "--stride")
        if let existing {
            guard existing.window == window, existing.stride == stride else {
                let had = existing.window.map { "\($0)/\(existing.stride ?? $0) samples" } ?? "none (whole recordings)"
                throw .appendMismatch(setting: "window/stride", dataset: had, given: "\(window)/\(stride) samples")
            }
        }
        return (window, stride, length.description, strideLength.description)
    }

    /// The feature block: `--features` resolved for these windows, or the dataset's own when
    /// appending. Appending with another block than the dataset's is an error; `raw` is the
    /// same as no block.
    static func features(
        _ options: CollectOptions, existing: DatasetManifest?, window: Int, channels: Int, rate: Double?
    ) throws -> FeatureSpec? {
        var given: FeatureSpec?
        if let requested = options.features, requested.block != .raw {
            given = try FeatureSpec.resolve(requested, window: window, channels: channels, sampleRate: rate)
        }
        guard let existing else { return given }
        guard options.features != nil else { return existing.features }
        let same = switch (given, existing.features) {
        case (nil, nil): true
        case (let a?, let b?): a.computesSame(as: b)
        default: false
        }
        guard same else {
            throw DatasetError.appendMismatch(setting: "features", dataset: existing.features?.text ?? "raw", given: given?.text ?? "raw")
        }
        return existing.features
    }
}
