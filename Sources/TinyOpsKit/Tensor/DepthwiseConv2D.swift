/// Depthwise convolution over NHWC samples: output channel `c·m + j` sees only input channel
/// `c` (m = depth multiplier). Weights are `[kH, kW, C·m]`, TFLite's layout without its
/// leading 1. Loops run over channels innermost, vectorised when m = 1.
public enum DepthwiseConv2D {
    @inline(__always) private static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) private static func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// out[i] += a[i]·b[i] for i < count.
    @inline(__always)
    private static func multiplyAdd(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        let full = count - count % 8
        var i = 0
        while i < full { store8(load8(out + i) + load8(a + i) * load8(b + i), out + i); i += 8 }
        while i < count { out[i] += a[i] * b[i]; i += 1 }
    }

    /// y (n, outH, outW, C·m) = depthwise(x (n, inH, inW, C), w (kH, kW, C·m)) + bias (C·m)
    public static func forward(_ g: ConvGeometry, batch n: Int, multiplier m: Int,
                               x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               y: UnsafeMutablePointer<Float>) {
        let c = g.inC, oc = c * m
        for s in 0..<n {
            let xs = x + s * g.inputSize
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let out = y + ((s * g.outH + oh) * g.outW + ow) * oc
                    if let bias { out.update(from: bias, count: oc) } else { out.update(repeating: 0, count: oc) }
                    for kh in 0..<g.kH {
                        let h = oh * g.strideH + kh - g.padTop
                        guard h >= 0, h < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let wi = ow * g.strideW + kw - g.padLeft
                            guard wi >= 0, wi < g.inW else { continue }
                            let xp = xs + (h * g.inW + wi) * c, wp = w + (kh * g.kW + kw) * oc
                            if m == 1 {
                                multiplyAdd(xp, wp, out, c)
                            } else {
                                for ch in 0..<c {
                                    let xv = xp[ch]
                                    for j in 0..<m { out[ch * m + j] += xv * wp[ch * m + j] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// From dy: dw (kH, kW, C·m) and dbias (C·m) overwritten; dx (n, inH, inW, C) overwritten when given.
    public static func backward(_ g: ConvGeometry, batch n: Int, multiplier m: Int,
                                x: UnsafePointer<Float>, w: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                dw: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>?,
                                dx: UnsafeMutablePointer<Float>?) {
        let c = g.inC, oc = c * m
        dw.update(repeating: 0, count: g.kH * g.kW * oc)
        if let dbias { Elementwise.columnSums(dy, rows: n * g.outputPositions, columns: oc, into: dbias) }
        if let dx { dx.update(repeating: 0, count: n * g.inputSize) }
        for s in 0..<n {
            let xs = x + s * g.inputSize
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    let d = dy + ((s * g.outH + oh) * g.outW + ow) * oc
                    for kh in 0..<g.kH {
                        let h = oh * g.strideH + kh - g.padTop
                        guard h >= 0, h < g.inH else { continue }
                        for kw in 0..<g.kW {
                            let wi = ow * g.strideW + kw - g.padLeft
                            guard wi >= 0, wi < g.inW else { continue }
                            let offset = (h * g.inW + wi) * c
                            let xp = xs + offset, wp = w + (kh * g.kW + kw) * oc, dwp = dw + (kh * g.kW + kw) * oc
                            if m == 1 {
                                multiplyAdd(xp, d, dwp, c)
                                if let dx { multiplyAdd(d, wp, dx + s * g.inputSize + offset, c) }
                            } else {
                                for ch in 0..<c {
                                    var sum: Float = 0
                                    for j in 0..<m {
                                        dwp[ch * m + j] += xp[ch] * d[ch * m + j]
                                        sum += d[ch * m + j] * wp[ch * m + j]
                                    }
                                    if let dx { dx[s * g.inputSize + offset + ch] += sum }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension DepthwiseConv2D {
    /// Direct loops with `Double` sums (tests only); returns y, and for dy the gradients.
    public static func reference(_ g: ConvGeometry, batch n: Int, multiplier m: Int,
                                 x: [Float], w: [Float], bias: [Float]?, dy: [Float])
        -> (y: [Float], dx: [Float], dw: [Float]) {
        let oc = g.inC * m
        var y = [Float](repeating: 0, count: n * g.outputPositions * oc)
        var dx = [Double](repeating: 0, count: n * g.inputSize)
        var dw = [Double](repeating: 0, count: g.kH * g.kW * oc)
        for s in 0..<n {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    for o in 0..<oc {
                        let ch = o / m
                        let outIndex = ((s * g.outH + oh) * g.outW + ow) * oc + o
                        var sum = Double(bias?[o] ?? 0)
                        for kh in 0..<g.kH {
                            for kw in 0..<g.kW {
                                let h = oh * g.strideH + kh - g.padTop, wi = ow * g.strideW + kw - g.padLeft
                                guard h >= 0, h < g.inH, wi >= 0, wi < g.inW else { continue }
                                let xi = s * g.inputSize + (h * g.inW + wi) * g.inC + ch
                                let wIndex = (kh * g.kW + kw) * oc + o
                                sum += Double(x[xi]) * Double(w[wIndex])
                                dx[xi] += Double(dy[outIndex]) * Double(w[wIndex])
                                dw[wIndex] += Double(dy[outIndex]) * Double(x[xi])
                            }
                        }
                        y[outIndex] = Float(sum)
                    }
                }
            }
        }
        return (y, dx.map(Float.init), dw.map(Float.init))
    }
}
