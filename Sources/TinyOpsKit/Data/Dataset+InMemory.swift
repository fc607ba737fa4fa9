extension Dataset {
    /// A dataset built from arrays in memory, with a complete manifest (statistics on the
    /// train split, class counts, hashes), as `collect` would describe it; for tests and for
    /// stages that derive data (a calibration subset, distillation targets).
    ///
    /// Sample `i` is recorded as its own recording `memory/<i>` (zero-padded, so names sort in
    /// sample order) starting at frame 0, of kind `npy` with an empty `sha256` (there is no file).
    ///
    /// - Parameters:
    ///   - x: `y.count * product(sampleShape)` floats.
    ///   - y: label indices into `labels`.
    ///   - sampleShape: the shape of one sample; its last axis is the channels.
    ///   - channels: channel names (default `ch0`, `ch1`, …).
    ///   - splits: the split of each sample (default: all `train`).
    /// - Throws: `DatasetError.manifestInconsistent` when the parts do not fit together.
    public static func inMemory(
        x: [Float], y: [Int32], labels: [String], sampleShape: [Int], channels: [String]? = nil,
        splits: [DatasetSplit]? = nil, sampleRate: Double? = nil, toolVersion: String = TinyOps.version
    ) throws -> Dataset {
        func problem(_ reason: String) -> DatasetError { .manifestInconsistent(file: "in-memory dataset", reason: reason) }
        guard let channelCount = sampleShape.last, sampleShape.allSatisfy({ $0 > 0 }) else {
            throw problem("sample shape \(sampleShape) must be non-empty and positive")
        }
        let names = channels ?? DecodedRecording.defaultChannelNames(channelCount)
        let splits = splits ?? Array(repeating: .train, count: y.count)
        guard names.count == channelCount else { throw problem("\(names.count) channel names for \(channelCount) channels") }
        guard x.count == y.count * sampleShape.reduce(1, *) else {
            throw problem("\(x.count) values for \(y.count) samples of \(sampleShape)")
        }
        guard splits.count == y.count else { throw problem("\(splits.count) splits for \(y.count) samples") }
        guard Set(labels).count == labels.count else { throw problem("labels repeat") }
        if let index = y.firstIndex(where: { $0 < 0 || Int($0) >= labels.count }) {
            throw problem("label \(y[index]) of sample \(index) is outside 0..<\(labels.count)")
        }
        // Sources sort in sample order: memory/000…0, memory/000…1, ….
        let digits = String(max(y.count - 1, 0)).count
        let sources = y.indices.map { index in
            let text = String(index)
            return "memory/" + String(repeating: "0", count: digits - text.count) + text
        }
        let samples = y.indices.map { DatasetManifest.Sample(source: sources[$0], start: 0, split: splits[$0], label: labels[Int(y[$0])]) }
        let recordings = y.indices.map { index in
            DatasetManifest.RecordingEntry(
                source: sources[index], kind: .npy, sha256: "", label: labels[Int(y[index])], labelFrom: .option,
                split: splits[index], start: 0, frames: sampleShape[0], sampleRate: sampleRate, windows: 1)
        }
        let settings = DatasetManifest.Settings(
            window: nil, stride: nil, windowAsGiven: nil, strideAsGiven: nil, pad: false,
            split: .standard, seed: 0, sampleRateOption: sampleRate)
        let assembled = try DatasetAssembler.finish(
            x: x, y: y, labels: labels, channels: names, sampleShape: sampleShape, rate: sampleRate,
            samples: samples, recordings: recordings, settings: settings, toolVersion: toolVersion)
        return Dataset(manifest: assembled.manifest, x: x, y: y)
    }
}

extension Dataset {
    /// Writes this dataset as a directory (atomically, as `collect` does). The arrays are
    /// serialized exactly as the manifest's hashes expect.
    public func write(to output: String) throws {
        let assembled = AssembledDataset(
            manifest: manifest,
            xBytes: try NPYArray(float32: x, shape: [count] + sampleShape).npyBytes(),
            yBytes: try NPYArray(int32: y, shape: [count]).npyBytes(),
            warnings: [])
        guard SHA256.hex(assembled.xBytes) == manifest.x.sha256, SHA256.hex(assembled.yBytes) == manifest.y.sha256 else {
            throw DatasetError.manifestInconsistent(file: output, reason: "the arrays do not match the manifest's hashes")
        }
        try DatasetWriter.write(assembled, to: output, captures: [], carrying: nil)
    }
}
