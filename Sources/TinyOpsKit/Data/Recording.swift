/// The file format a recording was read from.
public enum RecordingKind: String, CaseIterable, Sendable {
    /// Edge Impulse-style CSV: a `timestamp` column (ms), channel columns, maybe a `label` column.
    case csv
    /// RIFF WAVE, 16-bit PCM.
    case wav
    /// A numpy `.npy` array, `[time]` or `[time, channels]`.
    case npy
    /// Lines captured from a serial port, stored in the dataset as a CSV recording.
    case serial

    /// The kind for a file name, by extension (case-insensitive); nil for other files.
    static func forFile(_ name: String) -> RecordingKind? {
        let lowered = name.lowercased()
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".wav") { return .wav }
        if lowered.hasSuffix(".npy") { return .npy }
        return nil
    }
}

/// Where a recording's label came from.
public enum LabelOrigin: String, CaseIterable, Sendable {
    /// The name of the folder the file sits in, below the input root.
    case folder
    /// `--label`.
    case option
    /// A `label` column in the CSV file.
    case column
}

/// What a reader decodes from one file, before labels and windows.
public struct DecodedRecording: Equatable, Sendable {
    /// Channel names: the CSV header, or `ch0`, `ch1`, … for formats without names.
    public var channels: [String]
    /// `[frames, channels]`, C order.
    public var frames: [Float]
    /// Samples per second from the file (CSV timestamps, WAV header); nil if it has none.
    public var sampleRate: Double?
    /// The value of the CSV `label` column on each frame, when the file has one.
    public var rowLabels: [String]?

    public var frameCount: Int { channels.isEmpty ? 0 : frames.count / channels.count }

    /// `ch0`, `ch1`, …: the names of channels whose format does not name them.
    static func defaultChannelNames(_ count: Int) -> [String] {
        (0..<count).map { "ch\($0)" }
    }
}

/// A continuous run of frames with one label, ready to be cut into windows: a whole file, or
/// one run of equal labels in a CSV file with a `label` column.
struct Recording: Sendable {
    /// The file's path relative to its input root (`walking/rec1.csv`): its identity in the
    /// dataset, and what its split is drawn from.
    var source: String
    /// The path it was read from, for messages.
    var path: String
    var kind: RecordingKind
    /// SHA-256 of the file, hex.
    var sha256: String
    var label: String
    var labelOrigin: LabelOrigin
    var channels: [String]
    /// `[frameCount, channels]`, C order.
    var frames: [Float]
    /// The offset of the first frame in the file (non-zero for later runs of a label column).
    var start: Int
    /// The rate measured from the file itself, if it has timestamps or a header.
    var measuredRate: Double?

    var frameCount: Int { frames.count / channels.count }
}
