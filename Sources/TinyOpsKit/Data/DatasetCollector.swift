import Foundation

/// `tinyops collect`: turns recordings into a dataset directory.
///
/// Reads the inputs (or captures a serial port), labels and windows every recording, draws
/// each recording's split from its name, computes statistics on the train split, and writes
/// `x.npy`, `y.npy` and `dataset.json` into a temporary directory that replaces the output
/// only when everything succeeded. Samples are ordered by recording name, then start frame,
/// so the same recordings always give the same bytes, however they were added.
public enum DatasetCollector {
    public static func collect(_ options: CollectOptions) throws -> CollectReport {
        let existing = try existingDataset(options)
        let settings = try CollectSettings(options, existing: existing?.manifest.settings)
        var warnings: [CollectWarning] = []

        var recordings: [Recording] = []
        var captures: [(source: String, bytes: [UInt8])] = []
        if let serial = options.serial {
            let capture = try captureSerial(serial, options: options, existing: existing, warnings: &warnings)
            recordings += capture.recordings
            captures.append((capture.recordings[0].source, capture.bytes))
        }
        if !options.inputs.isEmpty {
            recordings += try readInputs(options, warnings: &warnings)
        }
        if let existing {
            recordings = try removeKnown(recordings, in: existing.manifest, warnings: &warnings)
        } else if recordings.isEmpty {
            throw DatasetError.noRecordings(inputs: options.inputs)
        }
        try checkChannels(recordings, existing: existing, output: options.output)

        let rate = sampleRate(recordings, settings: settings, existing: existing?.manifest, warnings: &warnings)
        let assembled = try DatasetAssembler.assemble(
            recordings: recordings, existing: existing, settings: settings, options: options,
            rate: rate, warnings: &warnings)
        try DatasetWriter.write(
            assembled, to: options.output, captures: captures,
            carrying: existing.map { (options.output, $0.manifest) })
        return CollectReport(
            output: options.output, manifest: assembled.manifest, warnings: warnings + assembled.warnings,
            addedRecordings: Set(recordings.map(\.source)).count,
            keptRecordings: existing.map { Set($0.manifest.recordings.map(\.source)).count } ?? 0)
    }

