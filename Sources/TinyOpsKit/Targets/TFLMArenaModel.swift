/// Which TFLM build the arena is estimated for.
public struct TFLMBuild: Equatable, Sendable {
    public var abi: TFLMABI
    /// The Python wheel uses `RecordingMicroAllocator`, whose bookkeeping objects are larger.
    public var recordingAllocator: Bool
    public var kernels: TFLMKernelSet

    /// The tflite-micro Python interpreter on this 64-bit host: what the oracle measures.
    public static let pythonHost = TFLMBuild(abi: .lp64Host, recordingAllocator: true, kernels: .reference)

    /// A Cortex-M firmware: `MicroInterpreter(model, resolver, arena, size)` with the CMSIS-NN
    /// kernels for the core's implementation class.
    public static func device(_ core: CortexCore) -> TFLMBuild {
        TFLMBuild(abi: .ilp32CortexM, recordingAllocator: false, kernels: .cmsisNN(core.cmsisNNPath))
    }
}

/// Where the arena's bytes go.
public struct TFLMArenaEstimate: Equatable, Sendable {
    /// The smallest `tensor_arena` size with which `AllocateTensors()` succeeds (16-byte aligned
    /// arena start).
    public let bytes: Int
    /// The step that needs the most bytes and so sets `bytes`.
    public let bindingPhase: TFLMAllocationPhase
    /// Bytes of the memory plan (activations and scratch buffers, reused over time).
    public let plannedBytes: Int
    /// Bytes at the tail that live as long as the interpreter, by kind.
    public let persistent: [TFLMPersistentKind: Int]
    public let persistentBytes: Int
    /// Tensors and scratch buffers the planner placed.
    public let plannedBuffers: [TFLMPlannedBuffer]
    /// Ops for which tinyops has no allocation recipe and assumed a typical one.
    public let unmodeledOps: [String]
}

/// One buffer of the memory plan.
public struct TFLMPlannedBuffer: Equatable, Sendable {
    /// The tensor index, or nil for a kernel scratch buffer.
    public let tensor: Int?
    /// The operator that requested a scratch buffer.
    public let scratchOf: Int?
    public let bytes: Int
    public let offset: Int
    public let firstUse: Int
    public let lastUse: Int
}

/// The steps of `MicroInterpreter::AllocateTensors()` that can run out of arena.
public enum TFLMAllocationPhase: String, Sendable {
    case setup = "interpreter setup"
    case prepare = "kernel Prepare"
    case planning = "memory planning"
    case final = "planned tensors + persistent data"
}

public enum TFLMPersistentKind: String, CaseIterable, Sendable {
    case allocator = "allocator and planner objects"
    case evalTensors = "TfLiteEvalTensor array"
    case nodes = "node and registration array"
    case builtinData = "parsed op options"
    case opData = "kernel op data"
    case kernelBuffers = "kernel persistent buffers"
    case scratchHandles = "scratch buffer handles"
    case variables = "variable tensors"
    case ioTensors = "input/output TfLiteTensors"
}

/// Estimates TFLM's arena by replaying what `MicroInterpreter::AllocateTensors()` does
/// (micro_interpreter.cc, micro_allocator.cc, micro_allocation_info.cc,
/// single_arena_buffer_allocator.cc) against a virtual arena: persistent allocations from the
/// top, the scratch-request list and the memory plan at the bottom, temporary allocations above
/// them. Each step that can fail records the span it needs; the largest span is the arena.
public enum TFLMArenaModel {
    public static func estimate(_ model: Model, build: TFLMBuild) -> TFLMArenaEstimate {
        let layouts = TFLMStructLayouts.of(build.abi)
        let plan = TFLMArenaPlan(model: model, layouts: layouts, kernels: build.kernels)
        // A top far from 0 and 16-aligned: spans do not depend on it.
        var replay = ArenaReplay(top: 1 << 40)
        replay.run(plan, model: model, layouts: layouts, build: build)
        // `required` is exact for an arena whose end is 16-aligned. Other ends align the top
        // allocations differently, so try the sizes around it as TFLM would run them: the first
        // that works from `required` up (at the latest the next multiple of 16), then lower ones.
        func works(_ size: Int) -> Bool {
            var trial = ArenaReplay(top: size, limited: true)
            trial.run(plan, model: model, layouts: layouts, build: build)
            return !trial.failed
        }
        var bytes = replay.required
        while !works(bytes) && bytes < alignUp(replay.required, 16) { bytes += 1 }
        while bytes > 1 && bytes > replay.required - 16 && works(bytes - 1) { bytes -= 1 }
        return TFLMArenaEstimate(bytes: bytes, bindingPhase: replay.bindingPhase, plannedBytes: plan.memoryPlan.size,
                                 persistent: replay.persistentByKind, persistentBytes: replay.top - replay.tail,
                                 plannedBuffers: plan.plannedBuffers, unmodeledOps: plan.unmodeledOps)
    }
}

