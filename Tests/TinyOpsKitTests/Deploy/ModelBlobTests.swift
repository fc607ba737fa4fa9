import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// The model blob (`--format bin`) and the device side that checks it: the runtime's C
/// SHA-256 against the NIST examples and tinyops' Swift SHA256, and `tinyops_blob_open` on
/// good and damaged blobs.
@Suite struct ModelBlobTests {
    static func cHash(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { tinyops_sha256($0.baseAddress, $0.count, &digest) }
        return Hex.encode(digest)
    }

    @Test func cSHA256MatchesTheNISTExamples() {
        #expect(Self.cHash(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.cHash([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.cHash(Array(SHATests.twoBlock448.utf8)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.cHash(Array(SHATests.twoBlock896.utf8)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        // One million 'a', fed in 1000-byte pieces through the incremental API.
        var context = tinyops_sha256_ctx()
        tinyops_sha256_init(&context)
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { thousand.withUnsafeBytes { tinyops_sha256_update(&context, $0.baseAddress, $0.count) } }
        var digest = [UInt8](repeating: 0, count: 32)
        tinyops_sha256_final(&context, &digest)
        #expect(Hex.encode(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length 0...300 (the 55/56/64-byte padding boundaries) and random splits: C and
    /// Swift agree.
    @Test func cSHA256MatchesSwiftForEveryLengthAndSplit() {
        for n in 0...300 {
            let message = (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + n) }
            #expect(Self.cHash(message) == SHA256.hex(message), "length \(n)")
        }
        var generator = SeededGenerator(seed: 0xB10B)
        for trial in 0..<30 {
            let message = (0..<Int.random(in: 0...2000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var context = tinyops_sha256_ctx()
            tinyops_sha256_init(&context)
            var start = 0
            while start < message.count {
                let end = min(message.count, start + Int.random(in: 0...130, using: &generator))
                message[start..<end].withUnsafeBytes { tinyops_sha256_update(&context, $0.baseAddress, $0.count) }
                start = end
            }
            var digest = [UInt8](repeating: 0, count: 32)
            tinyops_sha256_final(&context, &digest)
            #expect(Hex.encode(digest) == SHA256.hex(message), "trial \(trial) (seed 0xB10B)")
        }
    }

    /// `tinyops_blob_open` on `bytes` (copied to a 16-byte aligned buffer): status, reason,
    /// offset, and the model it found.
    static func open(_ bytes: [UInt8]) -> (status: tinyops_status, reason: tinyops_reason, offset: Int32, model: [UInt8]?) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
        defer { buffer.deallocate() }
        bytes.withUnsafeBytes { if let base = $0.baseAddress { buffer.copyMemory(from: base, byteCount: $0.count) } }
        var info = tinyops_blob_info()
        var error = tinyops_error()
        let status = tinyops_blob_open(buffer.assumingMemoryBound(to: UInt8.self), bytes.count, &info, &error)
        let model = status == TINYOPS_OK ? Array(UnsafeBufferPointer(start: info.model, count: info.model_len)) : nil
        if status == TINYOPS_OK {
            #expect(info.model == buffer.assumingMemoryBound(to: UInt8.self) + 48 && info.version == 1)
            #expect(withUnsafeBytes(of: info.sha256) { Array($0) } == SHA256.hash(model!))
        }
        return (status, error.reason, error.offset, model)
    }

    @Test func blobLayoutAndDeviceCheck() throws {
        let model = try Fixtures.bytes("conv1d_int8.tflite")
        let blob = ModelBlob(model: model).bytes
        #expect(blob.count == 48 + model.count)
        #expect(Array(blob[0..<8]) == [0x54, 0x4F, 0x42, 0x4C, 1, 0, 48, 0])
        #expect(Array(blob[8..<12]) == [UInt8(model.count & 0xFF), UInt8(model.count >> 8), 0, 0])
        #expect(Hex.encode(Array(blob[16..<48])) == SHA256.hex(model))
        #expect(Array(blob[48...]) == model)
        #expect(ModelBlob.decode(blob) == .success(ModelBlob(model: model)))

        let good = Self.open(blob)
        #expect(good.status == TINYOPS_OK && good.model == model)
        // A partition longer than the blob (erased flash after it) is fine.
        #expect(Self.open(blob + [UInt8](repeating: 0xFF, count: 100)).model == model)
        // The model then runs from the partition as it is.
        #expect(try RuntimeInterpreter(modelBytes: good.model!).outputs.count == 1)
    }

    @Test func damagedBlobsAreRefusedWithTheReason() throws {
        let model = try Fixtures.bytes("cnn2d_int8.tflite")
        let blob = ModelBlob(model: model).bytes
        func damaged(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = blob
            change(&copy)
            return copy
        }
        let cases: [(String, [UInt8], tinyops_status, tinyops_reason, Int32, ModelBlob.Problem)] = [
            ("bad magic", damaged { $0[0] = UInt8(ascii: "X") }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_MAGIC, 0, .magic),
            ("a .tflite, not a blob", model, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_MAGIC, 0, .magic),
            ("version 2", damaged { $0[4] = 2 }, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_BLOB_VERSION, 4, .version(2)),
            ("header size", damaged { $0[6] = 64 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HEADER, 6, .header("header size")),
            ("reserved", damaged { $0[13] = 1 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HEADER, 12, .header("reserved field")),
            ("truncated", Array(blob.dropLast()), TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_LENGTH, 8,
             .length(declared: model.count, available: model.count - 1)),
            ("header only", Array(blob.prefix(30)), TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_LENGTH, 8,
             .length(declared: 0, available: 30)),
            ("flipped model bit", damaged { $0[48 + 1000] ^= 0x10 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HASH, 16, .hash),
            ("flipped digest bit", damaged { $0[20] ^= 1 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_BLOB_HASH, 16, .hash),
        ]
        for (label, bytes, status, reason, offset, problem) in cases {
            let result = Self.open(bytes)
            #expect(result.status == status && result.reason == reason && result.offset == offset, "\(label): \(result)")
            #expect(ModelBlob.decode(bytes) == .failure(problem), "\(label)")
        }
        var info = tinyops_blob_info()
        #expect(tinyops_blob_open(nil, 0, &info, nil) == TINYOPS_ERR_ARGUMENT)
    }
}

extension ModelBlobTests {
    /// Every truncation and random damage to a blob: the device check (C) and `ModelBlob.decode`
    /// (Swift) agree on accepting or refusing it, and an accepted blob has the model intact.
    @Test func cAndSwiftAgreeOnDamagedBlobs() throws {
        let model = try Fixtures.bytes("mlp_int8.tflite")
        let blob = ModelBlob(model: model).bytes
        for length in stride(from: 0, through: blob.count, by: 7) {
            let bytes = Array(blob.prefix(length))
            let c = Self.open(bytes)
            let swift = ModelBlob.decode(bytes)
            #expect((c.status == TINYOPS_OK) == ((try? swift.get()) != nil), "length \(length)")
        }
        var generator = SeededGenerator(seed: 0xD0B1)
        for trial in 0..<300 {
            var bytes = blob
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Bool.random(using: &generator) ? Int.random(in: 0..<48, using: &generator) : Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= UInt8.random(in: 1...255, using: &generator)
            }
            let c = Self.open(bytes)
            let swift = ModelBlob.decode(bytes)
            #expect((c.status == TINYOPS_OK) == ((try? swift.get()) != nil), "trial \(trial) (seed 0xD0B1)")
            if c.status == TINYOPS_OK { #expect(c.model == model, "trial \(trial): a damaged model was accepted") }
        }
    }
}