    /// The dataset to append to; or, without `--append`, a check that the output is absent,
    /// an empty folder, or a dataset without serial captures (which is replaced: the captures
    /// exist nowhere else).
    private static func existingDataset(_ options: CollectOptions) throws -> Dataset? {
        let manifestPath = Dataset.join(options.output, DatasetManifest.fileName)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: options.output, isDirectory: &isDirectory)
        if options.append {
            guard exists, isDirectory.boolValue, FileManager.default.fileExists(atPath: manifestPath) else {
                throw DatasetError.notADataset(path: options.output)
            }
            return try Dataset.load(options.output)
        }
        if exists {
            let isEmptyFolder = isDirectory.boolValue
                && ((try? FileManager.default.contentsOfDirectory(atPath: options.output))?.isEmpty ?? false)
            let isDataset = isDirectory.boolValue && FileManager.default.fileExists(atPath: manifestPath)
            guard isEmptyFolder || isDataset else { throw DatasetError.refuseToReplace(path: options.output) }
            let captures = FileManager.default.enumerator(atPath: Dataset.join(options.output, "captures"))?
                .compactMap { $0 as? String }.filter { $0.lowercased().hasSuffix(".csv") }.count ?? 0
            if isDataset && captures > 0 { throw DatasetError.wouldLoseCaptures(path: options.output, count: captures) }
        }
        return nil
    }

    private static func readInputs(_ options: CollectOptions, warnings: inout [CollectWarning]) throws -> [Recording] {
        let scan = try InputScanner(inputs: options.inputs, excluding: options.output)
        if !scan.skipped.isEmpty {
            warnings.append(.skippedFiles(count: scan.skipped.count, examples: Array(scan.skipped.prefix(3))))
        }
        if options.label == nil, let empty = scan.emptyFolders.first {
            throw DatasetError.emptyLabelFolder(folder: empty.path, label: empty.name)
        }
        if scan.files.isEmpty { throw DatasetError.noRecordings(inputs: options.inputs) }
        var recordings: [Recording] = []
        for file in scan.files {
            recordings += try RecordingLoader.load(file, label: options.label, channelNames: options.channelNames)
        }
        return recordings
    }

    /// Captures the serial port and turns the capture into a CSV recording stored in the
    /// dataset as `captures/<label>/serial-<hash>.csv`.
    private static func captureSerial(
        _ serial: SerialOptions, options: CollectOptions, existing: Dataset?, warnings: inout [CollectWarning]
    ) throws -> (recordings: [Recording], bytes: [UInt8]) {
        let samples = try SerialCapture.capture(serial)
        guard samples.channelCount > 0, !samples.rows.isEmpty else {
            throw DatasetError.serialNoSamples(device: serial.device, seconds: samples.seconds, lines: samples.lineCount)
        }
        if !samples.malformed.isEmpty {
            warnings.append(.malformedSerialLines(
                device: serial.device, count: samples.malformed.count, examples: Array(samples.malformed.prefix(3))))
        }
        if samples.endedEarly { warnings.append(.serialEndedEarly(device: serial.device, seconds: samples.seconds)) }
        var rate = options.sampleRate ?? existing?.manifest.sampleRate
        if rate == nil {
            let estimate = Double(samples.rows.count) / max(samples.seconds, 1e-3)
            warnings.append(.estimatedSampleRate(device: serial.device, rate: estimate))
            rate = estimate
        }
        let channels = options.channelNames ?? existing?.manifest.channels ?? DecodedRecording.defaultChannelNames(samples.channelCount)
        guard channels.count == samples.channelCount else {
            throw DatasetError.channelNamesCount(given: channels.count, found: samples.channelCount, file: serial.device)
        }
        let label = options.label ?? ""
        let bytes = samples.csv(channels: channels, rate: rate!)
        let sha256 = SHA256.hex(bytes)
        let source = "captures/\(label)/serial-\(sha256.prefix(12)).csv"
        let decoded = try CSVRecordingReader.decode(bytes, file: serial.device)
        let file = InputFile(path: serial.device, source: source, folder: nil, kind: .serial)
        return (try RecordingLoader.segments(of: decoded, file: file, sha256: sha256, label: label), bytes)
    }

    /// `--append`: drops recordings already in the dataset with the same contents; a known
    /// name with new contents is an error.
    private static func removeKnown(
        _ recordings: [Recording], in manifest: DatasetManifest, warnings: inout [CollectWarning]
    ) throws -> [Recording] {
        let known = Dictionary(manifest.recordings.map { ($0.source, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        var kept: [Recording] = []
        var skipped = Set<String>()
        for recording in recordings {
            guard let sha256 = known[recording.source] else { kept.append(recording); continue }
            guard sha256 == recording.sha256 else { throw DatasetError.changedSource(source: recording.source, file: recording.path) }
            skipped.insert(recording.source)
        }
        if !skipped.isEmpty { warnings.append(.alreadyInDataset(count: skipped.count)) }
        return kept
    }

    private static func checkChannels(_ recordings: [Recording], existing: Dataset?, output: String) throws {
        guard let reference = existing.map({ (Dataset.join(output, DatasetManifest.fileName), $0.manifest.channels) })
                ?? recordings.first.map({ ($0.path, $0.channels) }) else { return }
        for recording in recordings where recording.channels != reference.1 {
            throw DatasetError.channelMismatch(
                file: recording.path, channels: recording.channels, reference: reference.0, referenceChannels: reference.1)
        }
    }

    /// The dataset's rate: `--sample-rate`, else the dataset's own when appending, else the
    /// median of the rates measured from the files (nil if none has one). Recordings more than
    /// 2 % off are reported.
    private static func sampleRate(
        _ recordings: [Recording], settings: CollectSettings, existing: DatasetManifest?,
        warnings: inout [CollectWarning]
    ) -> Double? {
        var measured: [(source: String, rate: Double)] = []
        var seen = Set<String>()
        for recording in recordings where seen.insert(recording.source).inserted {
            if let rate = recording.measuredRate { measured.append((recording.source, rate)) }
        }
        let sorted = measured.map(\.rate).sorted()
        let median = sorted.isEmpty ? nil
            : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        guard let rate = settings.sampleRateOption ?? existing?.sampleRate ?? median else { return nil }
        let off = measured.filter { abs($0.rate - rate) > 0.02 * rate }
        if !off.isEmpty {
            warnings.append(.inconsistentSampleRate(
                count: off.count, examples: off.prefix(3).map(\.source), rates: off.prefix(3).map(\.rate), datasetRate: rate))
        }
        return rate
    }
}
