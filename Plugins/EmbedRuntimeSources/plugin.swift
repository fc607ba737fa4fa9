import Foundation
import PackagePlugin

/// Embeds files into TinyOpsKit at build time, so a `tinyops` binary copied alone into another
/// folder still has them:
/// - TinyOpsRuntime's C sources, so `tinyops deploy` ships exactly the files the host compiles
///   (one source of truth);
/// - the project templates of `tinyops init`: the model specs under models/ and the bundled
///   examples' tinyops.json, README and data (the audio example's first five clips per label).
///
/// Each build command lists its files as inputs: editing, adding or removing one regenerates
/// the Swift file on the next build.
@main
struct EmbedRuntimeSources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL.standardizedFileURL
        let root = package.appending(path: "Sources/TinyOpsRuntime").standardizedFileURL
        let files = try Self.files(under: root) { ["c", "h"].contains($0.pathExtension) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuntimeSources.swift")
        let templates = try Self.templateFiles(in: package)
        let templatesOutput = context.pluginWorkDirectoryURL.appending(path: "EmbeddedTemplates.swift")
        let tool = try context.tool(named: "embed-runtime-sources").url
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) TinyOpsRuntime sources",
                executable: tool,
                arguments: [output.path, "EmbeddedRuntimeSources", root.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
            .buildCommand(
                displayName: "Embedding \(templates.count) project template files",
                executable: tool,
                arguments: [templatesOutput.path, "EmbeddedTemplates", package.path] + templates.map(\.path),
                inputFiles: templates,
                outputFiles: [templatesOutput]),
        ]
    }

    /// models/*.json and, per example, tinyops.json, README.md and its data.
    static func templateFiles(in package: URL) throws -> [URL] {
        var result = try files(under: package.appending(path: "models")) { $0.pathExtension == "json" }
        for example in ["imu-activity", "digits", "audio-keywords"] {
            let folder = package.appending(path: "examples/" + example)
            result += ["tinyops.json", "README.md"].map { folder.appending(path: $0).standardizedFileURL }
        }
        result += try files(under: package.appending(path: "examples/imu-activity/data")) { $0.pathExtension == "csv" }
        result += try files(under: package.appending(path: "examples/digits/arrays")) { _ in true }
        // Five clips per label keep the binary small; the full example has ten.
        let clips = try files(under: package.appending(path: "examples/audio-keywords/data")) { $0.pathExtension == "wav" }
        let byLabel = Dictionary(grouping: clips) { $0.deletingLastPathComponent().lastPathComponent }
        result += byLabel.keys.sorted().flatMap { byLabel[$0]!.prefix(5) }
        return result
    }

    /// The regular files under `root` that `keep` accepts, sorted by path.
    static func files(under root: URL, keep: (URL) -> Bool) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw PluginFailure(message: "EmbedRuntimeSources: cannot list \(root.path)")
        }
        var files: [URL] = []
        for case let url as URL in walker where keep(url) && !url.hasDirectoryPath {
            files.append(url.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }
}

struct PluginFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
