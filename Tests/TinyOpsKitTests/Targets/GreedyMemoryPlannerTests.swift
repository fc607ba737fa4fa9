import Testing
import TinyOpsKit

/// The planner on hand-computed cases (as TFLM's greedy_memory_planner_test.cc does: a few
/// buffers and the expected offsets and arena), and a seeded property test.
@Suite struct GreedyMemoryPlannerTests {
    private func buffers(_ list: [(Int, Int, Int)]) -> [PlannerBuffer] {
        list.map { PlannerBuffer(size: $0.0, firstUse: $0.1, lastUse: $0.2) }
    }

    /// A 32-byte buffer alive at steps 1–2 is placed first, at 0. The 16-byte one at 0–1
    /// meets it at step 1, so it goes above it, at 32. The 16-byte one at 2–3 meets only the
    /// 32-byte one (the other is dead by step 2), so it also goes at 32: arena 48.
    @Test func threeBuffersChain() {
        let plan = GreedyMemoryPlanner.plan(buffers([(16, 0, 1), (32, 1, 2), (16, 2, 3)]))
        #expect(plan.offsets == [32, 0, 32])
        #expect(plan.size == 48)
    }

    /// All alive together: stacked largest first, 30 at 0, 20 at 30, 10 at 50.
    @Test func threeBuffersAliveTogether() {
        let plan = GreedyMemoryPlanner.plan(buffers([(10, 0, 2), (20, 0, 2), (30, 0, 2)]))
        #expect(plan.offsets == [50, 30, 0])
        #expect(plan.size == 60)
    }

    /// The 40-byte buffer (0–1) takes 0; the 24-byte one (1–2) meets it and goes to 40; the
    /// 16-byte one (2–3) meets only the 24-byte one, and the 40 bytes below it are free at
    /// that time, so it fills the gap at 0: arena 64, not 80.
    @Test func threeBuffersGapFilling() {
        let plan = GreedyMemoryPlanner.plan(buffers([(40, 0, 1), (16, 2, 3), (24, 1, 2)]))
        #expect(plan.offsets == [0, 0, 40])
        #expect(plan.size == 64)
    }

    /// Among equal sizes the buffer given last is placed first (TFLM fills its sort array from
    /// the end). Seen in TFLM's own plan for a Cortex-M55 model: two 4096-byte tensors and two
    /// 4464-byte scratch buffers, where the other order gives a 1680-byte smaller (wrong) arena.
    @Test func equalSizesPlaceTheLastGivenFirst() {
        let plan = GreedyMemoryPlanner.plan(buffers([(16, 0, 1), (16, 0, 1)]))
        #expect(plan.offsets == [16, 0])
        // The tensors and scratch buffers of bench/tflm-cortex-m/models/dscnn_int8 on MVE, and the
        // offsets TFLM printed for them (TF_LITE_SHOW_MEMORY_USE).
        let dscnn = GreedyMemoryPlanner.plan(buffers([
            (3072, 0, 1), (4096, 1, 2), (4096, 2, 3), (8192, 3, 4), (2048, 4, 5), (4096, 5, 6), (64, 6, 7),
            (16, 7, 8), (16, 8, 8), (128, 1, 1), (4464, 2, 2), (4464, 4, 4),
        ]))
        #expect(dscnn.offsets == [0, 12288, 8192, 0, 12656, 0, 4096, 16, 0, 3072, 0, 8192])
        #expect(dscnn.size == 16384)
    }

    /// TFLM's TestGreedyBasics, TestGreedyMedium and TestOverlapCase, with their expectations.
    @Test func tflmPlannerTestCases() {
        let basics = GreedyMemoryPlanner.plan(buffers([(10, 0, 1), (20, 2, 3)]))
        #expect(basics.offsets == [0, 0] && basics.size == 20)
        let medium = GreedyMemoryPlanner.plan(buffers([(10, 0, 1), (20, 1, 2), (30, 2, 3), (40, 3, 4), (50, 0, 1)]))
        #expect(medium.offsets == [50, 70, 40, 0, 0])
        #expect(medium.size == 90)
        let overlap = GreedyMemoryPlanner.plan(buffers([(100, 0, 1), (50, 2, 3), (20, 1, 2)]))
        #expect(overlap.size == 120)
    }

    @Test func emptyAndSingle() {
        #expect(GreedyMemoryPlanner.plan([]) == MemoryPlan(offsets: [], size: 0))
        #expect(GreedyMemoryPlanner.plan(buffers([(48, 3, 3)])) == MemoryPlan(offsets: [0], size: 48))
    }

    /// Random buffer sets: no two buffers alive at a common step share a byte; the arena is
    /// at least the largest total alive at one step and at most the sum of all sizes.
    @Test func plannedBuffersNeverOverlapWhileAlive() {
        for seed in UInt64(1)...300 {
            var rng = SeededGenerator(seed: seed)
            let count = Int.random(in: 1...40, using: &rng)
            let steps = Int.random(in: 1...30, using: &rng)
            let list = (0..<count).map { _ -> PlannerBuffer in
                let first = Int.random(in: 0...steps, using: &rng)
                let last = Int.random(in: first...min(steps, first + Int.random(in: 0...8, using: &rng)), using: &rng)
                return PlannerBuffer(size: 16 * Int.random(in: 1...64, using: &rng), firstUse: first, lastUse: last)
            }
            let plan = GreedyMemoryPlanner.plan(list)
            let overlaps = GreedyMemoryPlanner.overlaps(list, plan)
            #expect(overlaps.isEmpty, "seed \(seed): buffers \(overlaps.first.map { "\($0)" } ?? "") overlap")
            let liveMaximum = (0...steps).map { step in
                list.filter { $0.firstUse <= step && step <= $0.lastUse }.reduce(0) { $0 + $1.size }
            }.max() ?? 0
            #expect(plan.size >= liveMaximum, "seed \(seed): arena below the live maximum")
            #expect(plan.size <= list.reduce(0) { $0 + $1.size }, "seed \(seed): arena above the sum")
            #expect(zip(plan.offsets, list).allSatisfy { $0.0 >= 0 && $0.0 + $0.1.size <= plan.size }, "seed \(seed)")
        }
    }
}
