#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a dataset directory in one piece (see `AtomicDirectory`): `x.npy`, `y.npy`,
/// `dataset.json`, and the serial captures under `captures/`.
enum DatasetWriter {
    /// - Parameters:
    ///   - captures: new serial captures, by source path (`captures/<label>/serial-….csv`).
    ///   - carrying: when appending, the old dataset directory and manifest, whose captures
    ///     are copied into the new directory.
    static func write(
        _ dataset: AssembledDataset, to output: String, captures: [(source: String, bytes: [UInt8])],
        carrying: (directory: String, manifest: DatasetManifest)?
    ) throws {
        var files: [(path: String, bytes: [UInt8])] = captures.map { ($0.source, $0.bytes) }
        if let carrying {
            for entry in carrying.manifest.recordings where entry.kind == .serial && !files.contains(where: { $0.path == entry.source }) {
                let components = entry.source.split(separator: "/")
                guard !entry.source.hasPrefix("/"), !components.contains("..") else {
                    throw DatasetError.manifestInconsistent(
                        file: Dataset.join(carrying.directory, DatasetManifest.fileName),
                        reason: "capture path '\(entry.source)' is outside the dataset")
                }
                let bytes = try FileBytes.read(Dataset.join(carrying.directory, entry.source))
                guard SHA256.hex(bytes) == entry.sha256 else {
                    throw DatasetError.hashMismatch(
                        file: Dataset.join(carrying.directory, entry.source), expected: entry.sha256, found: SHA256.hex(bytes))
                }
                files.append((entry.source, bytes))
            }
        }
        let manifestBytes: [UInt8]
        do {
            manifestBytes = try JSONWriter(pretty: true, inlineStrings: true).bytes(dataset.manifest.json()) + [0x0A]
        } catch {
            throw FileError(path: Dataset.join(output, DatasetManifest.fileName), reason: error)
        }
        try AtomicDirectory.write(to: output) { directory in
            for file in files {
                try makeParents(of: file.path, in: directory)
                try AtomicFile.write(file.bytes, to: Dataset.join(directory, file.path))
            }
            try AtomicFile.write(dataset.xBytes, to: Dataset.join(directory, dataset.manifest.x.path))
            try AtomicFile.write(dataset.yBytes, to: Dataset.join(directory, dataset.manifest.y.path))
            try AtomicFile.write(manifestBytes, to: Dataset.join(directory, DatasetManifest.fileName))
        }
    }

    /// Creates the folders of a relative path inside `directory`.
    private static func makeParents(of path: String, in directory: String) throws {
        var current = directory
        for component in path.split(separator: "/").dropLast() {
            current = Dataset.join(current, String(component))
            if mkdir(current, 0o777) != 0 && errno != EEXIST {
                throw FileSystemError.from(errno: errno, path: current, operation: .write)
            }
        }
    }
}
