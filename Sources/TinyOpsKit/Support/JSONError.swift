/// Everything that can go wrong reading, checking or writing JSON.
///
/// Messages name the position (`line 3, column 14: …`) or the JSON path
/// (`$.train.epochs: …`); wrap in `FileError` to prefix the file name.
public enum JSONError: UserFacingError, Equatable {
    /// The text is not JSON. `line` and `column` are 1-based; the column counts
    /// Unicode scalars, as editors do.
    case syntax(JSONSyntaxError, line: Int, column: Int)
    /// A value at `path` (like `$.layers[2].units`) is missing or unsuitable.
    case value(path: String, problem: JSONValueProblem)
    /// The writer met NaN or an infinity, which JSON cannot represent.
    case nonFiniteNumber(path: String, value: Double)

    public var message: String {
        switch self {
        case .syntax(let error, let line, let column):
            return "line \(line), column \(column): \(error.message)"
        case .value(let path, let problem):
            return "\(path): \(problem.message)"
        case .nonFiniteNumber(let path, let value):
            return "\(path): \(value) cannot be written as JSON"
        }
    }

    public var hint: String? {
        switch self {
        case .syntax(let error, _, _): return error.hint
        case .value(_, let problem): return problem.hint
        case .nonFiniteNumber: return "JSON has no NaN or infinity; replace them with null or a string before writing"
        }
    }
}

/// Why a text is not JSON (RFC 8259).
public enum JSONSyntaxError: Equatable, Sendable {
    case expected(JSONExpectation, found: JSONFound)
    /// A comma right before the closing bracket (`"]"` or `"}"`).
    case trailingComma(before: Unicode.Scalar)
    case duplicateKey(String)
    /// A bare word where a value belongs, such as `True`, `NaN` or `tru`.
    case invalidLiteral(String)
    case leadingZero
    case missingDigit(JSONNumberPart)
    /// A number too large for a `Double`, such as `1e400` (the text as written).
    case numberOutOfRange(String)
    case controlCharacterInString(UInt8)
    case invalidEscape(JSONFound)
    case invalidUnicodeEscape
    case loneSurrogate(UInt16)
    /// Reported at the opening quote.
    case unterminatedString
    case invalidUTF8(UInt8)
    case tooDeep(limit: Int)

    public var message: String {
        switch self {
        case .expected(let expectation, let found):
            return "expected \(expectation.text), found \(found)"
        case .trailingComma(let bracket):
            return "trailing comma before '\(bracket)' is not allowed"
        case .duplicateKey(let key):
            return "duplicate key \(JSONWriter.quoted(key)) in object"
        case .invalidLiteral(let word):
            return "invalid literal '\(word)', expected true, false, null, a number, a string, an array or an object"
        case .leadingZero:
            return "invalid number: leading zeros are not allowed"
        case .missingDigit(let part):
            return "invalid number: expected a digit \(part.text)"
        case .numberOutOfRange(let text):
            return "number \(text) is too large for a 64-bit float"
        case .controlCharacterInString(let byte):
            return "unescaped control character \(JSONFound.scalarName(UInt32(byte))) in string"
        case .invalidEscape(.scalar(let scalar)) where scalar.value >= 0x21 && scalar.value < 0x7F:
            return "invalid escape sequence '\\\(scalar)' in string"
        case .invalidEscape(let found):
            return "invalid escape sequence in string: '\\' followed by \(found)"
        case .invalidUnicodeEscape:
            return "invalid \\u escape: expected 4 hexadecimal digits"
        case .loneSurrogate(let unit):
            return "lone surrogate \\u\(String(unit, radix: 16, uppercase: true)) in string"
        case .unterminatedString:
            return "unterminated string"
        case .invalidUTF8(let byte):
            return "invalid UTF-8 byte 0x\(JSONFound.hex2(byte))"
        case .tooDeep(let limit):
            return "arrays and objects nested deeper than \(limit) levels"
        }
    }

    public var hint: String? {
        switch self {
        case .expected(_, .scalar("'")):
            return "JSON strings and keys use double quotes (\")"
        case .expected(_, .scalar("/")):
            return "JSON does not allow comments"
        case .expected(_, .scalar("\u{201C}")), .expected(_, .scalar("\u{201D}")):
            return "replace curly quotes with straight double quotes (\")"
        case .expected(.objectKey, .scalar(let scalar)) where scalar.properties.isAlphabetic:
            return "object keys must be strings in double quotes"
        case .invalidLiteral(let word) where ["True", "False", "None", "Null", "NULL", "TRUE", "FALSE"].contains(word):
            return "JSON literals are lowercase: true, false, null"
        case .invalidLiteral(let word) where ["NaN", "nan", "Infinity", "inf", "Inf"].contains(word):
            return "JSON has no NaN or infinity; use null or a string"
        case .controlCharacterInString(0x0A):
            return "strings cannot span lines; is a closing quote missing? (write a newline in a string as \\n)"
        case .controlCharacterInString:
            return "write control characters as escapes such as \\t or \\u0001"
        case .invalidEscape:
            return "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a backslash as \\\\"
        case .loneSurrogate:
            return "characters outside the Basic Multilingual Plane need a \\uD8xx\\uDCxx surrogate pair"
        default:
            return nil
        }
    }
}

