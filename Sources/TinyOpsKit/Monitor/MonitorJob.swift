/// `tinyops monitor`: telemetry from deployed devices against the training statistics in
/// the model (docs/monitoring.md).
public enum MonitorJob {
    public enum Source: Sendable {
        case files([String])
        case serial(SerialOptions)
    }

    public struct Options: Sendable {
        public var thresholds = MonitorThresholds()
        /// Use only lines with this model id (needed when the logs hold several).
        public var modelID: String?

        public init() {}
    }

    /// Reads the model's profile and the logs, and compares them.
    public static func run(model path: String, source: Source, options: Options) throws -> MonitorReport {
        let bytes = try FileBytes.read(path)
        let model: Model, profile: MonitoringProfile
        do {
            model = try TFLiteReader.decode(bytes)
            guard let found = try MonitoringProfile(model: model) else { throw MonitorError.noProfile }
            profile = found
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        let log: TelemetryLog
        switch source {
        case .files(let files): log = try TelemetryLog.read(files: files)
        case .serial(let serial): log = try TelemetryLog.capture(serial)
        }
        let labels = (try model.tinyopsMetadata())?["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return try analyze(log, profile: profile, model: ModelFacts(path: path, sha256: SHA256.hex(bytes), labels: labels,
                                                                     normalization: try InputNormalization(model: model)),
                           options: options)
    }

    /// What the report says about the model besides its profile.
    public struct ModelFacts: Sendable {
        public var path: String
        public var sha256: String
        public var labels: [String]
        public var normalization: InputNormalization?

        public init(path: String, sha256: String, labels: [String], normalization: InputNormalization?) {
            self.path = path
            self.sha256 = sha256
            self.labels = labels
            self.normalization = normalization
        }
    }

