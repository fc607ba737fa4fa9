/// A buffer to place in the arena: its size and the time steps it is alive, inclusive on both
/// ends (TFLM numbers the model inputs 0 and operator i as step i + 1).
public struct PlannerBuffer: Equatable, Sendable {
    public var size: Int
    public var firstUse: Int
    public var lastUse: Int

    public init(size: Int, firstUse: Int, lastUse: Int) {
        self.size = size
        self.firstUse = firstUse
        self.lastUse = lastUse
    }

    /// Whether two buffers are alive at a common step.
    public func overlapsInTime(_ other: PlannerBuffer) -> Bool {
        !(firstUse > other.lastUse || other.firstUse > lastUse)
    }
}

/// Where each buffer goes, and the bytes the plan needs.
public struct MemoryPlan: Equatable, Sendable {
    /// Byte offset of each buffer, in the order the buffers were given.
    public let offsets: [Int]
    /// The high-water mark: the smallest region that holds the plan.
    public let size: Int

    public init(offsets: [Int], size: Int) {
        self.offsets = offsets
        self.size = size
    }
}

/// The placement algorithm of TFLM's `GreedyMemoryPlanner`
/// (tensorflow/lite/micro/memory_planner/greedy_memory_planner.cc), written from its
/// description:
///
/// 1. Order the buffers by size, largest first; among equal sizes the one given LAST goes
///    first (TFLM fills its sort array from the end, then bubble-sorts it stably).
/// 2. Put the first at offset 0. For each next buffer, walk the buffers placed so far in
///    offset order, looking only at those alive at some step the new one is alive. Starting
///    from offset 0, take the first gap between the end of the previous such buffer and the
///    start of the next that is at least as large as the new buffer; with no such gap, go
///    after the last one.
/// 3. The plan's size is the largest end offset.
///
/// Sizes are used as given: TFLM rounds each request up to 16 bytes before planning, and so
/// does `TFLMArenaModel`. Reproducing the algorithm (not just any valid packing) matters,
/// because the arena a model needs is the plan TFLM makes, not the best possible one.
public enum GreedyMemoryPlanner {
    public static func plan(_ buffers: [PlannerBuffer]) -> MemoryPlan {
        let count = buffers.count
        guard count > 0 else { return MemoryPlan(offsets: [], size: 0) }
        // Largest first; ties later-given first, as TFLM orders them.
        let order = buffers.indices.sorted { a, b in
            buffers[a].size != buffers[b].size ? buffers[a].size > buffers[b].size : a > b
        }
        var offsets = [Int](repeating: 0, count: count)
        // Indices of placed buffers, ordered by offset; a new buffer goes after equal offsets.
        var placed: [Int] = []
        placed.reserveCapacity(count)
        placed.append(order[0])

        for position in 1..<count {
            let id = order[position]
            let wanted = buffers[id]
            var candidate = 0
            for other in placed where buffers[other].overlapsInTime(wanted) {
                if offsets[other] - candidate >= wanted.size { break }
                candidate = max(candidate, offsets[other] + buffers[other].size)
            }
            offsets[id] = candidate
            let insertAt = placed.firstIndex { offsets[$0] > candidate } ?? placed.count
            placed.insert(id, at: insertAt)
        }

        var size = 0
        for i in 0..<count { size = max(size, offsets[i] + buffers[i].size) }
        return MemoryPlan(offsets: offsets, size: size)
    }

    /// Pairs of buffers that are alive at a common step and share bytes; empty for a valid plan.
    public static func overlaps(_ buffers: [PlannerBuffer], _ plan: MemoryPlan) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        for a in buffers.indices {
            for b in (a + 1)..<buffers.count where buffers[a].overlapsInTime(buffers[b]) {
                let aStart = plan.offsets[a], aEnd = aStart + buffers[a].size
                let bStart = plan.offsets[b], bEnd = bStart + buffers[b].size
                if aStart < bEnd && bStart < aEnd { found.append((a, b)) }
            }
        }
        return found
    }
}
