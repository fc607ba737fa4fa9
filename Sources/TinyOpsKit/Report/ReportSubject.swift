/// One model in a report: the file, its `tinyops` metadata, and its check against the target.
struct ReportSubject {
    let path: String
    let loaded: LoadedModel
    let sha256: String
    let metadata: JSONValue?
    let check: CheckReport

    init(path: String, options: CheckOptions) throws {
        self.path = path
        let bytes = try FileBytes.read(path)
        do {
            loaded = LoadedModel(path: path, fileBytes: bytes.count, model: try TFLiteReader.decode(bytes))
            metadata = try loaded.model.tinyopsMetadata()
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        sha256 = SHA256.hex(bytes)
        check = try ModelCheck.run(loaded, modelBytes: bytes, options: options)
    }

    var name: String { String(path.split(separator: "/").last ?? Substring(path)) }

    var isInt8: Bool { loaded.model.main.tensors.contains { $0.type == .int8 } }

    /// `#3 CONV_2D`, the label of operator `index` in per-layer charts.
    func layerLabel(_ index: Int) -> String { "#\(index) \(loaded.model.main.operators[index].opcode.name)" }

    /// Per-epoch series from the metadata's `history`, if the model was trained by tinyops.
    func history(_ key: String) -> [(x: Double, y: Double)] {
        guard let values = metadata?["history"]?[key]?.arrayValue else { return [] }
        return values.enumerated().compactMap { index, value in value.doubleValue.map { (Double(index + 1), $0) } }
    }

    var labels: [String] { metadata?["labels"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    var confusion: [[Int]]? {
        guard let rows = metadata?["metrics"]?["confusion_matrix"]?.arrayValue else { return nil }
        let matrix = rows.map { $0.arrayValue?.compactMap(\.intValue) ?? [] }
        return matrix.count == labels.count && matrix.allSatisfy({ $0.count == labels.count }) ? matrix : nil
    }

    /// Per-layer quantization error recorded by `tinyops quantize`: (layer index, SQNR dB).
    var quantizationError: [(index: Int, sqnr: Double?)] {
        guard let layers = metadata?["quantization"]?["layers"]?.arrayValue else { return [] }
        return layers.compactMap { layer in
            layer["index"]?.intValue.map { ($0, layer["sqnr_db"]?.doubleValue) }
        }
    }

    /// Bytes of planned buffers live while each operator runs (the TFLM plan for the target).
    var arenaInUse: [Int] {
        guard let plan = check.memory.tflmDevice else { return [] }
        return (0..<loaded.model.main.operators.count).map { op in
            plan.plannedBuffers.filter { $0.firstUse <= op && op <= $0.lastUse }.reduce(0) { $0 + $1.bytes }
        }
    }
}
