/// `dataset.json` ⇄ `DatasetManifest`. Keys are written in a fixed order, so the same manifest
/// is always the same bytes. Readers ignore keys they do not know; a change that old readers
/// would misread raises `format_version`.
extension DatasetManifest {
    /// The columns of each row of `samples`.
    public static let sampleFields = ["id", "source", "start", "split", "label"]

    public func json() -> JSONValue {
        var object = contentObject()
        object["dataset_hash"] = .string(datasetHash)
        object["tinyops_version"] = .string(toolVersion)
        // Put the identification first, where people look.
        let order = ["format", "format_version", "tinyops_version", "dataset_hash"]
        var ordered = JSONObject()
        for key in order { ordered[key] = object[key] }
        for (key, value) in object where !order.contains(key) { ordered[key] = value }
        return .object(ordered)
    }

    /// SHA-256 of the canonical JSON text of the manifest without `dataset_hash` and
    /// `tinyops_version`: keys sorted by code point, no whitespace, as Python's
    /// `json.dumps(m, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` writes it.
    public func contentHash() -> String {
        // Every number in the manifest is finite (the collector and the reader check), so the
        // writer cannot fail here.
        let bytes = (try? JSONWriter(pretty: false, sortedKeys: true).bytes(.object(contentObject()))) ?? []
        return SHA256.hex(bytes)
    }

    private func contentObject() -> JSONObject {
        var object = JSONObject()
        object["format"] = .string(Self.formatName)
        object["format_version"] = .int(Self.formatVersion)
        object["labels"] = .array(labels.map(JSONValue.string))
        object["sample_shape"] = .array(sampleShape.map(JSONValue.int))
        object["channels"] = .array(channels.map(JSONValue.string))
        object["sample_rate"] = sampleRate.map(JSONValue.number) ?? .null
        object["count"] = .int(count)
        object["files"] = ["x": arrayJSON(x), "y": arrayJSON(y)]
        object["collect"] = settingsJSON()
        if let features { object["features"] = features.json() }
        object["stats"] = [
            "computed_on": .string(stats.computedOn),
            "mean": .floats(stats.mean), "std": .floats(stats.std),
            "min": .floats(stats.min), "max": .floats(stats.max),
            "nan_count": .array(nanCounts.map(JSONValue.int)),
        ]
        var counts = JSONObject()
        for split in DatasetSplit.allCases {
            counts[split.rawValue] = .array((classCounts[split] ?? Array(repeating: 0, count: labels.count)).map(JSONValue.int))
        }
        object["class_counts"] = .object(counts)
        object["recordings"] = .array(recordings.map(recordingJSON))
        object["sample_fields"] = .array(Self.sampleFields.map(JSONValue.string))
        object["samples"] = .array(samples.map { sample in
            [.string(sample.id), .string(sample.source), .int(sample.start), .string(sample.split.rawValue), .string(sample.label)]
        })
        return object
    }

    private func arrayJSON(_ file: ArrayFile) -> JSONValue {
        ["path": .string(file.path), "dtype": .string(file.dtype), "shape": .array(file.shape.map(JSONValue.int)), "sha256": .string(file.sha256)]
    }

    private func settingsJSON() -> JSONValue {
        [
            "window": settings.window.map(JSONValue.int) ?? .null,
            "stride": settings.stride.map(JSONValue.int) ?? .null,
            "window_as_given": settings.windowAsGiven.map(JSONValue.string) ?? .null,
            "stride_as_given": settings.strideAsGiven.map(JSONValue.string) ?? .null,
            "pad": .bool(settings.pad),
            "split": [.number(settings.split.train), .number(settings.split.val), .number(settings.split.test)],
            "seed": .int(settings.seed),
            "sample_rate_option": settings.sampleRateOption.map(JSONValue.number) ?? .null,
        ]
    }

    private func recordingJSON(_ entry: RecordingEntry) -> JSONValue {
        [
            "source": .string(entry.source), "kind": .string(entry.kind.rawValue),
            "sha256": .string(entry.sha256), "label": .string(entry.label),
            "label_from": .string(entry.labelFrom.rawValue), "split": .string(entry.split.rawValue),
            "start": .int(entry.start), "frames": .int(entry.frames),
            "sample_rate": entry.sampleRate.map(JSONValue.number) ?? .null,
            "windows": .int(entry.windows),
        ]
    }
}

