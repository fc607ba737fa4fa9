@testable import TinyOpsKit

/// Keys, options and models shared by the package tests.
enum PackageSamples {
    static let key: Ed25519.PrivateKey = {
        var generator = SeededGenerator(seed: 0x7B1)
        return Ed25519.PrivateKey.generate(using: &generator)
    }()

    static let otherKey: Ed25519.PrivateKey = {
        var generator = SeededGenerator(seed: 0x7B2)
        return Ed25519.PrivateKey.generate(using: &generator)
    }()

    static let options = try! UpdatePackage.Options(
        modelID: "kws", version: SemanticVersion("1.4.0")!, target: "nucleo-f746zg",
        minRuntimeVersion: SemanticVersion("0.1.0")!)

    /// The smallest real model: one RELU on a float32 [1, 4] tensor (a few hundred bytes), so
    /// that a test can afford to verify a package once per bit.
    static let tinyModel: [UInt8] = {
        let tensors = [
            Tensor(name: "x", type: .float32, shape: [1, 4]),
            Tensor(name: "y", type: .float32, shape: [1, 4]),
        ]
        let relu = Operator(opcode: OperatorCode(.relu), inputs: [0], outputs: [1])
        let model = Model(subgraphs: [Subgraph(tensors: tensors, inputs: [0], outputs: [1], operators: [relu])])
        return try! TFLiteWriter.encode(model)
    }()

    /// Header, manifest, zero padding and model, signed with `key`: a package whose
    /// signature is valid whatever the parts say, to test the checks after the signature.
    static func signed(manifest: [UInt8], model: [UInt8], padding: UInt8 = 0, key: Ed25519.PrivateKey = key) -> [UInt8] {
        let header = PackageHeader(manifestLength: manifest.count, modelLength: model.count)
        var bytes = header.encoded + manifest
        bytes += [UInt8](repeating: padding, count: header.modelOffset - bytes.count)
        bytes += model
        return bytes + key.signature(for: bytes)
    }
}
