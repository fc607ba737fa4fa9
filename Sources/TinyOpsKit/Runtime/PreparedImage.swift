import TinyOpsRuntime

/// What `tinyops_init` computes for a model (operator records, multipliers, shapes, tensor
/// placement, graph I/O descriptions), made on the host and written as bytes for
/// `tinyops_init_prepared` on the device (`tinyops deploy --prepared`, docs/prepared-image.md).
/// The firmware then links no model reader, operator checks, planner or prepare code, and its
/// arena holds the activations only.
public struct PreparedImage: Sendable, Equatable {
    /// The image: header, I/O descriptors, record region, CRC-32.
    public let bytes: [UInt8]
    /// Arena bytes `tinyops_init_prepared` needs with a 4-byte aligned arena.
    public let arenaBytes: Int

    /// Prepares `modelBytes` with the host runtime and writes the image.
    public static func make(modelBytes: [UInt8]) throws(RuntimeError) -> PreparedImage {
        try RuntimeInterpreter(modelBytes: modelBytes).preparedImage()
    }

    /// Offset of the activation byte count in the image header (tinyops_prepared.h).
    static let activationBytesOffset = 40
}

extension RuntimeInterpreter {
    /// The prepared image of this interpreter (`tinyops_export_prepared`).
    public func preparedImage() -> PreparedImage {
        withInterpreter { state in
            var size = 0
            let sized = tinyops_export_prepared(state, nil, 0, &size)
            precondition(sized == TINYOPS_OK, "tinyops_export_prepared could not size an image of an initialised interpreter")
            var bytes = [UInt8](repeating: 0, count: size)
            let status = bytes.withUnsafeMutableBufferPointer { tinyops_export_prepared(state, $0.baseAddress, size, &size) }
            // The model copy is 16-byte aligned and the interpreter initialised: nothing can fail.
            precondition(status == TINYOPS_OK, "tinyops_export_prepared failed on an initialised interpreter")
            let activations = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: PreparedImage.activationBytesOffset, as: UInt32.self) }
            return PreparedImage(bytes: bytes, arenaBytes: Int(UInt32(littleEndian: activations)))
        }
    }
}
