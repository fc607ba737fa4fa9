/// The readable form of `tinyops inspect`: a header, one block per operator listing its
/// tensors, totals and metadata.
extension ModelInspection {
    public func text() throws -> String {
        var lines: [String] = []
        lines.append("model     \(path)")
        var file = "file      \(fileBytes) bytes, schema v\(model.version)"
        if let description = model.description, !description.isEmpty { file += ", \"\(description)\"" }
        lines.append(file)
        let main = model.main
        for index in main.inputs { lines.append("input     " + Self.tensorSummary(main, index)) }
        for index in main.outputs { lines.append("output    " + Self.tensorSummary(main, index)) }
        lines.append("totals    \(operatorCount) operators, \(total.macs) MACs, \(total.parameters) parameters, "
                     + "\(total.weightBytes) weight bytes")

        for (s, subgraph) in model.subgraphs.enumerated() {
            lines.append("")
            let name = subgraph.name.map { " '\($0)'" } ?? ""
            lines.append("subgraph \(s)\(name): \(subgraph.operators.count) operators, \(subgraph.tensors.count) tensors, "
                         + "\(costs[s].total.macs) MACs")
            for (o, op) in subgraph.operators.enumerated() {
                lines.append(contentsOf: Self.operatorLines(subgraph, o, op, costs[s].perOperator[o]))
            }
        }

        if !model.metadata.isEmpty {
            lines.append("")
            lines.append("metadata")
            for entry in model.metadata { lines.append("  " + (try metadataLine(entry))) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func operatorLines(_ subgraph: Subgraph, _ o: Int, _ op: Operator, _ cost: OperatorCost) -> [String] {
        var header = "  [\(o)] \(op.opcode.name) v\(op.opcode.version)"
        if cost.macs > 0 { header += "  MACs \(cost.macs)" }
        if cost.parameters > 0 { header += "  params \(cost.parameters)" }
        let options = optionsText(op.options)
        if !options.isEmpty { header += "  " + options }
        var lines = [header]
        for index in op.inputs {
            lines.append(index < 0 ? "      in   (none)" : "      in   " + tensorSummary(subgraph, index))
        }
        for index in op.outputs { lines.append("      out  " + tensorSummary(subgraph, index)) }
        return lines
    }

    /// `t3 int8 [1, 8] 'dense/Relu' q=0.0235/-128`, with `const` for weights.
    static func tensorSummary(_ subgraph: Subgraph, _ index: Int32) -> String {
        let tensor = subgraph.tensors[Int(index)]
        let shape = "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]"
        var text = "t\(index) \(tensor.type.name) \(shape)"
        if tensor.isConstant { text += " const" }
        text += " '\(shortened(tensor.name))'"
        if let q = tensor.quantization { text += " " + quantizationText(q) }
        return text
    }

    /// Converter names fuse every op they came from (`a/b/Relu;a/b/BiasAdd;...`); the text
    /// view keeps the start and the end of long ones, `--json` has them whole.
    static func shortened(_ name: String, limit: Int = 48) -> String {
        guard name.count > limit else { return name }
        let half = (limit - 1) / 2
        return name.prefix(half) + "…" + name.suffix(limit - 1 - half)
    }

    /// Per-tensor: `q=scale/zero_point`. Per-channel: the count, the axis and the scale range.
    static func quantizationText(_ q: Quantization) -> String {
        if q.scale.count == 1 {
            return "q=\(q.scale[0])/\(q.zeroPoint.first ?? 0)"
        }
        guard let low = q.scale.min(), let high = q.scale.max() else {
            return q.min.isEmpty ? "q=none" : "range=\(q.min)...\(q.max)"
        }
        let zeroPoints = Set(q.zeroPoint)
        let zp = zeroPoints.count == 1 ? "\(zeroPoints.first!)" : "mixed"
        return "q=\(q.scale.count)×axis\(q.quantizedDimension) scale \(low)...\(high) zp \(zp)"
    }

    /// Options that differ from their schema default, as `name=value`.
    static func optionsText(_ options: BuiltinOptions) -> String {
        guard let schema = options.schema else { return "" }
        var parts: [String] = []
        for (field, value) in zip(schema.fields, options.values) where value != BuiltinOptions.defaultValue(of: field) {
            switch value {
            case .integer(let v):
                switch field.kind {
                case .bool: parts.append("\(field.name)=\(v != 0)")
                case .padding, .activation, .tensorType: parts.append("\(field.name)=\(enumName(field.kind, v))")
                default: parts.append("\(field.name)=\(v)")
                }
            case .float(let v): parts.append("\(field.name)=\(v)")
            case .int32s(let v?): parts.append("\(field.name)=\(v)")
            case .floats(let v?): parts.append("\(field.name)=\(v)")
            case .string(let v?): parts.append("\(field.name)=\"\(v)\"")
            default: break
            }
        }
        return parts.joined(separator: " ")
    }

    private func metadataLine(_ entry: MetadataEntry) throws -> String {
        if entry.name == Model.tinyopsMetadataName, let json = try model.tinyopsMetadata() {
            return "\(entry.name): " + (try JSONWriter(pretty: false, sortedKeys: false).string(json))
        }
        if let text = Self.printableText(entry.data) { return "\(entry.name): \"\(text)\"" }
        return "\(entry.name): \(entry.data.count) bytes"
    }
}
