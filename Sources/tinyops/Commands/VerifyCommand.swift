import Foundation
import TinyOpsKit

/// `tinyops verify model.tpk --pub KEY.pub`: is this package intact and signed by this key?
struct VerifyCommand: Command {
    static let spec = CommandSpec(
        name: "verify",
        abstract: "Check an update package's signature, manifest and model hash.",
        discussion: """
            Checks the package structure, the Ed25519 signature over the header, manifest \
            and model, then the manifest and the model's size and sha256. Prints the \
            manifest and 'signature valid' (exit 0). A package that fails any check \
            (modified, truncated, signed by another key, not a package at all) is a failed \
            check: one line on stderr says why, exit 3. An unreadable file or an unusable \
            key file is an error (exit 1). With --extract, the model is written only after \
            every check passed.

            Example:
              tinyops verify kws-1.4.0.tpk --pub keys/release.key.pub --extract kws.tflite
            """,
        options: [
            .option("pub", value: "path", required: true, help: "The public key file (KEY.pub from 'tinyops keygen')."),
            .option("extract", value: "path", help: "Write the model (.tflite) here if the package is valid."),
        ],
        arguments: [.required("package", help: "The .tpk package.")])

    let package: String
    let publicKey: String
    let extract: String?

    init(_ args: ParsedArguments) throws {
        package = try args.path("package")
        publicKey = try args.path("pub")
        extract = try args.path("extract")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        switch try UpdatePackage.verify(packagePath: package, publicKeyPath: publicKey, extractTo: extract) {
        case .valid(let verified):
            let manifest = verified.manifest
            if io.json {
                try io.printJSON([
                    "package": .string(package), "valid": true, "manifest": manifest.json,
                    "extracted": extract.map(JSONValue.string) ?? .null,
                ])
            } else {
                io.print("\(package): signature valid")
                let rows: [(String, String)] = [
                    ("model id", manifest.modelID),
                    ("version", manifest.version.description),
                    ("target", manifest.target),
                    ("size", "\(manifest.size) bytes"),
                    ("content sha256", manifest.contentSHA256),
                    ("min runtime version", manifest.minRuntimeVersion.description),
                    ("lock hash", manifest.lockHash ?? "none"),
                    ("tool version", manifest.toolVersion),
                    ("created", manifest.created ?? "not recorded"),
                    ("key id", manifest.keyID),
                ]
                for (name, value) in rows { io.print("  " + name.padding(toLength: 21, withPad: " ", startingAt: 0) + value) }
                if let extract { io.print("extracted the model to \(extract)") }
            }
            return .success
        case .invalid(let defect):
            if io.json {
                try io.printJSON(["package": .string(package), "valid": false, "reason": .string(defect.message)])
            }
            io.stderr.write("\(io.programName): \(package): verification failed: \(defect.message)\n")
            return .checkFailed
        }
    }
}
