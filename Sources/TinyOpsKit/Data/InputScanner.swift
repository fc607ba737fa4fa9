import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A recording file found in the inputs.
struct InputFile: Sendable, Equatable {
    /// The path as found, for reading and for messages.
    var path: String
    /// The path relative to its input root: the recording's name in the dataset.
    var source: String
    /// The label folder: the first folder below the input root, if the file is inside one.
    var folder: String?
    var kind: RecordingKind
}

/// Finds the recordings in the command line's inputs.
///
/// - A folder is an input root. Each file below it is a recording named by its path relative
///   to the root (`walking/rec1.csv`); the first folder below the root is its label folder,
///   also for files further down (`walking/day2/rec1.csv` is labelled `walking`).
/// - A file is named `<its folder>/<its name>`, as if its parent's parent were the root, so
///   `data/walking/rec1.csv` given alone is the same recording as within `data/`.
/// - `.csv`, `.wav` and `.npy` files (any case) are recordings; hidden files and folders (a
///   leading `.`) are ignored, and so is the dataset being written if it sits inside an input
///   folder; other files are listed in `skipped`.
/// - Files are visited in byte order of their paths, so the result does not depend on the
///   file system's order.
struct InputScanner {
    var files: [InputFile] = []
    var skipped: [String] = []
    /// First-level folders of an input root holding no recording: labels with no samples.
    var emptyFolders: [(path: String, name: String)] = []

    /// The dataset directory being written, as an absolute standardized path.
    private let excluded: String?
    /// Folders already scanned, by real path.
    private var visited = Set<String>()

    init(inputs: [String], excluding output: String? = nil) throws {
        excluded = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var seen: [String: String] = [:]
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw FileSystemError.noSuchFile(path: input)
            }
            if isDirectory.boolValue {
                try scanRoot(input)
            } else if let kind = RecordingKind.forFile(input) {
                let url = URL(fileURLWithPath: input).standardizedFileURL
                let parent = url.deletingLastPathComponent().lastPathComponent
                let hasParent = !parent.isEmpty && parent != "/"
                files.append(InputFile(
                    path: input, source: hasParent ? parent + "/" + url.lastPathComponent : url.lastPathComponent,
                    folder: hasParent ? parent : nil, kind: kind))
            } else {
                skipped.append(input)
            }
        }
        for file in files {
            if let first = seen[file.source] {
                throw DatasetError.duplicateSource(source: file.source, first: first, second: file.path)
            }
            seen[file.source] = file.path
        }
    }

    private mutating func scanRoot(_ root: String) throws {
        if let real = realpath(root, nil) {
            visited.insert(String(cString: real))
            free(real)
        }
        for entry in try Self.entries(root) {
            let path = Self.join(root, entry.name)
            if entry.isDirectory {
                if isExcluded(path) { continue }
                let before = files.count
                try scanFolder(path, source: entry.name, label: entry.name)
                if files.count == before { emptyFolders.append((path, entry.name)) }
            } else {
                add(path: path, source: entry.name, folder: nil)
            }
        }
    }

    private mutating func scanFolder(_ folder: String, source: String, label: String) throws {
        // A symbolic link back up the tree would otherwise be followed forever.
        guard let real = realpath(folder, nil) else { throw FileSystemError.from(errno: errno, path: folder, operation: .read) }
        defer { free(real) }
        guard visited.insert(String(cString: real)).inserted else { return }
        for entry in try Self.entries(folder) {
            let path = Self.join(folder, entry.name)
            let childSource = source + "/" + entry.name
            if entry.isDirectory {
                if isExcluded(path) { continue }
                try scanFolder(path, source: childSource, label: label)
            } else {
                add(path: path, source: childSource, folder: label)
            }
        }
    }

    private mutating func add(path: String, source: String, folder: String?) {
        if let kind = RecordingKind.forFile(source) {
            files.append(InputFile(path: path, source: source, folder: folder, kind: kind))
        } else {
            skipped.append(path)
        }
    }

    private func isExcluded(_ path: String) -> Bool {
        excluded == URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The visible entries of a folder in byte order of their names.
    private static func entries(_ folder: String) throws -> [(name: String, isDirectory: Bool)] {
        guard let directory = opendir(folder) else { throw FileSystemError.from(errno: errno, path: folder, operation: .read) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            names.append(name)
        }
        return names.filter { !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { name in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: join(folder, name), isDirectory: &isDirectory)
                return (name, isDirectory.boolValue)
            }
    }
}
