import Foundation

/// Puts a deploy output on disk: the whole `--out` directory at once (`AtomicDirectory`), with
/// a manifest (`.tinyops-deploy`: the sha256 and path of every file) that marks it as deploy's
/// own; then the make depfile (`AtomicFile`). An existing `--out` is replaced only when that
/// manifest shows a previous deploy wrote it, so a mistyped `--out src` cannot wipe sources.
enum DeployWriter {
    static let markerName = ".tinyops-deploy"

    static func manifest(_ files: [GeneratedFile]) -> [UInt8] {
        var text = "tinyops deploy output: this directory is replaced as a whole by the next deploy.\n"
        for file in files { text += "\(SHA256.hex(file.bytes))  \(file.path)\n" }
        return Array(text.utf8)
    }

    /// Writes `files` into `directory`, replacing it whole. Throws, leaving `directory` as it
    /// was, when it exists and deploy did not write it, or on any I/O error.
    static func write(_ files: [GeneratedFile], to directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DeployError.outputIsFile(path: directory) }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard contents.isEmpty || FileManager.default.fileExists(atPath: directory + "/" + markerName) else {
                throw DeployError.notADeployDirectory(path: directory)
            }
        }
        try AtomicDirectory.write(to: directory) { temporary in
            var made: Set<String> = []
            for file in files + [GeneratedFile(markerName, bytes: manifest(files))] {
                let parts = file.path.split(separator: "/").dropLast()
                var folder = temporary
                for part in parts {
                    folder += "/" + part
                    if made.insert(folder).inserted {
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
                    }
                }
                try AtomicFile.write(file.bytes, to: temporary + "/" + file.path)
            }
        }
    }

    /// A make rule: every output depends on the model and on the tool that wrote it.
    static func depfile(outputs: [String], dependencies: [String]) -> [UInt8] {
        let targets = outputs.map(escape).joined(separator: " \\\n ")
        let prerequisites = dependencies.map(escape).joined(separator: " \\\n ")
        return Array("\(targets): \\\n \(prerequisites)\n".utf8)
    }

    /// A path as GNU make reads it in a rule: spaces and `#` escaped, `$` doubled.
    static func escape(_ path: String) -> String {
        var out = ""
        for character in path {
            switch character {
            case " ", "#": out += "\\" + String(character)
            case "$": out += "$$"
            default: out.append(character)
            }
        }
        return out
    }

    /// `a/b/` and `./a/b` as one spelling, for comparing paths (no symlink resolution).
    static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
