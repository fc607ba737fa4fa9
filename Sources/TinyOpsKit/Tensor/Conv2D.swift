/// Convolution over a batch of NHWC samples as im2col + GEMM. Weights are `[kH·kW·C, O]`
/// (HWIO flattened; TFLite's OHWI is its transpose); a dense layer is the 1×1 case with
/// one position. A pointwise window (1×1, stride 1) skips im2col and uses the input as is.
/// `Conv2D.reference*` are the direct loops the tests compare with.
public enum Conv2D {
    /// y (n, outH, outW, O) = x (n, inH, inW, C) ⊛ w (K, O) + bias (O)
    /// patches: scratch of n·outH·outW·K floats, kept for `backward` (unused when pointwise).
    public static func forward(_ g: ConvGeometry, batch n: Int, outChannels o: Int,
                               x: UnsafePointer<Float>, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               y: UnsafeMutablePointer<Float>, patches: UnsafeMutablePointer<Float>) {
        let rows = n * g.outputPositions
        let a = im2col(g, batch: n, x: x, patches: patches)
        GEMM.nn(m: rows, n: o, k: g.patchSize, a: a, lda: g.patchSize, b: w, ldb: o, c: y, ldc: o)
        if let bias { Elementwise.addRowVector(y, rows: rows, columns: o, vector: bias) }
    }

    /// The A matrix of the GEMM: the input itself when pointwise, else the patches.
    public static func im2col(_ g: ConvGeometry, batch n: Int, x: UnsafePointer<Float>,
                              patches: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if g.isPointwise { return x }
        for s in 0..<n {
            Im2Col.forward(g, input: x + s * g.inputSize, patches: patches + s * g.outputPositions * g.patchSize)
        }
        return UnsafePointer(patches)
    }

    /// From dy (n, outH, outW, O): dw (K, O) = patchesᵀ·dy; dbias (O) = Σ dy; and, when `dx`
    /// is given, dx (n, inH, inW, C) = col2im(dy · wᵀ) (overwritten).
    /// `a` is what `im2col` returned in the forward pass; `dPatches` holds n·outH·outW·K
    /// floats (unused when pointwise) and `pack` K·O floats.
    public static func backward(_ g: ConvGeometry, batch n: Int, outChannels o: Int,
                                a: UnsafePointer<Float>, w: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                dw: UnsafeMutablePointer<Float>, dbias: UnsafeMutablePointer<Float>?,
                                dx: UnsafeMutablePointer<Float>?,
                                dPatches: UnsafeMutablePointer<Float>, pack: UnsafeMutablePointer<Float>) {
        let rows = n * g.outputPositions
        let k = g.patchSize
        GEMM.tn(m: k, n: o, k: rows, a: a, lda: k, b: dy, ldb: o, c: dw, ldc: o)
        if let dbias { Elementwise.columnSums(dy, rows: rows, columns: o, into: dbias) }
        guard let dx else { return }
        if g.isPointwise {
            GEMM.nt(m: rows, n: k, k: o, a: dy, lda: o, b: w, ldb: o, c: dx, ldc: k, scratch: pack)
            return
        }
        GEMM.nt(m: rows, n: k, k: o, a: dy, lda: o, b: w, ldb: o, c: dPatches, ldc: k, scratch: pack)
        dx.update(repeating: 0, count: n * g.inputSize)
        for s in 0..<n {
            Im2Col.backward(g, patches: dPatches + s * g.outputPositions * k, inputGradient: dx + s * g.inputSize)
        }
    }
}

extension Conv2D {
    /// Direct convolution with `Double` sums, straight from the definition (tests only).
    /// x (n, inH, inW, C), w (kH, kW, C, O), bias (O) → y (n, outH, outW, O)
    public static func referenceForward(_ g: ConvGeometry, batch n: Int, outChannels o: Int,
                                        x: [Float], w: [Float], bias: [Float]?) -> [Float] {
        var y = [Float](repeating: 0, count: n * g.outputPositions * o)
        for s in 0..<n {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    for oc in 0..<o {
                        var sum = Double(bias?[oc] ?? 0)
                        for kh in 0..<g.kH {
                            for kw in 0..<g.kW {
                                let h = oh * g.strideH + kh - g.padTop, wi = ow * g.strideW + kw - g.padLeft
                                guard h >= 0, h < g.inH, wi >= 0, wi < g.inW else { continue }
                                for c in 0..<g.inC {
                                    let xv = x[s * g.inputSize + (h * g.inW + wi) * g.inC + c]
                                    sum += Double(xv) * Double(w[((kh * g.kW + kw) * g.inC + c) * o + oc])
                                }
                            }
                        }
                        y[((s * g.outH + oh) * g.outW + ow) * o + oc] = Float(sum)
                    }
                }
            }
        }
        return y
    }

    /// Input and weight gradients of `referenceForward` for output gradient dy, by the same loops.
    public static func referenceBackward(_ g: ConvGeometry, batch n: Int, outChannels o: Int,
                                         x: [Float], w: [Float], dy: [Float]) -> (dx: [Float], dw: [Float]) {
        var dx = [Double](repeating: 0, count: n * g.inputSize)
        var dw = [Double](repeating: 0, count: g.patchSize * o)
        for s in 0..<n {
            for oh in 0..<g.outH {
                for ow in 0..<g.outW {
                    for oc in 0..<o {
                        let d = Double(dy[((s * g.outH + oh) * g.outW + ow) * o + oc])
                        for kh in 0..<g.kH {
                            for kw in 0..<g.kW {
                                let h = oh * g.strideH + kh - g.padTop, wi = ow * g.strideW + kw - g.padLeft
                                guard h >= 0, h < g.inH, wi >= 0, wi < g.inW else { continue }
                                for c in 0..<g.inC {
                                    let xi = s * g.inputSize + (h * g.inW + wi) * g.inC + c
                                    let wIndex = ((kh * g.kW + kw) * g.inC + c) * o + oc
                                    dx[xi] += d * Double(w[wIndex])
                                    dw[wIndex] += d * Double(x[xi])
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx.map(Float.init), dw.map(Float.init))
    }
}
