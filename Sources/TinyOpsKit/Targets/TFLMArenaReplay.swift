/// A virtual `SingleArenaBufferAllocator` walked through `AllocateTensors()`.
///
/// Addresses run from 0 (the 16-byte aligned arena start) to `top`. `head` ends the
/// non-persistent region (scratch requests, later the memory plan), `temp` the temporary
/// allocations above it, `tail` starts the persistent region. In unlimited mode every step
/// records the arena size it needs (`required`); in limited mode a step that does not fit
/// sets `failed`, as TFLM would return an error.
struct ArenaReplay {
    let top: Int
    let limited: Bool
    private(set) var head = 0
    private(set) var temp = 0
    private(set) var tail: Int
    private(set) var required = 0
    private(set) var bindingPhase = TFLMAllocationPhase.setup
    private(set) var failed = false
    private(set) var persistentByKind: [TFLMPersistentKind: Int] = [:]
    private var phase = TFLMAllocationPhase.setup

    init(top: Int, limited: Bool = false) {
        self.top = top
        self.limited = limited
        tail = top
    }

    // MARK: - The allocator's primitives

    private mutating func need(_ span: Int, fits: Bool) {
        if span > required {
            required = span
            bindingPhase = phase
        }
        if limited && !fits { failed = true }
    }

    /// `AllocatePersistentBuffer`: down from the tail. TFLM only checks that it stays above
    /// `head`, but a kernel's Prepare allocates persistent buffers while it holds temporary
    /// tensors: going below `temp` overwrites them and Prepare then fails on garbage (seen on
    /// Cortex-M4 with a 256-channel FULLY_CONNECTED). So it must stay above `temp`.
    mutating func persistent(_ size: Int, _ alignment: Int, _ kind: TFLMPersistentKind) {
        let result = alignDown(tail - size, alignment)
        need(top - result + temp, fits: result >= temp)
        persistentByKind[kind, default: 0] += tail - result
        tail = result
    }

    /// `AllocateTemp`: up from `temp`; must end below the tail.
    mutating func temporary(_ size: Int, _ alignment: Int) {
        let result = alignUp(temp, alignment)
        need(top - tail + result + size, fits: tail - result >= size)
        temp = result + size
    }

    /// `ResetTempAllocations`.
    mutating func resetTemporary() { temp = head }

    /// `ResizeBuffer`/`ReserveNonPersistentOverlayMemory` of the buffer at the arena start.
    mutating func resizeHead(_ size: Int, _ alignment: Int) {
        let start = alignUp(0, alignment)
        need(top - tail + start + size, fits: tail - start >= size)
        head = start + size
        temp = head
    }

    /// The planner's working memory: all that is left must hold 40 bytes per buffer
    /// (`GreedyMemoryPlanner::per_buffer_size()`).
    mutating func plannerScratch(buffers: Int) {
        let start = alignUp(temp, 16), end = alignDown(tail, 16)
        let bytes = 40 * buffers
        need(top - end + start + bytes, fits: end - start >= bytes)
    }

    // MARK: - AllocateTensors()

