/// A spec with every shape worked out for one input shape and class count: what the trainer
/// builds its network from and the exporter its graph from.
///
/// Values flow through numbered nodes: node 0 is the model input, node i + 1 the output
/// of `layers[i]`. A layer reads node `input` (the previous layer's output) and, for `add`,
/// also node `skip`.
public struct ResolvedModel: Equatable, Sendable {
    public struct Layer: Equatable, Sendable {
        public let spec: LayerSpec
        public let input: Int
        /// The second operand of an `add`.
        public let skip: Int?
        public let inputShape: [Int]
        public let outputShape: [Int]
        /// The sliding window of conv and pool layers, over the input as (H, W, C)
        /// (a 1-D input [L, C] is H = 1, W = L).
        public let geometry: ConvGeometry?
    }

    public let name: String?
    public let inputShape: [Int]
    public let layers: [Layer]

    public var outputShape: [Int] { layers.last?.outputShape ?? inputShape }

    /// The shape of node `node`.
    public func shape(ofNode node: Int) -> [Int] { node == 0 ? inputShape : layers[node - 1].outputShape }
}

extension ModelSpec {
    /// Works out every layer's shapes for samples of `sampleShape`; `classes` fills in
    /// `"units": "classes"` and, when given, must equal the size of the output.
    public func resolve(sampleShape: [Int], classes: Int?) throws -> ResolvedModel {
        if let input, input != sampleShape { throw ModelSpecError.inputMismatch(spec: input, data: sampleShape) }
        guard !layers.isEmpty else { throw ModelSpecError.noLayers }
        var shapes = [sampleShape]
        var nodeOfName = [ModelSpec.inputName: 0]
        var resolved: [ResolvedModel.Layer] = []
        for layer in layers {
            let node = resolved.count
            let inShape = shapes[node]
            var skip: Int?
            if case .add(let from) = layer.kind {
                guard let source = nodeOfName[from] else {
                    throw ModelSpecError.unknownSource(layer: layer.label, from: from,
                                                       suggestion: Spelling.closest(to: from, among: Array(nodeOfName.keys).sorted()))
                }
                guard shapes[source] == inShape else {
                    throw ModelSpecError.shape(layer: layer.label,
                        problem: "cannot add '\(from)' of shape \(ModelSpec.text(shapes[source])) to its input of shape \(ModelSpec.text(inShape))")
                }
                skip = source
            }
            let (outShape, geometry) = try Self.infer(layer, inShape, classes: classes)
            resolved.append(ResolvedModel.Layer(spec: layer, input: node, skip: skip, inputShape: inShape,
                                                outputShape: outShape, geometry: geometry))
            shapes.append(outShape)
            nodeOfName[layer.name] = node + 1
        }
        let model = ResolvedModel(name: name, inputShape: sampleShape, layers: resolved)
        if let classes, model.outputShape != [classes] {
            throw ModelSpecError.outputMismatch(layer: layers.last!.label, shape: model.outputShape, classes: classes)
        }
        return model
    }

    private static func infer(_ layer: LayerSpec, _ shape: [Int], classes: Int?) throws -> ([Int], ConvGeometry?) {
        func fail(_ problem: String) -> ModelSpecError { .shape(layer: layer.label, problem: problem) }
        let text = ModelSpec.text(shape)
        func spatial(rank: Int, _ what: String) throws -> (h: Int, w: Int, c: Int) {
            guard shape.count == rank else {
                let form = rank == 2 ? "[length, channels]" : "[height, width, channels]"
                throw fail("\(layer.type.rawValue) needs a \(form) input, got \(text)\(rank == 3 && shape.count == 2 ? " (use conv1d for sequences)" : "")")
            }
            return rank == 2 ? (1, shape[0], shape[1]) : (shape[0], shape[1], shape[2])
        }
        /// The geometry of `window` over the input, or an error naming both shapes.
        func slide(_ what: String, _ window: [Int], _ strides: [Int], _ padding: ConvGeometry.Padding,
                   rank: Int) throws -> ConvGeometry {
            let (h, w, c) = try spatial(rank: rank, what)
            let k = rank == 2 ? (1, window[0]) : (window[0], window[1])
            let s = rank == 2 ? (1, strides[0]) : (strides[0], strides[1])
            guard let geometry = ConvGeometry(inH: h, inW: w, inC: c, kH: k.0, kW: k.1, strideH: s.0, strideW: s.1,
                                              padding: padding) else {
                throw fail("\(what) \(ModelSpec.text(window)) does not fit input \(text)")
            }
            return geometry
        }
        func spatialOut(_ g: ConvGeometry, _ channels: Int, rank: Int) -> [Int] {
            rank == 2 ? [g.outW, channels] : [g.outH, g.outW, channels]
        }

        switch layer.kind {
        case .dense(let units, _):
            guard shape.count == 1 else { throw fail("dense needs a flat input, got \(text) (add a flatten or global_avg_pool layer before it)") }
            switch units {
            case .count(let n): return ([n], nil)
            case .classes:
                guard let classes else { throw fail("\"units\": \"classes\" needs a dataset to count the classes") }
                return ([classes], nil)
            }
        case .conv1d(let conv):
            let g = try slide("kernel", conv.kernel, conv.strides, conv.padding, rank: 2)
            return (spatialOut(g, conv.filters, rank: 2), g)
        case .conv2d(let conv):
            let g = try slide("kernel", conv.kernel, conv.strides, conv.padding, rank: 3)
            return (spatialOut(g, conv.filters, rank: 3), g)
        case .depthwiseConv2D(let d):
            let g = try slide("kernel", d.kernel, d.strides, d.padding, rank: 3)
            return (spatialOut(g, g.inC * d.multiplier, rank: 3), g)
        case .separableConv2D(let d, let filters):
            let g = try slide("kernel", d.kernel, d.strides, d.padding, rank: 3)
            return (spatialOut(g, filters, rank: 3), g)
        case .maxPool(let window), .avgPool(let window):
            guard shape.count == 2 || shape.count == 3 else {
                throw fail("\(layer.type.rawValue) needs a [length, channels] or [height, width, channels] input, got \(text)")
            }
            let rank = shape.count
            let axes = rank - 1
            func expand(_ values: [Int], _ what: String) throws -> [Int] {
                if values.count == axes { return values }
                if values.count == 1 { return [Int](repeating: values[0], count: axes) }
                throw fail("\(what) \(ModelSpec.text(values)) has \(values.count) axes but input \(text) has \(axes)")
            }
            let size = try expand(window.size, "pool"), strides = try expand(window.strides, "strides")
            let g = try slide("pool", size, strides, window.padding, rank: rank)
            return (spatialOut(g, g.inC, rank: rank), g)
        case .globalAvgPool:
            guard shape.count == 2 || shape.count == 3 else {
                throw fail("global_avg_pool needs a [length, channels] or [height, width, channels] input, got \(text)")
            }
            return ([shape.last!], nil)
        case .flatten:
            return ([shape.reduce(1, *)], nil)
        case .dropout, .batchNorm, .relu, .relu6, .add:
            return (shape, nil)
        case .softmax:
            guard shape.count == 1 else { throw fail("softmax needs a flat input, got \(text)") }
            return (shape, nil)
        }
    }
}
