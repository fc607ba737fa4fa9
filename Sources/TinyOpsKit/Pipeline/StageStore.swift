import Foundation

/// The content-addressed store under `.tinyops/`: every stage run that finished lives in
/// `store/<key>/` (its outputs plus `outcome.json`), so switching back to an earlier
/// configuration is a copy, not a re-run. A stage writes into `tmp/` first and is renamed into
/// the store only when it succeeded, so an interrupted or failing stage leaves nothing behind
/// that could be mistaken for a result; `build/<stage>` gets the outputs the same way.
struct StageStore {
    let project: String
    var root: String { project + "/.tinyops" }
    var build: String { project + "/build" }

    func entry(_ key: String) -> String { root + "/store/" + key }

    func has(_ key: String) -> Bool {
        FileManager.default.fileExists(atPath: entry(key) + "/outcome.json")
    }

    /// A fresh scratch folder for a stage run; leftovers of interrupted runs are removed first.
    func scratch(for key: String) throws -> String {
        let tmp = root + "/tmp"
        let path = tmp + "/\(key)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Moves a finished scratch folder into the store under `key`.
    func commit(_ scratch: String, key: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/store", withIntermediateDirectories: true)
        let target = entry(key)
        if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
        try FileManager.default.moveItem(atPath: scratch, toPath: target)
    }

    func outcome(_ key: String) throws -> JSONValue {
        try JSONValue(contentsOf: entry(key) + "/outcome.json")
    }

    /// Replaces `build/<name>` with the store entry's outputs (hard links when possible, so a
    /// large dataset is not copied), atomically: the old folder stays until the new one is ready.
    func publish(_ key: String, as name: String) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: build, withIntermediateDirectories: true)
        let staging = build + "/.\(name).new", target = build + "/" + name, old = build + "/.\(name).old"
        try? manager.removeItem(atPath: staging)
        try? manager.removeItem(atPath: old)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for relative in try ContentHash.files(in: entry(key)) where relative != "outcome.json" {
            let source = entry(key) + "/" + relative, destination = staging + "/" + relative
            try manager.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if link(source, destination) != 0 { try manager.copyItem(atPath: source, toPath: destination) }
        }
        if manager.fileExists(atPath: target) { try manager.moveItem(atPath: target, toPath: old) }
        try manager.moveItem(atPath: staging, toPath: target)
        try? manager.removeItem(atPath: old)
    }
}