    mutating func run(_ plan: TFLMArenaPlan, model: Model, layouts l: TFLMStructLayouts, build: TFLMBuild) {
        // MicroAllocator::Create: the arena allocator, the planner and the allocator itself.
        phase = .setup
        persistent(build.recordingAllocator ? l.recordingSingleArenaBufferAllocator.size : l.singleArenaBufferAllocator.size,
                   l.singleArenaBufferAllocator.alignment, .allocator)
        persistent(l.greedyMemoryPlanner.size, l.greedyMemoryPlanner.alignment, .allocator)
        persistent(build.recordingAllocator ? l.recordingMicroAllocator.size : l.microAllocator.size,
                   l.microAllocator.alignment, .allocator)

        // StartModelAllocation.
        persistent(l.microBuiltinDataAllocator.size, l.microBuiltinDataAllocator.alignment, .allocator)
        resizeHead(l.scratchBufferRequest.size * 12, l.scratchBufferRequest.alignment)
        persistent(l.subgraphAllocations.size * model.subgraphs.count, l.subgraphAllocations.alignment, .allocator)
        for subgraph in model.subgraphs {
            persistent(l.tfLiteEvalTensor.size * subgraph.tensors.count, l.tfLiteEvalTensor.alignment, .evalTensors)
        }
        for subgraph in model.subgraphs {
            persistent(l.nodeAndRegistration.size * subgraph.operators.count, l.nodeAndRegistration.alignment, .nodes)
        }

        // PrepareNodeAndRegistrationDataFromFlatbuffer, then every kernel's Init.
        for recipes in plan.recipes {
            for recipe in recipes {
                if let data = recipe.builtinData { persistent(data.size, data.alignment, .builtinData) }
            }
        }
        for recipes in plan.recipes {
            for recipe in recipes {
                if let bytes = recipe.opData { persistent(bytes, 16, .opData) }
            }
        }

        // Every kernel's Prepare, then FinishPrepareNodeAllocations.
        phase = .prepare
        var requests = 0
        for (s, recipes) in plan.recipes.enumerated() {
            let subgraph = model.subgraphs[s]
            for recipe in recipes {
                for step in recipe.prepare {
                    switch step {
                    case .tempTensor(let index): tempTensor(subgraph.tensors[Int(index)], l)
                    case .persistent(let bytes): persistent(bytes, 16, .kernelBuffers)
                    case .scratch: requests += 1
                    }
                }
                resetTemporary()
                resizeHead(l.scratchBufferRequest.size * (requests + 12), l.scratchBufferRequest.alignment)
            }
        }

        // FinishModelAllocation: scratch handles, then CommitStaticMemoryPlan.
        phase = .planning
        if requests > 0 {
            persistent(l.scratchBufferHandle.size * requests, l.scratchBufferHandle.alignment, .scratchHandles)
        }
        let tensorCount = model.subgraphs.reduce(0) { $0 + $1.tensors.count }
        temporary(l.sizeT.size * model.subgraphs.count, l.sizeT.alignment)
        temporary(l.allocationInfo.size * (tensorCount + requests), l.allocationInfo.alignment)
        for subgraph in model.subgraphs {
            for tensor in subgraph.tensors where tensor.isVariable {
                persistent(tflmByteLength(tensor), 16, .variables)
            }
        }
        plannerScratch(buffers: plan.plannedBuffers.count)
        resetTemporary()
        resizeHead(0, 1)
        phase = .final
        resizeHead(plan.memoryPlan.size, 16)

        // The interpreter's input and output TfLiteTensors.
        let main = model.main
        for list in [main.inputs, main.outputs] {
            persistent(l.pointer.size * list.count, 16, .ioTensors)
            for index in list where index >= 0 {
                persistentTensor(main.tensors[Int(index)], l)
            }
        }
    }

    /// `AllocateTempTfLiteTensor`: the struct, and for a quantized tensor its
    /// TfLiteAffineQuantization and zero-point array.
    private mutating func tempTensor(_ tensor: Tensor, _ l: TFLMStructLayouts) {
        temporary(l.tfLiteTensor.size, l.tfLiteTensor.alignment)
        if let channels = Self.quantizedChannels(tensor) {
            temporary(l.tfLiteAffineQuantization.size, l.tfLiteAffineQuantization.alignment)
            temporary(TFLMStructLayouts.intArrayBytes(channels), TFLMStructLayouts.intArrayAlignment)
        }
    }

    private mutating func persistentTensor(_ tensor: Tensor, _ l: TFLMStructLayouts) {
        persistent(l.tfLiteTensor.size, l.tfLiteTensor.alignment, .ioTensors)
        if let channels = Self.quantizedChannels(tensor) {
            persistent(l.tfLiteAffineQuantization.size, l.tfLiteAffineQuantization.alignment, .ioTensors)
            persistent(TFLMStructLayouts.intArrayBytes(channels), TFLMStructLayouts.intArrayAlignment, .ioTensors)
        }
    }

    /// TFLM copies quantization only when both scale and zero point are non-empty.
    static func quantizedChannels(_ tensor: Tensor) -> Int? {
        guard let q = tensor.quantization, !q.scale.isEmpty, !q.zeroPoint.isEmpty else { return nil }
        return q.scale.count
    }
}
