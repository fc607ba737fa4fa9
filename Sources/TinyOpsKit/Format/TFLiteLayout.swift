/// Where a `.tflite` file keeps its buffers' data, and what each buffer holds: what
/// `tinyops diff` needs to copy unchanged buffers from the old model and to say which
/// tensors a patch changes. Only buffers with data inside the FlatBuffer are listed (not
/// the empty sentinel, not data stored after the FlatBuffer by offset).
public struct TFLiteLayout: Sendable, Equatable {
    public struct Buffer: Sendable, Equatable {
        /// Index in `Model.buffers`.
        public var index: Int
        /// The data bytes in the file.
        public var range: Range<Int>
        /// Who uses it: tensor names, or `metadata 'tinyops'`.
        public var owners: [String]

        /// The owners for a message: the first name, and how many more.
        public var label: String {
            guard let first = owners.first else { return "buffer \(index)" }
            return owners.count == 1 ? first : "\(first) (+\(owners.count - 1) more)"
        }
    }

    public var buffers: [Buffer]

    /// Reads the layout of a `.tflite` (checked by `FlatBufferReader`; errors are its own).
    public static func read(_ bytes: [UInt8]) throws -> TFLiteLayout {
        let fb = FlatBufferReader(bytes: bytes)
        let root = try fb.root(fileIdentifier: TFLiteReader.fileIdentifier, rootName: "Model")
        let tables = try fb.tables(root, 4, name: "buffers")
        var owners = [[String]](repeating: [], count: tables.count)
        for (s, subgraph) in try fb.tables(root, 2, name: "subgraphs").enumerated() {
            for tensor in try fb.tables(subgraph, 0, name: "subgraphs[\(s)].tensors") {
                let buffer: UInt32 = try fb.scalar(tensor, 2)
                if buffer > 0, Int(buffer) < owners.count {
                    owners[Int(buffer)].append(try fb.string(tensor, 3, name: "name") ?? "tensor")
                }
            }
        }
        for entry in try fb.tables(root, 6, name: "metadata") {
            let buffer: UInt32 = try fb.scalar(entry, 1)
            if Int(buffer) < owners.count {
                owners[Int(buffer)].append("metadata '\(try fb.string(entry, 0, name: "name") ?? "")'")
            }
        }
        var buffers: [Buffer] = []
        for (index, table) in tables.enumerated() {
            guard let data = try fb.vector(table, 0, name: "data", elementSize: 1), data.count > 0 else { continue }
            buffers.append(Buffer(index: index, range: data.start..<(data.start + data.count), owners: owners[index]))
        }
        return TFLiteLayout(buffers: buffers)
    }
}
