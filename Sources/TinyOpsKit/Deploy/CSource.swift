import Foundation

/// The C identifier prefix every generated symbol carries (`--name`): `imu` gives the array
/// `imu`, its length `imu_len`, macros `IMU_ARENA_BYTES`, ... Validated once, then trusted.
public struct CSymbolPrefix: Equatable, Sendable, CustomStringConvertible {
    public let name: String

    /// Longest accepted name: derived symbols (`<name>_features_twiddles_q30`) stay within the
    /// 63 significant characters C99 guarantees for internal identifiers.
    public static let maxLength = 32

    /// `name` when it is a C identifier of at most `maxLength` characters (ASCII letters,
    /// digits and `_`, not starting with a digit), not reserved (`_` followed by a capital or
    /// another `_`), not a C or C++ keyword and not in the runtime's `tinyops_` namespace.
    public init(_ name: String) throws(DeployError) {
        guard let problem = Self.problem(name) else {
            self.name = name
            return
        }
        throw .badName(name, problem)
    }

    /// Why `name` cannot be a prefix, or nil.
    static func problem(_ name: String) -> String? {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first else { return "it is empty" }
        guard scalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_") }) else {
            return "use only ASCII letters, digits and '_'"
        }
        if ("0"..."9").contains(first) { return "a C identifier cannot start with a digit" }
        if scalars.count > maxLength { return "longer than \(maxLength) characters" }
        if first == "_", scalars.count > 1, scalars[1] == "_" || ("A"..."Z").contains(scalars[1]) {
            return "names starting with '__' or '_' and a capital letter are reserved in C"
        }
        if keywords.contains(name) { return "'\(name)' is a C or C++ keyword or a program entry point" }
        if name.lowercased().hasPrefix("tinyops_") || name.lowercased() == "tinyops" || name.lowercased().hasPrefix("tq_") {
            return "the 'tinyops' and 'tq_' prefixes belong to the runtime"
        }
        return nil
    }

    /// C99 and C++ keywords (and the C11 ones a C++ or newer C compiler reserves).
    static let keywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
        "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
        "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while",
        "_Bool", "_Complex", "_Imaginary", "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool",
        "catch", "char16_t", "char32_t", "char8_t", "class", "compl", "concept", "consteval", "constexpr",
        "constinit", "const_cast", "co_await", "co_return", "co_yield", "decltype", "delete", "dynamic_cast",
        "explicit", "export", "false", "friend", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "reinterpret_cast", "requires",
        "static_assert", "static_cast", "template", "this", "thread_local", "throw", "true", "try", "typeid",
        "typename", "using", "virtual", "wchar_t", "xor", "xor_eq", "main", "setup", "loop",
    ]

    /// `IMU` for `imu`: the macro prefix.
    public var macro: String { name.uppercased() }
    public var description: String { name }
}

/// C text for generated sources: literals that read back exactly, and the banner.
enum CSource {
    /// A float literal with 9 significant digits (`%.9g`, enough for any float to read back
    /// as itself): `0.00390625f`, `1.0f`, `1.00000001e-07f`; never `%.6f`.
    static func float(_ value: Float) -> String {
        precondition(value.isFinite, "non-finite constants are rejected before rendering")
        var text = String(format: "%.9g", Double(value))
        if !text.contains(".") && !text.contains("e") { text += ".0" }
        return text + "f"
    }

    /// An int32 literal that is valid C for every value (INT32_MIN cannot be written directly).
    static func int32(_ value: Int64) -> String {
        value == Int64(Int32.min) ? "(-2147483647 - 1)" : value < 0 ? "(\(value))" : String(value)
    }

    /// A C string literal: printable ASCII kept, `"` `\` and `?` (trigraphs) escaped, every
    /// other byte (UTF-8 included) as a three-digit octal escape.
    static func string(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "?"): out += "\\?"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\" + String(repeating: "0", count: 3 - String(byte, radix: 8).count) + String(byte, radix: 8)
            }
        }
        return out + "\""
    }

    /// `{1, 64, 3}`.
    static func braces(_ values: [String]) -> String { "{" + values.joined(separator: ", ") + "}" }

    /// Bytes as `0x1c, 0x00, ...`, twelve per line, each line indented by four spaces.
    static func byteLines(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 6 + bytes.count / 12 * 5 + 8)
        for (index, byte) in bytes.enumerated() {
            if index % 12 == 0 { out += Array("    ".utf8) }
            out += [UInt8(ascii: "0"), UInt8(ascii: "x"), digits[Int(byte >> 4)], digits[Int(byte & 15)], UInt8(ascii: ",")]
            out.append(index % 12 == 11 || index == bytes.count - 1 ? UInt8(ascii: "\n") : UInt8(ascii: " "))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first lines of every generated file.
    static func banner(_ context: DeployContext, _ what: String, comment: String = "c") -> String {
        let lines = [
            "Generated by tinyops \(context.toolVersion) (tinyops deploy) from \(context.modelName),",
            "sha256 \(context.modelSHA256). Do not edit: regenerate it instead.",
            what,
        ]
        switch comment {
        case "c": return "/* " + lines.joined(separator: "\n * ") + " */\n"
        default: return lines.map { "// " + $0 }.joined(separator: "\n") + "\n"
        }
    }

    /// `IMU_MODEL_DATA_H` for an include guard.
    static func guardName(_ file: String) -> String {
        String(file.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