    /// Compares `log` with `profile`.
    public static func analyze(_ log: TelemetryLog, profile: MonitoringProfile, model: ModelFacts, options: Options) throws -> MonitorReport {
        let sourceNames = log.sources.joined(separator: ", ")
        // Which model's lines: the only one, or the one asked for.
        var ids: [String: Int] = [:]
        for entry in log.entries { ids[entry.record.modelID, default: 0] += 1 }
        let chosen: String
        if let wanted = options.modelID {
            guard ids[wanted] != nil else { throw MonitorError.noLinesForModel(id: wanted, logs: sourceNames, found: ids) }
            chosen = wanted
        } else {
            guard !ids.isEmpty else { throw MonitorError.noTelemetry(logs: sourceNames, malformed: log.malformed.count, other: log.otherLines) }
            guard ids.count == 1 else { throw MonitorError.severalModels(logs: sourceNames, found: ids) }
            chosen = ids.keys.first!
        }
        // Lines that cannot be this model's are malformed for it.
        var malformed = log.malformed
        var records: [TelemetryLog.Entry] = []
        let classes = profile.classCounts.count, channels = profile.channels.count
        for entry in log.entries where entry.record.modelID == chosen {
            let r = entry.record
            if r.classIndex >= classes {
                malformed.append(.init(source: entry.source, line: entry.line, reason: "class \(r.classIndex), the model has \(classes) classes"))
            } else if !r.mean.isEmpty && r.mean.count != channels {
                malformed.append(.init(source: entry.source, line: entry.line,
                                       reason: "\(r.mean.count) channel summaries, the model's profile has \(channels) channels"))
            } else {
                records.append(entry)
            }
        }
        malformed.sort { ($0.source, $0.line) < ($1.source, $1.line) }
        guard !records.isEmpty else { throw MonitorError.noUsableLines(id: chosen, logs: sourceNames, malformed: malformed.count) }
        var report = MonitorReport(model: model.path, modelSHA256: model.sha256, modelID: chosen, logs: log.sources,
                                   profile: profile, thresholds: options.thresholds)
        report.lines = .init(telemetry: log.entries.count + log.malformed.count, used: records.count, malformed: malformed,
                             otherModels: log.entries.count - ids[chosen]!, otherText: log.otherLines)
        report.sequence = sequenceGaps(records)
        if let suffix = chosen.split(separator: "-").last, suffix.count == 8, suffix.allSatisfy(\.isHexDigit),
           suffix.lowercased() != String(model.sha256.prefix(8)) {
            report.notes.append("the lines name model \(chosen), whose sha256 prefix \(suffix) is not \(model.path)'s (\(model.sha256.prefix(8))): compared anyway")
        }
        let t = options.thresholds
        let enough = records.count >= t.minWindows
        if !enough {
            report.notes.append("only \(records.count) windows (fewer than min-windows=\(t.minWindows)): input, class and confidence statistics are shown but not judged")
        }
        // Input drift, channel by channel.
        let summarized = records.filter { !$0.record.mean.isEmpty }
        for (c, channel) in profile.channels.enumerated() where !summarized.isEmpty {
            var meanCounts = [Int](repeating: 0, count: channel.mean.counts.count), energyCounts = [Int](repeating: 0, count: channel.energy.counts.count)
            var sum = 0.0
            for entry in summarized {
                meanCounts[channel.mean.bin(of: entry.record.mean[c])] += 1
                energyCounts[channel.energy.bin(of: entry.record.energy[c])] += 1
                sum += entry.record.mean[c]
            }
            let live = sum / Double(summarized.count)
            let psiMean = DriftStatistics.psi(expected: channel.mean.counts, actual: meanCounts)
            let psiEnergy = DriftStatistics.psi(expected: channel.energy.counts, actual: energyCounts)
            let n = summarized.count
            let noiseMean = DriftStatistics.noiseBound(bins: channel.mean.counts.count, live: n, reference: channel.mean.total)
            let noiseEnergy = DriftStatistics.noiseBound(bins: channel.energy.counts.count, live: n, reference: channel.energy.total)
            let level = enough ? max(judge(psiMean, noise: noiseMean, warn: t.psiWarn, alert: t.psiAlert),
                                     judge(psiEnergy, noise: noiseEnergy, warn: t.psiWarn, alert: t.psiAlert)) : .notJudged
            var row = MonitorReport.ChannelDrift(index: c, name: channel.name, psiMean: psiMean, psiEnergy: psiEnergy,
                                                 noise: max(noiseMean, noiseEnergy), trainMean: channel.mean.mean, liveMean: live, level: level)
            if let n = model.normalization, c < n.mean.count {
                row.rawTrainMean = channel.mean.mean * Double(n.std[c]) + Double(n.mean[c])
                row.rawLiveMean = live * Double(n.std[c]) + Double(n.mean[c])
            }
            report.channels.append(row)
        }
        report.windowsWithSummary = summarized.count
        // Predicted classes against the training class balance.
        var predicted = [Int](repeating: 0, count: classes)
        for entry in records where entry.record.classIndex >= 0 { predicted[entry.record.classIndex] += 1 }
        let classPSI = DriftStatistics.psi(expected: profile.classCounts, actual: predicted)
        let classNoise = DriftStatistics.noiseBound(bins: classes, live: predicted.reduce(0, +), reference: profile.classCounts.reduce(0, +))
        report.classes = .init(labels: (0..<classes).map { $0 < model.labels.count ? model.labels[$0] : "class \($0)" },
                               train: profile.classCounts, live: predicted, unknown: records.count - predicted.reduce(0, +),
                               psi: classPSI, noise: classNoise, jensenShannon: DriftStatistics.jensenShannon(profile.classCounts, predicted),
                               level: enough ? judge(classPSI, noise: classNoise, warn: t.classPSIWarn, alert: t.classPSIAlert) : .notJudged)
        // Low confidence.
        let low = records.filter { $0.record.score < t.minScore }.count
        let rate = Double(low) / Double(records.count), reference = profile.referenceRate(below: t.minScore)
        report.confidence = .init(minScore: t.minScore, rate: rate, reference: reference, referenceSplit: profile.scoreSplit,
                                  level: enough ? .of(rate - (reference ?? 0), warn: t.lowConfidenceWarn, alert: t.lowConfidenceAlert) : .notJudged)
        // Latency.
        let latencies = records.map(\.record.latencyMicroseconds).sorted()
        let p95 = DriftStatistics.percentile(latencies, 95)
        let budget = t.latencyP95AlertMicroseconds != nil || t.latencyP95WarnMicroseconds != nil
        var latencyLevel = budget ? MonitorReport.Level.ok : .notJudged
        if let alert = t.latencyP95AlertMicroseconds, p95 > alert { latencyLevel = .alert }
        else if let warn = t.latencyP95WarnMicroseconds, p95 > warn { latencyLevel = .warn }
        report.latency = .init(p50: DriftStatistics.percentile(latencies, 50), p90: DriftStatistics.percentile(latencies, 90), p95: p95,
                               p99: DriftStatistics.percentile(latencies, 99), max: latencies.last!, level: latencyLevel)
        return report
    }

