/// Fake quantization for quantization-aware training, with the arithmetic `Quantizer` uses
/// on the exported model:
/// - weights per output channel, symmetric, scale = max|w| / 127, q = round(w / scale)
///   (half away from zero) clamped to [-127, 127], value q·scale (`QuantizationMath.quantizeWeights`);
/// - activations per tensor, asymmetric, (scale, zero point) = `QuantizationMath.asymmetric`
///   of the tracked range, q = round(x / scale) + zp clamped to [-128, 127], value (q - zp)·scale.
///
/// The network must be folded (`Network.folded`): then its weights are the exported ones.
/// Gradients pass straight through the rounding (a straight-through estimator) and are cut
/// where an activation was clipped. Activation ranges start from a min/max pass over
/// training samples and follow an exponential moving average of each batch's min/max.
final class FakeQuantizer: @unchecked Sendable {
    /// A weight tensor laid out [rows, columns], one scale per column (output channel).
    struct WeightTensor: Equatable {
        let offset: Int
        let rows: Int
        let columns: Int
    }

    let points: QuantizationPoints
    let weightTensors: [WeightTensor]
    /// The parameters with every weight tensor fake-quantized: what forward and backward read.
    let effective: Storage<Float>
    /// Tracked range per slot; nil until observed.
    var ranges: [(min: Float, max: Float)?]
    /// Share of the old range kept at each step.
    let momentum: Float
    /// Calibration pass: record ranges, leave activations in float.
    var observing = false
    /// Per slot: scale and zero point for the current pass (scale 0: no range yet).
    private let parameters: Storage<Float>
    /// Per lane, per slot: the minimum and maximum seen in the current pass.
    private let observed: [Storage<Float>]
    /// Per lane, per node: 1 where the value was inside the range, 0 where it was clipped.
    private let clipMasks: [[Storage<Float>?]]

    init(network: Network, lanes: Int, capacity: Int, momentum: Float = 0.99) {
        let points = QuantizationPoints(network)
        self.points = points
        weightTensors = Self.weightTensors(network)
        effective = Storage(count: network.parameterCount, value: 0)
        ranges = [(min: Float, max: Float)?](repeating: nil, count: points.count)
        self.momentum = momentum
        parameters = Storage(count: 2 * points.count, value: 0)
        observed = (0..<lanes).map { _ in Storage(count: 2 * points.count, value: 0) }
        clipMasks = (0..<lanes).map { _ in
            network.nodeSizes.enumerated().map { node, size in
                node > 0 && points.slotOfNode[node] >= 0 ? Storage(count: size * capacity, value: 0) : nil
            }
        }
    }

    /// [rows, columns] of every weight tensor, in the network's layouts (columns = output channels).
    static func weightTensors(_ network: Network) -> [WeightTensor] {
        var result: [WeightTensor] = []
        for op in network.ops {
            switch op {
            case .dense(let inputs, let units, let w, _):
                result.append(WeightTensor(offset: w, rows: inputs, columns: units))
            case .conv(let g, let filters, let w, _):
                result.append(WeightTensor(offset: w, rows: g.patchSize, columns: filters))
            case .depthwise(let g, let m, let w, _):
                result.append(WeightTensor(offset: w, rows: g.kH * g.kW, columns: g.inC * m))
            case .separable(let g, let m, let filters, let dw, let pw, _, _):
                result.append(WeightTensor(offset: dw, rows: g.kH * g.kW, columns: g.inC * m))
                result.append(WeightTensor(offset: pw, rows: g.inC * m, columns: filters))
            default:
                break
            }
        }
        return result
    }

    /// Before a pass: fake-quantizes the weights from the float `parameters`, fixes the
    /// activation parameters from the ranges, and clears the per-lane observations.
    func beginPass(parameters source: UnsafeMutablePointer<Float>) {
        let count = effective.count
        effective.pointer.update(from: source, count: count)
        for tensor in weightTensors {
            Self.fakeQuantizeWeights(effective.pointer + tensor.offset, rows: tensor.rows, columns: tensor.columns)
        }
        for (slot, range) in ranges.enumerated() {
            let (scale, zeroPoint) = range.map { QuantizationMath.asymmetric(min: $0.min, max: $0.max) } ?? (0, 0)
            parameters.pointer[2 * slot] = scale
            parameters.pointer[2 * slot + 1] = Float(zeroPoint)
        }
        for lane in observed {
            for slot in 0..<points.count {
                lane.pointer[2 * slot] = .infinity
                lane.pointer[2 * slot + 1] = -.infinity
            }
        }
    }

