/// The backward pass of one lane, from the logits gradient down to the first layer.
///
/// Gradient routing: layers run in reverse order; the first consumer of a node to run
/// writes the node's gradient, later ones (the other operand of an `add`) add to it. No
/// input gradient is computed for the model input. Every layer overwrites its parameter
/// gradients in the lane's buffer; batch norm's γ and β gradients, computed from
/// whole-batch sums, go to lane 0 only (the others write zeros) so that the lane sum is right.
extension Engine {
    func backward(lane: Int) {
        let workspace = workspaces[lane]
        let n = shardCount[lane]
        let p = UnsafePointer(weights)
        let g = workspace.parameterGradients.pointer
        let quantizer = fakeQuant
        for node in workspace.gradientWritten.indices { workspace.gradientWritten[node] = false }
        workspace.gradientWritten[logitsNode] = true

        for index in (0..<logitsNode).reversed() {
            let layer = network.layers[index]
            let x = UnsafePointer(workspace.values[layer.input].pointer)
            let y = UnsafePointer(workspace.values[index + 1].pointer)
            // Every consumer of this node has run: its gradient is complete. Under QAT the
            // straight-through estimator passes it only where the value was not clipped.
            quantizer?.clipGradient(lane: lane, node: index + 1, gradient: workspace.gradients[index + 1].pointer,
                                    count: n * network.nodeSizes[index + 1])
            let dy = UnsafePointer(workspace.gradients[index + 1].pointer)
            let inCount = n * network.nodeSizes[layer.input]
            // Where this layer's input gradient goes: straight into the node, or into the
            // routing buffer to be added to it afterwards.
            let needsInput = layer.input != 0
            let direct = needsInput && !workspace.gradientWritten[layer.input]
            let dxTarget = direct ? workspace.gradients[layer.input].pointer : workspace.routing.pointer
            let dx: UnsafeMutablePointer<Float>? = needsInput ? dxTarget : nil

            switch network.ops[index] {
            case .dense(let inputs, let units, let w, let b):
                GEMM.tn(m: inputs, n: units, k: n, a: x, lda: inputs, b: dy, ldb: units, c: g + w, ldc: units)
                if let b { Elementwise.columnSums(dy, rows: n, columns: units, into: g + b) }
                if let dx {
                    GEMM.nt(m: n, n: inputs, k: units, a: dy, lda: units, b: p + w, ldb: units, c: dx, ldc: inputs,
                            scratch: workspace.pack.pointer)
                }
            case .conv(let geometry, let filters, let w, let b):
                let a = geometry.isPointwise ? x : UnsafePointer(workspace.patches[index]!.pointer)
                Conv2D.backward(geometry, batch: n, outChannels: filters, a: a, w: p + w, dy: dy, dw: g + w,
                                dbias: b.map { g + $0 }, dx: dx, dPatches: workspace.patchGradients.pointer,
                                pack: workspace.pack.pointer)
            case .depthwise(let geometry, let m, let w, let b):
                DepthwiseConv2D.backward(geometry, batch: n, multiplier: m, x: x, w: p + w, dy: dy, dw: g + w,
                                         dbias: b.map { g + $0 }, dx: dx)
            case .separable(let geometry, let m, let filters, let dw, let pw, let b, let slot):
                let middle = UnsafePointer(workspace.separableValues[slot].pointer)
                let dMiddle = workspace.separableGradients[slot].pointer
                let rows = n * geometry.outputPositions, channels = geometry.inC * m
                GEMM.tn(m: channels, n: filters, k: rows, a: middle, lda: channels, b: dy, ldb: filters, c: g + pw, ldc: filters)
                if let b { Elementwise.columnSums(dy, rows: rows, columns: filters, into: g + b) }
                GEMM.nt(m: rows, n: channels, k: filters, a: dy, lda: filters, b: p + pw, ldb: filters, c: dMiddle, ldc: channels,
                        scratch: workspace.pack.pointer)
                DepthwiseConv2D.backward(geometry, batch: n, multiplier: m, x: x, w: p + dw, dy: dMiddle, dw: g + dw,
                                         dbias: nil, dx: dx)
            case .maxPool(let geometry, let slot):
                if let dx { Pooling.maxBackward(geometry, batch: n, dy: dy, argmax: workspace.argmax[slot].pointer, dx: dx) }
            case .avgPool(let geometry):
                if let dx { Pooling.averageBackward(geometry, batch: n, dy: dy, dx: dx) }
            case .globalAvgPool(let positions, let channels):
                if let dx { Pooling.globalAverageBackward(batch: n, positions: positions, channels: channels, dy: dy, dx: dx) }
            case .flatten:
                dx?.update(from: dy, count: inCount)
            case .dropout(_, let slot):
                if let dx {
                    let mask = workspace.masks[slot].pointer
                    for i in 0..<inCount { dx[i] = dy[i] * mask[i] }
                }
            case .batchNorm(let channels, let gamma, let beta, _, _, _, _, let slot) where frozenBatchNorm:
                frozenBatchNormBackward(lane: lane, slot: slot, x: x, dy: dy, rows: inCount / channels, channels: channels,
                                        dGamma: g + gamma, dBeta: g + beta, dx: dx)
            case .batchNorm(let channels, let gamma, let beta, _, _, _, _, let slot):
                batchNormBackward(lane: lane, slot: slot, x: x, dy: dy, rows: inCount / channels,
                                  total: batchCount * (network.nodeSizes[index + 1] / channels), channels: channels,
                                  gamma: p + gamma, dGamma: g + gamma, dBeta: g + beta, dx: dx)
            case .relu:
                if let dx { Elementwise.reluBackward(y: y, dy: dy, dx: dx, count: inCount, cap: .infinity) }
            case .relu6:
                if let dx { Elementwise.reluBackward(y: y, dy: dy, dx: dx, count: inCount, cap: 6) }
            case .softmax(let classes):
                if let dx { Elementwise.softmaxBackward(y: y, dy: dy, dx: dx, rows: n, columns: classes) }
            case .add:
                if let dx { dx.update(from: dy, count: inCount) }
            }

            if needsInput {
                if direct {
                    workspace.gradientWritten[layer.input] = true
                } else {
                    Elementwise.accumulate(workspace.routing.pointer, into: workspace.gradients[layer.input].pointer, count: inCount)
                }
            }
            if let skip = layer.skip, skip != 0 {
                let target = workspace.gradients[skip].pointer
                if workspace.gradientWritten[skip] {
                    Elementwise.accumulate(dy, into: target, count: inCount)
                } else {
                    target.update(from: dy, count: inCount)
                    workspace.gradientWritten[skip] = true
                }
            }
        }
    }

