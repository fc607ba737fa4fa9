/// Prepare: turns an operator into a `FloatStep`, checking dtypes and shapes once.
extension FloatStep {
    static func prepare(_ op: Operator, index: Int, in subgraph: Subgraph) throws -> FloatStep {
        let name = op.opcode.name
        func fail(_ reason: String) -> InterpreterError { .shapeMismatch(index: index, op: name, reason: reason) }
        func tensorIndex(_ slot: Int) throws -> Int {
            guard slot < op.inputs.count, op.inputs[slot] >= 0 else { throw fail("input \(slot) is missing") }
            return Int(op.inputs[slot])
        }
        func optionalIndex(_ slot: Int) -> Int? {
            slot < op.inputs.count && op.inputs[slot] >= 0 ? Int(op.inputs[slot]) : nil
        }
        func shape(_ tensor: Int) -> [Int] { subgraph.tensors[tensor].shape.map(Int.init) }
        func requireFloat(_ tensor: Int) throws {
            let t = subgraph.tensors[tensor]
            guard t.type == .float32 else {
                throw InterpreterError.unsupportedTensorType(index: index, op: name, tensor: t.name, type: t.type.name)
            }
        }
        func int32Constant(_ tensor: Int) throws -> [Int] {
            let t = subgraph.tensors[tensor]
            guard let values = t.int32Values else { throw fail("'\(t.name)' must be a constant int32 tensor") }
            return values.map(Int.init)
        }
        guard let outputIndex = op.outputs.first.map(Int.init) else { throw fail("no output") }
        let activation = op.options.fusedActivation ?? .none

        switch op.builtin {
        case .conv2d, .depthwiseConv2d:
            let input = try tensorIndex(0), filter = try tensorIndex(1), bias = optionalIndex(2)
            for t in [input, filter, outputIndex] + (bias.map { [$0] } ?? []) { try requireFloat(t) }
            let inShape = shape(input), fShape = shape(filter), outShape = shape(outputIndex)
            guard inShape.count == 4, fShape.count == 4, outShape.count == 4 else { throw fail("expects 4-D input, filter and output") }
            let depthwise = op.builtin == .depthwiseConv2d
            let padding: Padding, strides: (Int, Int), dilation: (Int, Int)
            if depthwise, let o = op.options.depthwiseConv2D {
                (padding, strides, dilation) = (o.padding, (Int(o.strideH), Int(o.strideW)), (Int(o.dilationH), Int(o.dilationW)))
            } else if !depthwise, let o = op.options.conv2D {
                (padding, strides, dilation) = (o.padding, (Int(o.strideH), Int(o.strideW)), (Int(o.dilationH), Int(o.dilationW)))
            } else {
                throw fail("missing options")
            }
            guard strides.0 > 0, strides.1 > 0, dilation.0 > 0, dilation.1 > 0 else { throw fail("strides and dilations must be positive") }
            let h = WindowGeometry.axis(input: inShape[1], filter: fShape[1], stride: strides.0, dilation: dilation.0, padding: padding)
            let w = WindowGeometry.axis(input: inShape[2], filter: fShape[2], stride: strides.1, dilation: dilation.1, padding: padding)
            let geometry = WindowGeometry(
                batches: inShape[0], inputHeight: inShape[1], inputWidth: inShape[2], inputChannels: inShape[3],
                outputHeight: h.output, outputWidth: w.output, outputChannels: outShape[3],
                filterHeight: fShape[1], filterWidth: fShape[2], strideHeight: strides.0, strideWidth: strides.1,
                dilationHeight: dilation.0, dilationWidth: dilation.1, padTop: h.padBefore, padLeft: w.padBefore)
            guard outShape == [inShape[0], h.output, w.output, outShape[3]] else {
                throw fail("output shape \(outShape) does not match the computed [\(inShape[0]), \(h.output), \(w.output), \(outShape[3])]")
            }
            if depthwise {
                guard fShape[3] == outShape[3], inShape[3] > 0, outShape[3] % inShape[3] == 0 else {
                    throw fail("filter \(fShape) does not fit input \(inShape) and output \(outShape)")
                }
                return .depthwise(input: input, filter: filter, bias: bias, output: outputIndex, geometry: geometry,
                                  multiplier: outShape[3] / inShape[3], activation: activation)
            }
            guard fShape[0] == outShape[3], fShape[3] == inShape[3] else {
                throw fail("filter \(fShape) does not fit input \(inShape) and output \(outShape)")
            }
            return .conv2D(input: input, filter: filter, bias: bias, output: outputIndex, geometry: geometry, activation: activation)

        case .fullyConnected:
            let input = try tensorIndex(0), filter = try tensorIndex(1), bias = optionalIndex(2)
            for t in [input, filter, outputIndex] + (bias.map { [$0] } ?? []) { try requireFloat(t) }
            let fShape = shape(filter)
            guard fShape.count == 2, fShape[1] > 0 else { throw fail("filter must be 2-D (units, depth), got \(fShape)") }
            let elements = subgraph.tensors[input].elementCount
            guard elements % fShape[1] == 0, subgraph.tensors[outputIndex].elementCount == elements / fShape[1] * fShape[0] else {
                throw fail("input \(shape(input)) and output \(shape(outputIndex)) do not fit filter \(fShape)")
            }
            return .fullyConnected(input: input, filter: filter, bias: bias, output: outputIndex, batches: elements / fShape[1],
                                   depth: fShape[1], units: fShape[0], activation: activation)

        case .averagePool2d, .maxPool2d:
            let input = try tensorIndex(0)
            try requireFloat(input)
            try requireFloat(outputIndex)
            guard let o = op.options.pool2D, o.strideH > 0, o.strideW > 0 else { throw fail("missing or invalid pool options") }
            let inShape = shape(input), outShape = shape(outputIndex)
            guard inShape.count == 4 else { throw fail("expects a 4-D input") }
            let h = WindowGeometry.axis(input: inShape[1], filter: Int(o.filterH), stride: Int(o.strideH), dilation: 1, padding: o.padding)
            let w = WindowGeometry.axis(input: inShape[2], filter: Int(o.filterW), stride: Int(o.strideW), dilation: 1, padding: o.padding)
            guard outShape == [inShape[0], h.output, w.output, inShape[3]] else {
                throw fail("output shape \(outShape) does not match the computed [\(inShape[0]), \(h.output), \(w.output), \(inShape[3])]")
            }
            let geometry = WindowGeometry(
                batches: inShape[0], inputHeight: inShape[1], inputWidth: inShape[2], inputChannels: inShape[3],
                outputHeight: h.output, outputWidth: w.output, outputChannels: inShape[3],
                filterHeight: Int(o.filterH), filterWidth: Int(o.filterW), strideHeight: Int(o.strideH), strideWidth: Int(o.strideW),
                padTop: h.padBefore, padLeft: w.padBefore)
            return .pool(input: input, output: outputIndex, geometry: geometry, average: op.builtin == .averagePool2d,
                         activation: o.activation)

        case .mean:
            let input = try tensorIndex(0)
            try requireFloat(input)
            let inShape = shape(input)
            let axes = Set(try int32Constant(try tensorIndex(1)).map { $0 < 0 ? $0 + inShape.count : $0 })
            guard axes.allSatisfy({ $0 >= 0 && $0 < inShape.count }) else { throw fail("axes \(axes.sorted()) out of range for \(inShape)") }
            let kept = inShape.indices.filter { !axes.contains($0) }.reduce(1) { $0 * inShape[$1] }
            guard subgraph.tensors[outputIndex].elementCount == kept else { throw fail("output \(shape(outputIndex)) does not match") }
            return .mean(input: input, output: outputIndex, shape: inShape, axes: axes)

        case .add, .sub, .mul:
            let a = try tensorIndex(0), b = try tensorIndex(1)
            for t in [a, b, outputIndex] { try requireFloat(t) }
            guard let plan = BroadcastPlan(a: shape(a), b: shape(b), output: shape(outputIndex)) else {
                throw fail("shapes \(shape(a)) and \(shape(b)) do not broadcast to \(shape(outputIndex))")
            }
            let kind: BinaryKind = op.builtin == .add ? .add : op.builtin == .sub ? .sub : .mul
            return .binary(a: a, b: b, output: outputIndex, plan: plan, kind: kind, activation: activation)

        case .reshape, .expandDims, .squeeze:
            let input = try tensorIndex(0)
            try requireFloat(input)
            guard subgraph.tensors[input].elementCount == subgraph.tensors[outputIndex].elementCount else {
                throw fail("input \(shape(input)) and output \(shape(outputIndex)) differ in size")
            }
            return .copy(input: input, output: outputIndex)

        case .relu, .relu6, .tanh, .logistic:
            let input = try tensorIndex(0)
            try requireFloat(input)
            guard shape(input) == shape(outputIndex) else { throw fail("input and output shapes differ") }
            switch op.builtin {
            case .relu: return .activation(input: input, output: outputIndex, .relu)
            case .relu6: return .activation(input: input, output: outputIndex, .relu6)
            case .tanh: return .activation(input: input, output: outputIndex, .tanh)
            default: return .logistic(input: input, output: outputIndex)
            }

        case .softmax:
            let input = try tensorIndex(0)
            try requireFloat(input)
            let inShape = shape(input)
            return .softmax(input: input, output: outputIndex, depth: inShape.last ?? 1, beta: op.options.float("beta") ?? 1)

        case .pad, .padv2:
            let input = try tensorIndex(0)
            try requireFloat(input)
            let inShape = shape(input)
            let flat = try int32Constant(try tensorIndex(1))
            guard flat.count == 2 * inShape.count, flat.allSatisfy({ $0 >= 0 }) else { throw fail("paddings \(flat) do not fit \(inShape)") }
            let paddings = (0..<inShape.count).map { (flat[2 * $0], flat[2 * $0 + 1]) }
            guard zip(inShape, paddings).map({ $0 + $1.0 + $1.1 }) == shape(outputIndex) else { throw fail("padded shape does not match output") }
            var value: Float = 0
            if op.builtin == .padv2, let v = optionalIndex(2), let constant = subgraph.tensors[v].floatValues?.first {
                value = constant
            }
            return .pad(input: input, output: outputIndex, shape: inShape, paddings: paddings, value: value)

        case .concatenation:
            let inputs = try op.inputs.indices.map { try tensorIndex($0) }
            for t in inputs + [outputIndex] { try requireFloat(t) }
            let outShape = shape(outputIndex)
            var axis = Int(op.options.integer("axis") ?? 0)
            if axis < 0 { axis += outShape.count }
            guard axis >= 0, axis < outShape.count else { throw fail("axis out of range") }
            let outer = outShape[..<axis].reduce(1, *), inner = outShape[(axis + 1)...].reduce(1, *)
            let sizes = inputs.map { shape($0).count == outShape.count ? shape($0)[axis] : -1 }
            guard !sizes.contains(-1), sizes.reduce(0, +) == outShape[axis] else { throw fail("inputs do not concatenate to \(outShape)") }
            return .concat(inputs: inputs, output: outputIndex, outer: outer, inner: inner, axisSizes: sizes, activation: activation)

        default:
            throw InterpreterError.unsupportedOperator(index: index, op: name, reason: "not supported by the float interpreter")
        }
    }
}
