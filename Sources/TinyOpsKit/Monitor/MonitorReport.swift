import Foundation

/// What `tinyops monitor` found: per statistic a value and a level; the worst level decides
/// the exit status.
public struct MonitorReport: Sendable {
    public enum Level: String, Sendable, Comparable {
        /// Reported, not judged (too few windows).
        case notJudged = "not judged"
        case ok
        case warn
        case alert

        static func of(_ value: Double, warn: Double, alert: Double) -> Level {
            value > alert ? .alert : value > warn ? .warn : .ok
        }

        private var rank: Int {
            switch self {
            case .notJudged: return 0
            case .ok: return 1
            case .warn: return 2
            case .alert: return 3
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    public struct Lines: Sendable {
        /// Lines with `@tm1 `, parsed or not.
        public var telemetry = 0
        public var used = 0
        public var malformed: [TelemetryLog.Problem] = []
        public var otherModels = 0
        public var otherText = 0
    }

    public struct Sequence: Sendable, Equatable {
        public var restarts = 0
        public var missing = 0
    }

    public struct ChannelDrift: Sendable {
        public var index: Int
        public var name: String?
        public var psiMean: Double
        public var psiEnergy: Double
        /// The PSI sampling alone exceeds one time in a thousand at these window counts.
        public var noise: Double
        /// Mean of the window means, training and live, in model input units.
        public var trainMean: Double
        public var liveMean: Double
        /// The same in raw units (before normalization), when the model records it.
        public var rawTrainMean: Double?
        public var rawLiveMean: Double?
        public var level: Level

        public var label: String { name ?? "ch\(index)" }
    }

    public struct Classes: Sendable {
        public var labels: [String] = []
        public var train: [Int] = []
        public var live: [Int] = []
        /// Lines with c=-1.
        public var unknown = 0
        public var psi = 0.0
        public var noise = 0.0
        public var jensenShannon = 0.0
        public var level = Level.ok
    }

    public struct Confidence: Sendable {
        public var minScore = 0.5
        public var rate = 0.0
        public var reference: Double?
        public var referenceSplit = ""
        public var level = Level.ok
    }

    public struct Latency: Sendable {
        public var p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0
        public var level = Level.ok
    }

    public var model: String
    public var modelSHA256: String
    public var modelID: String
    public var logs: [String]
    public var profile: MonitoringProfile
    public var thresholds: MonitorThresholds
    public var lines = Lines()
    public var sequence = Sequence()
    public var notes: [String] = []
    public var channels: [ChannelDrift] = []
    public var windowsWithSummary = 0
    public var classes = Classes()
    public var confidence = Confidence()
    public var latency = Latency()

    init(model: String, modelSHA256: String, modelID: String, logs: [String], profile: MonitoringProfile, thresholds: MonitorThresholds) {
        self.model = model
        self.modelSHA256 = modelSHA256
        self.modelID = modelID
        self.logs = logs
        self.profile = profile
        self.thresholds = thresholds
    }

    /// The worst level of any statistic.
    public var level: Level {
        (channels.map(\.level) + [classes.level, confidence.level, latency.level]).max() ?? .ok
    }

    /// Whether the worst level reaches `failOn` (exit 3).
    public func fails(at failOn: Level) -> Bool { level >= failOn && level > .ok }

    /// One line per statistic at warn or alert.
    public var findings: [(level: Level, text: String)] {
        var result: [(Level, String)] = []
        for channel in channels where channel.level >= .warn {
            result.append((channel.level, "input drift on \(channel.label): PSI \(Self.fixed(channel.psiMean, 3)) (window mean), \(Self.fixed(channel.psiEnergy, 3)) (energy)"))
        }
        if classes.level >= .warn {
            result.append((classes.level, "prediction shift: PSI \(Self.fixed(classes.psi, 3)) against the training class balance"))
        }
        if confidence.level >= .warn {
            result.append((confidence.level, "low confidence: \(Self.percent(confidence.rate)) of windows below \(Self.fixed(confidence.minScore, 2)) (held-out: \(confidence.reference.map(Self.percent) ?? "n/a"))"))
        }
        if latency.level >= .warn {
            result.append((latency.level, "latency: p95 \(Self.milliseconds(latency.p95)) over budget"))
        }
        return result
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : (value > 0 ? "inf" : "-inf")
    }

    static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }

    static func milliseconds(_ microseconds: Int) -> String { fixed(Double(microseconds) / 1000, 2) + " ms" }
}
