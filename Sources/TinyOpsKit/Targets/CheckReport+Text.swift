import Foundation

/// The readable form of `tinyops check`.
extension CheckReport {
    public func text() -> String {
        var lines: [String] = []
        let target = options.target
        lines.append("model     \(path) (\(flash.modelBytes) bytes)")
        lines.append("target    " + Self.targetLine(target))
        lines.append("runtime   " + runtimeLine())
        let errors = findings.filter { $0.severity == .error }.count
        lines.append("result    " + (passes ? "PASS: the model fits and runs" : "FAIL: \(errors) error\(errors == 1 ? "" : "s")"))

        lines.append("")
        lines += opTable()

        if !findings.isEmpty {
            lines.append("")
            lines.append("findings")
            for finding in findings {
                let at = finding.opIndex.map { "[\($0)] " } ?? ""
                lines.append("  \(finding.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(at)\(finding.message)")
                if let fix = finding.fix { lines.append("          fix: \(fix)") }
            }
        }

        lines.append("")
        lines += memoryLines()
        lines.append("")
        lines += flashLines()
        lines.append("")
        lines += computeLines()
        lines.append("")
        lines.append("TFLM op resolver (\(resolver.templateCount) registration\(resolver.templateCount == 1 ? "" : "s"))")
        lines += resolver.lines.map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    static func targetLine(_ target: Target) -> String {
        var parts: [String] = []
        if let board = target.board { parts.append("\(board.name) (\(board.mcu))") }
        parts.append(target.featureSummary)
        if let clock = target.clockHz { parts.append(Self.megahertz(clock)) }
        if let flash = target.flashBytes { parts.append("\(Self.size(flash)) flash") }
        if let ram = target.ramBytes { parts.append("\(Self.size(ram)) RAM") }
        return "\(target.name): " + parts.joined(separator: ", ")
    }

    private func runtimeLine() -> String {
        switch options.runtime {
        case .tflm:
            "TFLM with CMSIS-NN (\(options.target.core.cmsisNNPath.rawValue) kernels), 32-bit build"
        case .tinyops:
            "TinyOpsRuntime (C99, int8)"
        }
    }

    private func opTable() -> [String] {
        let header = ["#", "op", "type", "TFLM", "tinyops", "kernel", "MACs", "cycles", "ms", "share"]
        var rows: [[String]] = []
        for op in ops {
            let s = op.support
            rows.append([String(s.index), s.name, s.type?.name ?? "-", s.tflm ? "yes" : "NO", s.tinyops ? "yes" : "NO",
                         s.kernel, String(op.cost.macs), String(op.cost.cycles),
                         op.latencyMs.map { String(format: "%.3f", $0) } ?? "-", String(format: "%.1f%%", op.share * 100)])
        }
        rows.append(["", "total", "", "", "", "", String(compute.macs), String(compute.cycles),
                     compute.latencyMs.map { String(format: "%.3f", $0) } ?? "-", ""])
        let rightAligned: Set<Int> = [0, 6, 7, 8, 9]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func format(_ row: [String]) -> String {
            let cells = row.enumerated().map { column, cell in
                rightAligned.contains(column)
                    ? String(repeating: " ", count: widths[column] - cell.count) + cell
                    : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            return ("  " + cells.joined(separator: "  ")).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ["operators"] + ([header] + rows).map(format)
    }

    private func memoryLines() -> [String] {
        var lines = ["RAM"]
        if let device = memory.tflmDevice {
            lines.append("  tensor arena     \(device.bytes) bytes: \(device.plannedBytes) planned (activations, scratch) + "
                         + "\(device.persistentBytes) persistent; largest need at \(device.bindingPhase.rawValue)")
            let parts = TFLMPersistentKind.allCases.compactMap { kind -> String? in
                guard let bytes = device.persistent[kind], bytes > 0 else { return nil }
                return "\(kind.rawValue) \(bytes)"
            }
            lines.append("    persistent: " + parts.joined(separator: ", "))
            if let staticRAM = memory.staticRAM {
                lines.append("  runtime objects  \(staticRAM) bytes (MicroInterpreter, MicroMutableOpResolver<\(resolver.templateCount)>)")
            }
        } else if let arena = memory.tinyopsArena {
            lines.append("  tensor arena     \(arena) bytes (TinyOpsRuntime planner)")
        }
        lines.append("  total            " + Self.budgetLine(memory.ram))
        if let host = memory.tflmHost {
            lines.append("  TFLM Python interpreter on a 64-bit host (for comparison): \(host.bytes) bytes")
        }
        lines += memory.notes.map { "  note: " + $0 }
        return lines
    }

    private func flashLines() -> [String] {
        var lines = ["flash"]
        lines.append("  model            \(flash.modelBytes) bytes")
        if let code = flash.codeBytes {
            lines.append("  runtime code     \(code) bytes (estimate, see docs/cost-model.md)")
        }
        if let image = flash.preparedImageBytes {
            lines.append("  prepared image   \(image) bytes (tinyops_init_prepared's records)")
        }
        lines.append("  total            " + Self.budgetLine(flash.flash))
        lines += flash.notes.map { "  note: " + $0 }
        return lines
    }

    private func computeLines() -> [String] {
        var lines = ["compute"]
        var summary = "  \(compute.macs) MACs, \(compute.cycles) cycles (estimate)"
        if let latency = compute.latencyMs, let clock = options.target.clockHz {
            summary += String(format: ", %.3f ms at ", latency) + Self.megahertz(clock)
        } else {
            summary += "; no clock, so no latency (name a board or give --clock-mhz)"
        }
        if let gate = compute.gateMs { summary += String(format: "; gate %g ms", gate) }
        lines.append(summary)
        let top = topOps(3).filter { $0.share > 0 }
        if !top.isEmpty {
            lines.append("  time goes to: " + top.map { "\($0.support.name) [\($0.support.index)] " + String(format: "%.1f%%", $0.share * 100) }
                .joined(separator: ", "))
        }
        return lines
    }

    static func budgetLine(_ budget: Budget) -> String {
        guard let needed = budget.needed else { return "unknown" }
        var text = "\(needed) bytes"
        if let available = budget.available {
            let headroom = available - needed
            text += String(format: " of %d, headroom %d (%.1f%%)", available, headroom, Double(headroom) / Double(available) * 100)
        }
        if let gate = budget.gate { text += ", gate \(gate)" }
        if budget.available != nil || budget.gate != nil { text += budget.fits ? "  OK" : "  DOES NOT FIT" }
        return text
    }

    static func megahertz(_ hertz: Int) -> String {
        hertz % 1_000_000 == 0 ? "\(hertz / 1_000_000) MHz" : String(format: "%.3f MHz", Double(hertz) / 1e6)
    }

    /// `256 KiB`, `1 MiB`, or bytes.
    static func size(_ bytes: Int) -> String {
        if bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
