/// The model IR: what a `.tflite` file holds, with buffers resolved into the tensors that own them.
public struct Model: Equatable, Sendable {
    /// Schema version; TFLM requires 3.
    public var version: UInt32
    public var description: String?
    public var subgraphs: [Subgraph]
    /// Named metadata entries in file order (`min_runtime_version`, `tinyops`, ...).
    public var metadata: [MetadataEntry]
    public var signatureDefs: [SignatureDef]

    public static let schemaVersion: UInt32 = 3

    public init(version: UInt32 = Model.schemaVersion, description: String? = nil, subgraphs: [Subgraph],
                metadata: [MetadataEntry] = [], signatureDefs: [SignatureDef] = []) {
        self.version = version
        self.description = description
        self.subgraphs = subgraphs
        self.metadata = metadata
        self.signatureDefs = signatureDefs
    }

    /// The subgraph TFLM and TFLite run.
    public var main: Subgraph { subgraphs[0] }
}

public struct Subgraph: Equatable, Sendable {
    public var name: String?
    public var tensors: [Tensor]
    public var inputs: [Int32]
    public var outputs: [Int32]
    public var operators: [Operator]

    public init(name: String? = nil, tensors: [Tensor], inputs: [Int32], outputs: [Int32], operators: [Operator]) {
        self.name = name
        self.tensors = tensors
        self.inputs = inputs
        self.outputs = outputs
        self.operators = operators
    }
}

public struct MetadataEntry: Equatable, Sendable {
    public var name: String
    public var data: [UInt8]

    public init(name: String, data: [UInt8]) {
        self.name = name
        self.data = data
    }
}

/// A named entry point (the converter writes `serving_default`).
public struct SignatureDef: Equatable, Sendable {
    public struct TensorMap: Equatable, Sendable {
        public var name: String
        public var tensorIndex: UInt32

        public init(name: String, tensorIndex: UInt32) {
            self.name = name
            self.tensorIndex = tensorIndex
        }
    }

    public var key: String?
    public var subgraphIndex: UInt32
    public var inputs: [TensorMap]
    public var outputs: [TensorMap]

    public init(key: String?, subgraphIndex: UInt32, inputs: [TensorMap], outputs: [TensorMap]) {
        self.key = key
        self.subgraphIndex = subgraphIndex
        self.inputs = inputs
        self.outputs = outputs
    }
}
