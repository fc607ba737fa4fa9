import Foundation
import TinyOpsKit

/// `tinyops package MODEL.tflite --key KEY --version 1.4.0 --target BOARD -o model.tpk`.
struct PackageCommand: Command {
    static let spec = CommandSpec(
        name: "package",
        abstract: "Sign a model into an update package (.tpk) for over-the-air updates.",
        discussion: """
            Writes a .tpk: a small header, a manifest (model id, version, the model's \
            sha256 and size, target, minimum runtime version, lock hash, tool version, \
            signing key id), the .tflite bytes, and an Ed25519 signature over all of them \
            (format: docs/package-format.md). The same inputs give byte-identical \
            packages; --timestamp records the creation time (SOURCE_DATE_EPOCH when set).

            Example:
              tinyops package kws_int8.tflite --key keys/release.key --version 1.4.0 \\
                  --target nucleo-f746zg -o kws-1.4.0.tpk
            """,
        options: [
            .option("key", value: "path", required: true, help: "The secret key file from 'tinyops keygen'."),
            .option("version", value: "semver", required: true, help: "The model's semantic version, such as 1.4.0."),
            .option("target", value: "name", required: true, help: "The board or core the model is built for."),
            .option("model-id", value: "id", help: "The model's name across versions (default: the file name without .tflite)."),
            .option("min-runtime", value: "semver", default: UpdatePackage.runtimeVersion.description,
                    help: "The oldest TinyOpsRuntime that can run the model."),
            .option("lock-hash", value: "sha256", help: "SHA-256 of the tinyops.lock the model was built from."),
            .flag("timestamp", help: "Record the creation time (SOURCE_DATE_EPOCH when set, else now)."),
            .option("out", short: "o", value: "path", required: true, help: "Where to write the package."),
        ],
        arguments: [.required("model", help: "The .tflite model to package.")])

    let model: String
    let key: String
    let out: String
    let timestamp: Bool
    let options: UpdatePackage.Options

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        key = try args.path("key")
        out = try args.path("out")
        timestamp = args.flag("timestamp")
        let version = try Self.semver(args, "version")
        let minRuntime = try Self.semver(args, "min-runtime")
        let target: String = try args.string("target")
        guard PackageManifest.isValidTarget(target) else {
            throw UsageError.invalidValue(name: "--target", value: target,
                                          expected: "printable ASCII, 1 to 64 characters")
        }
        let explicitID: String? = try args.string("model-id")
        let modelID = explicitID ?? Self.defaultModelID(model)
        guard PackageManifest.isValidModelID(modelID) else {
            throw UsageError.invalidValue(
                name: "--model-id", value: modelID,
                expected: "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
                    + (explicitID == nil ? " (the default comes from the file name; pass --model-id)" : ""))
        }
        let lockHash = try (args.string("lock-hash") as String?).map { text throws(UsageError) in
            guard PackageManifest.isSHA256Hex(text.lowercased()) else {
                throw UsageError.invalidValue(name: "--lock-hash", value: text, expected: "64 hexadecimal digits (a SHA-256)")
            }
            return text.lowercased()
        }
        options = try UpdatePackage.Options(
            modelID: modelID, version: version, target: target, minRuntimeVersion: minRuntime, lockHash: lockHash)
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        var options = self.options
        options.toolVersion = io.version
        if timestamp { options.created = try Self.creationTime(io.environment) }
        let (manifest, bytes) = try UpdatePackage.create(modelPath: model, keyPath: key, options: options, outputPath: out)
        if io.json {
            try io.printJSON(["package": .string(out), "bytes": .int(bytes), "manifest": manifest.json])
        } else {
            io.print("wrote \(out) (\(bytes) bytes): \(manifest.modelID) \(manifest.version) for \(manifest.target)")
            io.print("model sha256 \(manifest.contentSHA256), signed by key \(manifest.keyID)")
        }
        return .success
    }

    private static func semver(_ args: ParsedArguments, _ name: String) throws -> SemanticVersion {
        let text: String = try args.string(name)
        guard let version = SemanticVersion(text) else {
            throw UsageError.invalidValue(name: "--" + name, value: text, expected: SemanticVersion.expectedForm)
        }
        return version
    }

    /// `kws_int8` for `models/kws_int8.tflite`.
    static func defaultModelID(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".tflite") ? String(name.dropLast(".tflite".count)) : name
    }

    /// Now, or SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/).
    static func creationTime(_ environment: [String: String]) throws -> String {
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch), let text = UpdatePackage.timestamp(secondsSince1970: seconds) else {
                throw UsageError.invalidValue(
                    name: "SOURCE_DATE_EPOCH", value: epoch,
                    expected: "whole seconds since 1970 up to \(UpdatePackage.latestTimestamp)")
            }
            return text
        }
        return UpdatePackage.timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))!
    }
}
