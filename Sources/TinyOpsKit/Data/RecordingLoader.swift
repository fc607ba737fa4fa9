/// Reads recording files and labels them.
///
/// The label of a frame is, first that applies: the file's `label` column (CSV), `--label`,
/// the label folder the file sits in. A CSV file whose `label` column changes gives one
/// recording per run of equal labels, each cut into windows on its own so that no window
/// mixes two labels; the runs share the file's name and therefore its split.
enum RecordingLoader {
    static func load(
        _ file: InputFile, label option: String?, channelNames: [String]?
    ) throws -> [Recording] {
        let bytes = try FileBytes.read(file.path)
        var decoded = try decode(bytes, kind: file.kind, file: file.path)
        guard decoded.frameCount > 0 else { throw DatasetError.emptyRecording(file: file.path) }
        if let channelNames, file.kind != .csv {
            guard channelNames.count == decoded.channels.count else {
                throw DatasetError.channelNamesCount(given: channelNames.count, found: decoded.channels.count, file: file.path)
            }
            decoded.channels = channelNames
        }
        let sha256 = SHA256.hex(bytes)
        return try segments(of: decoded, file: file, sha256: sha256, label: option)
    }

    static func decode(_ bytes: [UInt8], kind: RecordingKind, file: String) throws -> DecodedRecording {
        switch kind {
        case .csv, .serial: return try CSVRecordingReader.decode(bytes, file: file)
        case .wav: return try WAVReader.decode(bytes, file: file)
        case .npy: return try NPYRecordingReader.decode(bytes, file: file)
        }
    }

    static func segments(
        of decoded: DecodedRecording, file: InputFile, sha256: String, label option: String?
    ) throws(DatasetError) -> [Recording] {
        func recording(_ label: String, _ origin: LabelOrigin, start: Int, end: Int) throws(DatasetError) -> Recording {
            guard isValidLabel(label) else { throw .invalidLabel(label: label, file: file.path) }
            let width = decoded.channels.count
            return Recording(
                source: file.source, path: file.path, kind: file.kind, sha256: sha256,
                label: label, labelOrigin: origin, channels: decoded.channels,
                frames: Array(decoded.frames[(start * width)..<(end * width)]), start: start,
                measuredRate: decoded.sampleRate)
        }
        if let rowLabels = decoded.rowLabels {
            var result: [Recording] = []
            var start = 0
            for index in 1...rowLabels.count where index == rowLabels.count || rowLabels[index] != rowLabels[start] {
                result.append(try recording(rowLabels[start], .column, start: start, end: index))
                start = index
            }
            return result
        }
        if let option { return [try recording(option, .option, start: 0, end: decoded.frameCount)] }
        if let folder = file.folder { return [try recording(folder, .folder, start: 0, end: decoded.frameCount)] }
        throw .noLabel(file: file.path)
    }

    /// Non-empty, without control characters, and without surrounding spaces.
    static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.trimmingSpaces.count == label.count
            && !label.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
