/// The `tinyops` metadata entry: a JSON object (labels, normalization, dataset hash,
/// lineage, metrics) stored as a TFLite `metadata` entry, so it travels with the model
/// through every tool that keeps metadata (TFLM and LiteRT ignore it).
extension Model {
    public static let tinyopsMetadataName = "tinyops"

    /// The decoded `tinyops` entry, or nil when the model has none.
    public func tinyopsMetadata() throws -> JSONValue? {
        guard let entry = metadata.first(where: { $0.name == Self.tinyopsMetadataName }) else { return nil }
        do {
            return try JSONParser().parse(entry.data)
        } catch {
            throw TFLiteError.invalid(path: "metadata '\(Self.tinyopsMetadataName)'", reason: "not valid JSON: \(error.message)")
        }
    }

    /// Replaces (or adds) the `tinyops` entry. Written compact with sorted keys, so equal
    /// metadata gives equal bytes.
    public mutating func setTinyopsMetadata(_ value: JSONValue) throws {
        let bytes = try JSONWriter(pretty: false, sortedKeys: true).bytes(value)
        if let index = metadata.firstIndex(where: { $0.name == Self.tinyopsMetadataName }) {
            metadata[index].data = bytes
        } else {
            metadata.append(MetadataEntry(name: Self.tinyopsMetadataName, data: bytes))
        }
    }
}
