/// One prepared operator of the float interpreter: tensor indices and geometry resolved,
/// options decoded, shapes checked against the model's static shapes.
enum FloatStep: Sendable {
    case conv2D(input: Int, filter: Int, bias: Int?, output: Int, geometry: WindowGeometry, activation: ActivationFunction)
    case depthwise(input: Int, filter: Int, bias: Int?, output: Int, geometry: WindowGeometry, multiplier: Int,
                   activation: ActivationFunction)
    case fullyConnected(input: Int, filter: Int, bias: Int?, output: Int, batches: Int, depth: Int, units: Int,
                        activation: ActivationFunction)
    case pool(input: Int, output: Int, geometry: WindowGeometry, average: Bool, activation: ActivationFunction)
    case mean(input: Int, output: Int, shape: [Int], axes: Set<Int>)
    case binary(a: Int, b: Int, output: Int, plan: BroadcastPlan, kind: BinaryKind, activation: ActivationFunction)
    case copy(input: Int, output: Int)
    case activation(input: Int, output: Int, ActivationFunction)
    case logistic(input: Int, output: Int)
    case softmax(input: Int, output: Int, depth: Int, beta: Float)
    case pad(input: Int, output: Int, shape: [Int], paddings: [(Int, Int)], value: Float)
    case concat(inputs: [Int], output: Int, outer: Int, inner: Int, axisSizes: [Int], activation: ActivationFunction)

    var output: Int {
        switch self {
        case .conv2D(_, _, _, let o, _, _), .depthwise(_, _, _, let o, _, _, _), .fullyConnected(_, _, _, let o, _, _, _, _),
             .pool(_, let o, _, _, _), .mean(_, let o, _, _), .binary(_, _, let o, _, _, _), .copy(_, let o),
             .activation(_, let o, _), .logistic(_, let o), .softmax(_, let o, _, _), .pad(_, let o, _, _, _),
             .concat(_, let o, _, _, _, _):
            return o
        }
    }

    func execute(_ out: UnsafeMutableBufferPointer<Float>, _ values: [[Float]]) {
        func with<R>(_ index: Int, _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
            values[index].withUnsafeBufferPointer(body)
        }
        func withOptional<R>(_ index: Int?, _ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
            guard let index else { return body(nil) }
            return values[index].withUnsafeBufferPointer { body($0) }
        }
        switch self {
        case .conv2D(let input, let filter, let bias, _, let g, let activation):
            with(input) { i in with(filter) { f in withOptional(bias) { b in FloatKernels.conv2D(out, i, f, b, g) } } }
            FloatKernels.activate(out, activation)
        case .depthwise(let input, let filter, let bias, _, let g, let multiplier, let activation):
            with(input) { i in with(filter) { f in withOptional(bias) { b in
                FloatKernels.depthwiseConv2D(out, i, f, b, g, multiplier: multiplier)
            } } }
            FloatKernels.activate(out, activation)
        case .fullyConnected(let input, let filter, let bias, _, let batches, let depth, let units, let activation):
            with(input) { i in with(filter) { f in withOptional(bias) { b in
                FloatKernels.fullyConnected(out, i, f, b, batches: batches, depth: depth, units: units)
            } } }
            FloatKernels.activate(out, activation)
        case .pool(let input, _, let g, let average, let activation):
            with(input) { FloatKernels.pool(out, $0, g, average: average) }
            FloatKernels.activate(out, activation)
        case .mean(let input, _, let shape, let axes):
            with(input) { FloatKernels.mean(out, $0, shape: shape, axes: axes) }
        case .binary(let a, let b, _, let plan, let kind, let activation):
            with(a) { x in with(b) { y in FloatKernels.binary(out, x, y, plan, kind) } }
            FloatKernels.activate(out, activation)
        case .copy(let input, _):
            with(input) { i in for k in 0..<out.count { out[k] = i[k] } }
        case .activation(let input, _, let activation):
            with(input) { i in for k in 0..<out.count { out[k] = i[k] } }
            FloatKernels.activate(out, activation)
        case .logistic(let input, _):
            with(input) { FloatKernels.logistic(out, $0) }
        case .softmax(let input, _, let depth, let beta):
            with(input) { FloatKernels.softmax(out, $0, depth: depth, beta: beta) }
        case .pad(let input, _, let shape, let paddings, let value):
            with(input) { FloatKernels.pad(out, $0, inputShape: shape, paddings: paddings, value: value) }
        case .concat(let inputs, _, let outer, let inner, let axisSizes, let activation):
            let buffers = inputs.map { values[$0] }
            withBuffers(buffers) { FloatKernels.concatenate(out, $0, outer: outer, inner: inner, axisSizes: axisSizes) }
            FloatKernels.activate(out, activation)
        }
    }
}

/// Pointers to several arrays at once (for CONCATENATION).
private func withBuffers<R>(_ arrays: [[Float]], _ body: ([UnsafeBufferPointer<Float>]) -> R) -> R {
    var pointers: [UnsafeBufferPointer<Float>] = []
    func nest(_ k: Int) -> R {
        if k == arrays.count { return body(pointers) }
        return arrays[k].withUnsafeBufferPointer { pointer in
            pointers.append(pointer)
            return nest(k + 1)
        }
    }
    return nest(0)
}
