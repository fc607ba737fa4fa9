/// One field value of a builtin options table.
public enum OptionValue: Equatable, Sendable {
    /// bool, byte enums and integer fields.
    case integer(Int64)
    case float(Float)
    /// nil when the vector is absent (which TFLite distinguishes from empty for some ops).
    case int32s([Int32]?)
    case floats([Float]?)
    case string(String?)
}

/// An operator's builtin options: the `BuiltinOptions` union member and every one of its
/// fields in schema order, with schema defaults filled in for fields the file omitted.
/// Typed views (`conv2D`, `pool2D`, ...) read and write the common ones.
public struct BuiltinOptions: Equatable, Sendable {
    /// The union discriminator (0 = NONE).
    public let type: UInt8
    public private(set) var values: [OptionValue]

    public static let none = BuiltinOptions(type: 0, values: [])

    /// Options of union member `type` with every field at its schema default.
    public init(type: UInt8) {
        self.type = type
        self.values = OptionsTableSchema.lookup(type)?.fields.map(Self.defaultValue) ?? []
    }

    /// `values` must match the schema of `type` field for field.
    init(type: UInt8, values: [OptionValue]) {
        self.type = type
        self.values = values
    }

    public var schema: OptionsTableSchema? { OptionsTableSchema.lookup(type) }

    /// `Conv2DOptions`, or nil for NONE.
    public var typeName: String? { schema?.name }

    static func defaultValue(of field: OptionFieldSchema) -> OptionValue {
        switch field.kind {
        case .float32: return .float(0)
        case .int32Vector: return .int32s(nil)
        case .float32Vector: return .floats(nil)
        case .string: return .string(nil)
        default: return .integer(field.defaultValue)
        }
    }

    private func index(of field: String) -> Int? {
        schema?.fields.firstIndex { $0.name == field }
    }

    /// An integer, enum or bool field by schema name; nil when this table has no such field.
    public func integer(_ field: String) -> Int64? {
        guard let i = index(of: field), case .integer(let v) = values[i] else { return nil }
        return v
    }

    public func float(_ field: String) -> Float? {
        guard let i = index(of: field), case .float(let v) = values[i] else { return nil }
        return v
    }

    public func int32s(_ field: String) -> [Int32]? {
        guard let i = index(of: field), case .int32s(let v) = values[i] else { return nil }
        return v
    }

    /// Sets a field by schema name. Naming a field this table lacks is a programming error.
    public mutating func set(_ field: String, _ value: OptionValue) {
        guard let i = index(of: field) else {
            preconditionFailure("BuiltinOptions: \(typeName ?? "NONE") has no field \(field)")
        }
        values[i] = value
    }

    /// The fused activation of tables that have one (conv, pool, fully connected, add, ...).
    public var fusedActivation: ActivationFunction? {
        integer("fused_activation_function").map { ActivationFunction(rawValue: Int8(truncatingIfNeeded: $0)) ?? .none }
    }
}

public enum Padding: Int8, Sendable {
    case same = 0, valid = 1
    public var name: String { self == .same ? "SAME" : "VALID" }
}

public enum ActivationFunction: Int8, Sendable {
    case none = 0, relu = 1, reluN1To1 = 2, relu6 = 3, tanh = 4, signBit = 5

    public var name: String {
        switch self {
        case .none: "NONE"
        case .relu: "RELU"
        case .reluN1To1: "RELU_N1_TO_1"
        case .relu6: "RELU6"
        case .tanh: "TANH"
        case .signBit: "SIGN_BIT"
        }
    }
}
