/// Spatial geometry shared by convolutions and pooling, NHWC: the padding TFLite computes
/// for SAME/VALID (`ComputePaddingHeightWidth`: the smaller half before, the rest after).
struct WindowGeometry: Equatable {
    var batches: Int
    var inputHeight: Int, inputWidth: Int, inputChannels: Int
    var outputHeight: Int, outputWidth: Int, outputChannels: Int
    var filterHeight: Int, filterWidth: Int
    var strideHeight: Int, strideWidth: Int
    var dilationHeight: Int = 1, dilationWidth: Int = 1
    var padTop: Int, padLeft: Int

    /// Output size and leading padding along one axis.
    static func axis(input: Int, filter: Int, stride: Int, dilation: Int, padding: Padding) -> (output: Int, padBefore: Int) {
        let effectiveFilter = (filter - 1) * dilation + 1
        let output = padding == .same
            ? (input + stride - 1) / stride
            : (input - effectiveFilter + stride) / stride
        let total = max((output - 1) * stride + effectiveFilter - input, 0)
        return (output, total / 2)
    }
}

enum FloatKernels {
    /// output (N,OH,OW,OC) = conv(input (N,H,W,C), filter (OC,KH,KW,C)) + bias (OC)
    static func conv2D(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                       _ filter: UnsafeBufferPointer<Float>, _ bias: UnsafeBufferPointer<Float>?, _ g: WindowGeometry) {
        let c = g.inputChannels
        var o = 0
        for b in 0..<g.batches {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    for oc in 0..<g.outputChannels {
                        var acc: Float = bias?[oc] ?? 0
                        for ky in 0..<g.filterHeight {
                            let iy = oy * g.strideHeight - g.padTop + ky * g.dilationHeight
                            guard iy >= 0 && iy < g.inputHeight else { continue }
                            for kx in 0..<g.filterWidth {
                                let ix = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth
                                guard ix >= 0 && ix < g.inputWidth else { continue }
                                let inBase = ((b * g.inputHeight + iy) * g.inputWidth + ix) * c
                                let fBase = ((oc * g.filterHeight + ky) * g.filterWidth + kx) * c
                                for ic in 0..<c { acc += input[inBase + ic] * filter[fBase + ic] }
                            }
                        }
                        output[o] = acc
                        o += 1
                    }
                }
            }
        }
    }

    /// output (N,OH,OW,C·M) = depthwise(input (N,H,W,C), filter (1,KH,KW,C·M)) + bias (C·M);
    /// output channel `ic·M + m` reads input channel `ic`.
    static func depthwiseConv2D(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                                _ filter: UnsafeBufferPointer<Float>, _ bias: UnsafeBufferPointer<Float>?,
                                _ g: WindowGeometry, multiplier: Int) {
        let oc = g.outputChannels
        var o = 0
        for b in 0..<g.batches {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    for channel in 0..<oc {
                        let ic = channel / multiplier
                        var acc: Float = bias?[channel] ?? 0
                        for ky in 0..<g.filterHeight {
                            let iy = oy * g.strideHeight - g.padTop + ky * g.dilationHeight
                            guard iy >= 0 && iy < g.inputHeight else { continue }
                            for kx in 0..<g.filterWidth {
                                let ix = ox * g.strideWidth - g.padLeft + kx * g.dilationWidth
                                guard ix >= 0 && ix < g.inputWidth else { continue }
                                acc += input[((b * g.inputHeight + iy) * g.inputWidth + ix) * g.inputChannels + ic]
                                    * filter[(ky * g.filterWidth + kx) * oc + channel]
                            }
                        }
                        output[o] = acc
                        o += 1
                    }
                }
            }
        }
    }

    /// output (B,U) = input (B,D) · filter (U,D)ᵀ + bias (U)
    static func fullyConnected(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                               _ filter: UnsafeBufferPointer<Float>, _ bias: UnsafeBufferPointer<Float>?,
                               batches: Int, depth: Int, units: Int) {
        for b in 0..<batches {
            let row = b * depth
            for u in 0..<units {
                let weights = u * depth
                var acc: Float = 0
                for d in 0..<depth { acc += input[row + d] * filter[weights + d] }
                output[b * units + u] = acc + (bias?[u] ?? 0)
            }
        }
    }

    /// AVERAGE_POOL_2D divides by the number of window elements inside the input (padding
    /// excluded), as TFLite does; MAX_POOL_2D ignores padding.
    static func pool(_ output: UnsafeMutableBufferPointer<Float>, _ input: UnsafeBufferPointer<Float>,
                     _ g: WindowGeometry, average: Bool) {
        let c = g.inputChannels
        var o = 0
        for b in 0..<g.batches {
            for oy in 0..<g.outputHeight {
                for ox in 0..<g.outputWidth {
                    let y0 = max(0, oy * g.strideHeight - g.padTop), y1 = min(g.inputHeight, oy * g.strideHeight - g.padTop + g.filterHeight)
                    let x0 = max(0, ox * g.strideWidth - g.padLeft), x1 = min(g.inputWidth, ox * g.strideWidth - g.padLeft + g.filterWidth)
                    for channel in 0..<c {
                        var acc: Float = average ? 0 : -.infinity
                        for iy in y0..<max(y0, y1) {
                            for ix in x0..<max(x0, x1) {
                                let v = input[((b * g.inputHeight + iy) * g.inputWidth + ix) * c + channel]
                                acc = average ? acc + v : max(acc, v)
                            }
                        }
                        let count = max(0, y1 - y0) * max(0, x1 - x0)
                        output[o] = average ? (count > 0 ? acc / Float(count) : 0) : acc
                        o += 1
                    }
                }
            }
        }
    }
}
