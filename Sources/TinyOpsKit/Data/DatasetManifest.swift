/// `dataset.json`: what a dataset directory holds and where it came from. The contract
/// between `collect` and every later stage; docs/dataset-format.md describes each field.
public struct DatasetManifest: Equatable, Sendable {
    public static let formatName = "tinyops-dataset"
    public static let formatVersion = 1
    public static let fileName = "dataset.json"

    /// One of the two arrays, `x.npy` or `y.npy`.
    public struct ArrayFile: Equatable, Sendable {
        /// Relative to the dataset directory.
        public var path: String
        /// numpy's name: `float32`, `int32`.
        public var dtype: String
        public var shape: [Int]
        /// SHA-256 of the whole `.npy` file, hex.
        public var sha256: String
    }

    /// The collect options that shaped the samples; `--append` reuses them.
    public struct Settings: Equatable, Sendable {
        /// Window and stride in samples; nil when each recording is one sample (no `--window`).
        public var window: Int?
        public var stride: Int?
        /// `--window` / `--stride` as given (`2000ms`, `50`), for people reading the file.
        public var windowAsGiven: String?
        public var strideAsGiven: String?
        /// Whether recordings shorter than a window were zero-padded (`--pad`).
        public var pad: Bool
        public var split: SplitFractions
        public var seed: UInt64
        /// `--sample-rate`, if given (it overrides rates measured from the files).
        public var sampleRateOption: Double?
    }

    /// One recording (or one run of a label in a CSV file with a `label` column).
    public struct RecordingEntry: Equatable, Sendable {
        /// Path relative to the input root; for serial captures, the CSV file in the dataset.
        public var source: String
        public var kind: RecordingKind
        /// SHA-256 of the source file, hex.
        public var sha256: String
        public var label: String
        public var labelFrom: LabelOrigin
        public var split: DatasetSplit
        /// First frame of this run in the file (0 unless a label column starts a new run).
        public var start: Int
        public var frames: Int
        /// The rate measured from the file (timestamps, WAV header); nil when it has none.
        public var sampleRate: Double?
        /// The samples cut from it.
        public var windows: Int
    }

    /// One sample: row `i` of x.npy and y.npy.
    public struct Sample: Equatable, Sendable {
        /// `source@start`: unique and stable across re-collects and appends.
        public var id: String
        public var source: String
        /// The frame of the source file where the window starts.
        public var start: Int
        public var split: DatasetSplit
        public var label: String

        public init(source: String, start: Int, split: DatasetSplit, label: String) {
            self.id = "\(source)@\(start)"
            self.source = source
            self.start = start
            self.split = split
            self.label = label
        }
    }

    /// The tinyops version that wrote the dataset (`TinyOps.version`).
    public var toolVersion: String
    /// SHA-256 of the manifest's canonical form without this field and `tinyops_version`
    /// (see `contentHash()`); it changes exactly when the data, labels or splits change.
    public var datasetHash: String
    /// Class names; `y` holds indices into this list. Sorted by code point.
    public var labels: [String]
    /// The shape of one sample: `[window, channels]`, or the feature block's output shape.
    public var sampleShape: [Int]
    public var channels: [String]
    /// Samples per second; nil when no file gave one and `--sample-rate` was not given.
    public var sampleRate: Double?
    public var x: ArrayFile
    public var y: ArrayFile
    public var settings: Settings
    /// The feature block that turned each window into its sample; nil for raw windows.
    /// `sampleShape` is then the block's output shape.
    public var features: FeatureSpec? = nil
    public var stats: ChannelStats
    /// NaN values per channel over the whole dataset.
    public var nanCounts: [Int]
    /// Samples per label (in `labels` order) in each split.
    public var classCounts: [DatasetSplit: [Int]]
    public var recordings: [RecordingEntry]
    public var samples: [Sample]

    public var count: Int { samples.count }

    /// The number of floats in one sample.
    public var sampleSize: Int { sampleShape.reduce(1, *) }

    /// Samples per label across all splits.
    public var totalClassCounts: [Int] {
        labels.indices.map { label in DatasetSplit.allCases.reduce(0) { $0 + (classCounts[$1]?[label] ?? 0) } }
    }

    /// Samples in each split.
    public func sampleCount(in split: DatasetSplit) -> Int {
        classCounts[split]?.reduce(0, +) ?? 0
    }
}
