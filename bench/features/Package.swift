// swift-tools-version:6.0
// Feature-block benchmark: tinyops' Swift and C feature code on the host, and the harness
// sources for the Cortex-M instruction counts (run with bench/features/run.sh). A separate
// package so the main package gains no benchmark product.
import PackageDescription

let package = Package(
    name: "features-bench",
    dependencies: [.package(name: "tinyops", path: "../..")],
    targets: [
        .executableTarget(
            name: "features-bench",
            dependencies: [.product(name: "TinyOpsKit", package: "tinyops")],
            path: "Sources"),
    ]
)
