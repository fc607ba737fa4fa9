import TinyOpsKit

/// `tinyops keygen -o KEY`: an Ed25519 key pair for signing update packages.
struct KeygenCommand: Command {
    static let spec = CommandSpec(
        name: "keygen",
        abstract: "Make an Ed25519 key pair for signing update packages.",
        discussion: """
            Writes the secret key to <path> (file mode 0600) and the public key to \
            <path>.pub, as PEM (PKCS #8 and SubjectPublicKeyInfo), the form OpenSSL and \
            Python's cryptography read and write. The seed comes from the system's \
            cryptographic random source. Existing files are never replaced unless --force \
            is given. Keep the secret key out of version control; ship KEY.pub with the \
            devices and CI jobs that verify packages.

            Example:
              tinyops keygen -o keys/release.key
            """,
        options: [
            .option("out", short: "o", value: "path", required: true,
                    help: "The secret key file; the public key goes to <path>.pub."),
            .flag("force", help: "Replace existing key files."),
        ])

    let out: String
    let force: Bool

    init(_ args: ParsedArguments) throws {
        out = try args.path("out")
        force = args.flag("force")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let files = try KeyFile.write(Ed25519.PrivateKey.generate(), to: out, overwrite: force)
        if io.json {
            try io.printJSON([
                "secret_key": .string(files.privateKeyPath),
                "public_key": .string(files.publicKeyPath),
                "key_id": .string(files.keyID),
                "public_key_hex": .string(files.publicKeyHex),
            ])
        } else {
            io.print("wrote \(files.privateKeyPath) (secret key, mode 0600) and \(files.publicKeyPath) (public key)")
            io.print("key id \(files.keyID)")
            io.print("public key bytes (for tinyops_package_open on the device): \(files.publicKeyHex)")
        }
        return .success
    }
}
