import TinyOpsKit

/// Structure-aware mutations of a model: option fields, activation dimensions, scales, zero
/// points and operator inputs set to edge values (0, -1, huge, NaN, infinity, ...). The file
/// stays well-formed, so these reach the runtime's parameter checks rather than its
/// FlatBuffer checks.
struct ModelMutator {
    var generator: SeededGenerator

    static let integers: [Int64] = [0, 1, 2, 3, -1, -2, 127, 128, -128, -129, 1000, 65536,
                                    Int64(Int32.max), Int64(Int32.min)]
    static let floats: [Float] = [0, -1, 1e-30, 1e30, .infinity, .nan, 0.5, 1.0 / 256, 1e-9, 3e38]

    mutating func mutate(_ model: Model, edits: Int) -> Model {
        var model = model
        for _ in 0..<edits { model.subgraphs[0] = mutate(model.subgraphs[0]) }
        return model
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }

    private mutating func mutate(_ subgraph: Subgraph) -> Subgraph {
        var sg = subgraph
        let t = Int.random(in: 0..<sg.tensors.count, using: &generator)
        let o = Int.random(in: 0..<sg.operators.count, using: &generator)
        switch Int.random(in: 0..<5, using: &generator) {
        case 0:
            var options = sg.operators[o].options
            guard let fields = options.schema?.fields, !fields.isEmpty else { break }
            let field = pick(fields)
            switch field.kind {
            case .float32: options.set(field.name, .float(pick(Self.floats)))
            case .int32Vector: options.set(field.name, .int32s([Int32(truncatingIfNeeded: pick(Self.integers))]))
            case .float32Vector, .string: break
            case .int32, .uint32, .int64: options.set(field.name, .integer(pick(Self.integers)))
            default: options.set(field.name, .integer(pick(Self.integers) & 0x7F))
            }
            sg.operators[o].options = options
        case 1:
            guard !sg.tensors[t].isConstant, !sg.tensors[t].shape.isEmpty else { break }
            let d = Int.random(in: 0..<sg.tensors[t].shape.count, using: &generator)
            sg.tensors[t].shape[d] = pick([1, 2, 3, 5, 7, 64, 1000])
        case 2:
            guard var q = sg.tensors[t].quantization, !q.scale.isEmpty else { break }
            q.scale[Int.random(in: 0..<q.scale.count, using: &generator)] = pick(Self.floats)
            sg.tensors[t].quantization = q
        case 3:
            guard var q = sg.tensors[t].quantization, !q.zeroPoint.isEmpty else { break }
            q.zeroPoint[Int.random(in: 0..<q.zeroPoint.count, using: &generator)] = pick(Self.integers)
            sg.tensors[t].quantization = q
        default:
            guard !sg.operators[o].inputs.isEmpty else { break }
            let i = Int.random(in: 0..<sg.operators[o].inputs.count, using: &generator)
            sg.operators[o].inputs[i] = Int32.random(in: -1..<Int32(sg.tensors.count), using: &generator)
        }
        return sg
    }
}
