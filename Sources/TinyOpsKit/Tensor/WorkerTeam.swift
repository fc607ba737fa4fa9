import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed team of lanes (the calling thread plus persistent workers) that run the same job
/// on lane indices 0..<lanes and meet at barriers. The trainer splits each batch into one
/// shard per lane; what a lane computes depends only on its index, never on timing, and
/// results are combined in lane order, so training is deterministic.
///
/// Hand-off is a spin on an atomic generation counter (a batch of a tiny model takes tens of
/// microseconds, so waking a sleeping thread per batch would cost as much as the work); an
/// idle worker falls back to sleeping on a semaphore.
public final class WorkerTeam: @unchecked Sendable {
    public let lanes: Int
    private let generation = Atomic<Int>(0)
    /// Per worker lane: the generation it last finished, whether it sleeps, its wake-up call.
    private final class Lane: Sendable {
        let finished = Atomic<Int>(0)
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }
    private let lane: [Lane]
    private let arrived = Atomic<Int>(0)
    private let barrierGeneration = Atomic<Int>(0)
    /// The current job; written before `generation` is released, read after it is acquired.
    private var job: ((Int) -> Void)?
    private var stopping = false
    private var threads: [Thread] = []

    /// `lanes` ≥ 1; lane 0 is the caller of `run`, the others are threads started here.
    public init(lanes: Int = 2) {
        precondition(lanes >= 1)
        self.lanes = lanes
        lane = (0..<lanes).map { _ in Lane() }
        for index in 1..<lanes {
            let thread = Thread { [unowned(unsafe) self] in self.workerLoop(index: index) }  // deinit joins the thread
            thread.stackSize = 1 << 20
            thread.start()
            threads.append(thread)
        }
    }

    deinit {
        stopping = true
        generation.add(1, ordering: .sequentiallyConsistent)
        for index in 1..<lanes { lane[index].wake.signal() }
        for index in 1..<lanes { spinUntil { self.lane[index].finished.load(ordering: .acquiring) == -1 } }
    }

    /// Runs `body(lane)` on every lane at once and returns when all have finished.
    public func run(_ body: (Int) -> Void) {
        guard lanes > 1 else { body(0); return }
        withoutActuallyEscaping(body) { escapable in
            job = escapable
            let next = generation.add(1, ordering: .sequentiallyConsistent).newValue
            for index in 1..<lanes where lane[index].sleeping.load(ordering: .sequentiallyConsistent) { lane[index].wake.signal() }
            escapable(0)
            for index in 1..<lanes { spinUntil { self.lane[index].finished.load(ordering: .acquiring) == next } }
            job = nil
        }
    }

    /// Waits until every lane of the current `run` has arrived. Call from every lane, the
    /// same number of times; writes before the barrier are visible to all lanes after it.
    public func barrier() {
        guard lanes > 1 else { return }
        let current = barrierGeneration.load(ordering: .acquiring)
        if arrived.add(1, ordering: .acquiringAndReleasing).newValue == lanes {
            arrived.store(0, ordering: .relaxed)
            barrierGeneration.add(1, ordering: .releasing)
        } else {
            spinUntil { self.barrierGeneration.load(ordering: .acquiring) != current }
        }
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < 20_000 { continue }
                lane[index].sleeping.store(true, ordering: .sequentiallyConsistent)
                if generation.load(ordering: .sequentiallyConsistent) == seen { lane[index].wake.wait() }
                lane[index].sleeping.store(false, ordering: .sequentiallyConsistent)
                spins = 0
            }
            seen = generation.load(ordering: .acquiring)
            if stopping {
                lane[index].finished.store(-1, ordering: .releasing)
                return
            }
            do {
                let body = job!
                body(index)
            }
            lane[index].finished.store(seen, ordering: .releasing)
        }
    }

    /// Spins on `condition`, yielding the processor now and then so a descheduled partner
    /// can run (the machine may have fewer free cores than lanes).
    @inline(__always)
    private func spinUntil(_ condition: () -> Bool) {
        var spins = 0
        while !condition() {
            spins += 1
            if spins % 256 == 0 { sched_yield() }
        }
    }
}
