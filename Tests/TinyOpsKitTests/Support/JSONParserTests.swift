import Foundation
import Testing
import TinyOpsKit

/// The message of the error that parsing `text` throws, or nil if it parses.
private func parseError(_ text: String) -> String? {
    do {
        _ = try JSONValue(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

private func parseError(bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONValue(parsing: bytes)
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONParserTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", true),
        (" false ", false),
        ("0", 0),
        ("-0", 0),
        ("42", 42),
        ("-17", -17),
        ("3.25", 3.25),
        ("1e3", 1000),
        ("1E+3", 1000),
        ("2.5e-3", 0.0025),
        ("0.1", 0.1),
        ("1e-400", 0),
        ("9007199254740991", 9_007_199_254_740_991),
        ("-9007199254740991", -9_007_199_254_740_991),
        ("123456789012345678901234567890", 123456789012345678901234567890.0),
        ("\"\"", ""),
        ("\"hi\"", "hi"),
        ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", "a\"b\\c/d\u{8}\u{C}\n\r\t"),
        ("\"\\u0041\\u00e9\\u20AC\"", "Aé€"),
        ("\"\\ud83d\\ude00\"", "😀"),
        ("\"\\u0000\"", "\u{0}"),
        ("\"é€😀\"", "é€😀"),
        ("[]", []),
        ("[ ]", []),
        ("{}", [:]),
        ("[1, [2, [3]], {\"a\": null}]", [1, [2, [3]], ["a": nil]]),
        ("{\"b\": 1, \"a\": [true, false]}", ["b": 1, "a": [true, false]]),
        (" \t\r\n{ \"x\" : 1 } \n", ["x": 1]),
        ("\u{FEFF}[1]", [1]),
    ] as [(String, JSONValue)])
    func parsesValid(text: String, expected: JSONValue) throws {
        #expect(try JSONValue(parsing: text) == expected)
        #expect(try JSONValue(parsing: Array(text.utf8)) == expected)
        #expect(try JSONValue(parsing: Data(text.utf8)) == expected)
    }

    @Test(arguments: [
        ("", "line 1, column 1: expected a value, found end of input"),
        ("   ", "line 1, column 4: expected a value, found end of input"),
        ("{\"a\": 1,\n \"b\": 2\n \"c\": 3}", "line 3, column 2: expected ',' or '}' after object member, found '\"'"),
        ("[1 2]", "line 1, column 4: expected ',' or ']' after array element, found '2'"),
        ("[1,]", "line 1, column 3: trailing comma before ']' is not allowed"),
        ("{\"a\":1,}", "line 1, column 7: trailing comma before '}' is not allowed"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after object key, found '1'"),
        ("{a: 1}", "line 1, column 2: expected a string key, found 'a'"),
        ("{'a': 1}", "line 1, column 2: expected a string key, found '''"),
        ("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate key \"a\" in object"),
        ("[1] x", "line 1, column 5: expected end of input after the JSON value, found 'x'"),
        ("1 2", "line 1, column 3: expected end of input after the JSON value, found '2'"),
        ("01", "line 1, column 1: invalid number: leading zeros are not allowed"),
        ("-01", "line 1, column 1: invalid number: leading zeros are not allowed"),
        ("-", "line 1, column 2: invalid number: expected a digit after '-'"),
        ("-a", "line 1, column 2: invalid number: expected a digit after '-'"),
        ("1.", "line 1, column 3: invalid number: expected a digit after the decimal point"),
        ("1.e3", "line 1, column 3: invalid number: expected a digit after the decimal point"),
        ("1e", "line 1, column 3: invalid number: expected a digit in the exponent"),
        ("1e+", "line 1, column 4: invalid number: expected a digit in the exponent"),
        (".5", "line 1, column 1: expected a value, found '.'"),
        ("+1", "line 1, column 1: expected a value, found '+'"),
        ("1e400", "line 1, column 1: number 1e400 is too large for a 64-bit float"),
        ("-1e400", "line 1, column 1: number -1e400 is too large for a 64-bit float"),
        ("tru", "line 1, column 1: invalid literal 'tru', expected true, false, null, a number, a string, an array or an object"),
        ("[True]", "line 1, column 2: invalid literal 'True', expected true, false, null, a number, a string, an array or an object"),
        ("NaN", "line 1, column 1: invalid literal 'NaN', expected true, false, null, a number, a string, an array or an object"),
        ("nulls", "line 1, column 1: invalid literal 'nulls', expected true, false, null, a number, a string, an array or an object"),
        ("\"abc", "line 1, column 1: unterminated string"),
        ("[\"a\\", "line 1, column 2: unterminated string"),
        ("\"a\nb\"", "line 1, column 3: unescaped control character U+000A in string"),
        ("\"a\tb\"", "line 1, column 3: unescaped control character U+0009 in string"),
        ("\"\\x\"", "line 1, column 2: invalid escape sequence '\\x' in string"),
        ("\"\\\u{7}\"", "line 1, column 2: invalid escape sequence in string: '\\' followed by U+0007"),
        ("\"\\u12\"", "line 1, column 2: invalid \\u escape: expected 4 hexadecimal digits"),
        ("\"\\u12G4\"", "line 1, column 2: invalid \\u escape: expected 4 hexadecimal digits"),
        ("\"\\uD800\"", "line 1, column 2: lone surrogate \\uD800 in string"),
        ("\"\\uD800\\u0041\"", "line 1, column 2: lone surrogate \\uD800 in string"),
        ("\"\\uDC00\"", "line 1, column 2: lone surrogate \\uDC00 in string"),
        ("[1, // comment\n2]", "line 1, column 5: expected a value, found '/'"),
        ("{\"é\": [1,,2]}", "line 1, column 10: expected a value, found ','"),
        ("\u{201C}a\u{201D}", "line 1, column 1: expected a value, found '\u{201C}' (U+201C)"),
        ("[\u{00A0}1]", "line 1, column 2: expected a value, found U+00A0"),
    ])
    func rejectsInvalid(text: String, message: String) {
        #expect(parseError(text) == message)
    }

    @Test func hintsForCommonMistakes() throws {
        func hint(_ text: String) -> String? {
            do { _ = try JSONValue(parsing: text); return nil } catch { return error.hint }
        }
        #expect(hint("{'a': 1}") == "JSON strings and keys use double quotes (\")")
        #expect(hint("[1, // x\n]") == "JSON does not allow comments")
        #expect(hint("[True]") == "JSON literals are lowercase: true, false, null")
        #expect(hint("[NaN]") == "JSON has no NaN or infinity; use null or a string")
        #expect(hint("{a: 1}") == "object keys must be strings in double quotes")
        #expect(hint("\"a\nb\"")?.contains("closing quote") == true)
        #expect(hint("\"C:\\dir\"") == #"valid escapes are \" \\ \/ \b \f \n \r \t and \uXXXX; write a backslash as \\"#)
        #expect(hint("[1]") == nil)
    }

    @Test func rejectsInvalidUTF8() {
        // A stray continuation byte, a truncated sequence, an overlong encoding,
        // an encoded surrogate, and a code point above U+10FFFF.
        let cases: [([UInt8], JSONError)] = [
            ([0x22, 0x80, 0x22], .syntax(.invalidUTF8(0x80), line: 1, column: 2)),
            ([0x22, 0x61, 0xC3, 0x22], .syntax(.invalidUTF8(0xC3), line: 1, column: 3)),
            ([0x22, 0xC0, 0xAF, 0x22], .syntax(.invalidUTF8(0xC0), line: 1, column: 2)),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], .syntax(.invalidUTF8(0xED), line: 1, column: 2)),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .syntax(.invalidUTF8(0xF4), line: 1, column: 2)),
            ([0x5B, 0xFF, 0x5D], .syntax(.expected(.value, found: .byte(0xFF)), line: 1, column: 2)),
        ]
        for (bytes, expected) in cases {
            #expect(parseError(bytes: bytes) == expected, "\(bytes)")
        }
        #expect(parseError(bytes: [0x5B, 0xFF, 0x5D])?.message == "line 1, column 2: expected a value, found invalid UTF-8 byte 0xFF")
    }

    @Test func columnsCountCharactersNotBytes() {
        // "é" is 2 bytes and "😀" 4, but one column each.
        #expect(parseError("[\"é😀\", }") == "line 1, column 8: expected a value, found '}'")
        #expect(parseError("{\n  \"a\": 1,\n  \"b\": tru\n}") ==
            "line 3, column 8: invalid literal 'tru', expected true, false, null, a number, a string, an array or an object")
        // A byte order mark is not a column.
        #expect(parseError("\u{FEFF}[}") == "line 1, column 2: expected a value, found '}'")
    }

    @Test func keepsKeyOrder() throws {
        let value = try JSONValue(parsing: #"{"z": 1, "a": 2, "m": 3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func integersBelow2To53AreExact() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let n = Int64.random(in: -(1 << 53 - 1)...(1 << 53 - 1), using: &generator)
            let value = try JSONValue(parsing: String(n))
            #expect(value.intValue == Int(n))
            #expect(try JSONValue(parsing: value.jsonText()) == value)
            #expect(try value.jsonText() == String(n))
        }
    }

    @Test func numbersMatchSwiftsCorrectlyRoundedParsing() throws {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let double = Double(bitPattern: generator.next())
            guard double.isFinite else { continue }
            let text = "\(double)".replacingOccurrences(of: "e+", with: "e")
            #expect(try JSONValue(parsing: text) == .number(double), "\(text)")
        }
    }
}

