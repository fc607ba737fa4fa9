/// Dense and convolution layers, with a following batch norm folded in and a following
/// relu/relu6 fused, in TFLite's weight layouts (`[out, ...]`; depthwise `[1, kH, kW, C·m]`).
extension ModelExporter.Walker {
    mutating func emitWeighted(_ index: Int) -> Int {
        let layer = network.layers[index]
        let name = layer.spec.name
        var next = index + 1
        var fold: (scale: [Float], shift: [Float])?
        if onlyFeedsNext(index), case .batchNorm = network.ops[index + 1] {
            fold = foldedNorm(index + 1)
            next = index + 2
        }
        let (activation, after) = fusedActivation(after: next - 1)
        next = after

        /// Weights of output channel o times the folded scale; bias folded likewise.
        func scaled(_ o: Int) -> Float { fold?.scale[o] ?? 1 }
        func bias(_ offset: Int?, _ count: Int) -> [Float] {
            (0..<count).map { o in
                let b = offset.map { p[$0 + o] } ?? 0
                return fold.map { b * $0.scale[o] + $0.shift[o] } ?? b
            }
        }
        let outputShape = shape(index + 1)  // batch norm and activations keep the shape

        switch network.ops[index] {
        case .dense(let inputs, let units, let w, let b):
            var kernel = [Float](repeating: 0, count: units * inputs)
            for u in 0..<units { for i in 0..<inputs { kernel[u * inputs + i] = p[w + i * units + u] * scaled(u) } }
            let output = builder.activation(name, outputShape)
            var options = BuiltinOptions.withActivation(BuiltinOptions.Kind.fullyConnected, activation)
            options.set("keep_num_dims", .integer(0))
            builder.add(.fullyConnected, [current, builder.constant("\(name)/kernel", floats: kernel, shape: [units, inputs]),
                                          builder.constant("\(name)/bias", floats: bias(b, units), shape: [units])],
                        [output], options)
            current = output
        case .conv(let g, let filters, let w, let b):
            let oneD = layer.inputShape.count == 2
            let k = g.patchSize
            var kernel = [Float](repeating: 0, count: filters * k)
            for o in 0..<filters { for i in 0..<k { kernel[o * k + i] = p[w + i * filters + o] * scaled(o) } }
            let input = oneD ? expand(name, axis: -3, to: [1, 1, g.inW, g.inC]) : current
            let convShape = oneD ? [1, 1, g.outW, filters] : outputShape
            let output = builder.activation(oneD ? "\(name)/conv" : name, convShape)
            builder.add(.conv2d, [input, builder.constant("\(name)/kernel", floats: kernel, shape: [filters, g.kH, g.kW, g.inC]),
                                  builder.constant("\(name)/bias", floats: bias(b, filters), shape: [filters])],
                        [output], .conv2D(Conv2DOptions(padding: g.padding == .same ? .same : .valid, strideW: Int32(g.strideW),
                                                        strideH: Int32(g.strideH), activation: activation)))
            current = oneD ? reshape(output, name, outputShape) : output
        case .depthwise(let g, let m, let w, let b):
            let channels = g.inC * m
            let kernel = (0..<(g.kH * g.kW * channels)).map { p[w + $0] * scaled($0 % channels) }
            current = depthwise(name, g, m, kernel: kernel, bias: bias(b, channels), activation: activation, shape: outputShape)
        case .separable(let g, let m, let filters, let dw, let pw, let b, _):
            let channels = g.inC * m
            let depthKernel = Array(p[dw..<(dw + g.kH * g.kW * channels)])
            let middleShape = [1, g.outH, g.outW, channels]
            current = depthwise("\(name)/depthwise", g, m, kernel: depthKernel, bias: [Float](repeating: 0, count: channels),
                                activation: .none, shape: middleShape)
            var kernel = [Float](repeating: 0, count: filters * channels)
            for o in 0..<filters { for c in 0..<channels { kernel[o * channels + c] = p[pw + c * filters + o] * scaled(o) } }
            let output = builder.activation(name, outputShape)
            builder.add(.conv2d, [current, builder.constant("\(name)/pointwise_kernel", floats: kernel, shape: [filters, 1, 1, channels]),
                                  builder.constant("\(name)/bias", floats: bias(b, filters), shape: [filters])],
                        [output], .conv2D(Conv2DOptions(padding: .valid, activation: activation)))
            current = output
        default:
            preconditionFailure("layer \(index) has no weights")
        }
        for node in (index + 1)...next { nodeTensor[node] = current }
        return next
    }

    private mutating func depthwise(_ name: String, _ g: ConvGeometry, _ m: Int, kernel: [Float], bias: [Float],
                                    activation: ActivationFunction, shape: [Int]) -> Int32 {
        let channels = g.inC * m
        let output = builder.activation(name, shape)
        let options = DepthwiseConv2DOptions(padding: g.padding == .same ? .same : .valid, strideW: Int32(g.strideW),
                                             strideH: Int32(g.strideH), depthMultiplier: Int32(m), activation: activation)
        builder.add(.depthwiseConv2d, [current, builder.constant("\(name)/kernel", floats: kernel, shape: [1, g.kH, g.kW, channels]),
                                       builder.constant("\(name)/bias", floats: bias, shape: [channels])],
                    [output], .depthwiseConv2D(options))
        return output
    }
}
