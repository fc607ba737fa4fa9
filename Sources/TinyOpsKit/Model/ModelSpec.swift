/// A model spec: a network as a JSON list of layers (DESIGN.md, "model spec").
///
///     {"name": "imu_conv1d", "input": [100, 6], "layers": [
///       {"type": "conv1d", "filters": 16, "kernel_size": 5, "padding": "same", "activation": "relu"},
///       {"type": "max_pool", "pool_size": 2},
///       {"type": "conv1d", "name": "c2", "filters": 16, "kernel_size": 3, "padding": "same"},
///       {"type": "add", "from": "c1"},
///       {"type": "global_avg_pool"},
///       {"type": "dense", "units": "classes"},
///       {"type": "softmax"}]}
///
/// The file may also be the bare `layers` array. Shapes are per sample, without the batch
/// dimension: `[features]`, `[length, channels]` or `[height, width, channels]`. `input`
/// may be left out (the dataset's sample shape is used) and `"units": "classes"` stands for
/// the dataset's class count, so one spec serves several datasets.
///
/// Residual connections: every layer has a `name` (default `<type>_<index>`); an `add` layer
/// sums its input (the previous layer's output) with the output of the layer named by
/// `from` (`"input"` names the model input). A conv or dense layer's `activation`
/// (`relu`, `relu6`) is a separate activation layer right after it, named `<name>/<activation>`.
public struct ModelSpec: Equatable, Sendable {
    public var name: String?
    /// Sample shape; nil to take the dataset's.
    public var input: [Int]?
    /// The layers in order, activations already split out of conv and dense layers.
    public var layers: [LayerSpec]

    public init(name: String? = nil, input: [Int]? = nil, layers: [LayerSpec]) {
        self.name = name
        self.input = input
        self.layers = layers
    }

    /// The name `add` layers use for the model input.
    public static let inputName = "input"
}

/// The `"type"` of a layer, as written in specs.
public enum LayerType: String, CaseIterable, Sendable {
    case dense, conv1d, conv2d
    case depthwiseConv2D = "depthwise_conv2d"
    case separableConv2D = "separable_conv2d"
    case maxPool = "max_pool"
    case avgPool = "avg_pool"
    case globalAvgPool = "global_avg_pool"
    case flatten, dropout
    case batchNorm = "batch_norm"
    case relu, relu6, softmax, add
}

public struct LayerSpec: Equatable, Sendable {
    /// Position in the spec's `layers` array (a split-out activation shares its layer's).
    public var index: Int
    public var name: String
    public var kind: LayerKind

    public init(index: Int, name: String, kind: LayerKind) {
        self.index = index
        self.name = name
        self.kind = kind
    }

    public var type: LayerType { kind.type }

    /// `layer 3 (conv2d 'c2')`, how errors name a layer.
    public var label: String { "layer \(index) (\(type.rawValue) '\(name)')" }
}

/// What a layer computes, with its settings.
public enum LayerKind: Equatable, Sendable {
    case dense(units: Units, useBias: Bool)
    /// `kernel` and `strides` have one entry (the length).
    case conv1d(Convolution)
    /// `kernel` and `strides` are [height, width].
    case conv2d(Convolution)
    case depthwiseConv2D(Depthwise)
    /// A depthwise convolution (no bias) followed by a 1×1 convolution to `filters` channels.
    case separableConv2D(Depthwise, filters: Int)
    case maxPool(Window)
    case avgPool(Window)
    case globalAvgPool
    case flatten
    case dropout(rate: Float)
    /// Normalises over every axis but the last (channels); `momentum` is the share of the
    /// old running statistics kept at each step (Keras' convention; PyTorch's `momentum` is
    /// 1 - this). Defaults: momentum 0.9 (PyTorch's default), epsilon 0.001 (Keras').
    case batchNorm(momentum: Float, epsilon: Float)
    case relu
    case relu6
    case softmax
    case add(from: String)

    public var type: LayerType {
        switch self {
        case .dense: .dense
        case .conv1d: .conv1d
        case .conv2d: .conv2d
        case .depthwiseConv2D: .depthwiseConv2D
        case .separableConv2D: .separableConv2D
        case .maxPool: .maxPool
        case .avgPool: .avgPool
        case .globalAvgPool: .globalAvgPool
        case .flatten: .flatten
        case .dropout: .dropout
        case .batchNorm: .batchNorm
        case .relu: .relu
        case .relu6: .relu6
        case .softmax: .softmax
        case .add: .add
        }
    }

    public enum Units: Equatable, Sendable {
        case count(Int)
        /// As many as the dataset has classes.
        case classes
    }

    public struct Convolution: Equatable, Sendable {
        public var filters: Int
        public var kernel: [Int]
        public var strides: [Int]
        public var padding: ConvGeometry.Padding
        public var useBias: Bool

        public init(filters: Int, kernel: [Int], strides: [Int], padding: ConvGeometry.Padding, useBias: Bool = true) {
            self.filters = filters
            self.kernel = kernel
            self.strides = strides
            self.padding = padding
            self.useBias = useBias
        }
    }

    public struct Depthwise: Equatable, Sendable {
        public var kernel: [Int]
        public var strides: [Int]
        public var padding: ConvGeometry.Padding
        public var multiplier: Int
        public var useBias: Bool

        public init(kernel: [Int], strides: [Int], padding: ConvGeometry.Padding, multiplier: Int = 1, useBias: Bool = true) {
            self.kernel = kernel
            self.strides = strides
            self.padding = padding
            self.multiplier = multiplier
            self.useBias = useBias
        }
    }

    /// A pooling window: one entry per spatial axis of the input, or one for all axes.
    public struct Window: Equatable, Sendable {
        public var size: [Int]
        public var strides: [Int]
        public var padding: ConvGeometry.Padding

        public init(size: [Int], strides: [Int], padding: ConvGeometry.Padding) {
            self.size = size
            self.strides = strides
            self.padding = padding
        }
    }
}

extension ModelSpec {
    /// A shape as messages print it: `49x10x1`.
    public static func text(_ shape: [Int]) -> String {
        shape.map(String.init).joined(separator: "x")
    }
}
