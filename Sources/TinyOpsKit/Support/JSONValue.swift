/// A JSON document in memory.
///
/// Numbers are one case, `.number(Double)`, not separate int and float cases:
/// - JSON itself has one number type, so `1` and `1.0` are the same value and
///   compare equal here; with an extra `.int` case they would not, and every
///   reader would have to accept both cases.
/// - Every integer with |n| < 2^53 is exact in a `Double`, and the writer prints
///   integral values without a fraction, so such integers round-trip exactly.
///   tinyops has no JSON integers beyond that (hashes and sizes are strings or
///   small); `JSONCursor.int()` rejects values that are not exact integers.
///
/// Build values with literals (`["epochs": 10, "lr": 0.01, "layers": []]`) or
/// `.float(_:)` for `Float` data (see there).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

// MARK: - Building

extension JSONValue {
    /// A number holding the shortest decimal that reads back as `value`.
    ///
    /// `.number(Double(Float(0.1)))` stores 0.100000001490116…, which the writer
    /// prints as `0.10000000149011612`. This stores `Double("0.1")` instead
    /// (the shortest `Float` text, parsed as a `Double`), so the writer prints
    /// `0.1`, and `Float(d)` (what `JSONCursor.float()` does) gives back
    /// exactly `value`.
    ///
    /// Going through `Double` rounds twice, and for one positive `Float` in
    /// 2^31 (7.038531e-26) that lands on the neighbouring `Float`; such values
    /// keep their exact `Double(value)` and print with up to 17 digits. NaN
    /// and infinities are kept; the writer refuses them.
    public static func float(_ value: Float) -> JSONValue {
        // Float.description is the shortest decimal that reads back as `value`.
        guard value.isFinite, let shortest = Double(value.description), Float(shortest) == value else {
            return .number(Double(value))
        }
        return .number(shortest)
    }

    /// An array of `.float(_:)` numbers.
    public static func floats<C: Collection>(_ values: C) -> JSONValue where C.Element == Float {
        .array(values.map(JSONValue.float))
    }

    /// A number for an integer. Integers beyond ±2^53 are rounded to the
    /// nearest `Double`.
    public static func int<I: BinaryInteger>(_ value: I) -> JSONValue {
        .number(Double(value))
    }
}

// MARK: - Reading without paths

/// Lenient accessors: `nil` when the value has another type. Use `JSONCursor`
/// when the user needs to be told what was wrong and where.
extension JSONValue {
    public var isNull: Bool { self == .null }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an `Int` if it is integral and |n| < 2^53 (the range in
    /// which a `Double` holds every integer exactly, so nothing was rounded).
    public var intValue: Int? {
        guard case .number(let value) = self, let int = JSONValue.exactInt(value) else { return nil }
        return int
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The member `key` of an object; `nil` if this is not an object or has no
    /// such key. Setting works on objects only (assign `nil` to remove a key),
    /// so `config["train"]?["epochs"] = 20` edits a nested value.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            guard case .object(var object) = self else {
                preconditionFailure("cannot set key \"\(key)\" on a JSON value that is not an object")
            }
            self = .null  // release the storage so the edit below does not copy
            object[key] = newValue
            self = .object(object)
        }
    }

    /// The element at `index` of an array; `nil` if this is not an array or
    /// the index is out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let array) = self, array.indices.contains(index) else { return nil }
        return array[index]
    }

    static let maxExactInteger: Double = 9_007_199_254_740_992  // 2^53

    static func exactInt(_ value: Double) -> Int? {
        guard value.rounded(.towardZero) == value, abs(value) < maxExactInteger else { return nil }
        return Int(value)
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

extension JSONValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// A repeated key in a literal traps, as it does for `Dictionary`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements {
            precondition(object.insertNew(key, value), "duplicate key \"\(key)\" in JSONValue literal")
        }
        self = .object(object)
    }
}
