/// Everything that can be wrong with recordings, collect options or a dataset directory.
/// Each case names the file (and line and column where there is one); `message` is one line.
public enum DatasetError: UserFacingError, Equatable {
    // MARK: Finding inputs
    case noRecordings(inputs: [String])
    case noLabel(file: String)
    case emptyLabelFolder(folder: String, label: String)
    case labelWithoutSamples(label: String, recordings: Int, window: Int)
    case duplicateSource(source: String, first: String, second: String)
    case invalidLabel(label: String, file: String)

    // MARK: CSV
    case csvEmpty(file: String)
    case csvDuplicateColumn(file: String, column: String)
    case csvNoChannels(file: String)
    case csvRaggedRow(file: String, line: Int, expected: Int, found: Int)
    case csvNotANumber(file: String, line: Int, column: Int, name: String, text: String)
    case csvTimestampNotIncreasing(file: String, line: Int, previous: Double, value: Double)
    case csvEmptyLabel(file: String, line: Int)
    case csvNoRows(file: String)

    // MARK: WAV
    case wavNotRIFF(file: String)
    case wavMissingChunk(file: String, chunk: String)
    case wavTruncated(file: String, chunk: String, declared: Int, available: Int)
    case wavUnsupportedEncoding(file: String, encoding: String, bits: Int)
    case wavMalformed(file: String, reason: String)

    // MARK: NPY
    case npyBadShape(file: String, shape: [Int])
    case npyBadType(file: String, dtype: String)

    // MARK: Values and shapes
    case nonFinite(file: String, position: String, value: Float)
    case emptyRecording(file: String)
    case channelMismatch(file: String, channels: [String], reference: String, referenceChannels: [String])
    case lengthMismatch(file: String, frames: Int, reference: String, referenceFrames: Int)
    case channelNamesCount(given: Int, found: Int, file: String)
    case noFiniteTrainValues(channel: String)

    // MARK: Options
    case lengthNeedsSampleRate(option: String, length: String)
    case lengthOutOfRange(option: String, length: String, rate: Double, samples: Double)
    case appendMismatch(setting: String, dataset: String, given: String)
    case changedSource(source: String, file: String)
    case notADataset(path: String)
    case refuseToReplace(path: String)
    case wouldLoseCaptures(path: String, count: Int)

    // MARK: Serial
    case serialOpen(device: String, reason: String)
    case serialConfigure(device: String, reason: String)
    case serialRead(device: String, reason: String)
    case serialNoSamples(device: String, seconds: Double, lines: Int)
    case unsupportedBaud(Int)

    // MARK: Loading a dataset
    case manifestInconsistent(file: String, reason: String)
    case arrayShape(file: String, expected: [Int], found: [Int])
    case arrayType(file: String, expected: String, found: String)
    case hashMismatch(file: String, expected: String, found: String)
    case labelOutOfRange(file: String, index: Int, value: Int32, labels: Int)

