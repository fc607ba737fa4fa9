/// Typed views of the options tables tinyops reasons about. Each view reads the generic
/// field list, so the file's exact values (including fields a view ignores) survive a rewrite.
extension BuiltinOptions {
    /// Union discriminators (`BuiltinOptions` enum values in the schema).
    public enum Kind {
        public static let conv2D: UInt8 = 1
        public static let depthwiseConv2D: UInt8 = 2
        public static let pool2D: UInt8 = 5
        public static let fullyConnected: UInt8 = 8
        public static let softmax: UInt8 = 9
        public static let concatenation: UInt8 = 10
        public static let add: UInt8 = 11
        public static let reshape: UInt8 = 17
        public static let mul: UInt8 = 21
        public static let pad: UInt8 = 22
        public static let reducer: UInt8 = 27
        public static let sub: UInt8 = 28
        public static let squeeze: UInt8 = 30
        public static let stridedSlice: UInt8 = 32
        public static let dequantize: UInt8 = 38
        public static let expandDims: UInt8 = 52
        public static let shape: UInt8 = 55
        public static let pack: UInt8 = 59
        public static let quantize: UInt8 = 89
    }

    private func int32(_ field: String) -> Int32 { Int32(truncatingIfNeeded: integer(field) ?? 0) }

    private var padding: Padding { Padding(rawValue: Int8(truncatingIfNeeded: integer("padding") ?? 0)) ?? .same }

    /// CONV_2D options, or nil when this is another table.
    public var conv2D: Conv2DOptions? {
        guard type == Kind.conv2D else { return nil }
        return Conv2DOptions(padding: padding, strideW: int32("stride_w"), strideH: int32("stride_h"),
                             activation: fusedActivation ?? .none,
                             dilationW: int32("dilation_w_factor"), dilationH: int32("dilation_h_factor"))
    }

    public var depthwiseConv2D: DepthwiseConv2DOptions? {
        guard type == Kind.depthwiseConv2D else { return nil }
        return DepthwiseConv2DOptions(padding: padding, strideW: int32("stride_w"), strideH: int32("stride_h"),
                                      depthMultiplier: int32("depth_multiplier"), activation: fusedActivation ?? .none,
                                      dilationW: int32("dilation_w_factor"), dilationH: int32("dilation_h_factor"))
    }

    public var pool2D: Pool2DOptions? {
        guard type == Kind.pool2D else { return nil }
        return Pool2DOptions(padding: padding, strideW: int32("stride_w"), strideH: int32("stride_h"),
                             filterW: int32("filter_width"), filterH: int32("filter_height"),
                             activation: fusedActivation ?? .none)
    }

    public static func conv2D(_ o: Conv2DOptions) -> BuiltinOptions {
        var options = BuiltinOptions(type: Kind.conv2D)
        options.set("padding", .integer(Int64(o.padding.rawValue)))
        options.set("stride_w", .integer(Int64(o.strideW)))
        options.set("stride_h", .integer(Int64(o.strideH)))
        options.set("fused_activation_function", .integer(Int64(o.activation.rawValue)))
        options.set("dilation_w_factor", .integer(Int64(o.dilationW)))
        options.set("dilation_h_factor", .integer(Int64(o.dilationH)))
        return options
    }

    public static func depthwiseConv2D(_ o: DepthwiseConv2DOptions) -> BuiltinOptions {
        var options = BuiltinOptions(type: Kind.depthwiseConv2D)
        options.set("padding", .integer(Int64(o.padding.rawValue)))
        options.set("stride_w", .integer(Int64(o.strideW)))
        options.set("stride_h", .integer(Int64(o.strideH)))
        options.set("depth_multiplier", .integer(Int64(o.depthMultiplier)))
        options.set("fused_activation_function", .integer(Int64(o.activation.rawValue)))
        options.set("dilation_w_factor", .integer(Int64(o.dilationW)))
        options.set("dilation_h_factor", .integer(Int64(o.dilationH)))
        return options
    }

    public static func pool2D(_ o: Pool2DOptions) -> BuiltinOptions {
        var options = BuiltinOptions(type: Kind.pool2D)
        options.set("padding", .integer(Int64(o.padding.rawValue)))
        options.set("stride_w", .integer(Int64(o.strideW)))
        options.set("stride_h", .integer(Int64(o.strideH)))
        options.set("filter_width", .integer(Int64(o.filterW)))
        options.set("filter_height", .integer(Int64(o.filterH)))
        options.set("fused_activation_function", .integer(Int64(o.activation.rawValue)))
        return options
    }

    /// Options carrying only a fused activation (ADD, SUB, MUL, FULLY_CONNECTED, ...).
    public static func withActivation(_ kind: UInt8, _ activation: ActivationFunction) -> BuiltinOptions {
        var options = BuiltinOptions(type: kind)
        options.set("fused_activation_function", .integer(Int64(activation.rawValue)))
        return options
    }
}

public struct Conv2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideW: Int32
    public var strideH: Int32
    public var activation: ActivationFunction
    public var dilationW: Int32
    public var dilationH: Int32

    public init(padding: Padding, strideW: Int32 = 1, strideH: Int32 = 1, activation: ActivationFunction = .none,
                dilationW: Int32 = 1, dilationH: Int32 = 1) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.activation = activation
        self.dilationW = dilationW
        self.dilationH = dilationH
    }
}

public struct DepthwiseConv2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideW: Int32
    public var strideH: Int32
    public var depthMultiplier: Int32
    public var activation: ActivationFunction
    public var dilationW: Int32
    public var dilationH: Int32

    public init(padding: Padding, strideW: Int32 = 1, strideH: Int32 = 1, depthMultiplier: Int32 = 1,
                activation: ActivationFunction = .none, dilationW: Int32 = 1, dilationH: Int32 = 1) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.depthMultiplier = depthMultiplier
        self.activation = activation
        self.dilationW = dilationW
        self.dilationH = dilationH
    }
}

public struct Pool2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideW: Int32
    public var strideH: Int32
    public var filterW: Int32
    public var filterH: Int32
    public var activation: ActivationFunction

    public init(padding: Padding, strideW: Int32, strideH: Int32, filterW: Int32, filterH: Int32,
                activation: ActivationFunction = .none) {
        self.padding = padding
        self.strideW = strideW
        self.strideH = strideH
        self.filterW = filterW
        self.filterH = filterH
        self.activation = activation
    }
}
