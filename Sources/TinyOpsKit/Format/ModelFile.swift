/// A `.tflite` file read from disk: the decoded model and the facts about the file.
public struct LoadedModel: Sendable {
    public let path: String
    public let fileBytes: Int
    public let model: Model
}

/// Reading and writing `.tflite` files, with errors that name the file.
public enum ModelFile {
    public static func load(_ path: String) throws -> LoadedModel {
        let bytes = try FileBytes.read(path)
        do {
            return LoadedModel(path: path, fileBytes: bytes.count, model: try TFLiteReader.decode(bytes))
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
    }

    /// Writes atomically: a failure leaves any existing file at `path` untouched.
    public static func save(_ model: Model, to path: String) throws {
        let bytes: [UInt8]
        do {
            bytes = try TFLiteWriter.encode(model)
        } catch let error as any UserFacingError {
            throw FileError(path: path, reason: error)
        }
        try AtomicFile.write(bytes, to: path)
    }
}
