import Foundation

/// Content hashes for stage keys: a file by its bytes; a folder by its files' relative paths
/// and hashes (sorted, hidden entries skipped), so renaming, adding or editing any file
/// changes it and nothing else does (not timestamps, not the order the OS lists files in).
public enum ContentHash {
    public static func of(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileSystemError.noSuchFile(path: path)
        }
        guard isDirectory.boolValue else { return try SHA256.hex(ofFile: path) }
        var listing = ""
        for relative in try files(in: path) {
            listing += relative + "\u{0}" + (try SHA256.hex(ofFile: path + "/" + relative)) + "\n"
        }
        return SHA256.hex(Array(listing.utf8))
    }

    /// Relative paths of the regular files under `directory`, sorted by UTF-8 bytes.
    public static func files(in directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw FileSystemError.noSuchDirectory(path: directory)
        }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(relative)
            }
        }
        return result.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