/// Everything about the model the replay needs, computed once.
struct TFLMArenaPlan {
    let recipes: [[KernelAllocation]]
    let scratchRequests: [(op: Int, bytes: Int)]
    let plannedBuffers: [TFLMPlannedBuffer]
    let memoryPlan: MemoryPlan
    let unmodeledOps: [String]

    init(model: Model, layouts: TFLMStructLayouts, kernels: TFLMKernelSet) {
        recipes = model.subgraphs.map { subgraph in
            subgraph.operators.map { TFLMKernelAllocations.recipe($0, in: subgraph, layouts: layouts, kernels: kernels) }
        }
        var unmodeled: [String] = []
        var requests: [(op: Int, bytes: Int)] = []
        for (s, subgraph) in model.subgraphs.enumerated() {
            for (o, recipe) in recipes[s].enumerated() {
                if !recipe.isModeled { unmodeled.append(subgraph.operators[o].opcode.name) }
                for case .scratch(let bytes) in recipe.prepare where s == 0 { requests.append((o, bytes)) }
            }
        }
        scratchRequests = requests
        unmodeledOps = Array(Set(unmodeled)).sorted()
        let (buffers, described) = Self.buffers(model, requests)
        memoryPlan = GreedyMemoryPlanner.plan(buffers)
        plannedBuffers = zip(described, memoryPlan.offsets).map { item, offset in
            TFLMPlannedBuffer(tensor: item.tensor, scratchOf: item.scratchOf, bytes: item.bytes, offset: offset,
                              firstUse: item.first, lastUse: item.last)
        }
    }

    /// The planner's input, as `AllocationInfoBuilder` builds it: every non-constant,
    /// non-variable tensor with bytes (all subgraphs), then the scratch buffers; sizes rounded
    /// up to 16; lifetimes from subgraph 0's execution order.
    private static func buffers(_ model: Model, _ requests: [(op: Int, bytes: Int)])
        -> ([PlannerBuffer], [(tensor: Int?, scratchOf: Int?, bytes: Int, first: Int, last: Int)]) {
        var buffers: [PlannerBuffer] = []
        var described: [(tensor: Int?, scratchOf: Int?, bytes: Int, first: Int, last: Int)] = []
        for (s, subgraph) in model.subgraphs.enumerated() {
            let lifetimes = s == 0 ? Self.lifetimes(subgraph) : Array(repeating: (-1, -1), count: subgraph.tensors.count)
            for (t, tensor) in subgraph.tensors.enumerated() {
                let bytes = tflmByteLength(tensor)
                guard tensor.data == nil, !tensor.isVariable, bytes > 0 else { continue }
                let size = alignUp(bytes, 16)
                buffers.append(PlannerBuffer(size: size, firstUse: lifetimes[t].0, lastUse: lifetimes[t].1))
                described.append((s == 0 ? t : nil, nil, bytes, lifetimes[t].0, lifetimes[t].1))
            }
        }
        for request in requests {
            let step = request.op + 1
            buffers.append(PlannerBuffer(size: alignUp(request.bytes, 16), firstUse: step, lastUse: step))
            described.append((nil, request.op, request.bytes, step, step))
        }
        return (buffers, described)
    }

    /// `MarkAllocationLifetimes` for one subgraph: inputs at step 0, operator i at step i + 1,
    /// outputs kept to the last step.
    static func lifetimes(_ subgraph: Subgraph) -> [(Int, Int)] {
        var first = [Int](repeating: -1, count: subgraph.tensors.count)
        var last = first
        func created(_ t: Int32, _ scope: Int) { if first[Int(t)] == -1 { first[Int(t)] = scope } }
        for t in subgraph.inputs where t >= 0 { created(t, 0); last[Int(t)] = 0 }
        var scope = 0
        for op in subgraph.operators {
            scope += 1
            for t in op.outputs where t >= 0 { created(t, scope) }
            for t in op.inputs where t >= 0 { last[Int(t)] = scope }
            for t in op.outputs where t >= 0 { last[Int(t)] = scope }
        }
        for t in subgraph.outputs where t >= 0 { created(t, scope); last[Int(t)] = scope }
        return Array(zip(first, last))
    }
}

/// `TfLiteEvalTensorByteLength`: elements times the element size.
func tflmByteLength(_ tensor: Tensor) -> Int {
    guard let bits = tensor.type.bitWidth else { return 0 }
    return tensor.elementCount * max(bits / 8, 1)
}

func alignUp(_ value: Int, _ alignment: Int) -> Int { (value + alignment - 1) / alignment * alignment }
func alignDown(_ value: Int, _ alignment: Int) -> Int {
    value >= 0 ? value / alignment * alignment : -((-value + alignment - 1) / alignment * alignment)
}
