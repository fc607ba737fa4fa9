// swift-tools-version:6.0
// Crypto benchmark: tinyops' SHA-256, SHA-512 and Ed25519 (run with bench/crypto/run.sh).
// A separate package so the main package gains no benchmark product; it depends only on
// the tinyops package in this repository.
import PackageDescription

let package = Package(
    name: "crypto-bench",
    dependencies: [.package(name: "tinyops", path: "../..")],
    targets: [
        .executableTarget(
            name: "crypto-bench",
            dependencies: [.product(name: "TinyOpsKit", package: "tinyops")],
            path: "Sources"),
    ]
)
