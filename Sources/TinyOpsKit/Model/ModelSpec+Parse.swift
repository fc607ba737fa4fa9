/// Reading specs from JSON. Every complaint names the JSON path (`$.layers[2].kernel_size`).
extension ModelSpec {
    /// Reads and parses the spec file at `path`; errors are `FileError`s naming it.
    public static func load(_ path: String) throws -> ModelSpec {
        let value = try JSONValue(contentsOf: path)
        do {
            return try parse(value)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
    }

    /// Parses a spec: an object with `layers` (and optional `name`, `description`, `input`),
    /// or a bare array of layers.
    public static func parse(_ value: JSONValue) throws -> ModelSpec {
        let root = JSONCursor(value)
        let layerList: JSONCursor
        var name: String?
        var input: [Int]?
        if case .array = value {
            layerList = root
        } else {
            try root.rejectUnknownKeys(allowed: ["name", "description", "input", "layers"])
            name = try root["name"].optional()?.string()
            _ = try root["description"].optional()?.string()
            if let cursor = try root["input"].optional() {
                let dims = try cursor.array()
                guard (1...3).contains(dims.count) else {
                    throw cursor.invalid("expected 1 to 3 dimensions ([features], [length, channels] or [height, width, channels]), got \(dims.count)")
                }
                input = try dims.map { try positive($0) }
            }
            layerList = root["layers"]
        }
        var layers: [LayerSpec] = []
        var names: Set<String> = []
        for (index, cursor) in try layerList.array().enumerated() {
            let parsed = try parseLayer(cursor, index: index)
            for layer in parsed {
                guard layer.name != ModelSpec.inputName, names.insert(layer.name).inserted else {
                    throw ModelSpecError.duplicateName(path: cursor["name"].path, name: layer.name)
                }
                layers.append(layer)
            }
        }
        guard !layers.isEmpty else { throw ModelSpecError.noLayers }
        return ModelSpec(name: name, input: input, layers: layers)
    }

    private static let common = ["type", "name"]
    private static let convKeys = ["filters", "kernel_size", "strides", "padding", "activation", "use_bias"]

    /// One layer, plus the activation layer split out of its `activation` field.
    private static func parseLayer(_ layer: JSONCursor, index: Int) throws -> [LayerSpec] {
        let typeCursor = layer["type"]
        let typeName = try typeCursor.string()
        guard let type = LayerType(rawValue: typeName) else {
            throw ModelSpecError.unknownLayerType(
                path: typeCursor.path, type: typeName,
                suggestion: Spelling.closest(to: typeName, among: LayerType.allCases.map(\.rawValue)))
        }
        let name = try layer["name"].optional()?.string() ?? "\(type.rawValue)_\(index)"
        guard !name.isEmpty else { throw layer["name"].invalid("a layer name cannot be empty") }
        func allow(_ keys: [String]) throws { try layer.rejectUnknownKeys(allowed: common + keys) }

        let kind: LayerKind
        var activation: LayerType?
        switch type {
        case .dense:
            try allow(["units", "activation", "use_bias"])
            let unitsCursor = layer["units"]
            let units: LayerKind.Units
            if case .string(let text)? = unitsCursor.value {
                guard text == "classes" else { throw unitsCursor.invalid("expected a positive integer or \"classes\", got \"\(text)\"") }
                units = .classes
            } else {
                units = .count(try positive(unitsCursor))
            }
            kind = .dense(units: units, useBias: try layer["use_bias"].optional()?.bool() ?? true)
            activation = try parseActivation(layer["activation"])
        case .conv1d, .conv2d:
            try allow(convKeys)
            let rank = type == .conv1d ? 1 : 2
            let conv = LayerKind.Convolution(
                filters: try positive(layer["filters"]),
                kernel: try window(layer["kernel_size"], rank: rank),
                strides: try window(layer["strides"], rank: rank, default: 1),
                padding: try padding(layer["padding"]),
                useBias: try layer["use_bias"].optional()?.bool() ?? true)
            kind = type == .conv1d ? .conv1d(conv) : .conv2d(conv)
            activation = try parseActivation(layer["activation"])
        case .depthwiseConv2D, .separableConv2D:
            let separable = type == .separableConv2D
            try allow(["kernel_size", "strides", "padding", "depth_multiplier", "activation", "use_bias"]
                      + (separable ? ["filters"] : []))
            let depthwise = LayerKind.Depthwise(
                kernel: try window(layer["kernel_size"], rank: 2),
                strides: try window(layer["strides"], rank: 2, default: 1),
                padding: try padding(layer["padding"]),
                multiplier: try layer["depth_multiplier"].optional().map { try positive($0) } ?? 1,
                useBias: try layer["use_bias"].optional()?.bool() ?? true)
            kind = separable ? .separableConv2D(depthwise, filters: try positive(layer["filters"])) : .depthwiseConv2D(depthwise)
            activation = try parseActivation(layer["activation"])
        case .maxPool, .avgPool:
            try allow(["pool_size", "strides", "padding"])
            let size = try window(layer["pool_size"], rank: nil)
            let strides = try layer["strides"].optional().map { try window($0, rank: nil) } ?? size
            let pool = LayerKind.Window(size: size, strides: strides, padding: try padding(layer["padding"]))
            kind = type == .maxPool ? .maxPool(pool) : .avgPool(pool)
        case .dropout:
            try allow(["rate"])
            let rateCursor = layer["rate"]
            let rate = try rateCursor.float()
            guard rate >= 0, rate < 1 else { throw rateCursor.invalid("expected a rate from 0 up to (not including) 1, got \(rate)") }
            kind = .dropout(rate: rate)
        case .batchNorm:
            try allow(["momentum", "epsilon"])
            let momentum = try layer["momentum"].optional()?.float() ?? 0.9
            guard momentum >= 0, momentum < 1 else { throw layer["momentum"].invalid("expected a momentum from 0 up to (not including) 1, got \(momentum)") }
            let epsilon = try layer["epsilon"].optional()?.float() ?? 0.001
            guard epsilon > 0 else { throw layer["epsilon"].invalid("expected a positive epsilon, got \(epsilon)") }
            kind = .batchNorm(momentum: momentum, epsilon: epsilon)
        case .add:
            try allow(["from", "activation"])
            kind = .add(from: try layer["from"].string())
            activation = try parseActivation(layer["activation"])
        case .globalAvgPool, .flatten, .relu, .relu6, .softmax:
            try allow([])
            kind = try simpleKind(type)
        }
        var result = [LayerSpec(index: index, name: name, kind: kind)]
        if let activation {
            result.append(LayerSpec(index: index, name: "\(name)/\(activation.rawValue)", kind: activation == .relu ? .relu : .relu6))
        }
        return result
    }

    private static func simpleKind(_ type: LayerType) throws -> LayerKind {
        switch type {
        case .globalAvgPool: return .globalAvgPool
        case .flatten: return .flatten
        case .relu: return .relu
        case .relu6: return .relu6
        case .softmax: return .softmax
        default: preconditionFailure("\(type) has settings")
        }
    }

    private enum ActivationName: String, CaseIterable {
        case none = "none", linear, relu, relu6
    }

    /// The layer type of a fused `activation`, nil for none.
    private static func parseActivation(_ cursor: JSONCursor) throws -> LayerType? {
        guard let present = try cursor.optional() else { return nil }
        switch try present.oneOf(ActivationName.self) {
        case .none, .linear: return nil
        case .relu: return .relu
        case .relu6: return .relu6
        }
    }

    private static func padding(_ cursor: JSONCursor) throws -> ConvGeometry.Padding {
        try cursor.optional()?.oneOf(ConvGeometry.Padding.self) ?? .valid
    }

    private static func positive(_ cursor: JSONCursor) throws -> Int {
        let value = try cursor.int()
        guard value > 0 else { throw cursor.invalid("expected a positive integer, got \(value)") }
        return value
    }

    /// A kernel, stride or pool size: an integer (the same on every axis) or a list of
    /// `rank` integers (any length 1...2 when `rank` is nil; resolved against the input).
    private static func window(_ cursor: JSONCursor, rank: Int?, default value: Int? = nil) throws -> [Int] {
        if let value, try cursor.optional() == nil { return [Int](repeating: value, count: rank ?? 1) }
        if case .array? = cursor.value {
            let items = try cursor.array().map { try positive($0) }
            let allowed = rank.map { [1, $0] } ?? [1, 2]
            guard allowed.contains(items.count) else {
                throw cursor.invalid("expected an integer or a list of \(rank ?? 2) integers, got \(items.count)")
            }
            return items.count == 1 ? [Int](repeating: items[0], count: rank ?? 1) : items
        }
        return [Int](repeating: try positive(cursor), count: rank ?? 1)
    }
}
