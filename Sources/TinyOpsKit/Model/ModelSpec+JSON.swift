/// Writing specs back to JSON, in the form `parse` reads: `ModelSpec.parse(spec.json()) == spec`.
/// `tinyops train` stores the spec in the model's metadata this way, so that prune, distill
/// and QAT can rebuild the trainable network from a `.tflite` (see `TrainedModel`).
extension ModelSpec {
    public func json() -> JSONValue {
        var object = JSONObject()
        if let name { object["name"] = .string(name) }
        if let input { object["input"] = .array(input.map { .int($0) }) }
        var layerValues: [JSONValue] = []
        var i = 0
        while i < layers.count {
            var entry = Self.json(layers[i])
            // An activation split out of this layer goes back into its `activation` field,
            // so that parsing gives the same layers and indices.
            if i + 1 < layers.count, Self.takesActivation(layers[i].kind),
               let activation = Self.activationName(layers[i + 1].kind),
               layers[i + 1].name == "\(layers[i].name)/\(activation)", layers[i + 1].index == layers[i].index {
                entry["activation"] = .string(activation)
                i += 1
            }
            layerValues.append(.object(entry))
            i += 1
        }
        object["layers"] = .array(layerValues)
        return .object(object)
    }

    private static func takesActivation(_ kind: LayerKind) -> Bool {
        switch kind {
        case .dense, .conv1d, .conv2d, .depthwiseConv2D, .separableConv2D, .add: true
        default: false
        }
    }

    private static func activationName(_ kind: LayerKind) -> String? {
        switch kind {
        case .relu: "relu"
        case .relu6: "relu6"
        default: nil
        }
    }

    private static func ints(_ values: [Int]) -> JSONValue { .array(values.map { .int($0) }) }

    private static func json(_ layer: LayerSpec) -> JSONObject {
        var o = JSONObject()
        o["type"] = .string(layer.type.rawValue)
        o["name"] = .string(layer.name)
        switch layer.kind {
        case .dense(let units, let useBias):
            switch units {
            case .count(let n): o["units"] = .int(n)
            case .classes: o["units"] = "classes"
            }
            if !useBias { o["use_bias"] = false }
        case .conv1d(let conv), .conv2d(let conv):
            o["filters"] = .int(conv.filters)
            o["kernel_size"] = ints(conv.kernel)
            o["strides"] = ints(conv.strides)
            o["padding"] = .string(conv.padding.rawValue)
            if !conv.useBias { o["use_bias"] = false }
        case .depthwiseConv2D(let d), .separableConv2D(let d, _):
            if case .separableConv2D(_, let filters) = layer.kind { o["filters"] = .int(filters) }
            o["kernel_size"] = ints(d.kernel)
            o["strides"] = ints(d.strides)
            o["padding"] = .string(d.padding.rawValue)
            o["depth_multiplier"] = .int(d.multiplier)
            if !d.useBias { o["use_bias"] = false }
        case .maxPool(let window), .avgPool(let window):
            o["pool_size"] = ints(window.size)
            o["strides"] = ints(window.strides)
            o["padding"] = .string(window.padding.rawValue)
        case .dropout(let rate):
            o["rate"] = .float(rate)
        case .batchNorm(let momentum, let epsilon):
            o["momentum"] = .float(momentum)
            o["epsilon"] = .float(epsilon)
        case .add(let from):
            o["from"] = .string(from)
        case .globalAvgPool, .flatten, .relu, .relu6, .softmax:
            break
        }
        return o
    }
}
