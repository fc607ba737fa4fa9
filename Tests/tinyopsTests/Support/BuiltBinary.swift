import Foundation
@testable import tinyops

/// The `tinyops` executable that `swift test` built alongside the test bundle.
///
/// SwiftPM puts executables and the test bundle in the same products directory, whatever
/// `--build-path`, configuration or triple is used; so the binary is looked for next to
/// the running test bundle first. `TINYOPS_BINARY` overrides the search (for testing an
/// installed binary), and the `.build/debug` of this package is the last resort.
enum BuiltBinary {
    static let url: URL? = candidates().first { isExecutable($0) }

    static func candidates() -> [URL] {
        var urls: [URL] = []
        if let override = ProcessInfo.processInfo.environment["TINYOPS_BINARY"] {
            urls.append(URL(fileURLWithPath: override))
        }
        var directories: [URL] = []
        // Linux: the bundle is the folder holding the test executable. macOS: the bundle
        // is `…/debug/<name>.xctest`, so the products directory is its parent.
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let executable = Bundle.main.executableURL {
            directories.append(executable.deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        urls += directories.map { $0.appendingPathComponent("tinyops") }
        // Tests/tinyopsTests/Support/BuiltBinary.swift → package root.
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        urls.append(packageRoot.appendingPathComponent(".build/debug/tinyops"))
        return urls
    }

    private static func isExecutable(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: url.path)
    }

    /// Runs the binary; stdout and stderr go to temporary files, so that neither pipe can
    /// fill up and block the child while the test waits on the other.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        guard let url else { throw Missing(searched: candidates().map(\.path)) }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("tinyops-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()

        guard let code = ExitCode(rawValue: process.terminationStatus) else {
            throw UnexpectedStatus(status: process.terminationStatus)
        }
        return Outcome(
            code: code,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    struct Missing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "built tinyops binary not found; searched:\n" + searched.joined(separator: "\n")
        }
    }

    struct UnexpectedStatus: Error {
        let status: Int32
    }
}
