/// `tinyops report`: one self-contained HTML page (inline SVG and CSS, no scripts, nothing
/// fetched) with training curves, the confusion matrix, per-layer parameters / MACs / arena /
/// cycles for the target, per-layer quantization error, the arena's memory timeline, the fit
/// against the board and the lineage — one column per model, so runs compare side by side.
public enum ReportPage {
    public static func render(models paths: [String], options: CheckOptions, title: String? = nil) throws -> String {
        let subjects = try paths.map { try ReportSubject(path: $0, options: options) }
        let heading = title ?? (subjects.count == 1 ? "tinyops report: \(subjects[0].name)" : "tinyops report: \(subjects.count) models")
        var html = head(title: heading, columns: subjects.count)
        html += "<h1>\(SVG.escape(heading))</h1>\n"
        html += "<p class=\"meta\">target \(SVG.escape(options.target.name)) (\(SVG.escape(options.target.core.rawValue))), "
            + "runtime \(options.runtime.rawValue), tinyops \(TinyOps.version)</p>\n"
        html += row("Summary", subjects.map(summary))
        html += row("Training curves", subjects.map(curves))
        html += row("Confusion matrix", subjects.map(confusion))
        html += row("Fit against \(SVG.escape(options.target.name))", subjects.map(fit))
        html += row("Per layer", subjects.map(perLayer))
        html += row("Quantization error per layer", subjects.map(quantization))
        html += row("Arena memory timeline (TFLM plan for \(SVG.escape(options.target.core.rawValue)))", subjects.map(timeline))
        html += row("Lineage", subjects.map(lineage))
        return html + "</body>\n</html>\n"
    }

