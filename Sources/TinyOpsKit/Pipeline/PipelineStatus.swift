import Foundation

/// `tinyops status` and `tinyops metrics`: which stages are stale and why, and the metrics of
/// a run (or the difference between two runs' lock files).
public enum PipelineStatus {
    public struct StageStatus: Sendable, Equatable {
        public let name: String
        public let reasons: [String]
        public var isFresh: Bool { reasons.isEmpty }
    }

    public static func status(project: String) throws -> [StageStatus] {
        let config = try PipelineConfig.load(projectDirectory: project)
        let lockPath = project + "/" + LockFile.fileName
        let lock = FileManager.default.fileExists(atPath: lockPath) ? try LockFile.load(lockPath) : LockFile()
        let store = StageStore(project: project)
        var stale = Set<String>()
        var result: [StageStatus] = []
        for stage in PipelineStages.stages(for: config) {
            var reasons: [String] = []
            guard let recorded = lock.stage(stage.name) else {
                result.append(StageStatus(name: stage.name, reasons: ["never run"]))
                stale.insert(stage.name)
                continue
            }
            if recorded.tool != "tinyops \(TinyOps.version)" { reasons.append("tool changed (\(recorded.tool) → tinyops \(TinyOps.version))") }
            if recorded.options != stage.options { reasons.append("options changed") }
            let hashes = try PipelineRunner.hashes(stage.files, in: project, stage: stage.name)
            for file in stage.files where hashes[file] != recorded.inputs[file] {
                reasons.append(recorded.inputs[file] == nil ? "new input \(file)" : "input \(file) changed")
            }
            for name in stage.upstream where stale.contains(name) { reasons.append("upstream \(name) is stale") }
            let upstream = stage.upstream.reduce(into: [String: String]()) { $0[$1] = lock.stage($1)?.outputHash }
            if reasons.isEmpty, stage.key(fileHashes: hashes, upstreamHashes: upstream) != recorded.key {
                reasons.append("upstream outputs changed")
            }
            if reasons.isEmpty, !store.has(recorded.key) { reasons.append("outputs missing from the cache") }
            if !reasons.isEmpty { stale.insert(stage.name) }
            result.append(StageStatus(name: stage.name, reasons: reasons))
        }
        return result
    }

    /// Metrics of every stage in `lock`, flattened to `stage.metric` keys in stage order.
    public static func metrics(_ lock: LockFile) -> [(key: String, value: JSONValue)] {
        var rows: [(String, JSONValue)] = []
        func flatten(_ prefix: String, _ value: JSONValue) {
            if let object = value.objectValue {
                for (key, inner) in object { flatten(prefix + "." + key, inner) }
            } else {
                rows.append((prefix, value))
            }
        }
        for stage in lock.stages { flatten(stage.name, .object(stage.metrics)) }
        return rows
    }

    /// A table of metrics; with `other`, the other run's value and the change.
    public static func metricsText(_ lock: LockFile, diff other: LockFile? = nil) -> String {
        let current = metrics(lock)
        let previous = other.map { Dictionary(metrics($0).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) }
        let width = max(6, current.map(\.key.count).max() ?? 6)
        func pad(_ text: String, _ length: Int) -> String { text + String(repeating: " ", count: max(0, length - text.count)) }
        func text(_ value: JSONValue?) -> String {
            guard let value else { return "-" }
            if let number = value.doubleValue { return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(format: "%.4g", number) }
            return (try? JSONWriter().string(value)) ?? "?"
        }
        var lines = [pad("metric", width) + (previous == nil ? "  value" : "  this run      other run     change")]
        for (key, value) in current {
            var line = pad(key, width) + "  " + (previous == nil ? text(value) : pad(text(value), 12))
            if let previous {
                let old = previous[key]
                line += "  " + pad(text(old), 12)
                if let a = value.doubleValue, let b = old?.doubleValue, a != b {
                    line += "  " + String(format: "%+.4g", a - b)
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
