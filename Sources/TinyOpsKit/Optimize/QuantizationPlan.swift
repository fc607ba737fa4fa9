/// The int8 parameters of every activation of a float model: which tensors must share
/// parameters (same-scale ops), which are fixed by the spec, and the calibrated range of
/// the rest.
struct QuantizationPlan {
    /// Role of each tensor of the float model.
    enum Role: Equatable {
        case activation
        case weights(axis: Int)
        /// Bias of the op at this index (its scale depends on that op's input and weights).
        case bias(op: Int)
        /// Keeps its type and data (int32 shapes, axes, paddings).
        case structural
    }

    var roles: [Role]
    /// Scale and zero point of every activation tensor.
    var parameters: [Int: (scale: Float, zeroPoint: Int64)] = [:]

    init(model: Model, calibration: Calibration, method: CalibrationMethod,
         given: [Int: (min: Float, max: Float)] = [:]) throws {
        let subgraph = model.main
        let count = subgraph.tensors.count
        roles = subgraph.tensors.map { $0.type == .float32 ? .activation : .structural }

        var rules: [QuantizationRule] = []
        for (o, op) in subgraph.operators.enumerated() {
            guard let rule = QuantizationRule.of(op.builtin) else {
                throw QuantizeError.unsupportedOperator(index: o, op: op.opcode.name)
            }
            rules.append(rule)
            if case .weighted(let axis) = rule {
                try assign(.weights(axis: axis), to: op.inputs[1], subgraph)
                if op.inputs.count > 2, op.inputs[2] >= 0 { try assign(.bias(op: o), to: op.inputs[2], subgraph) }
            }
            for slot in QuantizationRule.structuralSlots(op.builtin) where slot < op.inputs.count && op.inputs[slot] >= 0 {
                roles[Int(op.inputs[slot])] = .structural
            }
        }

        // Same-scale groups, by union-find over tensor indices.
        var parent = Array(0..<count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var fixed: [Int: (scale: Float, zeroPoint: Int64)] = [:]
        for (o, op) in subgraph.operators.enumerated() {
            let output = Int(op.outputs[0])
            switch rules[o] {
            case .sameScale:
                // CONCATENATION: every input; PADV2: the input and the pad value.
                let slots = op.builtin == .concatenation ? Array(op.inputs) : op.builtin == .padv2 ? Array(op.inputs.prefix(3).enumerated().filter { $0.offset != 1 }.map(\.element)) : [op.inputs[0]]
                let members = slots.filter { $0 >= 0 }.map(Int.init)
                for member in members where roles[member] == .activation { parent[find(member)] = find(output) }
            case .fixed(let scale, let zeroPoint):
                fixed[output] = (scale, zeroPoint)
            case .weighted, .free:
                break
            }
        }

        // Each group's range is the union of its members' (observed, or constant data).
        var groupRange: [Int: (min: Float, max: Float)] = [:]
        var groupGiven: [Int: (min: Float, max: Float)] = [:]
        var groupFixed: [Int: (scale: Float, zeroPoint: Int64)] = [:]
        for tensor in 0..<count where roles[tensor] == .activation {
            let root = find(tensor)
            if let f = fixed[tensor] { groupFixed[root] = f }
            if let range = given[tensor] {
                let current = groupGiven[root] ?? (.infinity, -.infinity)
                groupGiven[root] = (min(current.min, range.min), max(current.max, range.max))
            }
            let range = subgraph.tensors[tensor].floatValues.map { values in
                (min: values.min() ?? 0, max: values.max() ?? 0)
            } ?? calibration.range(of: tensor, method: method)
            if let range {
                let current = groupRange[root] ?? (.infinity, -.infinity)
                groupRange[root] = (min(current.min, range.min), max(current.max, range.max))
            }
        }
        for tensor in 0..<count where roles[tensor] == .activation {
            let root = find(tensor)
            if let f = groupFixed[root] {
                parameters[tensor] = f
            } else {
                let range = groupGiven[root] ?? groupRange[root] ?? (0, 0)
                parameters[tensor] = QuantizationMath.asymmetric(min: range.min, max: range.max)
            }
        }
    }

    private mutating func assign(_ role: Role, to index: Int32, _ subgraph: Subgraph) throws {
        let tensor = subgraph.tensors[Int(index)]
        guard tensor.isConstant, tensor.type == .float32 else {
            throw QuantizeError.sharedTensor(tensor: tensor.name, reason: "must be a constant float32 tensor to be quantized as \(role)")
        }
        if roles[Int(index)] != .activation && roles[Int(index)] != role {
            throw QuantizeError.sharedTensor(tensor: tensor.name, reason: "is used both as \(roles[Int(index)]) and as \(role)")
        }
        roles[Int(index)] = role
    }
}
