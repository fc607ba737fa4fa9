/// A dataset ready to be written: the manifest (hashes filled in) and the bytes of its arrays.
struct AssembledDataset {
    var manifest: DatasetManifest
    var xBytes: [UInt8]
    var yBytes: [UInt8]
    var warnings: [CollectWarning]
}

/// Cuts recordings into samples, merges them with an existing dataset's, assigns splits and
/// label indices, and computes statistics, counts and hashes.
enum DatasetAssembler {
    /// Where a sample's values come from.
    private enum Origin {
        /// Sample `index` of the dataset being appended to.
        case existing(index: Int)
        /// A window of a new recording starting at `offset` frames into it.
        case window(recording: Int, offset: Int)
    }

    private struct Pending {
        var sample: DatasetManifest.Sample
        var origin: Origin
    }

    static func assemble(
        recordings: [Recording], existing: Dataset?, settings: CollectSettings, options: CollectOptions,
        rate: Double?, warnings: inout [CollectWarning]
    ) throws -> AssembledDataset {
        let old = existing?.manifest
        let channels = old?.channels ?? recordings[0].channels
        let windowing = try CollectSettings.window(options, existing: old?.settings, rate: rate)
        let plan: WindowPlan
        if let windowing {
            plan = WindowPlan(window: windowing.window, stride: windowing.stride, pad: settings.pad)
        } else {
            let reference = old.map { (Dataset.join(options.output, DatasetManifest.fileName), $0.features?.windowLength ?? $0.sampleShape[0]) }
                ?? (recordings[0].path, recordings[0].frameCount)
            for recording in recordings where recording.frameCount != reference.1 {
                throw DatasetError.lengthMismatch(
                    file: recording.path, frames: recording.frameCount, reference: reference.0, referenceFrames: reference.1)
            }
            plan = WindowPlan(window: reference.1, stride: reference.1, pad: false)
        }
        let features = try CollectSettings.features(
            options, existing: old, window: plan.window, channels: channels.count, rate: rate)
        let extractor = features.map(FeatureExtractor.init)
        let sampleShape = features?.outputShape ?? [plan.window, channels.count]

        // Windows of the new recordings, and labels that end up without a sample.
        let starts = recordings.map { plan.starts(frameCount: $0.frameCount) }
        for (recording, windows) in zip(recordings, starts) where windows.isEmpty {
            warnings.append(.tooShort(source: recording.source, frames: recording.frameCount, window: plan.window))
        }
        var windowsPerLabel: [String: Int] = [:]
        for sample in old?.samples ?? [] { windowsPerLabel[sample.label, default: 0] += 1 }
        for (recording, windows) in zip(recordings, starts) { windowsPerLabel[recording.label, default: 0] += windows.count }
        for recording in recordings where windowsPerLabel[recording.label] == 0 {
            let count = recordings.filter { $0.label == recording.label }.count
            throw DatasetError.labelWithoutSamples(label: recording.label, recordings: count, window: plan.window)
        }

        // Splits: kept for known recordings, drawn for new ones.
        let assigner = SplitAssigner(fractions: settings.split, seed: settings.seed)
        var entries = old?.recordings ?? []
        var pending: [Pending] = (old?.samples ?? []).enumerated().map { Pending(sample: $1, origin: .existing(index: $0)) }
        for (index, recording) in recordings.enumerated() {
            let split = assigner.split(forSource: recording.source)
            entries.append(DatasetManifest.RecordingEntry(
                source: recording.source, kind: recording.kind, sha256: recording.sha256, label: recording.label,
                labelFrom: recording.labelOrigin, split: split, start: recording.start, frames: recording.frameCount,
                sampleRate: recording.measuredRate, windows: starts[index].count))
            for offset in starts[index] {
                pending.append(Pending(
                    sample: DatasetManifest.Sample(source: recording.source, start: recording.start + offset, split: split, label: recording.label),
                    origin: .window(recording: index, offset: offset)))
            }
        }
        pending.sort { precedes($0.sample.source, $0.sample.start, $1.sample.source, $1.sample.start) }
        entries.sort { precedes($0.source, $0.start, $1.source, $1.start) }

        let labels = Set(pending.map(\.sample.label)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let windowSize = plan.window * channels.count
        let sampleSize = sampleShape.reduce(1, *)
        var window = [Float](repeating: 0, count: extractor == nil ? 0 : windowSize)
        var x: [Float] = []
        x.reserveCapacity(pending.count * sampleSize)
        var y: [Int32] = []
        y.reserveCapacity(pending.count)
        for item in pending {
            switch item.origin {
            case .existing(let index):
                x.append(contentsOf: existing!.sample(index))
            case .window(let index, let offset):
                let frames = recordings[index].frames
                let begin = offset * channels.count
                let end = min(begin + windowSize, frames.count)
                guard let extractor else {
                    x.append(contentsOf: frames[begin..<end])
                    x.append(contentsOf: repeatElement(0, count: windowSize - (end - begin)))  // --pad
                    break
                }
                for i in 0..<windowSize { window[i] = begin + i < end ? frames[begin + i] : 0 }
                let result = Result { () throws(FeatureError) in try extractor.apply(window[...]) }
                switch result {
                case .success(let features):
                    x.append(contentsOf: features)
                case .failure(let error):
                    guard case .outOfPCMRange(let frame, let channel, let value) = error else { throw FileError(path: recordings[index].path, reason: error) }
                    throw FileError(path: recordings[index].path, reason: FeatureError.outOfPCMRange(
                        frame: recordings[index].start + offset + frame, channel: channel, value: value))
                }
            }
            y.append(Int32(labelIndex[item.sample.label]!))
        }

        let collectSettings = DatasetManifest.Settings(
            window: windowing?.window, stride: windowing?.stride, windowAsGiven: windowing?.windowText,
            strideAsGiven: windowing?.strideText, pad: settings.pad, split: settings.split, seed: settings.seed,
            sampleRateOption: settings.sampleRateOption)
        return try finish(
            x: x, y: y, labels: labels, channels: channels, sampleShape: sampleShape, rate: rate,
            samples: pending.map(\.sample), recordings: entries, settings: collectSettings,
            features: features, toolVersion: options.toolVersion)
    }

    /// Counts, statistics, array bytes and hashes for samples already in order.
    static func finish(
        x: [Float], y: [Int32], labels: [String], channels: [String], sampleShape: [Int], rate: Double?,
        samples: [DatasetManifest.Sample], recordings: [DatasetManifest.RecordingEntry],
        settings: DatasetManifest.Settings, features: FeatureSpec? = nil, toolVersion: String
    ) throws -> AssembledDataset {
        let sampleSize = sampleShape.reduce(1, *)
        var classCounts: [DatasetSplit: [Int]] = [:]
        for split in DatasetSplit.allCases { classCounts[split] = Array(repeating: 0, count: labels.count) }
        for (sample, label) in zip(samples, y) { classCounts[sample.split]![Int(label)] += 1 }

        var statsWarnings: [CollectWarning] = []
        var statsIndices = samples.indices.filter { samples[$0].split == .train }
        var computedOn = DatasetSplit.train.rawValue
        if statsIndices.isEmpty {
            statsIndices = Array(samples.indices)
            computedOn = "all"
            statsWarnings.append(.statsOnAllSamples)
        }
        let stats = try ChannelStats.compute(
            x: x, sampleSize: sampleSize, channelNames: channels, samples: statsIndices, computedOn: computedOn)
        let nanCounts = ChannelStats.nanCounts(x: x, channels: channels.count)

        let xBytes = try NPYArray(float32: x, shape: [samples.count] + sampleShape).npyBytes()
        let yBytes = try NPYArray(int32: y, shape: [samples.count]).npyBytes()
        var manifest = DatasetManifest(
            toolVersion: toolVersion, datasetHash: "", labels: labels, sampleShape: sampleShape,
            channels: channels, sampleRate: rate,
            x: .init(path: "x.npy", dtype: "float32", shape: [samples.count] + sampleShape, sha256: SHA256.hex(xBytes)),
            y: .init(path: "y.npy", dtype: "int32", shape: [samples.count], sha256: SHA256.hex(yBytes)),
            settings: settings, features: features, stats: stats, nanCounts: nanCounts, classCounts: classCounts,
            recordings: recordings, samples: samples)
        manifest.datasetHash = manifest.contentHash()
        return AssembledDataset(
            manifest: manifest, xBytes: xBytes, yBytes: yBytes,
            warnings: statsWarnings + balanceWarnings(manifest))
    }

    /// Empty splits, labels missing from a split, class imbalance and NaNs.
    static func balanceWarnings(_ manifest: DatasetManifest) -> [CollectWarning] {
        var warnings: [CollectWarning] = []
        for split in DatasetSplit.allCases where manifest.settings.split.fraction(of: split) > 0 && manifest.sampleCount(in: split) == 0 {
            warnings.append(.emptySplit(split))
        }
        for split in DatasetSplit.allCases where manifest.sampleCount(in: split) > 0 {
            for (label, count) in zip(manifest.labels, manifest.classCounts[split] ?? []) where count == 0 {
                warnings.append(.labelMissingFromSplit(label: label, split: split))
            }
        }
        let totals = manifest.totalClassCounts
        if let largest = totals.indices.max(by: { totals[$0] < totals[$1] }),
           let smallest = totals.indices.min(by: { totals[$0] < totals[$1] }),
           totals[largest] > 2 * totals[smallest] {
            warnings.append(.classImbalance(
                largest: manifest.labels[largest], largestCount: totals[largest],
                smallest: manifest.labels[smallest], smallestCount: totals[smallest]))
        }
        for (channel, count) in zip(manifest.channels, manifest.nanCounts) where count > 0 {
            warnings.append(.nanValues(channel: channel, count: count))
        }
        return warnings
    }

    /// Orders by source name (byte order), then start frame.
    private static func precedes(_ a: String, _ aStart: Int, _ b: String, _ bStart: Int) -> Bool {
        a == b ? aStart < bStart : a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
