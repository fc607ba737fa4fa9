/// `tinyops monitor`'s table and `--json` document.
extension MonitorReport {
    public func text() -> String {
        let t = thresholds
        var out: [String] = []
        out.append("model     \(model) (sha256 \(modelSHA256.prefix(16))…), profile of \(profile.windows) \(profile.split) windows")
        out.append("logs      \(logs.joined(separator: ", ")): \(lines.used) windows from \(modelID)"
                   + " (\(lines.malformed.count) malformed, \(lines.otherModels) from other models, \(lines.otherText) other lines)")
        if sequence.restarts > 0 || sequence.missing > 0 {
            out.append("sequence  \(sequence.missing) line(s) missing, \(sequence.restarts) restart(s)")
        }
        for note in notes { out.append("note      \(note)") }
        out.append("")
        if channels.isEmpty {
            out.append("input drift: the lines carry no input summary (m=, e=)")
        } else {
            out.append("input drift: PSI of the window mean and energy against the train split, \(windowsWithSummary) windows "
                       + "(warn \(Self.fixed(t.psiWarn, 2)), alert \(Self.fixed(t.psiAlert, 2)), and above the sampling noise)")
            let raw = channels.contains { $0.rawTrainMean != nil }
            let width = max(7, channels.map(\.label.count).max() ?? 0)
            var header = "channel".padded(width) + "  mean PSI  energy PSI  noise  train mean   live mean"
            if raw { header += "   (raw: train     live)" }
            out.append(header + "  status")
            for c in channels {
                var row = c.label.padded(width) + Self.fixed(c.psiMean, 3).leftPadded(10) + Self.fixed(c.psiEnergy, 3).leftPadded(12)
                    + Self.fixed(c.noise, 3).leftPadded(7) + Self.fixed(c.trainMean, 3).leftPadded(12) + Self.fixed(c.liveMean, 3).leftPadded(12)
                if raw {
                    row += (c.rawTrainMean.map { Self.fixed($0, 3) } ?? "-").leftPadded(17) + (c.rawLiveMean.map { Self.fixed($0, 3) } ?? "-").leftPadded(9)
                }
                out.append(row + "  " + c.level.rawValue)
            }
        }
        out.append("")
        out.append("predictions: share per class against the train split's class balance (PSI warn \(Self.fixed(t.classPSIWarn, 2)), alert \(Self.fixed(t.classPSIAlert, 2)))")
        let trainTotal = Double(max(1, classes.train.reduce(0, +))), liveTotal = Double(max(1, classes.live.reduce(0, +)))
        let width = max(5, classes.labels.map(\.count).max() ?? 0)
        out.append("class".padded(width) + "   train    live")
        for (i, label) in classes.labels.enumerated() {
            out.append(label.padded(width) + Self.percent(Double(classes.train[i]) / trainTotal).leftPadded(8)
                       + Self.percent(Double(classes.live[i]) / liveTotal).leftPadded(8))
        }
        if classes.unknown > 0 { out.append("(\(classes.unknown) windows without a class)") }
        out.append("PSI \(Self.fixed(classes.psi, 3)) (sampling noise up to \(Self.fixed(classes.noise, 3))), Jensen-Shannon \(Self.fixed(classes.jensenShannon, 3))  \(classes.level.rawValue)")
        out.append("")
        let reference = confidence.reference.map { "\(Self.percent($0)) on \(confidence.referenceSplit) data at training" } ?? "no reference recorded"
        out.append("confidence: \(Self.percent(confidence.rate)) of windows with a top score below \(Self.fixed(confidence.minScore, 2)) "
                   + "(\(reference); warn +\(Self.fixed(t.lowConfidenceWarn * 100, 0)), alert +\(Self.fixed(t.lowConfidenceAlert * 100, 0)) points)  \(confidence.level.rawValue)")
        let budget = [t.latencyP95WarnMicroseconds.map { "warn \(Self.milliseconds($0))" }, t.latencyP95AlertMicroseconds.map { "alert \(Self.milliseconds($0))" }]
            .compactMap { $0 }.joined(separator: ", ")
        out.append("latency: p50 \(Self.milliseconds(latency.p50)), p90 \(Self.milliseconds(latency.p90)), p95 \(Self.milliseconds(latency.p95)), "
                   + "p99 \(Self.milliseconds(latency.p99)), max \(Self.milliseconds(latency.max))"
                   + (budget.isEmpty ? " (no budget)" : " (p95 budget: \(budget))  \(latency.level.rawValue)"))
        out.append("")
        let findings = self.findings
        out.append("status: \(level == .notJudged ? "not judged (too few windows)" : level.rawValue)"
                   + (findings.isEmpty ? "" : " (\(findings.count) finding\(findings.count == 1 ? "" : "s"))"))
        for finding in findings { out.append("  \(finding.level.rawValue): \(finding.text)") }
        return out.joined(separator: "\n") + "\n"
    }

