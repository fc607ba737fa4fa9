/// `tinyops deploy`'s answer, for people and for scripts.
extension DeployResult {
    public func json() -> JSONValue {
        var object: JSONObject = [
            "format": .string(options.format.rawValue),
            "name": .string(options.prefix.name),
            "out": .string(options.outputDirectory),
            "written": .bool(!refused),
            "model": ["path": .string(modelPath), "bytes": .int(modelBytes), "sha256": .string(modelSHA256)],
            "files": .array(files.map { ["path": .string($0.path), "bytes": .int($0.bytes.count), "sha256": .string(SHA256.hex($0.bytes))] }),
            "operators": .array(operators.map { .string($0.name) }),
            "tinyops_arena_bytes": tinyopsArenaBytes.map(JSONValue.int) ?? .null,
        ]
        if let preparedBytes { object["prepared_bytes"] = .int(preparedBytes) }
        if let tflmArenaBytes {
            object["tflm_arena_bytes"] = .int(tflmArenaBytes)
            object["tflm_core"] = .string(options.tflmCore.rawValue)
        }
        if let depfile = options.depfile, !refused { object["depfile"] = .string(depfile) }
        if let check { object["check"] = check.json() }
        return .object(object)
    }

    /// Lines for the terminal (stdout).
    public func text() -> String {
        if refused, let check {
            return check.text()
        }
        let total = files.reduce(0) { $0 + $1.bytes.count }
        var lines = ["wrote \(options.outputDirectory) (\(options.format.rawValue), \(files.count) file\(files.count == 1 ? "" : "s"), \(total) bytes) "
            + "from \(modelPath) (sha256 \(modelSHA256.prefix(16))…)"]
        if !operators.isEmpty { lines.append("operators: " + operators.map(\.name).joined(separator: ", ")) }
        if let tinyopsArenaBytes, let preparedBytes {
            lines.append("TinyOpsRuntime arena: \(tinyopsArenaBytes) bytes (exact, activations only); prepared image: \(preparedBytes) bytes of flash")
        } else if let tinyopsArenaBytes {
            lines.append("TinyOpsRuntime arena: \(tinyopsArenaBytes) bytes (exact)")
        }
        if let tflmArenaBytes {
            lines.append("TFLite Micro arena: \(tflmArenaBytes) bytes (estimate for \(options.tflmCore.rawValue) with CMSIS-NN)")
        }
        if let check, !check.passes { lines.append("check against \(check.options.target.name) FAILED; written anyway (--force)") }
        if let depfile = options.depfile { lines.append("depfile: \(depfile)") }
        return lines.joined(separator: "\n") + "\n"
    }
}