@Suite struct JSONDepthTests {
    private func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test func acceptsUpToTheLimit() throws {
        _ = try JSONValue(parsing: nested(JSONParser.defaultMaxDepth))
        _ = try JSONValue(parsing: String(repeating: "{\"a\":", count: 512) + "1" + String(repeating: "}", count: 512))
    }

    @Test func rejectsBeyondTheLimit() {
        #expect(parseError(nested(513)) == "line 1, column 513: arrays and objects nested deeper than 512 levels")
        #expect(throws: JSONError.syntax(.tooDeep(limit: 3), line: 1, column: 4)) {
            try JSONParser(maxDepth: 3).parse("[[[[]]]]")
        }
        #expect(throws: Never.self) { try JSONParser(maxDepth: 3).parse("[[[1]]]") }
    }

    @Test func hostileNestingDoesNotOverflowTheStack() {
        // A million open brackets: an error, not a crash, even with no limit.
        let hostile = String(repeating: "[", count: 1_000_000)
        #expect(parseError(hostile) == "line 1, column 513: arrays and objects nested deeper than 512 levels")
        let unlimited = JSONParser(maxDepth: .max)
        #expect(throws: JSONError.syntax(.expected(.value, found: .endOfInput), line: 1, column: 1_000_001)) {
            try unlimited.parse(hostile)
        }
    }
}
