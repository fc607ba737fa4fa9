/// What `collect` reads and how it cuts, labels and splits it: the command line's options.
public struct CollectOptions: Sendable {
    /// Folders (label sub-folders inside) and recording files.
    public var inputs: [String] = []
    /// The dataset directory to write.
    public var output: String
    /// `--label`: the label of recordings without a `label` column, instead of their folder.
    public var label: String?
    /// `--channels`: names for the channels of WAV, NPY and serial recordings (CSV files name
    /// theirs in the header).
    public var channelNames: [String]?
    /// `--window`: nil makes each recording one sample (they must then be equally long).
    public var window: WindowLength?
    /// `--stride`: defaults to the window (windows side by side, no overlap).
    public var stride: WindowLength?
    /// `--pad`: zero-pad recordings shorter than a window to one window instead of skipping them.
    public var pad = false
    /// `--sample-rate`: overrides rates measured from files; needed for windows in ms
    /// over NPY or serial data.
    public var sampleRate: Double?
    /// `--split`: nil means 70/15/15, or the dataset's own when appending.
    public var split: SplitFractions?
    /// `--seed`: nil means 0, or the dataset's own when appending.
    public var seed: UInt64?
    /// `--append`: add to the dataset at `output`, keeping its samples and their splits.
    public var append = false
    /// `--features`: the feature block applied to every window (nil: raw windows, or the
    /// dataset's own block when appending).
    public var features: FeatureOptions?
    /// `--serial`: capture from a serial port (the capture is stored in the dataset).
    public var serial: SerialOptions?
    /// Recorded in the manifest; `TinyOps.version` unless a test pins it.
    public var toolVersion = TinyOps.version

    public init(inputs: [String] = [], output: String) {
        self.inputs = inputs
        self.output = output
    }
}

/// Something worth telling the user that does not stop `collect`.
public enum CollectWarning: Equatable, Sendable {
    /// Files in the inputs that are not recordings (shown: up to 3).
    case skippedFiles(count: Int, examples: [String])
    /// A recording shorter than one window, left out (no `--pad`).
    case tooShort(source: String, frames: Int, window: Int)
    /// Recordings whose measured rate differs by more than 2 % from the dataset's.
    case inconsistentSampleRate(count: Int, examples: [String], rates: [Double], datasetRate: Double)
    case nanValues(channel: String, count: Int)
    /// The largest class has more than twice the samples of the smallest.
    case classImbalance(largest: String, largestCount: Int, smallest: String, smallestCount: Int)
    /// A label with samples elsewhere has none in this (non-empty) split.
    case labelMissingFromSplit(label: String, split: DatasetSplit)
    /// A split with a non-zero fraction received no recording.
    case emptySplit(DatasetSplit)
    /// The train split is empty, so the statistics are over all samples.
    case statsOnAllSamples
    /// Serial lines that were not samples (shown: up to 3).
    case malformedSerialLines(device: String, count: Int, examples: [SerialLine])
    case serialEndedEarly(device: String, seconds: Double)
    /// No `--sample-rate` for a serial capture: the rate is samples per second of capture.
    case estimatedSampleRate(device: String, rate: Double)
    /// `--append`: inputs already in the dataset with the same contents, not added again.
    case alreadyInDataset(count: Int)

    public var message: String {
        switch self {
        case .skippedFiles(let count, let examples):
            return "skipped \(count) file\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not .csv, .wav or .npy: \(Self.list(examples, total: count))"
        case .tooShort(let source, let frames, let window):
            return "\(source): \(frames) samples, shorter than the window of \(window); left out (use --pad to keep it)"
        case .inconsistentSampleRate(let count, let examples, let rates, let datasetRate):
            let shown = zip(examples, rates).map { "\($0) at \(Self.hertz($1))" }
            return "\(count) recording\(count == 1 ? " has a sample rate" : "s have sample rates") that differ\(count == 1 ? "s" : "") from the dataset's \(Self.hertz(datasetRate)): \(Self.list(shown, total: count))"
        case .nanValues(let channel, let count):
            return "channel '\(channel)' has \(count) NaN value\(count == 1 ? "" : "s") (missing data); statistics leave them out"
        case .classImbalance(let largest, let largestCount, let smallest, let smallestCount):
            let ratio = Double(largestCount) / Double(max(smallestCount, 1))
            return "class imbalance: '\(largest)' has \(largestCount) samples, '\(smallest)' \(smallestCount) (\(Self.oneDecimal(ratio))×); consider class weights or more data"
        case .labelMissingFromSplit(let label, let split):
            return "label '\(label)' has no samples in the \(split.rawValue) split"
        case .emptySplit(let split):
            return "the \(split.rawValue) split is empty: too few recordings for the split fractions"
        case .statsOnAllSamples:
            return "the train split is empty; channel statistics are computed on all samples"
        case .malformedSerialLines(let device, let count, let examples):
            let shown = examples.map { "line \($0.number): \(DatasetError.quoted($0.text))" }
            return "\(device): skipped \(count) malformed line\(count == 1 ? "" : "s"): \(Self.list(shown, total: count))"
        case .serialEndedEarly(let device, let seconds):
            return "\(device): the device closed after \(Self.oneDecimal(seconds)) s"
        case .estimatedSampleRate(let device, let rate):
            return "\(device): sample rate estimated as \(Self.hertz(rate)) from the capture time; give --sample-rate for exact timestamps"
        case .alreadyInDataset(let count):
            return "\(count) recording\(count == 1 ? " is" : "s are") already in the dataset; not added again"
        }
    }

    static func list(_ items: [String], total: Int) -> String {
        items.joined(separator: ", ") + (total > items.count ? ", … (\(total - items.count) more)" : "")
    }

    static func hertz(_ rate: Double) -> String {
        let rounded = (rate * 1000).rounded() / 1000
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " Hz"
    }

    static func oneDecimal(_ value: Double) -> String {
        String((value * 10).rounded() / 10)
    }
}

/// What `collect` did: the dataset written and the warnings.
public struct CollectReport: Sendable {
    /// The dataset directory written.
    public var output: String
    public var manifest: DatasetManifest
    public var warnings: [CollectWarning]
    /// Recordings added by this run (all of them, unless appending).
    public var addedRecordings: Int
    /// Recordings kept from the dataset when appending.
    public var keptRecordings: Int
}