/// What the parser was looking for when it found something else.
public enum JSONExpectation: Equatable, Sendable {
    case value
    case objectKey
    case colon
    case commaOrBrace
    case commaOrBracket
    case endOfInput

    var text: String {
        switch self {
        case .value: return "a value"
        case .objectKey: return "a string key"
        case .colon: return "':' after object key"
        case .commaOrBrace: return "',' or '}' after object member"
        case .commaOrBracket: return "',' or ']' after array element"
        case .endOfInput: return "end of input after the JSON value"
        }
    }
}

public enum JSONNumberPart: Equatable, Sendable {
    case afterMinus, afterDecimalPoint, inExponent

    var text: String {
        switch self {
        case .afterMinus: return "after '-'"
        case .afterDecimalPoint: return "after the decimal point"
        case .inExponent: return "in the exponent"
        }
    }
}

/// What the parser found at an error position.
public enum JSONFound: Equatable, Sendable, CustomStringConvertible {
    case endOfInput
    case scalar(Unicode.Scalar)
    /// A byte that does not start a valid UTF-8 sequence.
    case byte(UInt8)

    public var description: String {
        switch self {
        case .endOfInput:
            return "end of input"
        case .scalar(let scalar) where scalar.value >= 0x21 && scalar.value < 0x7F:
            return "'\(scalar)'"
        case .scalar(let scalar) where scalar.value >= 0x80 && !scalar.properties.isWhitespace
            && scalar.properties.generalCategory != .format && scalar.properties.generalCategory != .control:
            return "'\(scalar)' (\(JSONFound.scalarName(scalar.value)))"
        case .scalar(let scalar):
            return JSONFound.scalarName(scalar.value)
        case .byte(let byte):
            return "invalid UTF-8 byte 0x\(JSONFound.hex2(byte))"
        }
    }

    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func hex2(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return hex.count == 1 ? "0" + hex : hex
    }
}

/// Why a well-formed JSON value is not what the reader needs.
public enum JSONValueProblem: Equatable, Sendable {
    case missingKey(String)
    /// A key the reader does not know (reported at the object's path).
    case unknownKey(String, allowed: [String])
    case indexOutOfRange(Int, count: Int)
    /// `expected` reads after "expected", e.g. "an integer".
    case typeMismatch(expected: String, found: JSONValue)
    /// A custom complaint from a validator, e.g. "must be at least 1, got 0".
    case invalid(String)

    public var message: String {
        switch self {
        case .missingKey(let key):
            return "missing required key \(JSONWriter.quoted(key))"
        case .unknownKey(let key, let allowed):
            let names = allowed.map(JSONWriter.quoted).joined(separator: ", ")
            return "unknown key \(JSONWriter.quoted(key)) (allowed: \(names))"
        case .indexOutOfRange(let index, let count):
            return "index \(index) is out of range for an array of \(count) element\(count == 1 ? "" : "s")"
        case .typeMismatch(let expected, let found):
            return "expected \(expected), got \(JSONValueProblem.describe(found))"
        case .invalid(let text):
            return text
        }
    }

    public var hint: String? {
        guard case .unknownKey(let key, let allowed) = self else { return nil }
        // Suggest the closest allowed key when it is a likely typo.
        let scored = allowed.map { ($0, JSONValueProblem.editDistance(key, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, key.count / 3) else { return nil }
        return "did you mean \(JSONWriter.quoted(best.0))?"
    }

    /// Levenshtein distance over characters; keys are short.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)  // distances from the prefix of `a` read so far
        for (i, charA) in a.enumerated() {
            var current = [i + 1]
            for (j, charB) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (charA == charB ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A short rendering of a value for messages: scalars as JSON text (long
    /// strings cut), containers by kind.
    public static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let bool): return bool ? "true" : "false"
        case .number(let number): return number.isFinite ? JSONWriter.numberText(number) : "\(number)"
        case .string(let string):
            let limit = 40
            guard string.count > limit else { return JSONWriter.quoted(string) }
            return JSONWriter.quoted(String(string.prefix(limit))) + "…"
        case .array(let array): return array.isEmpty ? "an empty array" : "an array"
        case .object(let object): return object.isEmpty ? "an empty object" : "an object"
        }
    }
}
