import Foundation

/// `tinyops init`: scaffolds a project that runs as it is, from the bundled examples embedded
/// in the binary at build time (EmbeddedTemplates: their tinyops.json, README and data, and the
/// model specs), so it works from a `tinyops` copied anywhere.
public enum ProjectTemplates {
    public enum Kind: String, CaseIterable, Sendable {
        /// Accelerometer + gyroscope CSV recordings, a 1-D CNN.
        case imu
        /// Spoken keywords as WAV, an MFCC front end and a DS-CNN.
        case audio
        /// 8×8 digit images as arrays, a small 2-D CNN.
        case image

        var example: String {
            switch self {
            case .imu: return "imu-activity"
            case .audio: return "audio-keywords"
            case .image: return "digits"
            }
        }
    }

    public enum Failure: UserFacingError, Equatable {
        case notEmpty(directory: String)
        case missing(path: String)

        public var message: String {
            switch self {
            case .notEmpty(let directory): return "\(directory): the folder is not empty; tinyops init writes into a new or empty folder"
            case .missing(let path): return "the template file \(path) is not embedded in this build of tinyops"
            }
        }
    }

    static let files: [String: [UInt8]] = Dictionary(uniqueKeysWithValues: EmbeddedTemplates.files.map { entry in
        (entry.path, [UInt8](Data(base64Encoded: entry.base64) ?? Data()))
    })

    /// Writes the project into `directory` (created if needed; it must be empty) and returns the
    /// relative paths written. The example's spec path (`../../models/x.json`) becomes
    /// `models/x.json`, next to a copy of the spec.
    @discardableResult
    public static func scaffold(_ kind: Kind, into directory: String) throws -> [String] {
        let manager = FileManager.default
        if let contents = try? manager.contentsOfDirectory(atPath: directory), !contents.isEmpty {
            throw Failure.notEmpty(directory: directory)
        }
        let prefix = "examples/\(kind.example)/"
        guard let configBytes = files[prefix + "tinyops.json"] else { throw Failure.missing(path: prefix + "tinyops.json") }
        var config = String(decoding: configBytes, as: UTF8.self)
        var written: [String: [UInt8]] = [:]
        if let range = config.range(of: #""\.\./\.\./models/[A-Za-z0-9_]+\.json""#, options: .regularExpression) {
            let spec = String(config[range].dropFirst(7).dropLast())  // models/x.json
            guard let bytes = files[spec] else { throw Failure.missing(path: spec) }
            written[spec] = bytes
            config.replaceSubrange(range, with: "\"\(spec)\"")
        }
        written["tinyops.json"] = Array(config.utf8)
        for (path, bytes) in files where path.hasPrefix(prefix) && !path.hasSuffix("tinyops.json") {
            written[String(path.dropFirst(prefix.count))] = bytes
        }
        written[".gitignore"] = Array("build/\n.tinyops/\n".utf8)
        for (path, bytes) in written {
            let full = directory + "/" + path
            try manager.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(bytes, to: full)
        }
        return written.keys.sorted()
    }
}
