extension JSONValue {
    /// Reads and parses the JSON file at `path`.
    ///
    /// Throws `FileSystemError` if the file cannot be read, or `FileError`
    /// wrapping a `JSONError` (`tinyops.json: line 3, column 14: …`).
    public init(contentsOf path: String) throws {
        let bytes = try FileBytes.read(path)
        do {
            self = try JSONParser().parse(bytes)
        } catch {
            throw FileError(path: path, reason: error)
        }
    }

    /// Writes this value as JSON plus a final newline, atomically (see
    /// `AtomicFile`). Pretty by default, since written files are for people.
    ///
    /// Throws `FileError` wrapping `JSONError.nonFiniteNumber`, or
    /// `FileSystemError`.
    public func write(to path: String, pretty: Bool = true, sortedKeys: Bool = false) throws {
        var bytes: [UInt8]
        do {
            bytes = try JSONWriter(pretty: pretty, sortedKeys: sortedKeys).bytes(self)
        } catch {
            throw FileError(path: path, reason: error)
        }
        bytes.append(0x0A)
        try AtomicFile.write(bytes, to: path)
    }
}