// MARK: - Reading

extension DatasetManifest {
    /// Decodes and checks a manifest: types, the format and version, and that its parts agree
    /// (array shapes, channel count, labels of samples, class counts). Errors carry the JSON path.
    public init(json value: JSONValue) throws(JSONError) {
        let root = JSONCursor(value)
        let format = try root["format"].string()
        guard format == Self.formatName else { throw root["format"].invalid("expected \"\(Self.formatName)\", got \"\(format)\"") }
        let version = try root["format_version"].int()
        guard version == Self.formatVersion else {
            throw root["format_version"].invalid("version \(version) is not supported (this tinyops reads \(Self.formatVersion))")
        }
        toolVersion = try root["tinyops_version"].string()
        datasetHash = try root["dataset_hash"].string()
        labels = try Self.strings(root["labels"])
        guard Set(labels).count == labels.count else { throw root["labels"].invalid("labels repeat") }
        sampleShape = try Self.shape(root["sample_shape"], allowZero: false)
        channels = try Self.strings(root["channels"])
        guard sampleShape.last == channels.count else {
            throw root["channels"].invalid("\(channels.count) channels, but sample_shape ends in \(sampleShape.last ?? 0)")
        }
        sampleRate = try root["sample_rate"].optional()?.double()
        x = try Self.arrayFile(root["files"]["x"])
        y = try Self.arrayFile(root["files"]["y"])
        settings = try Self.settings(root["collect"])
        if let cursor = try root["features"].optional() {
            features = try FeatureSpec(json: try cursor.require(), path: cursor.path)
            guard features!.outputShape == sampleShape else {
                throw root["features"]["output_shape"].invalid("\(features!.outputShape) differs from sample_shape \(sampleShape)")
            }
            guard features!.channels == channels.count else {
                throw root["features"]["input_shape"].invalid("\(features!.channels) channels, but the dataset has \(channels.count)")
            }
        } else {
            features = nil
        }

        let statsCursor = root["stats"]
        let channelCount = channels.count
        func perChannel(_ key: String) throws(JSONError) -> [Float] {
            let values = try Self.floats(statsCursor[key])
            guard values.count == channelCount else { throw statsCursor[key].invalid("expected \(channelCount) values, one per channel") }
            return values
        }
        stats = ChannelStats(
            computedOn: try statsCursor["computed_on"].string(), mean: try perChannel("mean"),
            std: try perChannel("std"), min: try perChannel("min"), max: try perChannel("max"))
        nanCounts = try Self.ints(statsCursor["nan_count"])
        guard nanCounts.count == channels.count else { throw statsCursor["nan_count"].invalid("expected \(channels.count) values, one per channel") }

        var classCounts: [DatasetSplit: [Int]] = [:]
        for split in DatasetSplit.allCases {
            let cursor = root["class_counts"][split.rawValue]
            let counts = try Self.ints(cursor)
            guard counts.count == labels.count else { throw cursor.invalid("expected \(labels.count) counts, one per label") }
            classCounts[split] = counts
        }
        self.classCounts = classCounts
        var recordings: [RecordingEntry] = []
        for entry in try root["recordings"].array() { recordings.append(try Self.recording(entry)) }
        self.recordings = recordings
        let fields = try Self.strings(root["sample_fields"])
        guard fields == Self.sampleFields else {
            throw root["sample_fields"].invalid("expected \(Self.sampleFields), got \(fields)")
        }
        var samples: [Sample] = []
        for row in try root["samples"].array() {
            let sample = Sample(
                source: try row[1].string(), start: try row[2].int(),
                split: try row[3].oneOf(DatasetSplit.self), label: try row[4].string())
            guard try row[0].string() == sample.id else { throw row[0].invalid("expected id \"\(sample.id)\"") }
            samples.append(sample)
        }
        self.samples = samples
        try checkConsistency(root)
    }

