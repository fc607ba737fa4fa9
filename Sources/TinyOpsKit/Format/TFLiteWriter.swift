/// Encodes the model IR as a `.tflite` FlatBuffer.
///
/// The layout is fixed by the IR alone, so identical models give identical bytes:
/// buffer 0 is the empty sentinel TFLite requires, then one buffer per constant tensor
/// (subgraph by subgraph, tensor by tensor), then one per metadata entry; every buffer's
/// data is 16-byte aligned (TFLM's `MicroArenaBufferAlignment`); operator codes are listed
/// in order of first use.
public enum TFLiteWriter {
    public static func encode(_ model: Model) throws -> [UInt8] {
        try ModelValidator.validate(model)
        var fb = FlatBufferBuilder(capacity: estimatedSize(model))

        // Buffers: the sentinel, constant tensor data, then metadata.
        var bufferData: [[UInt8]] = [[]]
        var tensorBuffer: [[UInt32]] = []
        for subgraph in model.subgraphs {
            tensorBuffer.append(subgraph.tensors.map { tensor in
                guard let data = tensor.data, !data.isEmpty else { return 0 }
                bufferData.append(data)
                return UInt32(bufferData.count - 1)
            })
        }
        var metadataBuffer: [UInt32] = []
        for entry in model.metadata {
            bufferData.append(entry.data)
            metadataBuffer.append(UInt32(bufferData.count - 1))
        }
        let buffers = bufferData.map { data -> FlatBufferBuilder.Offset in
            let vector = data.isEmpty ? nil : fb.createByteVector(data, alignment: 16)
            fb.startTable()
            fb.add(0, vector)
            return fb.endTable()
        }

        var opcodes: [OperatorCode] = []
        var opcodeIndex: [OperatorCode: UInt32] = [:]
        for op in model.subgraphs.flatMap(\.operators) where opcodeIndex[op.opcode] == nil {
            opcodeIndex[op.opcode] = UInt32(opcodes.count)
            opcodes.append(op.opcode)
        }

        let subgraphs = try model.subgraphs.enumerated().map { s, subgraph in
            try writeSubgraph(&fb, subgraph, path: "subgraphs[\(s)]", buffers: tensorBuffer[s], opcodeIndex: opcodeIndex)
        }
        let codes = opcodes.map { writeOperatorCode(&fb, $0) }
        let metadata = zip(model.metadata, metadataBuffer).map { entry, buffer -> FlatBufferBuilder.Offset in
            let name = fb.createString(entry.name)
            fb.startTable()
            fb.add(0, name)
            fb.add(1, buffer)
            return fb.endTable()
        }
        let signatures = model.signatureDefs.map { writeSignature(&fb, $0) }
        let description = model.description.map { fb.createString($0) }

        let codesVector = fb.createVector(offsets: codes)
        let subgraphsVector = fb.createVector(offsets: subgraphs)
        let buffersVector = fb.createVector(offsets: buffers)
        let metadataVector = metadata.isEmpty ? nil : fb.createVector(offsets: metadata)
        let signaturesVector = signatures.isEmpty ? nil : fb.createVector(offsets: signatures)
        fb.startTable()
        fb.add(0, model.version)
        fb.add(1, codesVector)
        fb.add(2, subgraphsVector)
        fb.add(3, description)
        fb.add(4, buffersVector)
        fb.add(6, metadataVector)
        fb.add(7, signaturesVector)
        let root = fb.endTable()
        return fb.finish(root: root, fileIdentifier: TFLiteReader.fileIdentifier)
    }

    private static func estimatedSize(_ model: Model) -> Int {
        let data = model.subgraphs.flatMap(\.tensors).reduce(0) { $0 + ($1.data?.count ?? 0) + 16 }
        return data + model.metadata.reduce(0) { $0 + $1.data.count + 16 } + 4096
    }

    private static func writeOperatorCode(_ fb: inout FlatBufferBuilder, _ code: OperatorCode) -> FlatBufferBuilder.Offset {
        let custom = code.customCode.map { fb.createString($0) }
        fb.startTable()
        // Codes ≥ 127 do not fit the deprecated byte: it holds 127 (PLACEHOLDER_FOR_GREATER_OP_CODES).
        fb.add(0, Int8(clamping: min(code.code, 127)))
        fb.add(1, custom)
        fb.add(2, code.version, default: 1)
        fb.add(3, code.code)
        return fb.endTable()
    }

    private static func writeSubgraph(_ fb: inout FlatBufferBuilder, _ subgraph: Subgraph, path: String,
                                      buffers: [UInt32], opcodeIndex: [OperatorCode: UInt32]) throws -> FlatBufferBuilder.Offset {
        let tensors = zip(subgraph.tensors, buffers).map { writeTensor(&fb, $0, buffer: $1) }
        let operators = try subgraph.operators.enumerated().map { o, op in
            try writeOperator(&fb, op, path: "\(path).operators[\(o)]", opcodeIndex: opcodeIndex[op.opcode]!)
        }
        let tensorsVector = fb.createVector(offsets: tensors)
        let inputs = fb.createVector(subgraph.inputs)
        let outputs = fb.createVector(subgraph.outputs)
        let operatorsVector = fb.createVector(offsets: operators)
        let name = subgraph.name.map { fb.createString($0) }
        fb.startTable()
        fb.add(0, tensorsVector)
        fb.add(1, inputs)
        fb.add(2, outputs)
        fb.add(3, operatorsVector)
        fb.add(4, name)
        return fb.endTable()
    }