    /// A PSI's level: past a threshold, and past what sampling alone gives (`noise`).
    static func judge(_ psi: Double, noise: Double, warn: Double, alert: Double) -> MonitorReport.Level {
        .of(psi, warn: max(warn, noise), alert: max(alert, noise))
    }

    /// Sequence numbers per source: restarts (n went down: a reboot) and lines missing (n jumped).
    static func sequenceGaps(_ records: [TelemetryLog.Entry]) -> MonitorReport.Sequence {
        var result = MonitorReport.Sequence()
        var last: (source: String, n: UInt32)?
        for entry in records {
            let n = entry.record.sequence
            if let previous = last, previous.source == entry.source {
                if n <= previous.n { result.restarts += 1 } else { result.missing += Int(n - previous.n - 1) }
            }
            last = (entry.source, n)
        }
        return result
    }
}

public enum MonitorError: UserFacingError, Equatable {
    case noProfile
    case noTelemetry(logs: String, malformed: Int, other: Int)
    case severalModels(logs: String, found: [String: Int])
    case noLinesForModel(id: String, logs: String, found: [String: Int])
    case noUsableLines(id: String, logs: String, malformed: Int)
    case telemetryNeedsInt8

    static func list(_ found: [String: Int]) -> String {
        found.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) (\($0.value) lines)" }.joined(separator: ", ")
    }

    public var message: String {
        switch self {
        case .noProfile:
            return "has no monitoring statistics in its tinyops metadata (models trained before tinyops recorded them, or not by tinyops)"
        case .noTelemetry(let logs, let malformed, let other):
            return "\(logs): no telemetry lines (\(malformed) malformed, \(other) other lines)"
        case .severalModels(let logs, let found):
            return "\(logs): the lines come from \(found.count) models: \(Self.list(found))"
        case .noLinesForModel(let id, let logs, let found):
            return "\(logs): no lines from model \(id)" + (found.isEmpty ? "" : "; the logs hold \(Self.list(found))")
        case .noUsableLines(let id, let logs, let malformed):
            return "\(logs): none of the lines from model \(id) fits the model (\(malformed) malformed)"
        case .telemetryNeedsInt8:
            return "is a float32 model; telemetry lines come from TinyOpsRuntime, which runs int8 models"
        }
    }

    public var hint: String? {
        switch self {
        case .noProfile: return "retrain with tinyops train (it records them), then quantize and deploy that model"
        case .noTelemetry: return "the device prints lines starting with '@tm1 ' (tinyops_invoke_with_telemetry; docs/telemetry.md)"
        case .severalModels: return "pick one with --model-id"
        case .telemetryNeedsInt8: return "quantize it first: tinyops quantize MODEL --calibration DATASET -o MODEL_int8.tflite"
        default: return nil
        }
    }
}
