/// Signed update packages (`.tpk`, docs/package-format.md): a header, a manifest, the
/// `.tflite`, and an Ed25519 signature over all of them. `build` and `verify` work on bytes;
/// `create` and `verify(packagePath:…)` are the file-level forms the CLI calls.
public enum UpdatePackage {
    /// What the packager decides; the rest of the manifest comes from the model and the key.
    public struct Options: Sendable, Equatable {
        public var modelID: String
        public var version: SemanticVersion
        public var target: String
        public var minRuntimeVersion: SemanticVersion
        public var lockHash: String?
        public var toolVersion: String
        public var created: String?

        /// Checks every field against the manifest rules (`PackageManifest.isValid…`).
        public init(
            modelID: String, version: SemanticVersion, target: String,
            minRuntimeVersion: SemanticVersion, lockHash: String? = nil,
            toolVersion: String = TinyOps.version, created: String? = nil
        ) throws(PackageError) {
            guard PackageManifest.isValidModelID(modelID) else { throw .invalidField("model id", modelID) }
            guard PackageManifest.isValidTarget(target) else { throw .invalidField("target", target) }
            if let lockHash, !PackageManifest.isSHA256Hex(lockHash) { throw .invalidField("lock hash", lockHash) }
            guard PackageManifest.isValidTarget(toolVersion) else { throw .invalidField("tool version", toolVersion) }
            if let created, !PackageManifest.isValidTimestamp(created) { throw .invalidField("creation time", created) }
            self.modelID = modelID
            self.version = version
            self.target = target
            self.minRuntimeVersion = minRuntimeVersion
            self.lockHash = lockHash
            self.toolVersion = toolVersion
            self.created = created
        }
    }

    /// A package whose signature, manifest and content all check out.
    public struct VerifiedPackage: Sendable, Equatable {
        public let header: PackageHeader
        public let manifest: PackageManifest
        /// The `.tflite` bytes.
        public let model: [UInt8]
    }

    public enum Verification: Sendable, Equatable {
        case valid(VerifiedPackage)
        case invalid(PackageDefect)
    }

    // MARK: Bytes

    /// The package for `model`, signed with `key`. The same inputs give the same bytes.
    public static func build(
        model: [UInt8], key: Ed25519.PrivateKey, options: Options
    ) -> (bytes: [UInt8], manifest: PackageManifest) {
        let manifest = PackageManifest(
            modelID: options.modelID, version: options.version, contentSHA256: SHA256.hex(model),
            size: model.count, target: options.target, minRuntimeVersion: options.minRuntimeVersion,
            lockHash: options.lockHash, toolVersion: options.toolVersion, created: options.created,
            keyID: key.publicKey.keyID)
        let manifestBytes = manifest.canonicalBytes
        let header = PackageHeader(manifestLength: manifestBytes.count, modelLength: model.count)
        var bytes = header.encoded + manifestBytes
        bytes += [UInt8](repeating: 0, count: header.modelOffset - bytes.count)
        bytes += model
        bytes += key.signature(for: bytes)
        return (bytes, manifest)
    }

    /// Checks a package: its structure first, then the signature over everything before
    /// it, and only then (on authenticated bytes) the padding, manifest, size and sha256.
    public static func verify(_ bytes: [UInt8], publicKey: Ed25519.PublicKey) -> Verification {
        let header: PackageHeader
        switch PackageHeader.parse(bytes) {
        case .success(let parsed): header = parsed
        case .failure(let defect): return .invalid(defect)
        }
        let manifestRange = PackageHeader.length..<(PackageHeader.length + header.manifestLength)
        let check = bytes.withUnsafeBytes { raw in
            publicKey.check(Array(bytes[header.signatureOffset...]), for: UnsafeRawBufferPointer(rebasing: raw[0..<header.signatureOffset]))
        }
        switch check {
        case .valid:
            break
        case .mismatch:
            // Unauthenticated, used only to word the message: which key does the package name?
            if let named = namedKeyID(Array(bytes[manifestRange])), named != publicKey.keyID {
                return .invalid(.wrongKey(packageKeyID: named, givenKeyID: publicKey.keyID))
            }
            return .invalid(.badSignature(check))
        case .scalarOutOfRange, .invalidR, .wrongLength:
            return .invalid(.badSignature(check))
        }
        for offset in manifestRange.upperBound..<header.modelOffset where bytes[offset] != 0 {
            return .invalid(.nonZeroPadding(offset: offset))
        }
        let manifest: PackageManifest
        switch PackageManifest.parse(Array(bytes[manifestRange])) {
        case .success(let parsed): manifest = parsed
        case .failure(let problem): return .invalid(.badManifest(problem.reason))
        }
        guard manifest.keyID == publicKey.keyID else {
            return .invalid(.badManifest("key_id \(manifest.keyID) is not the signing key \(publicKey.keyID)"))
        }
        let model = Array(bytes[header.modelOffset..<header.signatureOffset])
        guard manifest.size == model.count else { return .invalid(.sizeMismatch(manifest: manifest.size, actual: model.count)) }
        let digest = SHA256.hex(model)
        guard manifest.contentSHA256 == digest else {
            return .invalid(.contentHashMismatch(manifest: manifest.contentSHA256, actual: digest))
        }
        return .valid(VerifiedPackage(header: header, manifest: manifest, model: model))
    }

    private static func namedKeyID(_ manifestBytes: [UInt8]) -> String? {
        guard let value = try? JSONParser().parse(manifestBytes), let keyID = value["key_id"]?.stringValue,
              PackageManifest.isLowercaseHex(keyID, count: 16)
        else { return nil }
        return keyID
    }

    // MARK: Files

    /// Packages the `.tflite` at `modelPath` (checked to be a readable model) with the secret
    /// key at `keyPath`, and writes the package atomically to `outputPath`. Returns the
    /// manifest and the package's size in bytes.
    public static func create(
        modelPath: String, keyPath: String, options: Options, outputPath: String
    ) throws -> (manifest: PackageManifest, bytes: Int) {
        let model = try FileBytes.read(modelPath)
        do {
            _ = try TFLiteReader.decode(model)
        } catch let error as any UserFacingError {
            throw FileError(path: modelPath, reason: error)
        }
        guard model.count <= Int(UInt32.max) else { throw PackageError.modelTooLarge(path: modelPath, size: model.count) }
        let key = try KeyFile.readPrivateKey(keyPath)
        let (bytes, manifest) = build(model: model, key: key, options: options)
        try AtomicFile.write(bytes, to: outputPath)
        return (manifest, bytes.count)
    }

    /// Verifies the package at `packagePath` with the public key at `publicKeyPath`, and
    /// writes the model to `extractTo` only if the package is valid. Unreadable files and
    /// unusable keys throw; a package that fails any check is `.invalid`.
    public static func verify(
        packagePath: String, publicKeyPath: String, extractTo: String? = nil
    ) throws -> Verification {
        let publicKey = try KeyFile.readPublicKey(publicKeyPath)
        let verification = verify(try FileBytes.read(packagePath), publicKey: publicKey)
        if case .valid(let package) = verification, let extractTo {
            try AtomicFile.write(package.model, to: extractTo)
        }
        return verification
    }
}

/// A package that cannot be made from the given inputs.
public enum PackageError: UserFacingError, Equatable {
    case invalidField(String, String)
    case modelTooLarge(path: String, size: Int)

    public var message: String {
        switch self {
        case .invalidField(let name, let value):
            "invalid \(name) '\(value)' for a package manifest"
        case .modelTooLarge(let path, let size):
            "\(path): the model is \(size) bytes; a package holds at most \(UInt32.max)"
        }
    }
}