    private static func writeTensor(_ fb: inout FlatBufferBuilder, _ tensor: Tensor, buffer: UInt32) -> FlatBufferBuilder.Offset {
        let shape = fb.createVector(tensor.shape)
        let name = fb.createString(tensor.name)
        let quantization = tensor.quantization.flatMap { $0.isEmpty ? nil : writeQuantization(&fb, $0) }
        let signature = tensor.shapeSignature.map { fb.createVector($0) }
        fb.startTable()
        fb.add(0, shape)
        fb.add(1, tensor.type.rawValue)
        fb.add(2, buffer)
        fb.add(3, name)
        fb.add(4, quantization)
        fb.add(5, tensor.isVariable)
        fb.add(7, signature)
        fb.add(8, tensor.hasRank)
        return fb.endTable()
    }

    private static func writeQuantization(_ fb: inout FlatBufferBuilder, _ q: Quantization) -> FlatBufferBuilder.Offset {
        let min = q.min.isEmpty ? nil : fb.createVector(q.min)
        let max = q.max.isEmpty ? nil : fb.createVector(q.max)
        let scale = q.scale.isEmpty ? nil : fb.createVector(q.scale)
        let zeroPoint = q.zeroPoint.isEmpty ? nil : fb.createVector(q.zeroPoint)
        fb.startTable()
        fb.add(0, min)
        fb.add(1, max)
        fb.add(2, scale)
        fb.add(3, zeroPoint)
        fb.add(6, q.quantizedDimension)
        return fb.endTable()
    }

    private static func writeOperator(_ fb: inout FlatBufferBuilder, _ op: Operator, path: String,
                                      opcodeIndex: UInt32) throws -> FlatBufferBuilder.Offset {
        let inputs = fb.createVector(op.inputs)
        let outputs = fb.createVector(op.outputs)
        let options = try writeOptions(&fb, op.options, path: path)
        let custom = op.customOptions.map { fb.createByteVector($0) }
        let intermediates = op.intermediates.isEmpty ? nil : fb.createVector(op.intermediates)
        fb.startTable()
        fb.add(0, opcodeIndex)
        fb.add(1, inputs)
        fb.add(2, outputs)
        fb.add(3, op.options.type)
        fb.add(4, options)
        fb.add(5, custom)
        fb.add(8, intermediates)
        return fb.endTable()
    }

    private static func writeOptions(_ fb: inout FlatBufferBuilder, _ options: BuiltinOptions,
                                     path: String) throws -> FlatBufferBuilder.Offset? {
        guard options.type != 0 else { return nil }
        guard let schema = options.schema, schema.fields.count == options.values.count else {
            throw TFLiteError.unsupported(path: path, feature: "builtin options type \(options.type)")
        }
        // Vectors and strings must be written before the table that refers to them.
        let children = zip(schema.fields, options.values).map { field, value -> FlatBufferBuilder.Offset? in
            switch (field.kind, value) {
            case (.int32Vector, .int32s(let v?)): return fb.createVector(v)
            case (.float32Vector, .floats(let v?)): return fb.createVector(v)
            case (.string, .string(let v?)): return fb.createString(v)
            default: return nil
            }
        }
        fb.startTable()
        for (id, (field, value)) in zip(schema.fields, options.values).enumerated() {
            let d = field.defaultValue
            switch (field.kind, value) {
            case (.bool, .integer(let v)): fb.add(id, v != 0, default: d != 0)
            case (.int8, .integer(let v)), (.padding, .integer(let v)), (.activation, .integer(let v)),
                 (.tensorType, .integer(let v)):
                fb.add(id, Int8(truncatingIfNeeded: v), default: Int8(truncatingIfNeeded: d))
            case (.uint8, .integer(let v)): fb.add(id, UInt8(truncatingIfNeeded: v), default: UInt8(truncatingIfNeeded: d))
            case (.int32, .integer(let v)): fb.add(id, Int32(truncatingIfNeeded: v), default: Int32(truncatingIfNeeded: d))
            case (.uint32, .integer(let v)): fb.add(id, UInt32(truncatingIfNeeded: v), default: UInt32(truncatingIfNeeded: d))
            case (.int64, .integer(let v)): fb.add(id, v, default: d)
            case (.float32, .float(let v)): fb.add(id, v)
            case (.int32Vector, _), (.float32Vector, _), (.string, _): fb.add(id, children[id])
            default:
                throw TFLiteError.invalid(path: path, reason: "\(schema.name).\(field.name) holds a value of the wrong kind")
            }
        }
        return fb.endTable()
    }

    private static func writeSignature(_ fb: inout FlatBufferBuilder, _ signature: SignatureDef) -> FlatBufferBuilder.Offset {
        func maps(_ maps: [SignatureDef.TensorMap]) -> FlatBufferBuilder.Offset {
            let tables = maps.map { map -> FlatBufferBuilder.Offset in
                let name = fb.createString(map.name)
                fb.startTable()
                fb.add(0, name)
                fb.add(1, map.tensorIndex)
                return fb.endTable()
            }
            return fb.createVector(offsets: tables)
        }
        let inputs = maps(signature.inputs)
        let outputs = maps(signature.outputs)
        let key = signature.key.map { fb.createString($0) }
        fb.startTable()
        fb.add(0, inputs)
        fb.add(1, outputs)
        fb.add(2, key)
        fb.add(4, signature.subgraphIndex)
        return fb.endTable()
    }
}
