import Foundation

/// A strict RFC 8259 JSON parser, written by hand.
///
/// - Input is UTF-8; invalid UTF-8, lone surrogates (`\uD800`), unescaped
///   control characters, leading zeros, trailing commas, comments and anything
///   after the top-level value are errors. A leading UTF-8 byte order mark is
///   skipped (RFC 8259 §8.1 allows that; Windows editors add one).
/// - Duplicate keys in an object are an error.
/// - Numbers too large for a `Double` (`1e400`) are an error; numbers that are
///   too small become 0.
/// - The parser keeps its own stack instead of recursing, so no input can
///   overflow the thread's stack; nesting deeper than `maxDepth` is an error
///   anyway, because deep values are recursive to compare, write and free.
public struct JSONParser: Sendable {
    public static let defaultMaxDepth = 512

    /// The most arrays and objects that may be open at once.
    public var maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONError) in try parse(buffer: buffer) }
    }

    public func parse(_ data: Data) throws(JSONError) -> JSONValue {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONError) in try parse(buffer: raw.assumingMemoryBound(to: UInt8.self)) }
        }
        return try result.get()
    }

    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        let result = text.withUTF8 { buffer in Result { () throws(JSONError) in try parse(buffer: buffer) } }
        return try result.get()
    }

    func parse(buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var scanner = JSONScanner(buffer)
        if buffer.starts(with: JSONParser.byteOrderMark) { scanner.position = 3 }
        do {
            return try parseDocument(&scanner)
        } catch {
            let (line, column) = JSONParser.lineAndColumn(of: error.offset, in: buffer)
            throw JSONError.syntax(error.error, line: line, column: column)
        }
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// An open array or object. Only one of `array` and `object` is used.
    private struct Frame {
        var isObject: Bool
        var array: [JSONValue] = []
        var object = JSONObject()
        var key = ""
    }

    private func parseDocument(_ scanner: inout JSONScanner) throws(JSONParseFailure) -> JSONValue {
        var frames: [Frame] = []
        var value: JSONValue
        nextValue: while true {
            scanner.skipWhitespace()
            guard let byte = scanner.peek else { throw scanner.expected(.value) }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = byte == UInt8(ascii: "{")
                guard frames.count < maxDepth else { throw scanner.fail(.tooDeep(limit: maxDepth), at: scanner.position) }
                scanner.position += 1
                scanner.skipWhitespace()
                if scanner.peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    scanner.position += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else {
                    frames.append(Frame(isObject: isObject))
                    if isObject { try scanKeyAndColon(&scanner, into: &frames[frames.count - 1]) }
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                value = .string(try scanner.scanString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try scanner.scanNumber())
            default:
                value = try scanner.scanLiteral()
            }
            // Attach the finished value to the open container; close as many
            // containers as end here.
            while let top = frames.indices.last {
                scanner.skipWhitespace()
                let isObject = frames[top].isObject
                if isObject {
                    frames[top].object.appendUnchecked(frames[top].key, value)  // checked at the key
                } else {
                    frames[top].array.append(value)
                }
                let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                switch scanner.peek {
                case UInt8(ascii: ","):
                    let comma = scanner.position
                    scanner.position += 1
                    scanner.skipWhitespace()
                    if scanner.peek == close {
                        throw scanner.fail(.trailingComma(before: Unicode.Scalar(close)), at: comma)
                    }
                    if isObject { try scanKeyAndColon(&scanner, into: &frames[top]) }
                    continue nextValue
                case close:
                    scanner.position += 1
                    let frame = frames.removeLast()
                    value = isObject ? .object(frame.object) : .array(frame.array)
                default:
                    throw scanner.expected(isObject ? .commaOrBrace : .commaOrBracket)
                }
            }
            scanner.skipWhitespace()
            guard scanner.atEnd else { throw scanner.expected(.endOfInput) }
            return value
        }
    }

    /// Reads `"key" :` and stores the key in the frame.
    private func scanKeyAndColon(_ scanner: inout JSONScanner, into frame: inout Frame) throws(JSONParseFailure) {
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.expected(.objectKey) }
        let keyStart = scanner.position
        let key = try scanner.scanString()
        guard !frame.object.contains(key) else { throw scanner.fail(.duplicateKey(key), at: keyStart) }
        frame.key = key
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: ":") else { throw scanner.expected(.colon) }
        scanner.position += 1
    }

    /// 1-based line and column of a byte offset; the column counts Unicode
    /// scalars (UTF-8 lead bytes), not bytes, and ignores a byte order mark.
    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        let end = min(offset, bytes.count)
        var lineStart = min(bytes.starts(with: byteOrderMark) ? 3 : 0, end)
        for index in lineStart..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }
}

extension JSONValue {
    /// Parses JSON text with the default depth limit.
    public init(parsing text: String) throws(JSONError) {
        self = try JSONParser().parse(text)
    }

    /// Parses UTF-8 JSON with the default depth limit.
    public init(parsing bytes: [UInt8]) throws(JSONError) {
        self = try JSONParser().parse(bytes)
    }

    /// Parses UTF-8 JSON with the default depth limit.
    public init(parsing data: Data) throws(JSONError) {
        self = try JSONParser().parse(data)
    }
}
