import Foundation

/// The summary `tinyops collect` prints: readable text, or JSON with `--json`.
extension CollectReport {
    public func text() -> String {
        let m = manifest
        var lines: [String] = []
        let shape = "[" + m.sampleShape.map(String.init).joined(separator: ", ") + "]"
        let rate = m.sampleRate.map { ", " + CollectWarning.hertz($0) } ?? ""
        let recordingCount = Set(m.recordings.map(\.source)).count
        lines.append("dataset   \(output)")
        let axes = switch m.features?.block {
        case .spectral?: "features × channels"
        case .logmel?: "frames × mel bands × channels"
        case .mfcc?: "frames × coefficients × channels"
        case .raw?, nil: "window × channels"
        }
        lines.append("samples   \(m.count) of \(shape) (\(axes): \(m.channels.joined(separator: ", ")))\(rate)")
        if let features = m.features {
            lines.append("features  \(features.text), from windows of \(features.windowLength)")
        }
        var origin = "\(recordingCount) recording\(recordingCount == 1 ? "" : "s")"
        if keptRecordings > 0 { origin += " (\(keptRecordings) kept, \(addedRecordings) added)" }
        lines.append("from      " + origin + ", " + windowsText)
        lines.append("hash      \(m.datasetHash)")
        lines.append("")
        lines += classTable()
        lines.append("")
        lines += statsTable()
        return lines.joined(separator: "\n") + "\n"
    }

    /// `6 windows each`, or `3–12 windows per recording (median 6)`.
    private var windowsText: String {
        let windows = manifest.recordings.map(\.windows).sorted()
        guard let low = windows.first, let high = windows.last else { return "no windows" }
        if low == high { return "\(low) window\(low == 1 ? "" : "s") per recording" }
        return "\(low)–\(high) windows per recording (median \(windows[windows.count / 2]))"
    }

    /// One row per label, one column per split, with totals.
    private func classTable() -> [String] {
        let m = manifest
        var rows: [[String]] = [["label"] + DatasetSplit.allCases.map(\.rawValue) + ["total"]]
        for (index, label) in m.labels.enumerated() {
            let counts = DatasetSplit.allCases.map { m.classCounts[$0]?[index] ?? 0 }
            rows.append([label] + counts.map(String.init) + [String(counts.reduce(0, +))])
        }
        rows.append(["total"] + DatasetSplit.allCases.map { String(m.sampleCount(in: $0)) } + [String(m.count)])
        return Self.table(rows)
    }

    private func statsTable() -> [String] {
        let m = manifest
        var rows: [[String]] = [["channel", "mean", "std", "min", "max"]]
        for (index, channel) in m.channels.enumerated() {
            rows.append([channel] + [m.stats.mean, m.stats.std, m.stats.min, m.stats.max].map { Self.short($0[index]) })
        }
        return Self.table(rows) + ["(statistics of the \(m.stats.computedOn == "train" ? "train split" : "whole dataset"))"]
    }

    /// Left-aligned first column, right-aligned numbers, two spaces apart.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ").replacingTrailingSpaces()
        }
    }

    /// Four significant digits, for the table; dataset.json has the exact values.
    static func short(_ value: Float) -> String {
        String(format: "%.4g", Double(value))
    }

    public func json() -> JSONValue {
        let m = manifest
        var splits = JSONObject()
        for split in DatasetSplit.allCases {
            splits[split.rawValue] = [
                "samples": .int(m.sampleCount(in: split)),
                "class_counts": .array((m.classCounts[split] ?? []).map(JSONValue.int)),
            ]
        }
        return [
            "dataset": .string(output),
            "dataset_hash": .string(m.datasetHash),
            "samples": .int(m.count),
            "sample_shape": .array(m.sampleShape.map(JSONValue.int)),
            "sample_rate": m.sampleRate.map(JSONValue.number) ?? .null,
            "features": m.features?.json() ?? .null,
            "labels": .array(m.labels.map(JSONValue.string)),
            "channels": .array(m.channels.map(JSONValue.string)),
            "class_counts": .array(m.totalClassCounts.map(JSONValue.int)),
            "splits": .object(splits),
            "recordings": [
                "total": .int(Set(m.recordings.map(\.source)).count),
                "added": .int(addedRecordings), "kept": .int(keptRecordings),
            ],
            "windows_per_recording": .array(m.recordings.map { entry in
                ["source": .string(entry.source), "start": .int(entry.start), "label": .string(entry.label),
                 "split": .string(entry.split.rawValue), "frames": .int(entry.frames), "windows": .int(entry.windows)]
            }),
            "stats": [
                "computed_on": .string(m.stats.computedOn),
                "mean": .floats(m.stats.mean), "std": .floats(m.stats.std),
                "min": .floats(m.stats.min), "max": .floats(m.stats.max),
            ],
            "warnings": .array(warnings.map { .string($0.message) }),
        ]
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