    static func head(title: String, columns: Int) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>\(SVG.escape(title))</title>
        <style>
        body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; margin: 24px; background: #ffffff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        h3 { font-size: 13px; margin: 0 0 6px; color: #57606a; font-weight: 600; }
        .meta { color: #57606a; margin: 0 0 16px; }
        .row { display: grid; grid-template-columns: repeat(\(columns), minmax(0, 1fr)); gap: 20px; }
        .cell { min-width: 0; }
        svg { max-width: 100%; height: auto; display: block; margin-bottom: 12px; }
        table { border-collapse: collapse; font-size: 13px; margin-bottom: 8px; }
        td, th { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
        th { color: #57606a; font-weight: 600; }
        .empty { color: #57606a; font-style: italic; font-size: 13px; }
        .bad { color: #d55e00; font-weight: 600; }
        .good { color: #007a5a; font-weight: 600; }
        code { font-size: 12px; }
        </style>
        </head>
        <body>

        """
    }

    static func row(_ title: String, _ cells: [String]) -> String {
        "<h2>\(title)</h2>\n<div class=\"row\">\n" + cells.map { "<div class=\"cell\">\n\($0)</div>\n" }.joined() + "</div>\n"
    }

    static func empty(_ text: String) -> String { "<p class=\"empty\">\(SVG.escape(text))</p>\n" }

    static func table(_ rows: [(String, String)]) -> String {
        "<table>\n" + rows.map { "<tr><th>\(SVG.escape($0.0))</th><td>\($0.1)</td></tr>\n" }.joined() + "</table>\n"
    }

    static func summary(_ s: ReportSubject) -> String {
        let total = s.loaded.model.main.costs().total
        var rows: [(String, String)] = [
            ("model", "<code>\(SVG.escape(s.name))</code>"),
            ("type", s.isInt8 ? "int8" : "float32"),
            ("file", "\(s.loaded.fileBytes) bytes"),
            ("parameters", String(total.parameters)),
            ("MACs", String(total.macs)),
            ("estimated latency", s.check.compute.latencyMs.map { String(format: "%.2f ms", $0) } ?? "no clock"),
            ("verdict", s.check.passes ? "<span class=\"good\">fits</span>" : "<span class=\"bad\">does not fit</span>"),
        ]
        if let metrics = s.metadata?["metrics"] {
            for key in ["test_accuracy", "val_accuracy"] {
                if let value = metrics[key]?.doubleValue { rows.append((key.replacingOccurrences(of: "_", with: " "), String(format: "%.2f%%", value * 100))) }
            }
        }
        if let accuracy = s.metadata?["quantization"]?["accuracy"], let f = accuracy["float"]?.doubleValue, let q = accuracy["int8"]?.doubleValue {
            rows.append(("float → int8 accuracy", String(format: "%.2f%% → %.2f%%", f * 100, q * 100)))
        }
        return table(rows)
    }

    static func curves(_ s: ReportSubject) -> String {
        let loss = s.history("loss"), accuracy = s.history("accuracy")
        guard !loss.isEmpty else { return empty("no training history in this model's metadata (train it with tinyops train)") }
        var lossSeries = [LineChart.Series(name: "train", points: loss)]
        var accuracySeries = [LineChart.Series(name: "train", points: accuracy)]
        let valLoss = s.history("val_loss"), valAccuracy = s.history("val_accuracy")
        if !valLoss.isEmpty { lossSeries.append(.init(name: "validation", points: valLoss, dashed: true)) }
        if !valAccuracy.isEmpty { accuracySeries.append(.init(name: "validation", points: valAccuracy, dashed: true)) }
        return LineChart(title: "Loss per epoch", xLabel: "Epoch", yLabel: "cross-entropy", series: lossSeries).render() + "\n"
            + LineChart(title: "Accuracy per epoch", xLabel: "Epoch", yLabel: "accuracy", series: accuracySeries, yDomain: (0, 1)).render() + "\n"
    }

    static func confusion(_ s: ReportSubject) -> String {
        guard let counts = s.confusion else { return empty("no confusion matrix in this model's metadata") }
        let split = s.metadata?["metrics"]?["confusion_split"]?.stringValue ?? "held-out"
        return ConfusionHeatMap(title: "Confusion matrix (\(split) split)", labels: s.labels, counts: counts).render() + "\n"
    }

    static func perLayer(_ s: ReportSubject) -> String {
        let subgraph = s.loaded.model.main
        let costs = subgraph.costs().perOperator
        let labels = subgraph.operators.indices.map(s.layerLabel)
        func chart(_ title: String, _ unit: String, _ values: [Int], colour: Int) -> String {
            BarChart(title: title, unit: unit, bars: zip(labels, values).map { .init(label: $0, value: Double($1)) },
                     colour: Palette.series(colour)).render() + "\n"
        }
        var html = chart("Parameters", "parameters", costs.map(\.parameters), colour: 0)
        html += chart("MACs", "MACs", costs.map(\.macs), colour: 1)
        let arena = s.arenaInUse
        if !arena.isEmpty { html += chart("Arena bytes in use", "bytes", arena, colour: 2) }
        html += chart("Estimated cycles on \(s.check.options.target.core.rawValue)", "cycles", s.check.ops.map(\.cost.cycles), colour: 3)
        return html
    }

    static func quantization(_ s: ReportSubject) -> String {
        let layers = s.quantizationError
        guard !layers.isEmpty else {
            return empty(s.isInt8 ? "no per-layer error recorded (quantized outside tinyops)" : "float model: not quantized")
        }
        let bars = layers.map { layer -> BarChart.Bar in
            let sqnr = layer.sqnr ?? 99
            return .init(label: s.layerLabel(layer.index), value: sqnr,
                         tooltip: "\(s.layerLabel(layer.index)): SQNR \(layer.sqnr.map { String(format: "%.1f dB", $0) } ?? "exact")",
                         highlighted: sqnr < LayerErrorReport.warningSQNR)
        }
        return BarChart(title: "SQNR of each layer's int8 output vs float (higher is better; red below \(Int(LayerErrorReport.warningSQNR)) dB)",
                        unit: "dB", bars: bars, colour: Palette.series(4)).render() + "\n"
    }

    static func timeline(_ s: ReportSubject) -> String {
        guard let plan = s.check.memory.tflmDevice, !plan.plannedBuffers.isEmpty else { return empty("no arena plan") }
        let tensors = s.loaded.model.main.tensors
        let buffers = plan.plannedBuffers.map { buffer -> MemoryTimeline.Buffer in
            let name = buffer.tensor.map { tensors[$0].name } ?? "scratch of #\(buffer.scratchOf ?? -1)"
            return .init(name: name, firstOp: max(0, buffer.firstUse), lastOp: max(0, buffer.lastUse), offset: buffer.offset, size: buffer.bytes)
        }
        return MemoryTimeline(title: "Planned tensors: \(plan.plannedBytes) bytes", operatorCount: s.loaded.model.main.operators.count,
                              buffers: buffers, arenaBytes: plan.plannedBytes).render() + "\n"
    }

    static func fit(_ s: ReportSubject) -> String {
        var resources: [CapacityChart.Resource] = []
        if let needed = s.check.flash.flash.needed, let available = s.check.flash.flash.available {
            resources.append(.init(name: "Flash", used: Double(needed), capacity: Double(available)))
        }
        if let needed = s.check.memory.ram.needed, let available = s.check.memory.ram.available {
            resources.append(.init(name: "RAM", used: Double(needed), capacity: Double(available)))
        }
        guard !resources.isEmpty else { return empty("the target has no flash/RAM sizes; pass a board or --flash/--ram") }
        return CapacityChart(title: "Model + runtime against the board", resources: resources).render() + "\n"
    }

    static func lineage(_ s: ReportSubject) -> String {
        var rows: [(String, String)] = [("model sha256", "<code>\(s.sha256)</code>")]
        if let hash = s.metadata?["dataset_sha256"]?.stringValue { rows.append(("dataset hash", "<code>\(SVG.escape(hash))</code>")) }
        if !s.labels.isEmpty { rows.append(("labels", SVG.escape(s.labels.joined(separator: ", ")))) }
        for section in ["training", "quantization"] {
            guard let object = s.metadata?[section]?.objectValue else { continue }
            let text = object.filter { $0.key != "layers" && $0.key != "accuracy" }
                .map { "\($0.key)=\((try? JSONWriter().string($0.value)) ?? "?")" }.joined(separator: ", ")
            rows.append((section, "<code>\(SVG.escape(text))</code>"))
        }
        if let description = s.loaded.model.description { rows.append(("converter", SVG.escape(description))) }
        return table(rows)
    }
}

import Foundation
