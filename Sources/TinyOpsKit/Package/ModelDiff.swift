/// Makes model patches: the operations that rebuild `new` from `old`, copying every run of
/// bytes the old model already has and inserting the rest.
///
/// Two passes over the new file, front to back (the order a device writes its slot):
/// - buffers first: a buffer of the new model whose data equals a buffer of the old one
///   (weights of a layer that was not retrained, wherever the FlatBuffer moved them) is one
///   COPY of the old buffer, found by content (`TFLiteLayout`);
/// - everything else (tables, vectors, strings, changed buffers) is matched greedily against
///   the old file: 16-byte blocks at every 4-byte-aligned old offset are indexed in a hash
///   table with chains (FlatBuffers align their fields to 4 bytes at least); at each new
///   position the longest match among at most 32 candidates wins, preferring the one that
///   continues the previous COPY (its offset costs one byte), and is extended backwards into
///   the pending literal. Matches shorter than 16 bytes are inserted: a COPY costs 3 to 7
///   bytes and splits an INSERT.
/// Deterministic: the same two files give the same patch.
public enum ModelDiff {
    static let block = 16
    static let chainLimit = 32

    /// The patch from `old` to `new`. The layouts, when given, anchor unchanged buffers.
    public static func patch(old: [UInt8], new: [UInt8], oldLayout: TFLiteLayout? = nil,
                             newLayout: TFLiteLayout? = nil) -> ModelPatch {
        var anchors: [Int: (from: Int, count: Int)] = [:]
        if let oldLayout, let newLayout {
            var byContent: [ArraySlice<UInt8>: Int] = [:]
            for buffer in oldLayout.buffers where byContent[old[buffer.range]] == nil {
                byContent[old[buffer.range]] = buffer.range.lowerBound
            }
            for buffer in newLayout.buffers {
                if let from = byContent[new[buffer.range]] { anchors[buffer.range.lowerBound] = (from, buffer.range.count) }
            }
        }
        let index = BlockIndex(old)
        var operations: [ModelPatch.Operation] = []
        var literalStart = 0, cursor = 0, p = 0
        func emit(_ operation: ModelPatch.Operation) {
            switch (operations.last, operation) {
            case (.copy(let from, let count)?, .copy(let next, let more)) where from + count == next:
                operations[operations.count - 1] = .copy(from: from, count: count + more)
            case (.insert(let bytes)?, .insert(let more)):
                operations[operations.count - 1] = .insert(bytes + more)
            default:
                operations.append(operation)
            }
        }
        func flush(upTo end: Int) {
            if end > literalStart { emit(.insert(Array(new[literalStart..<end]))) }
        }
        old.withUnsafeBufferPointer { o in
            new.withUnsafeBufferPointer { n in
                while p < n.count {
                    if let anchor = anchors[p] {
                        flush(upTo: p)
                        emit(.copy(from: anchor.from, count: anchor.count))
                        cursor = anchor.from + anchor.count
                        p += anchor.count
                        literalStart = p
                        continue
                    }
                    guard let match = index.longestMatch(o, n, at: p, preferring: cursor) else {
                        p += 1
                        continue
                    }
                    var back = 0
                    while p - back > literalStart, match.from - back > 0, o[match.from - back - 1] == n[p - back - 1] { back += 1 }
                    flush(upTo: p - back)
                    emit(.copy(from: match.from - back, count: match.count + back))
                    cursor = match.from + match.count
                    p += match.count
                    literalStart = p
                }
            }
        }
        flush(upTo: new.count)
        return ModelPatch(oldLength: old.count, newLength: new.count, oldSHA256: SHA256.hash(old), newSHA256: SHA256.hash(new),
                          operations: operations)
    }

    /// 16-byte blocks of the old file at 4-byte-aligned offsets, by hash, most recent first.
    struct BlockIndex {
        let heads: [Int32]
        let next: [Int32]
        let mask: Int

        init(_ old: [UInt8]) {
            let count = old.count >= ModelDiff.block ? (old.count - ModelDiff.block) / 4 + 1 : 0
            var size = 1024
            while size < 2 * count { size <<= 1 }
            var heads = [Int32](repeating: -1, count: size), next = [Int32](repeating: -1, count: count)
            old.withUnsafeBufferPointer { o in
                for slot in 0..<count {
                    let bucket = Self.hash(o, 4 * slot) & (size - 1)
                    next[slot] = heads[bucket]
                    heads[bucket] = Int32(slot)
                }
            }
            self.heads = heads
            self.next = next
            mask = size - 1
        }

        static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
            let raw = UnsafeRawPointer(bytes.baseAddress! + at)
            let a = raw.loadUnaligned(as: UInt64.self), b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            var h = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &* 0xC2B2_AE3D_27D4_EB4F)
            h ^= h >> 29
            return Int(truncatingIfNeeded: h)
        }

        /// The longest run of `n` from `p` found in `o` (at least one block long).
        func longestMatch(_ o: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>, at p: Int,
                          preferring cursor: Int) -> (from: Int, count: Int)? {
            guard p + ModelDiff.block <= n.count, !next.isEmpty else { return nil }
            var best: (from: Int, count: Int)?
            var slot = heads[Self.hash(n, p) & mask], visited = 0
            while slot >= 0, visited < ModelDiff.chainLimit {
                let from = 4 * Int(slot)
                var count = 0
                while from + count < o.count, p + count < n.count, o[from + count] == n[p + count] { count += 1 }
                if count >= ModelDiff.block, best == nil || count > best!.count || (count == best!.count && from == cursor) {
                    best = (from, count)
                }
                slot = next[Int(slot)]
                visited += 1
            }
            return best
        }
    }
}
