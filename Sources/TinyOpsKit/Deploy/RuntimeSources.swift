import Foundation

/// TinyOpsRuntime's C sources as this build of tinyops compiled them: embedded at build time
/// by the EmbedRuntimeSources plugin (Plugins/EmbedRuntimeSources) from Sources/TinyOpsRuntime,
/// so a deploy bundle carries byte for byte the code the host runs (`predict`, `eval`), and a
/// `tinyops` binary copied alone elsewhere still has them.
public enum RuntimeSources {
    public struct File: Equatable, Sendable {
        /// Relative to Sources/TinyOpsRuntime: `kernels.c`, `include/tinyops_runtime.h`.
        public let path: String
        public let bytes: [UInt8]

        /// The name without its folder: `tinyops_runtime.h`.
        public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
        public var isSource: Bool { path.hasSuffix(".c") }
        /// A header under include/: the runtime's public API.
        public var isPublicHeader: Bool { path.hasPrefix("include/") }
    }

    /// Every `.c` and `.h` file, sorted by path.
    public static let files: [File] = EmbeddedRuntimeSources.files.map { entry in
        guard let data = Data(base64Encoded: entry.base64) else {
            preconditionFailure("EmbeddedRuntimeSources: \(entry.path) is not valid base64")
        }
        return File(path: entry.path, bytes: [UInt8](data))
    }

    /// The header an application includes for feature blocks and for blobs.
    static let featuresHeader = "tinyops_features.h"
    static let blobHeader = "tinyops_blob.h"
}