    private func checkConsistency(_ root: JSONCursor) throws(JSONError) {
        guard try root["count"].int() == samples.count else {
            throw root["count"].invalid("count does not match the \(samples.count) rows of samples")
        }
        guard x.shape == [samples.count] + sampleShape else {
            throw root["files"]["x"]["shape"].invalid("expected \([samples.count] + sampleShape) for \(samples.count) samples of \(sampleShape)")
        }
        guard y.shape == [samples.count] else {
            throw root["files"]["y"]["shape"].invalid("expected [\(samples.count)]")
        }
        var counted: [DatasetSplit: [Int]] = [:]
        for split in DatasetSplit.allCases { counted[split] = Array(repeating: 0, count: labels.count) }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        for (index, sample) in samples.enumerated() {
            guard let label = labelIndex[sample.label] else {
                throw root["samples"][index][4].invalid("label \"\(sample.label)\" is not in labels")
            }
            counted[sample.split]![label] += 1
        }
        guard counted == classCounts else { throw root["class_counts"].invalid("does not match the samples") }
    }

    private static func strings(_ cursor: JSONCursor) throws(JSONError) -> [String] {
        var result: [String] = []
        for element in try cursor.array() { result.append(try element.string()) }
        return result
    }

    private static func ints(_ cursor: JSONCursor) throws(JSONError) -> [Int] {
        var result: [Int] = []
        for element in try cursor.array() { result.append(try element.int()) }
        return result
    }

    private static func floats(_ cursor: JSONCursor) throws(JSONError) -> [Float] {
        var result: [Float] = []
        for element in try cursor.array() { result.append(try element.float()) }
        return result
    }

    private static func doubles(_ cursor: JSONCursor) throws(JSONError) -> [Double] {
        var result: [Double] = []
        for element in try cursor.array() { result.append(try element.double()) }
        return result
    }

    private static func shape(_ cursor: JSONCursor, allowZero: Bool) throws(JSONError) -> [Int] {
        let shape = try Self.ints(cursor)
        guard !shape.isEmpty, shape.allSatisfy({ allowZero ? $0 >= 0 : $0 > 0 }) else {
            throw cursor.invalid("expected a non-empty list of \(allowZero ? "non-negative" : "positive") dimensions")
        }
        return shape
    }

    private static func arrayFile(_ cursor: JSONCursor) throws(JSONError) -> ArrayFile {
        let path = try cursor["path"].string()
        guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw cursor["path"].invalid("expected a path inside the dataset directory")
        }
        return ArrayFile(
            path: path, dtype: try cursor["dtype"].string(),
            shape: try shape(cursor["shape"], allowZero: true), sha256: try cursor["sha256"].string())
    }

    private static func settings(_ cursor: JSONCursor) throws(JSONError) -> Settings {
        let split = try Self.doubles(cursor["split"])
        guard split.count == 3, let fractions = SplitFractions(train: split[0], val: split[1], test: split[2]) else {
            throw cursor["split"].invalid("expected three non-negative fractions")
        }
        let seed = try cursor["seed"].int()
        guard seed >= 0 else { throw cursor["seed"].invalid("expected a non-negative seed") }
        func positive(_ key: String) throws(JSONError) -> Int? {
            guard let value = try cursor[key].optional()?.int() else { return nil }
            guard value > 0 else { throw cursor[key].invalid("expected a positive number of samples") }
            return value
        }
        return Settings(
            window: try positive("window"), stride: try positive("stride"),
            windowAsGiven: try cursor["window_as_given"].optional()?.string(),
            strideAsGiven: try cursor["stride_as_given"].optional()?.string(),
            pad: try cursor["pad"].bool(), split: fractions, seed: UInt64(seed),
            sampleRateOption: try cursor["sample_rate_option"].optional()?.double())
    }

    private static func recording(_ cursor: JSONCursor) throws(JSONError) -> RecordingEntry {
        RecordingEntry(
            source: try cursor["source"].string(), kind: try cursor["kind"].oneOf(RecordingKind.self),
            sha256: try cursor["sha256"].string(), label: try cursor["label"].string(),
            labelFrom: try cursor["label_from"].oneOf(LabelOrigin.self),
            split: try cursor["split"].oneOf(DatasetSplit.self), start: try cursor["start"].int(),
            frames: try cursor["frames"].int(), sampleRate: try cursor["sample_rate"].optional()?.double(),
            windows: try cursor["windows"].int())
    }
}
