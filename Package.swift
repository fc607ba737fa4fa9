// swift-tools-version:6.0
// tinyops: a TinyMLOps toolchain. No third-party package dependencies, by design.
import PackageDescription

let package = Package(
    name: "tinyops",
    products: [
        .library(name: "TinyOpsKit", targets: ["TinyOpsKit"]),
        .executable(name: "tinyops", targets: ["tinyops"]),
    ],
    targets: [
        // C99 int8 interpreter: the same sources run on the host and ship to the microcontroller.
        .target(name: "TinyOpsRuntime"),
        // The runtime's sources, embedded into TinyOpsKit for `tinyops deploy` (one source of truth).
        .executableTarget(name: "embed-runtime-sources"),
        .plugin(name: "EmbedRuntimeSources", capability: .buildTool(), dependencies: ["embed-runtime-sources"]),
        .target(name: "TinyOpsKit", dependencies: ["TinyOpsRuntime"], plugins: ["EmbedRuntimeSources"]),
        .executableTarget(name: "tinyops", dependencies: ["TinyOpsKit"]),
        .testTarget(name: "TinyOpsKitTests", dependencies: ["TinyOpsKit"]),
        .testTarget(name: "tinyopsTests", dependencies: ["tinyops", "TinyOpsKit"]),
    ],
    cLanguageStandard: .c99
)
