/// What a package says about its model, stored in the package as canonical JSON: keys in
/// code point order, no whitespace, numbers as integers (`JSONWriter(sortedKeys: true)`).
/// One manifest has exactly one byte form, so what was signed is what is read back.
///
///     {"content_sha256":"…","key_id":"…","lock_hash":null,"min_runtime_version":"0.1.0",
///      "model_id":"kws","size":18240,"target":"nucleo-f746zg","tool_version":"0.1.0",
///      "version":"1.4.0"}
///
/// `created` (RFC 3339 UTC) is present only when the packager asked for a timestamp, so
/// that packaging is deterministic by default.
public struct PackageManifest: Sendable, Equatable {
    /// Names the model across versions: `[A-Za-z0-9._-]`, 1–64 characters, starting with a
    /// letter or digit.
    public var modelID: String
    public var version: SemanticVersion
    /// SHA-256 of the `.tflite` bytes, lowercase hex.
    public var contentSHA256: String
    /// Bytes of the `.tflite`.
    public var size: Int
    /// The board or core the model was built for: printable ASCII, 1–64 characters.
    public var target: String
    /// The oldest TinyOpsRuntime that can run the model.
    public var minRuntimeVersion: SemanticVersion
    /// SHA-256 (lowercase hex) of the `tinyops.lock` the model was built from, if any.
    public var lockHash: String?
    /// The tinyops version that made the package.
    public var toolVersion: String
    /// When the package was made, `2025-01-31T12:00:00Z`; nil unless asked for.
    public var created: String?
    /// `Ed25519.PublicKey.keyID` of the signing key.
    public var keyID: String

    public init(
        modelID: String, version: SemanticVersion, contentSHA256: String, size: Int, target: String,
        minRuntimeVersion: SemanticVersion, lockHash: String?, toolVersion: String, created: String?,
        keyID: String
    ) {
        self.modelID = modelID
        self.version = version
        self.contentSHA256 = contentSHA256
        self.size = size
        self.target = target
        self.minRuntimeVersion = minRuntimeVersion
        self.lockHash = lockHash
        self.toolVersion = toolVersion
        self.created = created
        self.keyID = keyID
    }

    static let requiredKeys = [
        "content_sha256", "key_id", "lock_hash", "min_runtime_version", "model_id", "size", "target",
        "tool_version", "version",
    ]
    static let allKeys = requiredKeys + ["created"]

    /// The manifest as a JSON object (for `--json` output, and the canonical bytes).
    public var json: JSONValue {
        var object = JSONObject()
        object["content_sha256"] = .string(contentSHA256)
        if let created { object["created"] = .string(created) }
        object["key_id"] = .string(keyID)
        object["lock_hash"] = lockHash.map(JSONValue.string) ?? .null
        object["min_runtime_version"] = .string(minRuntimeVersion.description)
        object["model_id"] = .string(modelID)
        object["size"] = .int(size)
        object["target"] = .string(target)
        object["tool_version"] = .string(toolVersion)
        object["version"] = .string(version.description)
        return .object(object)
    }

    /// The bytes stored in (and signed with) the package.
    public var canonicalBytes: [UInt8] {
        try! JSONWriter(sortedKeys: true).bytes(json)  // no floating-point numbers: cannot fail
    }

    /// Reads a manifest, checking every field and that the bytes are the canonical form.
    /// The error is a reason for `PackageDefect.badManifest`.
    public static func parse(_ bytes: [UInt8]) -> Result<PackageManifest, ManifestProblem> {
        do {
            let root = JSONCursor(try JSONParser().parse(bytes))
            try root.rejectUnknownKeys(allowed: allKeys)
            func text(_ key: String, _ isValid: (String) -> Bool, _ expected: String) throws -> String {
                let value = try root[key].string()
                guard isValid(value) else { throw root[key].invalid("expected \(expected), got \(JSONWriter.quoted(value))") }
                return value
            }
            func version(_ key: String) throws -> SemanticVersion {
                let value = try root[key].string()
                guard let version = SemanticVersion(value) else {
                    throw root[key].invalid("expected \(SemanticVersion.expectedForm), got \(JSONWriter.quoted(value))")
                }
                return version
            }
            let size = try root["size"].int()
            guard (1...Int(UInt32.max)).contains(size) else { throw root["size"].invalid("must be 1 to \(UInt32.max), got \(size)") }
            let lockHash: String? = try root["lock_hash"].require() == .null
                ? nil : try text("lock_hash", isSHA256Hex, "64 lowercase hex digits or null")
            let manifest = PackageManifest(
                modelID: try text("model_id", isValidModelID, "a model id"),
                version: try version("version"),
                contentSHA256: try text("content_sha256", isSHA256Hex, "64 lowercase hex digits"),
                size: size,
                target: try text("target", isValidTarget, "a target name"),
                minRuntimeVersion: try version("min_runtime_version"),
                lockHash: lockHash,
                toolVersion: try text("tool_version", isValidTarget, "a version"),
                created: try root["created"].optional() == nil
                    ? nil : try text("created", isValidTimestamp, "a UTC time such as 2025-01-31T12:00:00Z"),
                keyID: try text("key_id", { isLowercaseHex($0, count: 16) }, "16 lowercase hex digits"))
            guard manifest.canonicalBytes == bytes else {
                return .failure(ManifestProblem(reason: "not in canonical form (sorted keys, no whitespace)"))
            }
            return .success(manifest)
        } catch let error as JSONError {
            return .failure(ManifestProblem(reason: error.message))
        } catch {
            return .failure(ManifestProblem(reason: "\(error)"))
        }
    }

    // MARK: Field rules

    public static func isValidModelID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Printable ASCII, 1–64 characters, no space at either end.
    public static func isValidTarget(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count), bytes.first != 0x20, bytes.last != 0x20 else { return false }
        return bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }

    public static func isSHA256Hex(_ text: String) -> Bool { isLowercaseHex(text, count: 64) }

    static func isValidTimestamp(_ text: String) -> Bool {
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (byte >= 0x30 && byte <= 0x39) : byte == expected
        }
    }

    static func isLowercaseHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}

/// Why manifest bytes are not a valid manifest.
public struct ManifestProblem: Error, Sendable, Equatable {
    public let reason: String
}
