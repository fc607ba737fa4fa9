import Foundation

/// `tinyops diff OLD.tflite NEW.tflite -o PATCH`: the model patch that turns OLD into NEW,
/// checked by applying it before it is written, and what it changes.
public enum DiffJob {
    public static func run(old oldPath: String, new newPath: String, output: String) throws -> DiffReport {
        let old = try FileBytes.read(oldPath), new = try FileBytes.read(newPath)
        func layout(_ bytes: [UInt8], _ path: String) throws -> TFLiteLayout {
            do {
                _ = try TFLiteReader.decode(bytes)
                return try TFLiteLayout.read(bytes)
            } catch let error as any UserFacingError {
                throw FileError(path: path, reason: error)
            }
        }
        let oldLayout = try layout(old, oldPath), newLayout = try layout(new, newPath)
        let patch = ModelDiff.patch(old: old, new: new, oldLayout: oldLayout, newLayout: newLayout)
        let bytes = patch.bytes
        // The patch is applied once here, with the device's checks, before anyone downloads it.
        let rebuilt = try ModelPatch.apply(bytes, to: old)
        precondition(rebuilt == new, "ModelDiff made a patch that does not rebuild the new model")
        try AtomicFile.write(bytes, to: output)
        return DiffReport(old: oldPath, new: newPath, output: output, oldBytes: old.count, newBytes: new.count,
                          patchBytes: bytes.count, oldSHA256: Hex.encode(patch.oldSHA256), newSHA256: Hex.encode(patch.newSHA256),
                          patch: patch, layout: newLayout, gzipNewBytes: GzipSize.compressedSize(of: new))
    }
}

/// What a patch holds: sizes, and which buffers of the new model it changes.
public struct DiffReport: Sendable {
    public struct BufferChange: Sendable, Equatable {
        public var label: String
        public var bytes: Int
        /// Bytes of the buffer the patch carries (the rest is copied from the old model).
        public var inserted: Int
    }

    public var old: String
    public var new: String
    public var output: String
    public var oldBytes: Int
    public var newBytes: Int
    public var patchBytes: Int
    public var oldSHA256: String
    public var newSHA256: String
    public var copyOperations: Int
    public var insertOperations: Int
    public var copiedBytes: Int
    public var insertedBytes: Int
    /// Buffers with inserted bytes, in file order.
    public var changedBuffers: [BufferChange]
    public var unchangedBuffers: Int
    public var unchangedBufferBytes: Int
    /// Inserted bytes outside buffer data: tables, vectors, strings, padding.
    public var insertedStructure: Int
    /// `gzip -9` of the new model: what a compressed full download costs (nil without gzip).
    public var gzipNewBytes: Int?

    init(old: String, new: String, output: String, oldBytes: Int, newBytes: Int, patchBytes: Int, oldSHA256: String,
         newSHA256: String, patch: ModelPatch, layout: TFLiteLayout, gzipNewBytes: Int?) {
        self.old = old
        self.new = new
        self.output = output
        self.oldBytes = oldBytes
        self.newBytes = newBytes
        self.patchBytes = patchBytes
        self.oldSHA256 = oldSHA256
        self.newSHA256 = newSHA256
        self.gzipNewBytes = gzipNewBytes
        var inserted: [Range<Int>] = []
        var position = 0, copies = 0
        for operation in patch.operations {
            if case .insert = operation { inserted.append(position..<(position + operation.count)) } else { copies += 1 }
            position += operation.count
        }
        copyOperations = copies
        insertOperations = inserted.count
        insertedBytes = patch.insertedBytes
        copiedBytes = patch.copiedBytes
        var changed: [BufferChange] = [], unchanged = 0, unchangedBytes = 0, inBuffers = 0
        for buffer in layout.buffers.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            let overlap = inserted.reduce(0) { $0 + max(0, min($1.upperBound, buffer.range.upperBound) - max($1.lowerBound, buffer.range.lowerBound)) }
            if overlap > 0 {
                changed.append(BufferChange(label: buffer.label, bytes: buffer.range.count, inserted: overlap))
                inBuffers += overlap
            } else {
                unchanged += 1
                unchangedBytes += buffer.range.count
            }
        }
        changedBuffers = changed
        unchangedBuffers = unchanged
        unchangedBufferBytes = unchangedBytes
        insertedStructure = insertedBytes - inBuffers
    }

    /// Patch bytes as a share of the new model.
    public var ratio: Double { newBytes > 0 ? Double(patchBytes) / Double(newBytes) : 0 }

    public func json() -> JSONValue {
        [
            "old": .string(old), "new": .string(new), "patch": .string(output),
            "old_bytes": .int(oldBytes), "new_bytes": .int(newBytes), "patch_bytes": .int(patchBytes),
            "patch_ratio": .number(ratio), "gzip_new_bytes": gzipNewBytes.map(JSONValue.int) ?? .null,
            "old_sha256": .string(oldSHA256), "new_sha256": .string(newSHA256),
            "copy_operations": .int(copyOperations), "insert_operations": .int(insertOperations),
            "copied_bytes": .int(copiedBytes), "inserted_bytes": .int(insertedBytes),
            "changed_buffers": .array(changedBuffers.map { ["name": .string($0.label), "bytes": .int($0.bytes), "inserted": .int($0.inserted)] }),
            "unchanged_buffers": .int(unchangedBuffers), "unchanged_buffer_bytes": .int(unchangedBufferBytes),
            "inserted_structure_bytes": .int(insertedStructure),
        ]
    }

    public func text() -> String {
        func n(_ value: Int) -> String { String(value) }
        let percent = String(format: "%.1f%%", ratio * 100)
        let gzip = gzipNewBytes.map { "; gzip -9 of the new model: \($0) bytes" } ?? ""
        var lines = [
            "patch   \(output): \(patchBytes) bytes (\(percent) of the new model's \(newBytes) bytes\(gzip))",
            "from    \(old) (\(oldBytes) bytes, sha256 \(oldSHA256.prefix(16))…)",
            "to      \(new) (\(newBytes) bytes, sha256 \(newSHA256.prefix(16))…)",
            "copies  \(copiedBytes) bytes from the old model in \(copyOperations) run(s); carries \(insertedBytes) new bytes in \(insertOperations) run(s)",
        ]
        if changedBuffers.isEmpty {
            lines.append("no buffer changed")
        } else {
            func cut(_ label: String) -> String { label.count <= 48 ? label : label.prefix(47) + "…" }
            let width = max(14, changedBuffers.map { cut($0.label).count }.max() ?? 0)
            lines.append("")
            lines.append("changed buffer".padding(toLength: width, withPad: " ", startingAt: 0) + "    bytes  carried")
            for change in changedBuffers {
                lines.append(cut(change.label).padding(toLength: width, withPad: " ", startingAt: 0) + n(change.bytes).leftPadded(9)
                             + n(change.inserted).leftPadded(9))
            }
        }
        lines.append("unchanged buffers: \(unchangedBuffers) (\(unchangedBufferBytes) bytes, copied)")
        lines.append("tables and other structure: \(insertedStructure) bytes carried")
        return lines.joined(separator: "\n") + "\n"
    }
}
