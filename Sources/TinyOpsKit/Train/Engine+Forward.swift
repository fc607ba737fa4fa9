/// The forward pass of one lane over its shard: one `switch` per layer, kernels over whole
/// buffers. Batch norm in training mode meets the other lanes at two barriers.
extension Engine {
    func forward(lane: Int, layers count: Int) {
        let workspace = workspaces[lane]
        let n = shardCount[lane]
        let p = UnsafePointer(weights)
        let quantizer = fakeQuant
        quantizer?.activation(lane: lane, node: 0, values: workspace.values[0].pointer, count: n * network.inputSize,
                              training: training)
        for index in 0..<count {
            let layer = network.layers[index]
            let x = UnsafePointer(workspace.values[layer.input].pointer)
            let y = workspace.values[index + 1].pointer
            let outCount = n * network.nodeSizes[index + 1]
            switch network.ops[index] {
            case .dense(let inputs, let units, let w, let b):
                GEMM.nn(m: n, n: units, k: inputs, a: x, lda: inputs, b: p + w, ldb: units, c: y, ldc: units)
                if let b { Elementwise.addRowVector(y, rows: n, columns: units, vector: p + b) }
            case .conv(let g, let filters, let w, let b):
                Conv2D.forward(g, batch: n, outChannels: filters, x: x, w: p + w, bias: b.map { p + $0 }, y: y,
                               patches: workspace.patches[index]?.pointer ?? workspace.pack.pointer)
            case .depthwise(let g, let m, let w, let b):
                DepthwiseConv2D.forward(g, batch: n, multiplier: m, x: x, w: p + w, bias: b.map { p + $0 }, y: y)
            case .separable(let g, let m, let filters, let dw, let pw, let b, let slot):
                let middle = workspace.separableValues[slot].pointer
                DepthwiseConv2D.forward(g, batch: n, multiplier: m, x: x, w: p + dw, bias: nil, y: middle)
                let rows = n * g.outputPositions, channels = g.inC * m
                GEMM.nn(m: rows, n: filters, k: channels, a: middle, lda: channels, b: p + pw, ldb: filters, c: y, ldc: filters)
                if let b { Elementwise.addRowVector(y, rows: rows, columns: filters, vector: p + b) }
            case .maxPool(let g, let slot):
                Pooling.maxForward(g, batch: n, x: x, y: y, argmax: workspace.argmax[slot].pointer)
            case .avgPool(let g):
                Pooling.averageForward(g, batch: n, x: x, y: y)
            case .globalAvgPool(let positions, let channels):
                Pooling.globalAverageForward(batch: n, positions: positions, channels: channels, x: x, y: y)
            case .flatten:
                y.update(from: x, count: outCount)
            case .dropout(let rate, let slot):
                if training {
                    dropoutForward(lane: lane, layer: index, rate: rate, x: x, y: y, mask: workspace.masks[slot].pointer,
                                   size: network.nodeSizes[index + 1])
                } else {
                    y.update(from: x, count: outCount)
                }
            case .batchNorm(let channels, let gamma, let beta, let runningMean, let runningVariance, let momentum, let epsilon, let slot):
                let rows = outCount / channels
                let stats = workspace.statistics[slot].pointer
                let mean = stats, invStd = stats + channels
                if training && !frozenBatchNorm {
                    batchStatistics(lane: lane, slot: slot, x: x, rows: rows, total: Double(batchCount * (network.nodeSizes[index + 1] / channels)),
                                    channels: channels, epsilon: epsilon,
                                    mean: mean, invStd: invStd, runningMean: runningMean, runningVariance: runningVariance,
                                    momentum: momentum)
                } else {
                    for c in 0..<channels {
                        mean[c] = state.pointer[runningMean + c]
                        invStd[c] = 1 / (state.pointer[runningVariance + c] + epsilon).squareRoot()
                    }
                }
                // y = x·scale + shift with scale = γ·invStd, shift = β - mean·scale (scratch in stats[2C..<4C]).
                let scale = stats + 2 * channels, shift = stats + 3 * channels
                for c in 0..<channels {
                    scale[c] = p[gamma + c] * invStd[c]
                    shift[c] = p[beta + c] - mean[c] * scale[c]
                }
                BatchNormKernels.affine(x, rows: rows, channels: channels, scale: scale, shift: shift, y: y)
            case .relu:
                Elementwise.relu(x, y, count: outCount, cap: .infinity)
            case .relu6:
                Elementwise.relu(x, y, count: outCount, cap: 6)
            case .softmax(let classes):
                Elementwise.softmax(x, y, rows: n, columns: classes)
            case .add:
                Elementwise.add(x, workspace.values[layer.skip!].pointer, y, count: outCount)
            }
            quantizer?.activation(lane: lane, node: index + 1, values: y, count: outCount, training: training)
        }
    }

    /// Whole-batch mean and 1/std: each lane adds up its rows, the lanes meet, and every
    /// lane combines the partial sums in lane order (so all lanes hold identical values).
    /// Lane 0 updates the running statistics (variance unbiased, as PyTorch and Keras do).
    private func batchStatistics(lane: Int, slot: Int, x: UnsafePointer<Float>, rows: Int, total: Double, channels: Int, epsilon: Float,
                                 mean: UnsafeMutablePointer<Float>, invStd: UnsafeMutablePointer<Float>,
                                 runningMean: Int, runningVariance: Int, momentum: Float) {
        let shared = exchange[slot].pointer
        let stride = 4 * channels
        Elementwise.columnSums(x, rows: rows, columns: channels, into: shared + lane * stride)
        team.barrier()
        for c in 0..<channels {
            var sum = 0.0
            for l in 0..<lanes { sum += Double(shared[l * stride + c]) }
            mean[c] = Float(sum / total)
        }
        BatchNormKernels.squaredDeviations(x, rows: rows, channels: channels, mean: mean, into: shared + lane * stride + channels)
        team.barrier()
        for c in 0..<channels {
            var sum = 0.0
            for l in 0..<lanes { sum += Double(shared[l * stride + channels + c]) }
            let variance = sum / total
            invStd[c] = Float(1 / (variance + Double(epsilon)).squareRoot())
            if lane == 0 {
                let unbiased = total > 1 ? variance * total / (total - 1) : variance
                state.pointer[runningMean + c] = momentum * state.pointer[runningMean + c] + (1 - momentum) * mean[c]
                state.pointer[runningVariance + c] = momentum * state.pointer[runningVariance + c] + (1 - momentum) * Float(unbiased)
            }
        }
    }

    /// Inverted dropout: each element is kept with probability 1 - rate and scaled by
    /// 1 / (1 - rate). The decision hashes (seed, step, layer, position in batch, element),
    /// so it does not depend on how the batch is split across lanes.
    private func dropoutForward(lane: Int, layer: Int, rate: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
                                mask: UnsafeMutablePointer<Float>, size: Int) {
        let keep = 1 / (1 - rate)
        let base = SeededRandom.mix(seed ^ SeededRandom.mix(UInt64(step) &* 0x9E37_79B9 &+ UInt64(layer)))
        for s in 0..<shardCount[lane] {
            let position = UInt64(shardStart[lane] + s)
            let sampleKey = SeededRandom.mix(base ^ (position &* 0xD6E8_FEB8_6659_FD93))
            for i in 0..<size {
                let bits = SeededRandom.mix(sampleKey &+ UInt64(i))
                let m: Float = SeededRandom.unitFloat(bits) < rate ? 0 : keep
                mask[s * size + i] = m
                y[s * size + i] = x[s * size + i] * m
            }
        }
    }
}