    /// dγ = Σdy·x̂, dβ = Σdy over the whole batch (lanes meet once), and dx from them.
    private func batchNormBackward(lane: Int, slot: Int, x: UnsafePointer<Float>, dy: UnsafePointer<Float>, rows: Int, total: Int,
                                   channels: Int, gamma: UnsafePointer<Float>, dGamma: UnsafeMutablePointer<Float>,
                                   dBeta: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let stats = workspaces[lane].statistics[slot].pointer
        let mean = UnsafePointer(stats), invStd = UnsafePointer(stats + channels)
        let shared = exchange[slot].pointer
        let stride = 4 * channels
        let mine = shared + lane * stride
        BatchNormKernels.gradientSums(x: x, dy: dy, rows: rows, channels: channels, mean: mean, invStd: invStd,
                                      sumDy: mine + 2 * channels, sumDyXhat: mine + 3 * channels)
        team.barrier()
        // The forward scratch (scale, shift) is free again: reuse it for the combined sums.
        let sumDy = stats + 2 * channels, sumDyXhat = stats + 3 * channels
        for c in 0..<channels {
            var a: Float = 0, b: Float = 0
            for l in 0..<lanes {
                a += shared[l * stride + 2 * channels + c]
                b += shared[l * stride + 3 * channels + c]
            }
            sumDy[c] = a
            sumDyXhat[c] = b
            dBeta[c] = lane == 0 ? a : 0
            dGamma[c] = lane == 0 ? b : 0
        }
        if let dx {
            BatchNormKernels.inputGradient(x: x, dy: dy, rows: rows, channels: channels, mean: mean, invStd: invStd, gamma: gamma,
                                           sumDy: sumDy, sumDyXhat: sumDyXhat, count: total, dx: dx)
        }
        // Nobody may overwrite this layer's exchange before every lane has read it: the
        // next write to it is in the next batch, after the lanes have met again.
    }

    /// Batch norm with fixed statistics is y = x·γ·invStd + (β - mean·γ·invStd): dγ = Σdy·x̂,
    /// dβ = Σdy over this lane's rows (the lanes' parameter gradients are added later), and
    /// dx = dy·γ·invStd.
    private func frozenBatchNormBackward(lane: Int, slot: Int, x: UnsafePointer<Float>, dy: UnsafePointer<Float>, rows: Int,
                                         channels: Int, dGamma: UnsafeMutablePointer<Float>,
                                         dBeta: UnsafeMutablePointer<Float>, dx: UnsafeMutablePointer<Float>?) {
        let stats = UnsafePointer(workspaces[lane].statistics[slot].pointer)
        let mean = stats, invStd = stats + channels, scale = stats + 2 * channels
        BatchNormKernels.gradientSums(x: x, dy: dy, rows: rows, channels: channels, mean: mean, invStd: invStd,
                                      sumDy: dBeta, sumDyXhat: dGamma)
        guard let dx else { return }
        for r in 0..<rows {
            let dr = dy + r * channels, out = dx + r * channels
            for c in 0..<channels { out[c] = dr[c] * scale[c] }
        }
    }
}
