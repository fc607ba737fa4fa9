/// Affine quantization of a tensor: `real = (q - zeroPoint) * scale`, per tensor or per
/// channel along `quantizedDimension`.
public struct Quantization: Equatable, Sendable {
    public var scale: [Float]
    public var zeroPoint: [Int64]
    public var quantizedDimension: Int32
    /// Calibration ranges some converters leave in the file; informational.
    public var min: [Float]
    public var max: [Float]

    public init(scale: [Float] = [], zeroPoint: [Int64] = [], quantizedDimension: Int32 = 0,
                min: [Float] = [], max: [Float] = []) {
        self.scale = scale
        self.zeroPoint = zeroPoint
        self.quantizedDimension = quantizedDimension
        self.min = min
        self.max = max
    }

    /// True when nothing is set (the converter writes such empty tables for float tensors).
    public var isEmpty: Bool { scale.isEmpty && zeroPoint.isEmpty && min.isEmpty && max.isEmpty }
    public var isPerChannel: Bool { scale.count > 1 }
}

/// A tensor of the model graph. Constant tensors (weights, biases, shapes) carry `data`.
public struct Tensor: Equatable, Sendable {
    public var name: String
    public var type: TensorType
    public var shape: [Int32]
    /// Shape with -1 for dynamic dimensions, when the converter recorded one.
    public var shapeSignature: [Int32]?
    /// Little-endian element bytes of a constant tensor; nil for activations.
    public var data: [UInt8]?
    public var quantization: Quantization?
    public var isVariable: Bool
    /// Distinguishes a scalar (rank 0, `hasRank`) from an unranked tensor when `shape` is empty.
    public var hasRank: Bool

    public init(name: String, type: TensorType, shape: [Int32], shapeSignature: [Int32]? = nil,
                data: [UInt8]? = nil, quantization: Quantization? = nil, isVariable: Bool = false,
                hasRank: Bool = false) {
        self.name = name
        self.type = type
        self.shape = shape
        self.shapeSignature = shapeSignature
        self.data = data
        self.quantization = quantization
        self.isVariable = isVariable
        self.hasRank = hasRank
    }

    public var isConstant: Bool { data != nil }

    /// Number of elements (1 for a scalar). Validated models never overflow this.
    public var elementCount: Int { shape.reduce(1) { $0 * Int($1) } }

    /// Bytes the tensor occupies when dense; nil for types without a fixed size.
    public var byteCount: Int? { type.byteCount(elements: elementCount) }
}
