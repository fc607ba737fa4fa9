import Foundation
import PackagePlugin

/// Embeds TinyOpsRuntime's C sources into TinyOpsKit at build time, so that `tinyops deploy`
/// ships exactly the files the host compiles (one source of truth) and a `tinyops` binary
/// copied alone into another folder still has them.
///
/// The build command lists every runtime file as an input: editing, adding or removing one
/// regenerates `EmbeddedRuntimeSources.swift` on the next build.
@main
struct EmbedRuntimeSources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "Sources/TinyOpsRuntime").standardizedFileURL
        let files = try Self.runtimeFiles(under: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuntimeSources.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) TinyOpsRuntime sources",
                executable: try context.tool(named: "embed-runtime-sources").url,
                arguments: [output.path, root.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
        ]
    }

    /// Every `.c` and `.h` file of the runtime target, sorted by path.
    static func runtimeFiles(under root: URL) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw PluginFailure(message: "EmbedRuntimeSources: cannot list \(root.path)")
        }
        var files: [URL] = []
        for case let url as URL in walker where ["c", "h"].contains(url.pathExtension) {
            files.append(url.standardizedFileURL)
        }
        return files.sorted { $0.path < $1.path }
    }
}

struct PluginFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
