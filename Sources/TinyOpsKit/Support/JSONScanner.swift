/// A syntax error at a byte offset; `JSONParser` turns the offset into a line
/// and column only when it reports the error, so scanning never tracks them.
struct JSONParseFailure: Error {
    let offset: Int
    let error: JSONSyntaxError
}

/// The lexical half of the JSON parser: whitespace, strings, numbers and
/// literals over a borrowed UTF-8 buffer. Every read checks `position < end`,
/// so truncated or hostile input ends in an error, never an out-of-bounds read.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    /// The byte at `position`, or nil at the end.
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// What is at `offset`, decoded as a Unicode scalar when possible.
    func found(at offset: Int) -> JSONFound {
        guard offset < bytes.count else { return .endOfInput }
        if let (scalar, _) = decodeScalar(at: offset) { return .scalar(scalar) }
        return .byte(bytes[offset])
    }

    func fail(_ error: JSONSyntaxError, at offset: Int) -> JSONParseFailure {
        JSONParseFailure(offset: offset, error: error)
    }

    func expected(_ expectation: JSONExpectation) -> JSONParseFailure {
        fail(.expected(expectation, found: found(at: position)), at: position)
    }

    // MARK: Literals

    /// Parses `true`, `false` or `null`, or reports the bare word found instead.
    mutating func scanLiteral() throws(JSONParseFailure) -> JSONValue {
        let start = position
        var end = start
        while end < bytes.count, end - start < 40, Self.isWordByte(bytes[end]) { end += 1 }
        guard end > start else { throw expected(.value) }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        position = end
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        default: throw fail(.invalidLiteral(word), at: start)
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    // MARK: Numbers

    /// Parses `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func scanNumber() throws(JSONParseFailure) -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let integerStart = position
        guard let first = peek, Self.isDigit(first) else { throw fail(.missingDigit(.afterMinus), at: position) }
        if first == UInt8(ascii: "0") {
            position += 1
            if let next = peek, Self.isDigit(next) { throw fail(.leadingZero, at: start) }
        } else {
            skipDigits()
        }
        let integerDigits = position - integerStart
        var isInteger = true
        if peek == UInt8(ascii: ".") {
            position += 1
            guard let next = peek, Self.isDigit(next) else { throw fail(.missingDigit(.afterDecimalPoint), at: position) }
            skipDigits()
            isInteger = false
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let next = peek, Self.isDigit(next) else { throw fail(.missingDigit(.inExponent), at: position) }
            skipDigits()
            isInteger = false
        }
        // Up to 15 digits fit a Double exactly: no string round trip needed.
        if isInteger && integerDigits <= 15 {
            var magnitude: Int64 = 0
            for index in integerStart..<position { magnitude = magnitude &* 10 &+ Int64(bytes[index] &- 48) }
            return negative ? -Double(magnitude) : Double(magnitude)
        }
        // The grammar is checked above; Double(String) rounds correctly.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail(.numberOutOfRange(text), at: start) }
        return value
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    private mutating func skipDigits() {
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    // MARK: Strings

    /// Parses a string starting at the opening quote.
    mutating func scanString() throws(JSONParseFailure) -> String {
        let quote = position
        position += 1
        var runStart = position
        var unescaped: [UInt8] = []  // used only once an escape appears
        var sawEscape = false
        while true {
            guard position < bytes.count else { throw fail(.unterminatedString, at: quote) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                sawEscape = true
                try scanEscape(into: &unescaped, quote: quote)
                runStart = position
            } else if byte < 0x20 {
                throw fail(.controlCharacterInString(byte), at: position)
            } else if byte < 0x80 {
                position += 1
            } else {
                guard let (_, length) = decodeScalar(at: position) else { throw fail(.invalidUTF8(byte), at: position) }
                position += length
            }
        }
        let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
        position += 1  // closing quote
        guard sawEscape else { return String(decoding: run, as: UTF8.self) }
        unescaped.append(contentsOf: run)
        return String(decoding: unescaped, as: UTF8.self)
    }

    /// Decodes the escape at `position` (a backslash) and appends its UTF-8.
    private mutating func scanEscape(into out: inout [UInt8], quote: Int) throws(JSONParseFailure) {
        let backslash = position
        position += 1
        guard let byte = peek else { throw fail(.unterminatedString, at: quote) }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try scanHex4(backslash: backslash)
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else { throw fail(.loneSurrogate(unit), at: backslash) }
                let lowBackslash = position
                position += 2
                let low = try scanHex4(backslash: lowBackslash)
                guard (0xDC00...0xDFFF).contains(low) else { throw fail(.loneSurrogate(unit), at: backslash) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw fail(.loneSurrogate(unit), at: backslash)
            }
            // Not a surrogate by now, so always a valid scalar.
            if let scalar = Unicode.Scalar(scalarValue) { UTF8.encode(scalar) { out.append($0) } }
        default:
            throw fail(.invalidEscape(found(at: position - 1)), at: backslash)
        }
    }

    /// Reads the 4 hex digits after `\u` (position is just past the `u`).
    private mutating func scanHex4(backslash: Int) throws(JSONParseFailure) -> UInt16 {
        guard position + 4 <= bytes.count else { throw fail(.invalidUnicodeEscape, at: backslash) }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidUnicodeEscape, at: backslash)
            }
            unit = unit << 4 | UInt16(digit)
            position += 1
        }
        return unit
    }

    // MARK: UTF-8

    /// Decodes the well-formed UTF-8 sequence at `offset` (RFC 3629: no
    /// overlongs, no surrogates, nothing above U+10FFFF), or nil.
    func decodeScalar(at offset: Int) -> (Unicode.Scalar, length: Int)? {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0: length = 3; value = 0; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xED: length = 3; value = 0x0D; high = 0x9F
        case 0xF0: length = 4; value = 0; low = 0x90
        case 0xF1...0xF3: length = 4; value = UInt32(lead & 0x07)
        case 0xF4: length = 4; value = 4; high = 0x8F
        default: return nil
        }
        guard offset + length <= bytes.count else { return nil }
        for index in 1..<length {
            let byte = bytes[offset + index]
            let (min, max) = index == 1 ? (low, high) : (0x80, 0xBF)
            guard byte >= min && byte <= max else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
