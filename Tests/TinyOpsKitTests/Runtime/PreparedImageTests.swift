import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// Prepared images (tinyops_prepared.h): for every fixture and every single-operator model,
/// an interpreter started by tinyops_init_prepared from the host's image gives the outputs,
/// tensor descriptions and arena figure of tinyops_init; every corruption of the image or of
/// the model is refused with its reason. (DeployCortexMTests runs prepared bundles on the
/// Cortex-M cores and checks there that the device's own tinyops_init exports the same image.)
@Suite struct PreparedImageTests {
    /// tinyops_init_prepared on copies of `model` and `image` placed at the given misalignments.
    struct PreparedStart {
        let status: tinyops_status
        let error: tinyops_error

        init(model: [UInt8], image: [UInt8], arenaBytes: Int, modelOffset: Int = 0, imageOffset: Int = 0) {
            let modelCopy = UnsafeMutableRawPointer.allocate(byteCount: model.count + 16, alignment: 16)
            let imageCopy = UnsafeMutableRawPointer.allocate(byteCount: image.count + 16, alignment: 16)
            let arena = UnsafeMutableRawPointer.allocate(byteCount: max(1, arenaBytes), alignment: 16)
            let state = UnsafeMutablePointer<tinyops_interpreter>.allocate(capacity: 1)
            defer {
                modelCopy.deallocate()
                imageCopy.deallocate()
                arena.deallocate()
                state.deallocate()
            }
            (modelCopy + modelOffset).copyMemory(from: model, byteCount: model.count)
            (imageCopy + imageOffset).copyMemory(from: image, byteCount: image.count)
            state.initialize(to: tinyops_interpreter())
            status = tinyops_init_prepared(state, (modelCopy + modelOffset).assumingMemoryBound(to: UInt8.self), model.count,
                                           (imageCopy + imageOffset).assumingMemoryBound(to: UInt8.self), image.count,
                                           arena.assumingMemoryBound(to: UInt8.self), arenaBytes)
            error = state.pointee.error_
        }
    }

    /// A prepared interpreter kept alive for running samples.
    final class PreparedInterpreter {
        let model: AlignedBytes
        let image: AlignedBytes
        let arena: UnsafeMutableRawPointer
        let state = UnsafeMutablePointer<tinyops_interpreter>.allocate(capacity: 1)

        init(modelBytes: [UInt8], image: PreparedImage) throws {
            model = AlignedBytes(modelBytes)
            self.image = AlignedBytes(image.bytes)
            arena = UnsafeMutableRawPointer.allocate(byteCount: max(1, image.arenaBytes), alignment: 16)
            state.initialize(to: tinyops_interpreter())
            let status = tinyops_init_prepared(state, model.pointer, model.count, self.image.pointer, self.image.count,
                                               arena.assumingMemoryBound(to: UInt8.self), image.arenaBytes)
            try #require(status == TINYOPS_OK, "tinyops_init_prepared: reason \(state.pointee.error_.reason.rawValue)")
        }

        deinit {
            model.deallocate()
            image.deallocate()
            arena.deallocate()
            state.deallocate()
        }

        func info(output: Bool, _ index: Int) -> tinyops_tensor_info {
            var info = tinyops_tensor_info()
            _ = output ? tinyops_output(state, index, &info) : tinyops_input(state, index, &info)
            return info
        }
    }

    static func image(_ bytes: [UInt8]) throws -> PreparedImage { try PreparedImage.make(modelBytes: bytes) }

