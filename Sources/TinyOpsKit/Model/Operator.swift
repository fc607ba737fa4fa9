/// Which operator an `Operator` runs: a builtin code, or a custom op by name.
public struct OperatorCode: Hashable, Sendable {
    /// The effective builtin code, `max(builtin_code, deprecated_builtin_code)` as TFLite reads it.
    public var code: Int32
    /// Name of a CUSTOM op (code 32).
    public var customCode: String?
    /// Op version; TFLM ignores it, the desktop TFLite runtime checks it.
    public var version: Int32

    public init(code: Int32, customCode: String? = nil, version: Int32 = 1) {
        self.code = code
        self.customCode = customCode
        self.version = version
    }

    public init(_ op: BuiltinOperator, version: Int32 = 1) {
        self.init(code: op.rawValue, version: version)
    }

    /// nil for codes newer than the schema tinyops knows.
    public var builtin: BuiltinOperator? { BuiltinOperator(rawValue: code) }

    /// `CONV_2D`, the custom op's name, or `BUILTIN_<code>` for unknown codes.
    public var name: String {
        if let customCode, builtin == .custom { return customCode }
        return builtin?.name ?? "BUILTIN_\(code)"
    }
}

/// One node of the graph. Tensor indices refer to the owning subgraph; -1 marks an
/// optional input that is absent.
public struct Operator: Equatable, Sendable {
    public var opcode: OperatorCode
    public var inputs: [Int32]
    public var outputs: [Int32]
    public var options: BuiltinOptions
    public var customOptions: [UInt8]?
    public var intermediates: [Int32]

    public init(opcode: OperatorCode, inputs: [Int32], outputs: [Int32], options: BuiltinOptions = .none,
                customOptions: [UInt8]? = nil, intermediates: [Int32] = []) {
        self.opcode = opcode
        self.inputs = inputs
        self.outputs = outputs
        self.options = options
        self.customOptions = customOptions
        self.intermediates = intermediates
    }

    public var builtin: BuiltinOperator? { opcode.builtin }
}
