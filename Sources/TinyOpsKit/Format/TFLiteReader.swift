/// Decodes a `.tflite` FlatBuffer into the model IR.
///
/// Structure is checked by `FlatBufferReader` as it is read; indices between tables
/// (tensor → buffer, operator → opcode, operator → tensor) are checked here and by
/// `ModelValidator`, so a model returned by `decode` can be trusted by later stages.
public enum TFLiteReader {
    public static let fileIdentifier = "TFL3"

    public static func decode(_ bytes: [UInt8]) throws -> Model {
        let fb = FlatBufferReader(bytes: bytes)
        let root = try fb.root(fileIdentifier: fileIdentifier, rootName: "Model")

        let version: UInt32 = try fb.scalar(root, 0)
        let opcodes = try fb.tables(root, 1, name: "operator_codes").map { try readOperatorCode(fb, $0) }
        let buffers = try fb.tables(root, 4, name: "buffers").map { try readBuffer(fb, $0) }
        let subgraphTables = try fb.tables(root, 2, name: "subgraphs")
        guard !subgraphTables.isEmpty else { throw TFLiteError.noSubgraphs }
        let subgraphs = try subgraphTables.map { try readSubgraph(fb, $0, opcodes: opcodes, buffers: buffers) }
        let description = try fb.string(root, 3, name: "description")

        let metadata = try fb.tables(root, 6, name: "metadata").map { table -> MetadataEntry in
            let name = try fb.string(table, 0, name: "name") ?? ""
            let index: UInt32 = try fb.scalar(table, 1)
            guard Int(index) < buffers.count else {
                throw TFLiteError.indexOutOfRange(path: table.path, what: "buffer", index: Int64(index), count: buffers.count)
            }
            return MetadataEntry(name: name, data: buffers[Int(index)])
        }
        let signatures = try fb.tables(root, 7, name: "signature_defs").map { try readSignature(fb, $0) }

        let model = Model(version: version, description: description, subgraphs: subgraphs,
                          metadata: metadata, signatureDefs: signatures)
        try ModelValidator.validate(model)
        return model
    }

    private static func readOperatorCode(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table) throws -> OperatorCode {
        let deprecated: Int8 = try fb.scalar(table, 0)
        let builtin: Int32 = try fb.scalar(table, 3)
        // schema_utils.cc: codes ≥ 127 live only in builtin_code; older files only have the deprecated byte.
        let code = max(Int32(deprecated), builtin)
        return OperatorCode(code: code, customCode: try fb.string(table, 1, name: "custom_code"),
                            version: try fb.scalar(table, 2, default: 1))
    }

    private static func readBuffer(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table) throws -> [UInt8] {
        let offset: UInt64 = try fb.scalar(table, 1)
        let size: UInt64 = try fb.scalar(table, 2)
        if offset > 1 {
            // Data stored after the flatbuffer (models over 2 GB use this); offset is from the file start.
            guard offset <= UInt64(fb.bytes.count), size <= UInt64(fb.bytes.count) - offset else {
                throw FlatBufferError.outOfBounds(path: table.path + ".offset", offset: Int(clamping: offset),
                                                  length: Int(clamping: size), fileSize: fb.bytes.count)
            }
            return Array(fb.bytes[Int(offset)..<Int(offset + size)])
        }
        guard let data = try fb.vector(table, 0, name: "data", elementSize: 1) else { return [] }
        return fb.bytes(data)
    }

    private static func readSubgraph(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table,
                                     opcodes: [OperatorCode], buffers: [[UInt8]]) throws -> Subgraph {
        let tensors = try fb.tables(table, 0, name: "tensors").map { try readTensor(fb, $0, buffers: buffers) }
        let operators = try fb.tables(table, 3, name: "operators").map { try readOperator(fb, $0, opcodes: opcodes) }
        return Subgraph(name: try fb.string(table, 4, name: "name"),
                        tensors: tensors,
                        inputs: try fb.int32s(table, 1, name: "inputs") ?? [],
                        outputs: try fb.int32s(table, 2, name: "outputs") ?? [],
                        operators: operators)
    }

    private static func readTensor(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table,
                                   buffers: [[UInt8]]) throws -> Tensor {
        let rawType: Int8 = try fb.scalar(table, 1)
        guard let type = TensorType(rawValue: rawType) else {
            throw TFLiteError.unsupported(path: table.path + ".type", feature: "tensor type \(rawType)")
        }
        let bufferIndex: UInt32 = try fb.scalar(table, 2)
        guard Int(bufferIndex) < max(buffers.count, 1) else {
            throw TFLiteError.indexOutOfRange(path: table.path, what: "buffer", index: Int64(bufferIndex), count: buffers.count)
        }
        if try fb.hasField(table, 6) {
            throw TFLiteError.unsupported(path: table.path, feature: "sparse tensor storage")
        }
        let data = buffers.isEmpty ? [] : buffers[Int(bufferIndex)]
        return Tensor(name: try fb.string(table, 3, name: "name") ?? "",
                      type: type,
                      shape: try fb.int32s(table, 0, name: "shape") ?? [],
                      shapeSignature: try fb.int32s(table, 7, name: "shape_signature"),
                      data: data.isEmpty ? nil : data,
                      quantization: try fb.table(table, 4, name: "quantization").flatMap { try readQuantization(fb, $0) },
                      isVariable: try fb.bool(table, 5),
                      hasRank: try fb.bool(table, 8))
    }

