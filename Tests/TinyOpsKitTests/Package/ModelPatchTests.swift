import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// Model patches: the encoding by hand, `ModelDiff` on real models, and the device side
/// (`tinyops_patch_*`, the host build of the C runtime) against the Swift reader: the same
/// bytes out, the same refusals for damaged patches and wrong base models.
@Suite struct ModelPatchTests {
    /// What the C runtime did with a patch.
    struct Outcome: Equatable, CustomStringConvertible {
        var status: tinyops_status
        var reason: tinyops_reason
        var offset: Int32
        var output: [UInt8]?
        var description: String { "status \(status.rawValue) reason \(reason.rawValue) offset \(offset) output \(output?.count ?? -1)" }
    }

    /// Applies `patch` to `old` with the C runtime, fed in pieces of the given sizes (one piece
    /// when nil), into an output buffer of `capacity` bytes (the new length when nil). A
    /// failure must leave the bytes after what was written untouched.
    static func cApply(_ patch: [UInt8], to old: [UInt8], capacity: Int? = nil, pieces: [Int]? = nil) -> Outcome {
        let size = capacity ?? declaredNewLength(patch) ?? old.count
        let out = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, size))
        defer { out.deallocate() }
        out.initialize(repeating: 0xA5, count: max(1, size))
        var state = tinyops_patch()
        var info = tinyops_patch_info()
        var status = old.withUnsafeBufferPointer { tinyops_patch_begin(&state, $0.baseAddress, $0.count, out, size) }
        var start = 0, piece = 0
        while status == TINYOPS_OK, start < patch.count {
            let count = pieces.map { min($0[piece % $0.count], patch.count - start) } ?? patch.count
            status = patch[start..<(start + count)].withUnsafeBufferPointer { tinyops_patch_update(&state, $0.baseAddress, count) }
            start += count
            piece += 1
        }
        if status == TINYOPS_OK { status = tinyops_patch_finish(&state, &info) }
        let error = tinyops_patch_error(&state).pointee
        guard status == TINYOPS_OK else { return Outcome(status: status, reason: error.reason, offset: error.offset, output: nil) }
        let output = Array(UnsafeBufferPointer(start: out, count: info.model_len))
        #expect(withUnsafeBytes(of: info.sha256) { Array($0) } == SHA256.hash(output))
        #expect(UnsafeBufferPointer(start: out + info.model_len, count: size - info.model_len).allSatisfy { $0 == 0xA5 })
        return Outcome(status: status, reason: error.reason, offset: error.offset, output: output)
    }

    /// The new length a patch's header declares (before any check), as a slot size.
    static func declaredNewLength(_ patch: [UInt8]) -> Int? {
        guard patch.count >= 16 else { return nil }
        let length = (12..<16).reduce(0) { $0 | Int(patch[$1]) << (8 * ($1 - 12)) }
        return length > 0 && length <= 1 << 24 ? length : nil
    }

    /// The C reason a Swift refusal corresponds to.
    static func reason(_ error: PatchError) -> tinyops_reason {
        switch error {
        case .notPatch: return TINYOPS_REASON_PATCH_MAGIC
        case .unsupportedVersion: return TINYOPS_REASON_PATCH_VERSION
        case .badHeader: return TINYOPS_REASON_PATCH_HEADER
        case .wrongBase: return TINYOPS_REASON_PATCH_BASE
        case .badOperation: return TINYOPS_REASON_PATCH_OP
        case .outOfRange: return TINYOPS_REASON_PATCH_RANGE
        case .truncated: return TINYOPS_REASON_PATCH_TRUNCATED
        case .trailingBytes: return TINYOPS_REASON_PATCH_TRAILING
        case .resultHash: return TINYOPS_REASON_PATCH_HASH
        }
    }

    /// Swift and C agree on `patch`: both rebuild `new`, or both refuse it for the same reason.
    static func expectAgreement(_ patch: [UInt8], old: [UInt8], new: [UInt8], _ label: String) {
        let c = cApply(patch, to: old)
        switch Result(catching: { () throws(PatchError) in try ModelPatch.apply(patch, to: old) }) {
        case .success(let rebuilt):
            #expect(rebuilt == new, "\(label): Swift rebuilt other bytes")
            #expect(c.status == TINYOPS_OK && c.output == new, "\(label): Swift accepted, C: \(c)")
        case .failure(let error):
            // A device cannot offer a slot for a damaged header's gigabytes: both refuse, C first for the room.
            let capacity = c.reason == TINYOPS_REASON_PATCH_CAPACITY && declaredNewLength(patch) == nil
            #expect(c.status != TINYOPS_OK && (c.reason == reason(error) || capacity), "\(label): Swift: \(error.message); C: \(c)")
        }
    }

    // MARK: The encoding

    @Test func encodingByHand() throws {
        let old = (0..<40).map { UInt8($0) }
        let new = Array(old[8..<24]) + [1, 2, 3] + Array(old[0..<4])
        let patch = ModelPatch(oldLength: 40, newLength: new.count, oldSHA256: SHA256.hash(old), newSHA256: SHA256.hash(new),
                               operations: [.copy(from: 8, count: 16), .insert([1, 2, 3]), .copy(from: 0, count: 4)])
        let bytes = patch.bytes
        #expect(Array(bytes[0..<16]) == [0x54, 0x4F, 0x50, 0x44, 1, 0, 80, 0, 40, 0, 0, 0, 23, 0, 0, 0])
        #expect(Array(bytes[16..<48]) == SHA256.hash(old) && Array(bytes[48..<80]) == SHA256.hash(new))
        // COPY 16 from +8 (zigzag 16), INSERT 3 bytes, COPY 4 from 24 - 24 = 0 (delta -24: zigzag 47), END.
        #expect(Array(bytes[80...]) == [0x01, 0x10, 0x10, 0x02, 0x03, 1, 2, 3, 0x01, 0x04, 0x2F, 0x00])
        #expect(try ModelPatch.decode(bytes) == patch)
        #expect(try patch.apply(to: old) == new)
        #expect(Self.cApply(bytes, to: old).output == new)
        // Long lengths and far copies take multi-byte varints: 300 = ac 02.
        var out: [UInt8] = []
        ModelPatch.appendVarint(300, to: &out)
        ModelPatch.appendVarint(UInt32.max, to: &out)
        #expect(out == [0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
    }

    // MARK: Real models

    /// The fixture pairs: every patch rebuilds the new model in Swift and in C (whole, and in
    /// pieces of 1, 7 and 61 bytes), and an identical model costs a header and one COPY.
    @Test func patchesRebuildTheNewModelInSwiftAndC() throws {
        let pairs = [("conv1d_float", "conv1d_int8"), ("mlp_int8", "cnn2d_int8"), ("cnn2d_int8", "mlp_int8"),
                     ("residual_float", "residual_int8"), ("conv1d_int8", "conv1d_int8")]
        for (a, b) in pairs {
            let old = try Fixtures.bytes(a + ".tflite"), new = try Fixtures.bytes(b + ".tflite")
            let patch = ModelDiff.patch(old: old, new: new, oldLayout: try TFLiteLayout.read(old), newLayout: try TFLiteLayout.read(new))
            let bytes = patch.bytes
            #expect(try patch.apply(to: old) == new, "\(a) -> \(b)")
            #expect(try ModelPatch.decode(bytes) == patch)
            for pieces in [nil, [1], [7], [61, 3]] {
                #expect(Self.cApply(bytes, to: old, pieces: pieces).output == new, "\(a) -> \(b), pieces \(pieces ?? [])")
            }
            if a == b { #expect(bytes.count == 80 + 4 + 1 && patch.operations == [.copy(from: 0, count: old.count)]) }
        }
    }

    /// Retraining only the last layer: the patch carries that layer's buffers and the changed
    /// metadata, copies every other buffer, and is a fraction of the model.
    @Test func onlyTheRetrainedLayerTravels() throws {
        // Both models as tinyops writes them (the fixture comes from the TensorFlow converter).
        var model = try Fixtures.model("cnn2d_float.tflite")
        try model.setTinyopsMetadata(["labels": ["a", "b"], "metrics": ["test_accuracy": 0.91]])
        let old = try TFLiteWriter.encode(model)
        let last = try #require(model.main.operators.last(where: { $0.builtin == .fullyConnected }))
        var changed: [String] = []
        for input in last.inputs.dropFirst() where input >= 0 {
            var tensor = model.main.tensors[Int(input)]
            let values = try #require(tensor.floatValues)
            tensor.data = Tensor.bytes(values.enumerated().map { $0.element * 0.9 + Float($0.offset % 5) * 1e-3 })
            model.subgraphs[0].tensors[Int(input)] = tensor
            changed.append(tensor.name)
        }
        try model.setTinyopsMetadata(["labels": ["a", "b"], "metrics": ["test_accuracy": 0.93]])
        let new = try TFLiteWriter.encode(model)
        let oldLayout = try TFLiteLayout.read(old), newLayout = try TFLiteLayout.read(new)
        let patch = ModelDiff.patch(old: old, new: new, oldLayout: oldLayout, newLayout: newLayout)
        let report = DiffReport(old: "a", new: "b", output: "p", oldBytes: old.count, newBytes: new.count,
                                patchBytes: patch.bytes.count, oldSHA256: "", newSHA256: "", patch: patch, layout: newLayout,
                                gzipNewBytes: nil)
        let changedBytes = newLayout.buffers.filter { changed.contains($0.owners.first ?? "") }.reduce(0) { $0 + $1.range.count }
        #expect(Set(report.changedBuffers.map(\.label)) == Set(changed + ["metadata 'tinyops'"]), "\(report.changedBuffers)")
        #expect(report.unchangedBuffers == newLayout.buffers.count - changed.count - 1)
        #expect(patch.insertedBytes < changedBytes + 200, "inserted \(patch.insertedBytes), changed buffers \(changedBytes)")
        #expect(patch.bytes.count < new.count / 4)
        #expect(Self.cApply(patch.bytes, to: old).output == new)
    }

    // MARK: Damage

    /// Every truncation and 1500 seeded mutations of a real patch: C and Swift rebuild exactly
    /// the new model or refuse it for the same reason.
    @Test func damagedPatchesAreRefusedAlikeInCAndSwift() throws {
        let old = try Fixtures.bytes("conv1d_float.tflite"), new = try Fixtures.bytes("conv1d_int8.tflite")
        let bytes = ModelDiff.patch(old: old, new: new, oldLayout: try TFLiteLayout.read(old), newLayout: try TFLiteLayout.read(new)).bytes
        for length in 0..<bytes.count where length < 200 || length % 7 == 0 || length > bytes.count - 20 {
            Self.expectAgreement(Array(bytes.prefix(length)), old: old, new: new, "truncated to \(length)")
            #expect(Self.cApply(Array(bytes.prefix(length)), to: old).status != TINYOPS_OK)
        }
        Self.expectAgreement(bytes + [0], old: old, new: new, "a byte appended")
        var generator = SeededGenerator(seed: 0x9A7C)
        var refused = 0
        for trial in 0..<1500 {
            var copy = bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let at = trial % 3 == 0 ? Int.random(in: 0..<min(100, copy.count), using: &generator) : Int.random(in: 0..<copy.count, using: &generator)
                copy[at] = trial % 2 == 0 ? copy[at] ^ (1 << UInt8.random(in: 0...7, using: &generator)) : UInt8.random(in: 0...255, using: &generator)
            }
            Self.expectAgreement(copy, old: old, new: new, "mutation \(trial) (seed 0x9A7C)")
            if Self.cApply(copy, to: old).status != TINYOPS_OK { refused += 1 }
        }
        #expect(refused > 1400)
    }

    @Test func headerFieldsAndWrongBaseModels() throws {
        let old = try Fixtures.bytes("mlp_float.tflite"), new = try Fixtures.bytes("mlp_int8.tflite")
        let bytes = ModelDiff.patch(old: old, new: new).bytes
        func damaged(_ change: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = bytes
            change(&copy)
            return copy
        }
        let cases: [(String, [UInt8], tinyops_status, tinyops_reason, Int32)] = [
            ("magic", damaged { $0[3] = UInt8(ascii: "X") }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_MAGIC, 0),
            ("a .tflite", new, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_MAGIC, 0),
            ("version", damaged { $0[4] = 2 }, TINYOPS_ERR_UNSUPPORTED, TINYOPS_REASON_PATCH_VERSION, 4),
            ("header size", damaged { $0[6] = 96 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_HEADER, 6),
            ("new length 0", damaged { $0[12] = 0; $0[13] = 0 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_HEADER, 12),
            ("old length", damaged { $0[8] ^= 1 }, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PATCH_BASE, 8),
            ("old sha256", damaged { $0[20] ^= 1 }, TINYOPS_ERR_MODEL_INVALID, TINYOPS_REASON_PATCH_BASE, 16),
            ("new sha256", damaged { $0[50] ^= 1 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_HASH, 48),
            ("op code", damaged { $0[80] = 9 }, TINYOPS_ERR_MODEL_CORRUPT, TINYOPS_REASON_PATCH_OP, 80),
        ]
        for (label, patch, status, reason, offset) in cases {
            let c = Self.cApply(patch, to: old)
            #expect(c.status == status && c.reason == reason && c.offset == offset, "\(label): \(c)")
            Self.expectAgreement(patch, old: old, new: new, label)
        }
        // Another model as the base: refused before a byte is written (cApply checks the
        // untouched output only on success, so check it here).
        let other = try Fixtures.bytes("conv1d_float.tflite")
        #expect(Self.cApply(bytes, to: other).reason == TINYOPS_REASON_PATCH_BASE)
        #expect(throws: PatchError.self) { try ModelPatch.apply(bytes, to: other) }
        var out = [UInt8](repeating: 0x5A, count: new.count)
        var error = tinyops_error()
        let status = bytes.withUnsafeBufferPointer { p in
            other.withUnsafeBufferPointer { o in
                tinyops_patch_apply(p.baseAddress, p.count, o.baseAddress, o.count, &out, out.count, nil, &error)
            }
        }
        #expect(status == TINYOPS_ERR_MODEL_INVALID && out.allSatisfy { $0 == 0x5A })
        // A slot too small, and one overlapping the old model.
        let small = Self.cApply(bytes, to: old, capacity: new.count - 1)
        #expect(small.status == TINYOPS_ERR_LIMIT && small.reason == TINYOPS_REASON_PATCH_CAPACITY)
        var state = tinyops_patch()
        var shared = old + [UInt8](repeating: 0, count: new.count)
        shared.withUnsafeMutableBufferPointer { b in
            #expect(tinyops_patch_begin(&state, b.baseAddress, old.count, b.baseAddress! + old.count - 1, new.count) == TINYOPS_ERR_ARGUMENT)
            #expect(tinyops_patch_error(&state).pointee.reason == TINYOPS_REASON_PATCH_OVERLAP)
        }
    }

    /// The first error sticks, finish cannot be repeated, and a rebuilt slot gets a blob header
    /// that `tinyops_blob_open` accepts.
    @Test func stateAfterFailureAndSuccessAndTheBlobHeader() throws {
        let old = try Fixtures.bytes("conv1d_float.tflite"), new = try Fixtures.bytes("conv1d_int8.tflite")
        let bytes = ModelDiff.patch(old: old, new: new).bytes
        var slot = [UInt8](repeating: 0, count: 48 + new.count)
        var state = tinyops_patch()
        var info = tinyops_patch_info()
        slot.withUnsafeMutableBufferPointer { b in
            let model = b.baseAddress! + 48
            old.withUnsafeBufferPointer { o in
                #expect(tinyops_patch_begin(&state, o.baseAddress, o.count, model, new.count) == TINYOPS_OK)
                #expect(bytes.withUnsafeBufferPointer { tinyops_patch_update(&state, $0.baseAddress, $0.count) } == TINYOPS_OK)
                #expect(tinyops_patch_finish(&state, &info) == TINYOPS_OK && info.model_len == new.count)
                let digest = withUnsafeBytes(of: info.sha256) { Array($0) }
                #expect(tinyops_blob_write_header(b.baseAddress, info.model_len, digest) == TINYOPS_OK)
                var again = tinyops_patch_info()
                #expect(tinyops_patch_finish(&state, &again) == TINYOPS_ERR_ARGUMENT)
                #expect(tinyops_patch_error(&state).pointee.reason == TINYOPS_REASON_PATCH_STATE)

                var failing = tinyops_patch()
                var bad = bytes
                bad[80] = 7
                let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: new.count)
                defer { scratch.deallocate() }
                #expect(tinyops_patch_begin(&failing, o.baseAddress, o.count, scratch, new.count) == TINYOPS_OK)
                #expect(bad.withUnsafeBufferPointer { tinyops_patch_update(&failing, $0.baseAddress, $0.count) } == TINYOPS_ERR_MODEL_CORRUPT)
                #expect(bytes.withUnsafeBufferPointer { tinyops_patch_update(&failing, $0.baseAddress, 10) } == TINYOPS_ERR_MODEL_CORRUPT)
                #expect(tinyops_patch_finish(&failing, nil) == TINYOPS_ERR_MODEL_CORRUPT)
                #expect(tinyops_patch_error(&failing).pointee.reason == TINYOPS_REASON_PATCH_OP)
            }
        }
        #expect(try ModelBlob.decode(slot).get().model == new)
    }
}

/// The patches scripts/sanitize.sh fuzzes (Tests/RuntimeFuzz/patches, with the fixture
/// models they join): they must equal what `ModelDiff` makes today; regenerate on purpose
/// with TINYOPS_UPDATE_GOLDEN=1.
@Suite struct PatchFuzzCorpusTests {
    static let directory = Fixtures.repositoryRoot + "/Tests/RuntimeFuzz/patches"
    static let pairs = [("conv1d_float", "conv1d_int8"), ("mlp_int8", "cnn2d_int8"), ("residual_float", "residual_int8")]

    @Test func corpusMatchesModelDiff() throws {
        let update = ProcessInfo.processInfo.environment["TINYOPS_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true) }
        for (a, b) in Self.pairs {
            let old = try Fixtures.bytes(a + ".tflite"), new = try Fixtures.bytes(b + ".tflite")
            let bytes = ModelDiff.patch(old: old, new: new, oldLayout: try TFLiteLayout.read(old), newLayout: try TFLiteLayout.read(new)).bytes
            let path = "\(Self.directory)/\(a)__\(b).patch"
            if update { try AtomicFile.write(bytes, to: path) }
            #expect((try? FileBytes.read(path)) == bytes, "\(path) is missing or stale; rerun with TINYOPS_UPDATE_GOLDEN=1 and commit it")
        }
    }
}
