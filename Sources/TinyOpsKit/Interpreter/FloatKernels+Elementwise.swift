import Foundation

/// How a binary op reads its operands: both padded to the output's rank, with stride 0 on
/// broadcast dimensions.
struct BroadcastPlan: Equatable {
    var outputShape: [Int]
    var aStrides: [Int]
    var bStrides: [Int]

    /// nil when the shapes do not broadcast to `output` (NumPy rules).
    init?(a: [Int], b: [Int], output: [Int]) {
        let rank = output.count
        guard a.count <= rank, b.count <= rank else { return nil }
        func strides(_ shape: [Int]) -> [Int]? {
            let padded = Array(repeating: 1, count: rank - shape.count) + shape
            var result = Array(repeating: 0, count: rank)
            var running = 1
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                if padded[axis] == output[axis] {
                    result[axis] = padded[axis] == 1 ? 0 : running
                } else if padded[axis] != 1 {
                    return nil
                }
                running *= padded[axis]
            }
            return result
        }
        guard let aStrides = strides(a), let bStrides = strides(b) else { return nil }
        self.outputShape = output
        self.aStrides = aStrides
        self.bStrides = bStrides
    }
}

enum BinaryKind { case add, sub, mul }

extension FloatKernels {
    static func binary(_ output: UnsafeMutableBufferPointer<Float>, _ a: UnsafeBufferPointer<Float>,
                       _ b: UnsafeBufferPointer<Float>, _ plan: BroadcastPlan, _ kind: BinaryKind) {
        let apply: (Float, Float) -> Float
        switch kind {
        case .add: apply = { $0 + $1 }
        case .sub: apply = { $0 - $1 }
        case .mul: apply = { $0 * $1 }
        }
        // Fast path: same shapes.
        if a.count == output.count && b.count == output.count {
            for i in 0..<output.count { output[i] = apply(a[i], b[i]) }
            return
        }
        let rank = plan.outputShape.count
        var index = Array(repeating: 0, count: rank)
        var ai = 0, bi = 0
        for o in 0..<output.count {
            output[o] = apply(a[ai], b[bi])
            // Advance the odometer, keeping the operand offsets in step.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                ai += plan.aStrides[axis]
                bi += plan.bStrides[axis]
                if index[axis] < plan.outputShape[axis] { break }
                ai -= plan.aStrides[axis] * index[axis]
                bi -= plan.bStrides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    static func activate(_ values: UnsafeMutableBufferPointer<Float>, _ activation: ActivationFunction) {
        switch activation {
        case .none: return
        case .relu: for i in values.indices { values[i] = max(values[i], 0) }
        case .relu6: for i in values.indices { values[i] = min(max(values[i], 0), 6) }
        case .reluN1To1: for i in values.indices { values[i] = min(max(values[i], -1), 1) }
        case .tanh: for i in values.indices { values[i] = Foundation.tanh(values[i]) }
        case .signBit: for i in values.indices { values[i] = values[i].sign == .minus ? 1 : 0 }
        }
    }

    static func logistic(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>) {
        for i in input.indices { output[i] = 1 / (1 + Foundation.exp(-input[i])) }
    }

    /// Softmax over the last dimension of size `depth`, with TFLite's `beta`.
    static func softmax(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                        depth: Int, beta: Float) {
        guard depth > 0 else { return }
        for row in stride(from: 0, to: input.count, by: depth) {
            var maximum = -Float.infinity
            for i in row..<(row + depth) { maximum = max(maximum, input[i]) }
            var sum: Float = 0
            for i in row..<(row + depth) {
                let e = Foundation.exp((input[i] - maximum) * beta)
                output[i] = e
                sum += e
            }
            for i in row..<(row + depth) { output[i] /= sum }
        }
    }

    /// Mean over `axes` of an input of `shape`; the output holds the kept dimensions in order.
    static func mean(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                     shape: [Int], axes: Set<Int>) {
        let rank = shape.count
        // Output stride of each input axis (0 for reduced axes).
        var outStrides = Array(repeating: 0, count: rank)
        var running = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) where !axes.contains(axis) {
            outStrides[axis] = running
            running *= shape[axis]
        }
        for i in output.indices { output[i] = 0 }
        var index = Array(repeating: 0, count: rank)
        var o = 0
        for i in 0..<input.count {
            output[o] += input[i]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                o += outStrides[axis]
                if index[axis] < shape[axis] { break }
                o -= outStrides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        let reduced = axes.reduce(1) { $0 * shape[$1] }
        if reduced > 0 { for i in output.indices { output[i] /= Float(reduced) } }
    }

    /// PAD / PADV2: `paddings[axis] = (before, after)`.
    static func pad(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                    inputShape: [Int], paddings: [(Int, Int)], value: Float) {
        for i in output.indices { output[i] = value }
        let rank = inputShape.count
        let outputShape = zip(inputShape, paddings).map { $0 + $1.0 + $1.1 }
        var outStrides = Array(repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { outStrides[axis] = outStrides[axis + 1] * outputShape[axis + 1] }
        var index = Array(repeating: 0, count: rank)
        for i in 0..<input.count {
            var o = 0
            for axis in 0..<rank { o += (index[axis] + paddings[axis].0) * outStrides[axis] }
            output[o] = input[i]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < inputShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// CONCATENATION: each input contributes `axisSizes[k] · inner` values per outer step.
    static func concatenate(_ output: UnsafeMutableBufferPointer<Float>, _ inputs: [UnsafeBufferPointer<Float>],
                            outer: Int, inner: Int, axisSizes: [Int]) {
        var o = 0
        for step in 0..<outer {
            for (k, input) in inputs.enumerated() {
                let chunk = axisSizes[k] * inner
                let start = step * chunk
                for i in 0..<chunk { output[o + i] = input[start + i] }
                o += chunk
            }
        }
    }
}
