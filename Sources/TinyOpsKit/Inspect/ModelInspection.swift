/// What `tinyops inspect` reports about a model: every subgraph's inputs, outputs and
/// operators with their tensors, the cost of each operator, totals and the metadata.
/// Rendered as JSON here and as text in `ModelInspection+Text.swift`.
public struct ModelInspection: Sendable {
    public let path: String
    public let fileBytes: Int
    public let model: Model
    /// Per subgraph: the cost of each operator and the subgraph's total.
    public let costs: [(perOperator: [OperatorCost], total: OperatorCost)]

    public init(_ loaded: LoadedModel) {
        path = loaded.path
        fileBytes = loaded.fileBytes
        model = loaded.model
        costs = loaded.model.subgraphs.map { $0.costs() }
    }

    /// Totals over all subgraphs.
    public var total: OperatorCost {
        costs.reduce(OperatorCost(macs: 0, parameters: 0, weightBytes: 0)) {
            OperatorCost(macs: $0.macs.addingReportingOverflow($1.total.macs).overflow ? .max : $0.macs + $1.total.macs, parameters: $0.parameters + $1.total.parameters,
                         weightBytes: $0.weightBytes + $1.total.weightBytes)
        }
    }

    public var operatorCount: Int { model.subgraphs.reduce(0) { $0 + $1.operators.count } }

    // MARK: - JSON

    public func json() throws -> JSONValue {
        let main = model.main
        return [
            "file": .string(path),
            "file_bytes": .int(fileBytes),
            "schema_version": .int(model.version),
            "description": model.description.map(JSONValue.string) ?? .null,
            "inputs": .array(main.inputs.map { tensorJSON(main, $0) }),
            "outputs": .array(main.outputs.map { tensorJSON(main, $0) }),
            "totals": [
                "operators": .int(operatorCount),
                "macs": .int(total.macs),
                "parameters": .int(total.parameters),
                "weight_bytes": .int(total.weightBytes),
            ],
            "subgraphs": .array(model.subgraphs.indices.map(subgraphJSON)),
            "metadata": .array(try model.metadata.map(metadataJSON)),
        ]
    }

    private func subgraphJSON(_ s: Int) -> JSONValue {
        let subgraph = model.subgraphs[s]
        let (perOperator, total) = costs[s]
        let operators = subgraph.operators.enumerated().map { o, op -> JSONValue in
            [
                "index": .int(o),
                "op": .string(op.opcode.name),
                "version": .int(op.opcode.version),
                "options": Self.optionsJSON(op.options),
                "macs": .int(perOperator[o].macs),
                "parameters": .int(perOperator[o].parameters),
                "weight_bytes": .int(perOperator[o].weightBytes),
                "inputs": .array(op.inputs.map { $0 < 0 ? .null : tensorJSON(subgraph, $0) }),
                "outputs": .array(op.outputs.map { tensorJSON(subgraph, $0) }),
            ]
        }
        return [
            "index": .int(s),
            "name": subgraph.name.map(JSONValue.string) ?? .null,
            "tensor_count": .int(subgraph.tensors.count),
            "inputs": .array(subgraph.inputs.map { .int($0) }),
            "outputs": .array(subgraph.outputs.map { .int($0) }),
            "macs": .int(total.macs),
            "parameters": .int(total.parameters),
            "weight_bytes": .int(total.weightBytes),
            "operators": .array(operators),
        ]
    }

    private func tensorJSON(_ subgraph: Subgraph, _ index: Int32) -> JSONValue {
        let tensor = subgraph.tensors[Int(index)]
        var object: JSONObject = [
            "index": .int(index),
            "name": .string(tensor.name),
            "dtype": .string(tensor.type.name),
            "shape": .array(tensor.shape.map { .int($0) }),
            "constant": .bool(tensor.isConstant),
            "bytes": tensor.byteCount.map { .int($0) } ?? .null,
        ]
        if let q = tensor.quantization {
            object["quantization"] = [
                "scale": .floats(q.scale),
                "zero_point": .array(q.zeroPoint.map { .int($0) }),
                "quantized_dimension": .int(q.quantizedDimension),
            ]
        } else {
            object["quantization"] = .null
        }
        return .object(object)
    }

    /// Every field of the options table by its schema name; enums by their schema names.
    static func optionsJSON(_ options: BuiltinOptions) -> JSONValue {
        guard let schema = options.schema else { return .null }
        var object = JSONObject()
        for (field, value) in zip(schema.fields, options.values) {
            object[field.name] = optionValueJSON(field, value)
        }
        return .object(object)
    }

    private static func optionValueJSON(_ field: OptionFieldSchema, _ value: OptionValue) -> JSONValue {
        switch value {
        case .integer(let v):
            switch field.kind {
            case .bool: return .bool(v != 0)
            case .padding, .activation, .tensorType: return .string(enumName(field.kind, v))
            default: return .int(v)
            }
        case .float(let v): return .float(v)
        case .int32s(let v): return v.map { .array($0.map { .int($0) }) } ?? .null
        case .floats(let v): return v.map { .floats($0) } ?? .null
        case .string(let v): return v.map(JSONValue.string) ?? .null
        }
    }

    static func enumName(_ kind: OptionFieldKind, _ value: Int64) -> String {
        let raw = Int8(truncatingIfNeeded: value)
        switch kind {
        case .padding: return Padding(rawValue: raw)?.name ?? "\(value)"
        case .activation: return ActivationFunction(rawValue: raw)?.name ?? "\(value)"
        case .tensorType: return TensorType(rawValue: raw)?.name ?? "\(value)"
        default: return "\(value)"
        }
    }

    /// A metadata entry as JSON: the parsed object for `tinyops`, text for printable
    /// entries (`min_runtime_version`), and only the size for binary ones.
    private func metadataJSON(_ entry: MetadataEntry) throws -> JSONValue {
        var object: JSONObject = ["name": .string(entry.name), "bytes": .int(entry.data.count)]
        if entry.name == Model.tinyopsMetadataName {
            object["json"] = try model.tinyopsMetadata() ?? .null
        } else if let text = Self.printableText(entry.data) {
            object["text"] = .string(text)
        }
        return .object(object)
    }

    /// The entry as text when it is printable ASCII followed by optional NUL padding.
    static func printableText(_ data: [UInt8]) -> String? {
        let trimmed = data.prefix { $0 != 0 }
        guard !trimmed.isEmpty, data[trimmed.count...].allSatisfy({ $0 == 0 }),
              trimmed.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        return String(decoding: trimmed, as: UTF8.self)
    }
}