    /// Rewrites the uint32 at `offset` and the trailing CRC, so the image passes its CRC.
    static func patched(_ image: [UInt8], offset: Int, value: UInt32) -> [UInt8] {
        var bytes = image
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + 4, with: $0) }
        let crc = tinyops_crc32(bytes, bytes.count - 4)
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(bytes.count - 4..<bytes.count, with: $0) }
        return bytes
    }

    @Test func crcIsZlibs() {
        #expect(tinyops_crc32(Array("123456789".utf8), 9) == 0xCBF4_3926)
        #expect(tinyops_crc32([], 0) == 0)
    }

    @Test func preparedInterpretersComputeWhatInitComputes() throws {
        var generator = SeededGenerator(seed: 41)
        for (name, bytes) in RuntimeArenaTests.models {
            let image = try Self.image(bytes)
            let plan = try RuntimePlan.compute(modelBytes: bytes)
            #expect(image.arenaBytes == plan.activationBytes, "\(name)")
            let reference = try RuntimeInterpreter(modelBytes: bytes)
            let prepared = try PreparedInterpreter(modelBytes: bytes, image: image)
            #expect(tinyops_arena_used(prepared.state) == image.arenaBytes, "\(name)")
            #expect(tinyops_input_count(prepared.state) == reference.inputs.count, "\(name)")
            #expect(tinyops_output_count(prepared.state) == reference.outputs.count, "\(name)")
            for (k, tensor) in reference.inputs.enumerated() {
                #expect(RuntimeTensor(prepared.info(output: false, k)) == tensor, "\(name) input \(k)")
            }
            for (k, tensor) in reference.outputs.enumerated() {
                #expect(RuntimeTensor(prepared.info(output: true, k)) == tensor, "\(name) output \(k)")
            }
            for _ in 0..<3 {
                for (k, input) in reference.inputs.enumerated() {
                    var sample = (0..<input.byteCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    if input.type == .float32 {
                        // Finite floats only: random bit patterns would include NaN.
                        let values = (0..<input.elementCount).map { _ in Float.random(in: -4...4, using: &generator) }
                        sample = values.withUnsafeBytes { Array($0) }
                    }
                    try sample.withUnsafeBytes { raw in
                        try reference.setInput(k, bytes: raw)
                        tinyops_input_data(prepared.state, k)!.copyMemory(from: raw.baseAddress!, byteCount: raw.count)
                    }
                }
                reference.invoke()
                #expect(tinyops_invoke(prepared.state) == TINYOPS_OK)
                for (k, output) in reference.outputs.enumerated() {
                    let expected = reference.withOutputBytes(k) { Array($0) }
                    let got = Array(UnsafeRawBufferPointer(start: tinyops_output_data(prepared.state, k), count: output.byteCount))
                    #expect(got == expected, "\(name) output \(k)")
                }
            }
        }
    }

    @Test func everyByteFlipAndTruncationOfTheImageIsRefused() throws {
        let bytes = try Fixtures.bytes("misc_ops_int8.tflite")
        let image = try Self.image(bytes)
        #expect(PreparedStart(model: bytes, image: image.bytes, arenaBytes: image.arenaBytes).status == TINYOPS_OK)
        for position in image.bytes.indices {
            for flip: UInt8 in [0x01, 0x80] {
                var corrupt = image.bytes
                corrupt[position] ^= flip
                let start = PreparedStart(model: bytes, image: corrupt, arenaBytes: image.arenaBytes)
                #expect(start.status != TINYOPS_OK, "flip \(flip) at byte \(position) accepted")
            }
        }
        for length in 0..<image.bytes.count {
            let start = PreparedStart(model: bytes, image: Array(image.bytes.prefix(length)), arenaBytes: image.arenaBytes)
            #expect(start.status == TINYOPS_ERR_MODEL_CORRUPT, "truncated to \(length) bytes")
        }
        let extended = PreparedStart(model: bytes, image: image.bytes + [0], arenaBytes: image.arenaBytes)
        #expect(extended.error.reason == TINYOPS_REASON_PREPARED_HEADER)
        var magic = image.bytes
        magic[0] = UInt8(ascii: "X")
        #expect(PreparedStart(model: bytes, image: magic, arenaBytes: image.arenaBytes).error.reason == TINYOPS_REASON_PREPARED_MAGIC)
        var crc = image.bytes
        crc[crc.count - 1] ^= 1
        #expect(PreparedStart(model: bytes, image: crc, arenaBytes: image.arenaBytes).error.reason == TINYOPS_REASON_PREPARED_CRC)
    }

    @Test func anotherModelIsRefused() throws {
        let bytes = try Fixtures.bytes("cnn2d_int8.tflite")
        let image = try Self.image(bytes)
        for position in stride(from: 0, to: bytes.count, by: 97) {
            var other = bytes
            other[position] ^= 0x10
            let start = PreparedStart(model: other, image: image.bytes, arenaBytes: image.arenaBytes)
            #expect(start.status == TINYOPS_ERR_MODEL_INVALID && start.error.reason == TINYOPS_REASON_PREPARED_MODEL,
                    "model byte \(position) changed")
        }
        let longer = PreparedStart(model: bytes + [0, 0, 0, 0], image: image.bytes, arenaBytes: image.arenaBytes)
        #expect(longer.error.reason == TINYOPS_REASON_PREPARED_MODEL)
        let mlp = try Fixtures.bytes("mlp_int8.tflite")
        #expect(PreparedStart(model: mlp, image: image.bytes, arenaBytes: image.arenaBytes).error.reason == TINYOPS_REASON_PREPARED_MODEL)
    }

    @Test func inconsistentImagesWithAValidCRCAreRefused() throws {
        let bytes = try Fixtures.bytes("cnn2d_int8.tflite")
        let image = try Self.image(bytes)
        let ioCount = 2
        let records = 44 + 48 * ioCount
        let cases: [(offset: Int, value: UInt32, status: tinyops_status, reason: tinyops_reason)] = [
            (4, 2, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PREPARED_VERSION),        // format version
            (8, 999, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PREPARED_VERSION),      // record layout
            (12, UInt32(image.bytes.count + 4), TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),
            (24, 1000, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),   // operator count
            (28, 5, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),      // input count
            (36, 8, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),      // record bytes
            (40, 0, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),      // activations: I/O out of range
            (44 + 8, 7, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),  // input rank 7
            (records, 0xFFFF, TINYOPS_ERR_UNSUPPORTED_OP, TINYOPS_REASON_OPERATOR_EXCLUDED), // kernel of op 0
            (records + 4, 0, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),     // record of op 0 in the table
            (records + 4, 0xFFFF_FFF0, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER), // beyond the records
            (records + 4, UInt32(image.bytes.count - records - 4 - 4 + 2), TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PREPARED_HEADER),
        ]
        for item in cases {
            let start = PreparedStart(model: bytes, image: Self.patched(image.bytes, offset: item.offset, value: item.value),
                                      arenaBytes: image.arenaBytes)
            #expect(start.status == item.status && start.error.reason == item.reason,
                    "field at \(item.offset) = \(item.value): status \(start.status.rawValue), reason \(start.error.reason.rawValue)")
        }
    }

    @Test func arenaAlignmentAndArgumentsAreChecked() throws {
        let bytes = try Fixtures.bytes("conv1d_int8.tflite")
        let image = try Self.image(bytes)
        let small = PreparedStart(model: bytes, image: image.bytes, arenaBytes: image.arenaBytes - 1)
        #expect(small.status == TINYOPS_ERR_ARENA_TOO_SMALL && small.error.needed == UInt64(image.arenaBytes))
        for offset in 1..<4 {
            #expect(PreparedStart(model: bytes, image: image.bytes, arenaBytes: image.arenaBytes, modelOffset: offset).status
                        == TINYOPS_ERR_MISALIGNED)
            #expect(PreparedStart(model: bytes, image: image.bytes, arenaBytes: image.arenaBytes, imageOffset: offset).status
                        == TINYOPS_ERR_MISALIGNED)
        }
        #expect(tinyops_init_prepared(nil, nil, 0, nil, 0, nil, 0) == TINYOPS_ERR_ARGUMENT)
        var state = tinyops_interpreter()
        #expect(tinyops_init_prepared(&state, nil, 0, nil, 0, nil, 0) == TINYOPS_ERR_ARGUMENT)
        #expect(state.error_.reason == TINYOPS_REASON_NULL_ARGUMENT)
        #expect(tinyops_invoke(&state) == TINYOPS_ERR_ARGUMENT)
    }

    /// Records are rounded up to 4 bytes: the padding must not carry what the arena held.
    @Test func imagesDependOnTheModelOnly() throws {
        for (name, bytes) in RuntimeArenaTests.models {
            let plan = try RuntimePlan.compute(modelBytes: bytes)
            let model = AlignedBytes(bytes)
            let arena = UnsafeMutableRawPointer.allocate(byteCount: plan.arenaBytes, alignment: 16)
            let state = UnsafeMutablePointer<tinyops_interpreter>.allocate(capacity: 1)
            defer {
                model.deallocate()
                arena.deallocate()
                state.deallocate()
            }
            var images: [[UInt8]] = []
            for fill: UInt8 in [0x00, 0xA5, 0xFF] {
                arena.initializeMemory(as: UInt8.self, repeating: fill, count: plan.arenaBytes)
                state.initialize(to: tinyops_interpreter())
                try #require(tinyops_init(state, model.pointer, model.count, arena.assumingMemoryBound(to: UInt8.self), plan.arenaBytes) == TINYOPS_OK)
                var written = 0
                _ = tinyops_export_prepared(state, nil, 0, &written)
                var image = [UInt8](repeating: 0, count: written)
                #expect(tinyops_export_prepared(state, &image, written, &written) == TINYOPS_OK)
                images.append(image)
            }
            #expect(images[0] == images[1] && images[1] == images[2], "\(name): the image depends on the arena's old contents")
        }
    }

    @Test func onlyInterpretersStartedByInitExport() throws {
        let bytes = try Fixtures.bytes("mlp_int8.tflite")
        let image = try Self.image(bytes)
        let prepared = try PreparedInterpreter(modelBytes: bytes, image: image)
        var written = 0
        #expect(tinyops_export_prepared(prepared.state, nil, 0, &written) == TINYOPS_ERR_ARGUMENT)
        let reference = try RuntimeInterpreter(modelBytes: bytes)
        let small = reference.withInterpreter { state -> tinyops_status in
            var buffer = [UInt8](repeating: 0, count: image.bytes.count - 1)
            return tinyops_export_prepared(state, &buffer, buffer.count, &written)
        }
        #expect(small == TINYOPS_ERR_WORK_TOO_SMALL && written == image.bytes.count)
        #expect(reference.preparedImage() == image, "export is deterministic")
    }
}
