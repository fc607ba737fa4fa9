/// Reads a `JSONValue` while tracking the JSON path, so that every complaint
/// says where it is: `$.train.epochs: expected an integer, got "ten"`.
///
/// Subscripts never throw; a missing key or a wrong container is remembered
/// and thrown by the accessor at the end of the chain, naming the first step
/// that failed:
///
///     let root = JSONCursor(config)
///     let epochs = try root["train"]["epochs"].int()
///     let seed = try root["train"]["seed"].optional()?.int() ?? 0
///     for layer in try root["model"]["layers"].array() {
///         let kind = try layer["type"].oneOf(LayerKind.self)
///     }
///
/// Wrap thrown errors in `FileError(path:reason:)` to name the file.
public struct JSONCursor: Sendable {
    /// Where this cursor points, e.g. `$.layers[2].units`.
    public let path: String
    private let state: State

    private enum State: Sendable {
        case present(JSONValue)
        /// The last key was absent: `optional()` gives nil, the rest throw this.
        case absent(JSONError)
        /// An earlier step failed: everything throws this.
        case failed(JSONError)
    }

    public init(_ value: JSONValue, path: String = JSONPath.root) {
        self.path = path
        self.state = .present(value)
    }

    private init(path: String, state: State) {
        self.path = path
        self.state = state
    }

    /// The value, or nil if a step on the way was missing or wrong.
    public var value: JSONValue? {
        if case .present(let value) = state { return value }
        return nil
    }

    public subscript(key: String) -> JSONCursor {
        let childPath = path + JSONPath.component(key: key)
        switch state {
        case .absent(let error), .failed(let error):
            return JSONCursor(path: childPath, state: .failed(error))
        case .present(.object(let object)):
            if let member = object[key] { return JSONCursor(path: childPath, state: .present(member)) }
            return JSONCursor(path: childPath, state: .absent(problem(.missingKey(key))))
        case .present(let other):
            return JSONCursor(path: childPath, state: .failed(problem(.typeMismatch(expected: "an object", found: other))))
        }
    }

    public subscript(index: Int) -> JSONCursor {
        let childPath = path + JSONPath.component(index: index)
        switch state {
        case .absent(let error), .failed(let error):
            return JSONCursor(path: childPath, state: .failed(error))
        case .present(.array(let array)):
            guard array.indices.contains(index) else {
                return JSONCursor(path: childPath, state: .failed(problem(.indexOutOfRange(index, count: array.count))))
            }
            return JSONCursor(path: childPath, state: .present(array[index]))
        case .present(let other):
            return JSONCursor(path: childPath, state: .failed(problem(.typeMismatch(expected: "an array", found: other))))
        }
    }

    /// The value; throws if it is missing.
    public func require() throws(JSONError) -> JSONValue {
        switch state {
        case .present(let value): return value
        case .absent(let error), .failed(let error): throw error
        }
    }

    /// Nil if the key is absent or the value is `null`; throws if an earlier
    /// step failed.
    public func optional() throws(JSONError) -> JSONCursor? {
        switch state {
        case .present(.null), .absent: return nil
        case .present: return self
        case .failed(let error): throw error
        }
    }

    public func bool() throws(JSONError) -> Bool {
        let value = try require()
        guard case .bool(let bool) = value else { throw mismatch("true or false", value) }
        return bool
    }

    public func double() throws(JSONError) -> Double {
        let value = try require()
        guard case .number(let number) = value else { throw mismatch("a number", value) }
        return number
    }

    /// The number rounded to `Float`; numbers beyond the `Float` range throw.
    public func float() throws(JSONError) -> Float {
        let number = try double()
        let float = Float(number)
        guard float.isFinite || !number.isFinite else {
            throw problem(.invalid("\(JSONWriter.numberText(number)) is out of range for a 32-bit float"))
        }
        return float
    }

    /// An integral number with |n| < 2^53; `2.5` and `1e300` throw.
    public func int() throws(JSONError) -> Int {
        let value = try require()
        guard let int = value.intValue else { throw mismatch("an integer", value) }
        return int
    }

    public func string() throws(JSONError) -> String {
        let value = try require()
        guard case .string(let string) = value else { throw mismatch("a string", value) }
        return string
    }

    /// A string naming one case of `type`, e.g. a layer kind.
    public func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type) throws(JSONError) -> E where E.RawValue == String {
        let value = try require()
        let names = E.allCases.map { JSONWriter.quoted($0.rawValue) }.joined(separator: ", ")
        guard case .string(let string) = value else { throw mismatch("one of \(names)", value) }
        guard let result = E(rawValue: string) else { throw mismatch("one of \(names)", value) }
        return result
    }

    /// The elements, each with its own path.
    public func array() throws(JSONError) -> [JSONCursor] {
        let value = try require()
        guard case .array(let array) = value else { throw mismatch("an array", value) }
        return array.indices.map { JSONCursor(path: path + JSONPath.component(index: $0), state: .present(array[$0])) }
    }

    /// The members in order, each value with its own path.
    public func object() throws(JSONError) -> [(key: String, value: JSONCursor)] {
        let value = try require()
        guard case .object(let object) = value else { throw mismatch("an object", value) }
        return object.map { ($0.key, JSONCursor(path: path + JSONPath.component(key: $0.key), state: .present($0.value))) }
    }

    /// Throws for the first key of this object not in `allowed`, so a typo such
    /// as `"epoch"` is reported instead of silently ignored.
    public func rejectUnknownKeys(allowed: [String]) throws(JSONError) {
        let value = try require()
        guard case .object(let object) = value else { throw mismatch("an object", value) }
        for key in object.keys where !allowed.contains(key) {
            throw problem(.unknownKey(key, allowed: allowed))
        }
    }

    /// An error at this path with a custom message, for checks beyond types:
    /// `throw cursor.invalid("must be at least 1, got 0")`.
    public func invalid(_ message: String) -> JSONError {
        problem(.invalid(message))
    }

    private func problem(_ problem: JSONValueProblem) -> JSONError {
        .value(path: path, problem: problem)
    }

    private func mismatch(_ expected: String, _ found: JSONValue) -> JSONError {
        problem(.typeMismatch(expected: expected, found: found))
    }
}

/// JSON paths as messages show them: `$`, `$.train.epochs`, `$.layers[2]`,
/// and `$["odd key"]` for keys that are not identifiers.
public enum JSONPath {
    public static let root = "$"

    public static func component(key: String) -> String {
        var isIdentifier = !key.isEmpty
        for (offset, byte) in key.utf8.enumerated() {
            let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if !(isLetter || (offset > 0 && isDigit)) { isIdentifier = false; break }
        }
        return isIdentifier ? "." + key : "[" + JSONWriter.quoted(key) + "]"
    }

    public static func component(index: Int) -> String {
        "[\(index)]"
    }
}
