/// Writes `JSONValue`s as UTF-8 JSON text; the same value and options always
/// give the same bytes.
///
/// - Compact: no whitespace (`{"a":[1,2]}`). Pretty: 2-space indent, one
///   member or element per line, `": "` after keys, empty containers as `{}`
///   and `[]`. Neither adds a final newline; `write(to:)` does.
/// - Keys follow insertion order, or code point order with `sortedKeys` (use
///   that for canonical text to hash).
/// - Integral numbers with |n| < 10^16 print as integers (`3`, not `3.0`;
///   -0 prints as `0`); all others print with Swift's shortest round-tripping
///   form (`0.1`, `1e-07`, `1e+16`), so reading the text back gives the same
///   `Double`.
/// - NaN and infinities have no JSON form: the writer throws
///   `JSONError.nonFiniteNumber` with the path of the first one, rather than
///   write `null` and silently change the data.
/// - Strings escape `"`, `\` and control characters (`\n`, `\t`, … or
///   `\u001f`); `/` and non-ASCII characters are written as they are, in UTF-8.
public struct JSONWriter: Sendable {
    public var pretty: Bool
    public var sortedKeys: Bool
    /// Pretty: also keep arrays of strings (and of strings mixed with other scalars) on one
    /// line, as tables of short rows such as dataset.json's samples want.
    public var inlineStrings: Bool

    public init(pretty: Bool = false, sortedKeys: Bool = false, inlineStrings: Bool = false) {
        self.pretty = pretty
        self.sortedKeys = sortedKeys
        self.inlineStrings = inlineStrings
    }

    public func bytes(_ value: JSONValue) throws(JSONError) -> [UInt8] {
        var out: [UInt8] = []
        do {
            try write(value, into: &out, depth: 0)
        } catch {
            throw JSONError.nonFiniteNumber(path: error.path, value: error.value)
        }
        return out
    }

    public func string(_ value: JSONValue) throws(JSONError) -> String {
        String(decoding: try bytes(value), as: UTF8.self)
    }

    private func write(_ value: JSONValue, into out: inout [UInt8], depth: Int) throws(PathError) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let bool): out.append(contentsOf: (bool ? "true" : "false").utf8)
        case .number(let number):
            guard number.isFinite else { throw PathError(value: number) }
            JSONWriter.appendNumber(number, to: &out)
        case .string(let string): JSONWriter.appendQuoted(string, to: &out)
        case .array(let array):
            guard !array.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            // Pretty: arrays of plain scalars (shapes, scales) stay on one line, `[1, 64, 3]`,
            // so a shape does not take a screenful.
            let inline = pretty && array.allSatisfy { $0.isInlineScalar || (inlineStrings && $0.stringValue != nil) }
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(contentsOf: inline ? ", ".utf8 : ",".utf8) }
                if !inline { newline(&out, depth: depth + 1) }
                do {
                    try write(element, into: &out, depth: depth + 1)
                } catch {
                    throw error.prefixed(JSONPath.component(index: index))
                }
            }
            if !inline { newline(&out, depth: depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            // Code point order is the byte order of UTF-8; it does not depend
            // on locale or Unicode normalization.
            let members = sortedKeys ? object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : Array(object)
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, depth: depth + 1)
                JSONWriter.appendQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                do {
                    try write(member, into: &out, depth: depth + 1)
                } catch {
                    throw error.prefixed(JSONPath.component(key: key))
                }
            }
            newline(&out, depth: depth)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], depth: Int) {
        guard pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// A non-finite number met by the writer. Containers prefix their key or
    /// index while the error unwinds, so the happy path never tracks a path.
    private struct PathError: Error {
        let value: Double
        var suffix = ""
        func prefixed(_ component: String) -> PathError {
            PathError(value: value, suffix: component + suffix)
        }
        var path: String { "$" + suffix }
    }

    // MARK: Scalars

    /// The text the writer uses for a finite number.
    public static func numberText(_ number: Double) -> String {
        var out: [UInt8] = []
        appendNumber(number, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendNumber(_ number: Double, to out: inout [UInt8]) {
        if number.rounded(.towardZero) == number && abs(number) < 1e16 {
            out.append(contentsOf: Int64(number).description.utf8)
        } else {
            out.append(contentsOf: number.description.utf8)
        }
    }

    /// `string` as a JSON string literal, with quotes.
    public static func quoted(_ string: String) -> String {
        var out: [UInt8] = []
        appendQuoted(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// This value as JSON text; see `JSONWriter` for the exact format.
    public func jsonText(pretty: Bool = false, sortedKeys: Bool = false) throws(JSONError) -> String {
        try JSONWriter(pretty: pretty, sortedKeys: sortedKeys).string(self)
    }
}

extension JSONValue {
    /// Numbers, booleans and null: what the pretty writer keeps on one line in an array.
    fileprivate var isInlineScalar: Bool {
        switch self {
        case .number, .bool, .null: return true
        case .string, .array, .object: return false
        }
    }
}
