/// A JSON object that keeps its members in insertion order.
///
/// Order matters to people (a config file written back keeps the user's layout)
/// but not to JSON (RFC 8259 calls objects unordered), so:
/// - iteration, `keys` and the writer follow insertion order;
/// - `==` ignores order: two objects are equal when they have the same keys
///   with equal values. Use `JSONWriter(sortedKeys: true)` for a canonical form
///   (keys in code point order).
///
/// Keys are Swift `String`s, which compare by Unicode canonical equivalence, so
/// "é" (U+00E9) and "e\u{301}" are the same key here; the parser reports such a
/// pair as a duplicate key.
///
/// Setting a key to `nil` removes it; to store JSON null, assign `.null`.
public struct JSONObject: Sendable {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    /// Position of each key in `keys`/`values`, built only for objects with
    /// more than `linearSearchLimit` keys: most JSON objects are small, and a
    /// linear scan beats hashing every key while parsing.
    private var positions: [String: Int]?
    private static let linearSearchLimit = 8

    public init() {}

    /// Creates an object from pairs in order; a repeated key keeps its first
    /// position and takes the last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    /// Appends a key the caller knows is new (the parser checks at the key).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
        if positions != nil {
            positions![key] = keys.count - 1
        } else if keys.count > JSONObject.linearSearchLimit {
            positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
    }

    /// The value for `key`; assigning replaces in place (keeping the position),
    /// appends a new key at the end, or removes the key when assigning `nil`.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let value = newValue {
                if let index = position(of: key) {
                    values[index] = value
                } else {
                    appendUnchecked(key, value)
                }
            } else if let index = position(of: key) {
                keys.remove(at: index)
                values.remove(at: index)
                if positions != nil {
                    positions![key] = nil
                    for position in index..<keys.count { positions![keys[position]] = position }
                }
            }
        }
    }

    /// Appends `key` if it is new and returns true; returns false and changes
    /// nothing if it is already present. The parser uses this to reject duplicates.
    @discardableResult
    public mutating func insertNew(_ key: String, _ value: JSONValue) -> Bool {
        guard position(of: key) == nil else { return false }
        appendUnchecked(key, value)
        return true
    }
}

extension JSONObject: RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)
    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }
    public subscript(position: Int) -> Element { (keys[position], values[position]) }
}

extension JSONObject: Equatable {
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs where rhs[key] != value { return false }
        return true
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// A repeated key in a literal is a programming error and traps, as it does
    /// for `Dictionary`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements {
            precondition(insertNew(key, value), "duplicate key \"\(key)\" in JSONObject literal")
        }
    }
}