    public var message: String {
        switch self {
        case .noRecordings(let inputs):
            return "\(inputs.joined(separator: ", ")): no recordings found (looked for .csv, .wav and .npy files)"
        case .noLabel(let file):
            return "\(file): no label: the file is not in a label folder, there is no --label and no 'label' column"
        case .emptyLabelFolder(let folder, let label):
            return "\(folder): label '\(label)' has no samples: the folder holds no .csv, .wav or .npy recordings"
        case .labelWithoutSamples(let label, let recordings, let window):
            return "label '\(label)' has no samples: its \(recordings) recording\(recordings == 1 ? " is" : "s are all") shorter than the window of \(window) samples"
        case .duplicateSource(let source, let first, let second):
            return "\(second): same recording name '\(source)' as \(first); recordings are identified by their path below the input folder"
        case .invalidLabel(let label, let file):
            return "\(file): invalid label \(Self.quoted(label)): labels must be non-empty and contain no control characters"
        case .csvEmpty(let file):
            return "\(file): empty CSV file (expected a header row such as 'timestamp,accX,accY,accZ')"
        case .csvDuplicateColumn(let file, let column):
            return "\(file): line 1: column '\(column)' appears twice in the header"
        case .csvNoChannels(let file):
            return "\(file): line 1: no channel columns (only timestamp/label)"
        case .csvRaggedRow(let file, let line, let expected, let found):
            return "\(file): line \(line): expected \(expected) columns as in the header, found \(found)"
        case .csvNotANumber(let file, let line, let column, let name, let text):
            return "\(file): line \(line), column \(column) (\(name)): \(Self.quoted(text)) is not a number"
        case .csvTimestampNotIncreasing(let file, let line, let previous, let value):
            return "\(file): line \(line): timestamp \(Self.number(value)) is not after the previous one (\(Self.number(previous)))"
        case .csvEmptyLabel(let file, let line):
            return "\(file): line \(line): empty cell in the 'label' column"
        case .csvNoRows(let file):
            return "\(file): no data rows after the header"
        case .wavNotRIFF(let file):
            return "\(file): not a WAV file (no RIFF/WAVE header)"
        case .wavMissingChunk(let file, let chunk):
            return "\(file): WAV file has no '\(chunk)' chunk"
        case .wavTruncated(let file, let chunk, let declared, let available):
            return "\(file): truncated WAV: the '\(chunk)' chunk declares \(declared) bytes but only \(available) follow"
        case .wavUnsupportedEncoding(let file, let encoding, let bits):
            return "\(file): unsupported WAV encoding: \(encoding), \(bits)-bit (tinyops reads 16-bit PCM)"
        case .wavMalformed(let file, let reason):
            return "\(file): malformed WAV: \(reason)"
        case .npyBadShape(let file, let shape):
            return "\(file): expected a 1-D [time] or 2-D [time, channels] array, found shape \(shape)"
        case .npyBadType(let file, let dtype):
            return "\(file): expected a numeric array, found dtype \(dtype)"
        case .nonFinite(let file, let position, let value):
            return "\(file): \(position): \(value) is not a finite number"
        case .emptyRecording(let file):
            return "\(file): recording has no samples"
        case .channelMismatch(let file, let channels, let reference, let referenceChannels):
            return "\(file): channels \(Self.list(channels)) differ from \(Self.list(referenceChannels)) in \(reference); every recording must have the same channels in the same order"
        case .lengthMismatch(let file, let frames, let reference, let referenceFrames):
            return "\(file): \(frames) samples long but \(reference) is \(referenceFrames); without --window every recording must have the same length"
        case .channelNamesCount(let given, let found, let file):
            return "\(file): --channels names \(given) channel\(given == 1 ? "" : "s") but the recording has \(found)"
        case .noFiniteTrainValues(let channel):
            return "channel '\(channel)' has no finite values in the train split"
        case .lengthNeedsSampleRate(let option, let length):
            return "\(option) \(length) is a time but the sample rate is unknown; give --sample-rate or the length in samples"
        case .lengthOutOfRange(let option, let length, let rate, let samples):
            return "\(option) \(length) is \(Self.number(samples)) samples at \(Self.number(rate)) Hz; it must be at least one sample"
        case .appendMismatch(let setting, let dataset, let given):
            return "--append: the dataset has \(setting) \(dataset), but this collect has \(given)"
        case .changedSource(let source, let file):
            return "\(file): recording '\(source)' is already in the dataset with different contents"
        case .notADataset(let path):
            return "\(path): not a tinyops dataset (no dataset.json)"
        case .refuseToReplace(let path):
            return "\(path): exists and is not a tinyops dataset; refusing to replace it"
        case .wouldLoseCaptures(let path, let count):
            return "\(path): the dataset holds \(count) serial capture\(count == 1 ? "" : "s") that replacing it would lose"
        case .serialOpen(let device, let reason):
            return "\(device): cannot open serial port: \(reason)"
        case .serialConfigure(let device, let reason):
            return "\(device): cannot configure serial port: \(reason)"
        case .serialRead(let device, let reason):
            return "\(device): read failed: \(reason)"
        case .serialNoSamples(let device, let seconds, let lines):
            return "\(device): no samples in \(Self.number(seconds)) s (\(lines) line\(lines == 1 ? "" : "s") received)"
        case .unsupportedBaud(let baud):
            return "unsupported baud rate \(baud)"
        case .manifestInconsistent(let file, let reason):
            return "\(file): \(reason)"
        case .arrayShape(let file, let expected, let found):
            return "\(file): shape \(found) does not match dataset.json (\(expected))"
        case .arrayType(let file, let expected, let found):
            return "\(file): dtype \(found), expected \(expected)"
        case .hashMismatch(let file, let expected, let found):
            return "\(file): SHA-256 \(found.prefix(12))… does not match dataset.json (\(expected.prefix(12))…); the file changed after collect"
        case .labelOutOfRange(let file, let index, let value, let labels):
            return "\(file): label \(value) of sample \(index) is outside 0..<\(labels)"
        }
    }

    public var hint: String? {
        switch self {
        case .noLabel:
            return "put recordings in folders named after their label (data/<label>/*.csv), or pass --label"
        case .emptyLabelFolder:
            return "remove the empty folder or add recordings to it"
        case .labelWithoutSamples:
            return "use a shorter --window, or --pad to zero-pad short recordings to one window"
        case .duplicateSource:
            return "rename one of the files, or collect the folders that contain them instead of the files"
        case .csvRaggedRow, .csvNotANumber:
            return "Edge Impulse CSV: a header row, then one row per sample with a number in every column"
        case .wavUnsupportedEncoding:
            return "convert it, e.g. sox in.wav -b 16 -e signed-integer out.wav"
        case .channelMismatch:
            return "collect recordings with different sensors into separate datasets"
        case .lengthMismatch:
            return "cut recordings into windows, e.g. --window 1000ms --stride 500ms"
        case .lengthNeedsSampleRate:
            return "CSV files give the rate through their timestamp column, WAV files through their header"
        case .appendMismatch:
            return "collect again without --append to build a new dataset with the new settings"
        case .changedSource:
            return "rename the changed recording, or collect again without --append"
        case .notADataset:
            return "run collect without --append first"
        case .refuseToReplace:
            return "choose an output folder that does not exist yet"
        case .wouldLoseCaptures(let path, _):
            return "add to it with --append, or first copy \(path)/captures/* (CSV files in label folders) to your inputs"
        case .serialOpen:
            return "check the device name and that no other program (a serial monitor) holds it"
        case .serialNoSamples:
            return "check --baud and that the board prints one sample per line, numbers separated by commas or spaces"
        case .hashMismatch:
            return "collect the dataset again"
        default:
            return nil
        }
    }

    static func quoted(_ text: String) -> String {
        let limit = 40
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return "'" + shown.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined() + "'"
    }

    static func list(_ names: [String]) -> String {
        "(" + names.joined(separator: ", ") + ")"
    }

    /// `100`, `62.5`: a number without a needless fraction.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