    /// w ← q·scale per column of `w` (rows, columns), as the quantizer rounds weights.
    static func fakeQuantizeWeights(_ w: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for c in 0..<columns {
            var absMax: Float = 0
            for r in 0..<rows { absMax = max(absMax, abs(w[r * columns + c])) }
            let scale = QuantizationMath.symmetricScale(absMax: absMax)
            for r in 0..<rows {
                let q = QuantizationMath.quantize(w[r * columns + c], scale: scale, zeroPoint: 0, min: -127, max: 127)
                w[r * columns + c] = Float(q) * scale
            }
        }
    }

    /// The value an int8 tensor with `scale` and `zeroPoint` holds for `x`.
    @inline(__always)
    static func fakeQuantize(_ x: Float, scale: Float, zeroPoint: Float) -> Float {
        let q = (x / scale).rounded(.toNearestOrAwayFromZero) + zeroPoint
        return (min(max(q, -128), 127) - zeroPoint) * scale
    }

    /// Called by a lane after it computed `node` (`count` values): records the range where
    /// this node owns one, and rounds the values to the int8 grid (recording the clip mask
    /// in training).
    func activation(lane: Int, node: Int, values: UnsafeMutablePointer<Float>, count: Int, training: Bool) {
        let slot = points.slotOfNode[node]
        guard slot >= 0 else { return }
        if points.recordsRange[node] && (training || observing) {
            let o = observed[lane].pointer + 2 * slot
            var low = o[0], high = o[1]
            for i in 0..<count {
                low = min(low, values[i])
                high = max(high, values[i])
            }
            o[0] = low
            o[1] = high
        }
        let scale = parameters.pointer[2 * slot], zeroPoint = parameters.pointer[2 * slot + 1]
        guard !observing, scale > 0 else { return }
        if training, let mask = clipMasks[lane][node]?.pointer {
            for i in 0..<count {
                let q = (values[i] / scale).rounded(.toNearestOrAwayFromZero) + zeroPoint
                mask[i] = q >= -128 && q <= 127 ? 1 : 0
                values[i] = (min(max(q, -128), 127) - zeroPoint) * scale
            }
        } else {
            for i in 0..<count { values[i] = Self.fakeQuantize(values[i], scale: scale, zeroPoint: zeroPoint) }
        }
    }

    /// The straight-through estimator: the gradient of a clipped value is 0.
    func clipGradient(lane: Int, node: Int, gradient: UnsafeMutablePointer<Float>, count: Int) {
        guard points.slotOfNode[node] >= 0, parameters.pointer[2 * points.slotOfNode[node]] > 0,
              let mask = clipMasks[lane][node]?.pointer else { return }
        for i in 0..<count { gradient[i] *= mask[i] }
    }

    /// The batch's min/max per slot over all lanes (nil where nothing was seen).
    private func combined(_ slot: Int) -> (min: Float, max: Float)? {
        var low = Float.infinity, high = -Float.infinity
        for lane in observed {
            low = min(low, lane.pointer[2 * slot])
            high = max(high, lane.pointer[2 * slot + 1])
        }
        return low <= high && low.isFinite && high.isFinite ? (low, high) : nil
    }

    /// After a training step: moves each range towards the batch's min/max.
    func endTrainingStep() {
        for slot in 0..<points.count {
            guard let batch = combined(slot) else { continue }
            if let old = ranges[slot] {
                ranges[slot] = (momentum * old.min + (1 - momentum) * batch.min, momentum * old.max + (1 - momentum) * batch.max)
            } else {
                ranges[slot] = batch
            }
        }
    }

    /// After a calibration pass: the ranges are the observed min/max.
    func endObservation() {
        for slot in 0..<points.count {
            guard let batch = combined(slot) else { continue }
            let old = ranges[slot] ?? batch
            ranges[slot] = (min(old.min, batch.min), max(old.max, batch.max))
        }
    }

    /// The tracked range of every quantization point, by node.
    var rangesByNode: [Int: (min: Float, max: Float)] {
        var result: [Int: (min: Float, max: Float)] = [:]
        for (slot, node) in points.nodes.enumerated() {
            if let range = ranges[slot] { result[node] = range }
        }
        return result
    }
}

extension Engine {
    /// Turns on quantization-aware training; ranges start from a min/max pass over `x`
    /// (`count` normalized samples) with fake-quantized weights and float activations.
    func enableFakeQuantization(calibration x: UnsafePointer<Float>, count: Int) {
        let quantizer = FakeQuantizer(network: network, lanes: lanes, capacity: capacity)
        fakeQuant = quantizer
        quantizer.observing = true
        _ = predict(x: x, count: count)
        quantizer.endObservation()
        quantizer.observing = false
    }
}
