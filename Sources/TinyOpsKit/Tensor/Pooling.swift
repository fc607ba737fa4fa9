/// Max, average and global average pooling over NHWC samples, with their gradients.
/// Windows that hang over a SAME-padded edge cover only the real elements, as in TFLite
/// (the average divides by the number of real elements, padding never wins a max).
public enum Pooling {
    /// y (n, outH, outW, C) = max over each window of x (n, inH, inW, C); `argmax` records,
    /// per output element, the index of the winner within its sample (first one on ties).
    public static func maxForward(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>,
                                  y: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let c = g.inC
        for s in 0..<n {
            let xs = x + s * g.inputSize
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let o = ((s * g.outH + oh) * g.outW + ow) * c
                    let out = y + o, arg = argmax + o
                    out.update(repeating: -.infinity, count: c)
                    arg.update(repeating: 0, count: c)
                    for kh in 0..<g.kH {
                        let h = oh * g.strideH + kh - g.padTop
                        guard h >= 0, h < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let w = ow * g.strideW + kw - g.padLeft
                            guard w >= 0, w < g.inW else { continue }
                            let base = (h * g.inW + w) * c
                            for ch in 0..<c where xs[base + ch] > out[ch] {
                                out[ch] = xs[base + ch]
                                arg[ch] = Int32(base + ch)
                            }
                        }
                    }
                }
            }
        }
    }

    /// dx (n, inH, inW, C) overwritten: each dy goes to its window's winner.
    public static func maxBackward(_ g: ConvGeometry, batch n: Int, dy: UnsafePointer<Float>,
                                   argmax: UnsafePointer<Int32>, dx: UnsafeMutablePointer<Float>) {
        dx.update(repeating: 0, count: n * g.inputSize)
        let perSample = g.outputPositions * g.inC
        for s in 0..<n {
            let dxs = dx + s * g.inputSize
            for i in 0..<perSample {
                let o = s * perSample + i
                dxs[Int(argmax[o])] += dy[o]
            }
        }
    }

    /// Number of real input elements under the window of output (oh, ow).
    @inline(__always)
    private static func windowCount(_ g: ConvGeometry, _ oh: Int, _ ow: Int) -> Int {
        let h0 = oh * g.strideH - g.padTop, w0 = ow * g.strideW - g.padLeft
        let rows = min(g.inH, h0 + g.kH) - max(0, h0)
        let columns = min(g.inW, w0 + g.kW) - max(0, w0)
        return max(rows, 0) * max(columns, 0)
    }

    /// y (n, outH, outW, C) = mean over each window of x.
    public static func averageForward(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let c = g.inC
        for s in 0..<n {
            let xs = x + s * g.inputSize
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let out = y + ((s * g.outH + oh) * g.outW + ow) * c
                    out.update(repeating: 0, count: c)
                    for kh in 0..<g.kH {
                        let h = oh * g.strideH + kh - g.padTop
                        guard h >= 0, h < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let w = ow * g.strideW + kw - g.padLeft
                            guard w >= 0, w < g.inW else { continue }
                            let row = xs + (h * g.inW + w) * c
                            for ch in 0..<c { out[ch] += row[ch] }
                        }
                    }
                    let inverse = 1 / Float(windowCount(g, oh, ow))
                    for ch in 0..<c { out[ch] *= inverse }
                }
            }
        }
    }

    /// dx overwritten: each dy is shared equally by its window's real elements.
    public static func averageBackward(_ g: ConvGeometry, batch n: Int, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
        let c = g.inC
        dx.update(repeating: 0, count: n * g.inputSize)
        for s in 0..<n {
            let dxs = dx + s * g.inputSize
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let d = dy + ((s * g.outH + oh) * g.outW + ow) * c
                    let inverse = 1 / Float(windowCount(g, oh, ow))
                    for kh in 0..<g.kH {
                        let h = oh * g.strideH + kh - g.padTop
                        guard h >= 0, h < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let w = ow * g.strideW + kw - g.padLeft
                            guard w >= 0, w < g.inW else { continue }
                            let row = dxs + (h * g.inW + w) * c
                            for ch in 0..<c { row[ch] += d[ch] * inverse }
                        }
                    }
                }
            }
        }
    }

    /// y (n, C) = mean of x (n, positions, C) over the positions.
    public static func globalAverageForward(batch n: Int, positions p: Int, channels c: Int,
                                            x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let inverse = 1 / Float(p)
        for s in 0..<n {
            Elementwise.columnSums(x + s * p * c, rows: p, columns: c, into: y + s * c)
            for ch in 0..<c { y[s * c + ch] *= inverse }
        }
    }

    /// dx (n, positions, C) = dy / positions, broadcast over the positions.
    public static func globalAverageBackward(batch n: Int, positions p: Int, channels c: Int,
                                             dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
        let inverse = 1 / Float(p)
        for s in 0..<n {
            for position in 0..<p {
                let row = dx + (s * p + position) * c
                for ch in 0..<c { row[ch] = dy[s * c + ch] * inverse }
            }
        }
    }
}