    public func json() -> JSONValue {
        let t = thresholds
        return [
            "model": .string(model), "model_sha256": .string(modelSHA256), "model_id": .string(modelID),
            "logs": .array(logs.map(JSONValue.string)), "status": .string(level.rawValue),
            "lines": [
                "telemetry": .int(lines.telemetry), "used": .int(lines.used), "other_models": .int(lines.otherModels),
                "other_text": .int(lines.otherText), "malformed_count": .int(lines.malformed.count),
                "malformed": .array(lines.malformed.map { ["file": .string($0.source), "line": .int($0.line), "reason": .string($0.reason)] }),
            ],
            "sequence": ["restarts": .int(sequence.restarts), "missing": .int(sequence.missing)],
            "notes": .array(notes.map(JSONValue.string)),
            "input": [
                "windows": .int(windowsWithSummary),
                "channels": .array(channels.map { c in
                    var entry: JSONObject = [
                        "index": .int(c.index), "name": c.name.map(JSONValue.string) ?? .null, "psi_mean": .number(c.psiMean),
                        "psi_energy": .number(c.psiEnergy), "noise": .number(c.noise), "train_mean": .number(c.trainMean), "live_mean": .number(c.liveMean),
                        "status": .string(c.level.rawValue),
                    ]
                    if let raw = c.rawTrainMean { entry["raw_train_mean"] = .number(raw) }
                    if let raw = c.rawLiveMean { entry["raw_live_mean"] = .number(raw) }
                    return .object(entry)
                }),
            ],
            "classes": [
                "labels": .array(classes.labels.map(JSONValue.string)), "train": .array(classes.train.map { .int($0) }),
                "live": .array(classes.live.map { .int($0) }), "unknown": .int(classes.unknown), "psi": .number(classes.psi),
                "noise": .number(classes.noise),
                "jensen_shannon": .number(classes.jensenShannon), "status": .string(classes.level.rawValue),
            ],
            "confidence": [
                "min_score": .number(confidence.minScore), "low_rate": .number(confidence.rate),
                "reference_rate": confidence.reference.map(JSONValue.number) ?? .null, "reference_split": .string(confidence.referenceSplit),
                "status": .string(confidence.level.rawValue),
            ],
            "latency_us": [
                "p50": .int(latency.p50), "p90": .int(latency.p90), "p95": .int(latency.p95), "p99": .int(latency.p99),
                "max": .int(latency.max), "status": .string(latency.level.rawValue),
            ],
            "thresholds": [
                "psi_warn": .number(t.psiWarn), "psi_alert": .number(t.psiAlert), "class_psi_warn": .number(t.classPSIWarn),
                "class_psi_alert": .number(t.classPSIAlert), "min_score": .number(t.minScore),
                "low_confidence_warn": .number(t.lowConfidenceWarn), "low_confidence_alert": .number(t.lowConfidenceAlert),
                "latency_p95_warn_us": t.latencyP95WarnMicroseconds.map(JSONValue.int) ?? .null,
                "latency_p95_alert_us": t.latencyP95AlertMicroseconds.map(JSONValue.int) ?? .null, "min_windows": .int(t.minWindows),
            ],
            "findings": .array(findings.map { ["level": .string($0.level.rawValue), "text": .string($0.text)] }),
        ]
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}
