/// The header of an `.npy` file: the Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
struct NPYHeader: Equatable {
    var dtype: NPYDType
    var shape: [Int]

    /// Python's repr of a shape tuple: `()`, `(3,)`, `(3, 4)`.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// The dict exactly as numpy's `_write_array_header` writes it: keys sorted,
    /// `repr` values, a trailing `, `, then spare spaces so the first dimension
    /// can grow to 21 digits in place.
    var dictText: String {
        var text = "{'descr': '\(dtype.descr)', 'fortran_order': False, 'shape': \(NPYHeader.shapeText(shape)), }"
        if let first = shape.first {
            text += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        return text
    }

    /// Parses the dict, tolerating what numpy and other writers vary: spacing,
    /// key order, trailing commas, either quote style, Python 2 `3L` integers.
    /// Exactly the keys `descr`, `fortran_order` and `shape` must appear.
    static func parse(_ bytes: [UInt8]) throws(NPYError) -> NPYHeader {
        var scanner = HeaderScanner(bytes: bytes)
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        scanner.skipSpace()
        try scanner.expect("{", "at the start")
        while true {
            scanner.skipSpace()
            if scanner.skip("}") { break }
            let key = try scanner.string("a quoted key")
            scanner.skipSpace()
            try scanner.expect(":", "after key '\(key)'")
            scanner.skipSpace()
            switch key {
            case "descr" where descr == nil:
                if scanner.peek == UInt8(ascii: "[") { throw .unsupportedDType("structured dtype (a list of fields)") }
                descr = try scanner.string("a quoted dtype for 'descr'")
            case "fortran_order" where fortranOrder == nil:
                switch scanner.word() {
                case "True": fortranOrder = true
                case "False": fortranOrder = false
                default: throw .badHeader("'fortran_order' must be True or False")
                }
            case "shape" where shape == nil:
                shape = try scanner.tuple()
            case "descr", "fortran_order", "shape":
                throw .badHeader("duplicate key '\(key)'")
            default:
                throw .badHeader("unexpected key '\(key)'")
            }
            scanner.skipSpace()
            if scanner.skip(",") { continue }
            if scanner.skip("}") { break }
            throw .badHeader("expected ',' or '}' after the value of '\(key)', found \(scanner.foundText)")
        }
        scanner.skipSpace()
        guard scanner.atEnd else { throw .badHeader("unexpected \(scanner.foundText) after the closing '}'") }
        guard let descr else { throw .badHeader("missing key 'descr'") }
        guard let fortranOrder else { throw .badHeader("missing key 'fortran_order'") }
        guard let shape else { throw .badHeader("missing key 'shape'") }
        let dtype = try NPYDType(descr: descr)
        guard !fortranOrder else { throw .fortranOrder }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .negativeDimension(shape) }
        return NPYHeader(dtype: dtype, shape: shape)
    }
}

/// Tokens of the header's Python literal, read from ASCII bytes.
private struct HeaderScanner {
    let bytes: [UInt8]
    var position = 0

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[position] }

    var foundText: String {
        guard let byte = peek else { return "the end of the header" }
        return byte >= 0x21 && byte < 0x7F ? "'\(Unicode.Scalar(byte))'" : "byte 0x\(String(byte, radix: 16))"
    }

    mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    mutating func skip(_ char: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: char) else { return false }
        position += 1
        return true
    }

    mutating func expect(_ char: Unicode.Scalar, _ context: String) throws(NPYError) {
        guard skip(char) else { throw .badHeader("expected '\(char)' \(context), found \(foundText)") }
    }

    /// A `'…'` or `"…"` literal; a backslash keeps the next byte as is.
    mutating func string(_ what: String) throws(NPYError) -> String {
        guard let quote = peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw .badHeader("expected \(what), found \(foundText)")
        }
        position += 1
        var text: [UInt8] = []
        while let byte = peek, byte != quote {
            if byte == UInt8(ascii: "\\") { position += 1 }
            if let byte = peek { text.append(byte) }
            position += 1
        }
        guard skip(Unicode.Scalar(quote)) else { throw .badHeader("unterminated string") }
        return String(decoding: text, as: UTF8.self)
    }

    /// A run of letters, digits and underscores (`True`, `False`).
    mutating func word() -> String {
        let start = position
        while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `()`, `(3,)`, `(3, 4)`, `(3, 4,)`; also `(3)`, which Python reads as a
    /// plain int but can only mean a 1-D shape here.
    mutating func tuple() throws(NPYError) -> [Int] {
        try expect("(", "to start the 'shape' tuple")
        var dimensions: [Int] = []
        while true {
            skipSpace()
            if skip(")") { return dimensions }
            dimensions.append(try integer())
            skipSpace()
            if skip(",") { continue }
            try expect(")", "or ',' in the 'shape' tuple")
            return dimensions
        }
    }

    /// A decimal integer, optionally negative, optionally with Python 2's `L`.
    mutating func integer() throws(NPYError) -> Int {
        let negative = skip("-")
        let start = position
        var value = 0
        while let byte = peek, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1 && !overflow2 else { throw .badHeader("a dimension in 'shape' does not fit in 64 bits") }
            value = sum
            position += 1
        }
        guard position > start else { throw .badHeader("expected an integer in the 'shape' tuple, found \(foundText)") }
        _ = skip("L") || skip("l")
        return negative ? -value : value
    }
}
