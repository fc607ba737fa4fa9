/// How a sliding window (convolution or pooling) lays over one NHWC sample: input and
/// output sizes, window, strides and the padding before the first row and column.
/// A 1-D window over `[L, C]` is the 2-D case with height 1.
///
/// Padding follows TensorFlow and TFLite: VALID gives `out = (in - k) / s + 1`; SAME gives
/// `out = ceil(in / s)` and pads `total = max((out - 1)·s + k - in, 0)` with `total / 2`
/// before (TFLite's `ComputePaddingHeightWidth`), so exported models compute the same.
public struct ConvGeometry: Equatable, Sendable {
    public enum Padding: String, CaseIterable, Sendable {
        case same, valid
    }

    public let inH: Int, inW: Int, inC: Int
    public let kH: Int, kW: Int
    public let strideH: Int, strideW: Int
    public let padding: Padding
    public let padTop: Int, padLeft: Int
    public let outH: Int, outW: Int

    /// nil when a VALID window is larger than the input (nothing to compute).
    public init?(inH: Int, inW: Int, inC: Int, kH: Int, kW: Int, strideH: Int, strideW: Int, padding: Padding) {
        guard inH > 0, inW > 0, inC > 0, kH > 0, kW > 0, strideH > 0, strideW > 0 else { return nil }
        func resolve(_ size: Int, _ k: Int, _ s: Int) -> (out: Int, before: Int)? {
            switch padding {
            case .valid:
                guard size >= k else { return nil }
                return ((size - k) / s + 1, 0)
            case .same:
                let out = (size + s - 1) / s
                return (out, max((out - 1) * s + k - size, 0) / 2)
            }
        }
        guard let h = resolve(inH, kH, strideH), let w = resolve(inW, kW, strideW) else { return nil }
        self.inH = inH; self.inW = inW; self.inC = inC
        self.kH = kH; self.kW = kW
        self.strideH = strideH; self.strideW = strideW
        self.padding = padding
        self.padTop = h.before; self.padLeft = w.before
        self.outH = h.out; self.outW = w.out
    }

    public var inputSize: Int { inH * inW * inC }
    public var outputPositions: Int { outH * outW }
    /// Elements of one im2col row: the window over every input channel.
    public var patchSize: Int { kH * kW * inC }
    /// True when im2col would copy the input unchanged (a 1×1 window, stride 1).
    public var isPointwise: Bool { kH == 1 && kW == 1 && strideH == 1 && strideW == 1 }
}

/// im2col and its adjoint, col2im, for one sample.
public enum Im2Col {
    /// patches[(oh·outW + ow), (kh·kW + kw)·C + c] = x[oh·sH + kh - padTop, ow·sW + kw - padLeft, c],
    /// zero where the window hangs over the edge.
    /// input (inH, inW, C), patches (outH·outW, kH·kW·C)
    public static func forward(_ g: ConvGeometry, input x: UnsafePointer<Float>, patches: UnsafeMutablePointer<Float>) {
        let c = g.inC
        let rowLength = g.kW * c
        var out = patches
        for oh in 0..<g.outH {
            let h0 = oh * g.strideH - g.padTop
            for ow in 0..<g.outW {
                let w0 = ow * g.strideW - g.padLeft
                let wStart = max(0, -w0), wEnd = min(g.kW, g.inW - w0)
                for kh in 0..<g.kH {
                    let h = h0 + kh
                    let row = out + kh * rowLength
                    if h < 0 || h >= g.inH || wStart >= wEnd {
                        row.update(repeating: 0, count: rowLength)
                        continue
                    }
                    if wStart > 0 { row.update(repeating: 0, count: wStart * c) }
                    (row + wStart * c).update(from: x + (h * g.inW + w0 + wStart) * c, count: (wEnd - wStart) * c)
                    if wEnd < g.kW { (row + wEnd * c).update(repeating: 0, count: (g.kW - wEnd) * c) }
                }
                out += g.patchSize
            }
        }
    }

    /// dx += scatter of the patch gradients (the adjoint of `forward`). dx is not cleared.
    /// patches (outH·outW, kH·kW·C), dx (inH, inW, C)
    public static func backward(_ g: ConvGeometry, patches: UnsafePointer<Float>, inputGradient dx: UnsafeMutablePointer<Float>) {
        let c = g.inC
        let rowLength = g.kW * c
        var source = patches
        for oh in 0..<g.outH {
            let h0 = oh * g.strideH - g.padTop
            for ow in 0..<g.outW {
                let w0 = ow * g.strideW - g.padLeft
                let wStart = max(0, -w0), wEnd = min(g.kW, g.inW - w0)
                if wStart < wEnd {
                    for kh in 0..<g.kH {
                        let h = h0 + kh
                        guard h >= 0, h < g.inH else { continue }
                        let from = source + kh * rowLength + wStart * c
                        let to = dx + (h * g.inW + w0 + wStart) * c
                        for i in 0..<((wEnd - wStart) * c) { to[i] += from[i] }
                    }
                }
                source += g.patchSize
            }
        }
    }
}