    private static func readQuantization(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table) throws -> Quantization? {
        let detailsType: UInt8 = try fb.scalar(table, 4)
        guard detailsType == 0 else {
            throw TFLiteError.unsupported(path: table.path, feature: "custom quantization details")
        }
        func floats(_ id: Int, _ name: String) throws -> [Float] {
            try fb.vector(table, id, name: name, elementSize: 4).map(fb.floats) ?? []
        }
        let zeroPoints = try fb.vector(table, 3, name: "zero_point", elementSize: 8).map { fb.scalars($0, as: Int64.self) } ?? []
        let quantization = Quantization(scale: try floats(2, "scale"), zeroPoint: zeroPoints,
                                        quantizedDimension: try fb.scalar(table, 6),
                                        min: try floats(0, "min"), max: try floats(1, "max"))
        return quantization.isEmpty ? nil : quantization
    }

    private static func readOperator(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table,
                                     opcodes: [OperatorCode]) throws -> Operator {
        let opcodeIndex: UInt32 = try fb.scalar(table, 0)
        guard Int(opcodeIndex) < opcodes.count else {
            throw TFLiteError.indexOutOfRange(path: table.path, what: "opcode", index: Int64(opcodeIndex), count: opcodes.count)
        }
        let options2Type: UInt8 = try fb.scalar(table, 11)
        guard options2Type == 0 else {
            throw TFLiteError.unsupported(path: table.path, feature: "builtin_options_2 (StableHLO ops)")
        }
        var customOptions = try fb.vector(table, 5, name: "custom_options", elementSize: 1).map(fb.bytes)
        let largeOffset: UInt64 = try fb.scalar(table, 9)
        let largeSize: UInt64 = try fb.scalar(table, 10)
        if largeOffset > 0 {
            guard largeOffset <= UInt64(fb.bytes.count), largeSize <= UInt64(fb.bytes.count) - largeOffset else {
                throw FlatBufferError.outOfBounds(path: table.path + ".large_custom_options_offset",
                                                  offset: Int(clamping: largeOffset), length: Int(clamping: largeSize),
                                                  fileSize: fb.bytes.count)
            }
            customOptions = Array(fb.bytes[Int(largeOffset)..<Int(largeOffset + largeSize)])
        }
        return Operator(opcode: opcodes[Int(opcodeIndex)],
                        inputs: try fb.int32s(table, 1, name: "inputs") ?? [],
                        outputs: try fb.int32s(table, 2, name: "outputs") ?? [],
                        options: try readOptions(fb, table),
                        customOptions: customOptions,
                        intermediates: try fb.int32s(table, 8, name: "intermediates") ?? [])
    }

    private static func readOptions(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table) throws -> BuiltinOptions {
        let type: UInt8 = try fb.scalar(table, 3)
        guard type != 0 else { return .none }
        guard let schema = OptionsTableSchema.lookup(type) else {
            throw TFLiteError.unsupported(path: table.path + ".builtin_options_type", feature: "builtin options type \(type)")
        }
        guard let options = try fb.table(table, 4, name: "builtin_options") else {
            return BuiltinOptions(type: type)
        }
        var values = [OptionValue]()
        values.reserveCapacity(schema.fields.count)
        for (id, field) in schema.fields.enumerated() {
            values.append(try readOptionValue(fb, options, id, field))
        }
        return BuiltinOptions(type: type, values: values)
    }

    private static func readOptionValue(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table,
                                        _ id: Int, _ field: OptionFieldSchema) throws -> OptionValue {
        let d = field.defaultValue
        switch field.kind {
        case .bool:
            return .integer(try fb.bool(table, id, default: d != 0) ? 1 : 0)
        case .int8, .padding, .activation, .tensorType:
            return .integer(Int64(try fb.scalar(table, id, default: Int8(truncatingIfNeeded: d)) as Int8))
        case .uint8:
            return .integer(Int64(try fb.scalar(table, id, default: UInt8(truncatingIfNeeded: d)) as UInt8))
        case .int32:
            return .integer(Int64(try fb.scalar(table, id, default: Int32(truncatingIfNeeded: d)) as Int32))
        case .uint32:
            return .integer(Int64(try fb.scalar(table, id, default: UInt32(truncatingIfNeeded: d)) as UInt32))
        case .int64:
            return .integer(try fb.scalar(table, id, default: d))
        case .float32:
            return .float(try fb.float(table, id))
        case .int32Vector:
            return .int32s(try fb.int32s(table, id, name: field.name))
        case .float32Vector:
            return .floats(try fb.vector(table, id, name: field.name, elementSize: 4).map(fb.floats))
        case .string:
            return .string(try fb.string(table, id, name: field.name))
        }
    }

    private static func readSignature(_ fb: FlatBufferReader, _ table: FlatBufferReader.Table) throws -> SignatureDef {
        func maps(_ id: Int, _ name: String) throws -> [SignatureDef.TensorMap] {
            try fb.tables(table, id, name: name).map {
                SignatureDef.TensorMap(name: try fb.string($0, 0, name: "name") ?? "", tensorIndex: try fb.scalar($0, 1))
            }
        }
        return SignatureDef(key: try fb.string(table, 2, name: "signature_key"),
                            subgraphIndex: try fb.scalar(table, 4),
                            inputs: try maps(0, "inputs"), outputs: try maps(1, "outputs"))
    }
}
