/// Which kernel implementations a TFLM build links.
public enum TFLMKernelSet: Equatable, Sendable {
    /// TFLM's portable reference kernels (what the Python wheel runs).
    case reference
    /// `OPTIMIZED_KERNEL_DIR=cmsis_nn`: CMSIS-NN kernels for the ops that have one, built
    /// with GCC and the default `KERNELS_OPTIMIZED_FOR_SPEED`; reference kernels for the rest.
    case cmsisNN(CMSISNNPath)
}

/// One thing a kernel's Prepare does to the arena.
enum PrepareStep: Equatable {
    /// `AllocateTempInputTensor`/`AllocateTempOutputTensor` of this tensor index: a temporary
    /// TfLiteTensor, plus its quantization structs when it is quantized.
    case tempTensor(Int32)
    /// `AllocatePersistentBuffer(bytes)` (16-byte aligned, at the tail).
    case persistent(Int)
    /// `RequestScratchBufferInArena(bytes)`: planned with the tensors, alive for this op only.
    case scratch(Int)
}

/// What one kernel allocates while TFLM sets up the model.
struct KernelAllocation: Equatable {
    /// The parsed builtin options (`TfLiteConvParams`, ...), allocated with their own alignment.
    var builtinData: StructLayout?
    /// The kernel's Init allocation (its OpData), 16-byte aligned.
    var opData: Int?
    var prepare: [PrepareStep]
    /// False when tinyops has no recipe for the op and assumes a typical one.
    var isModeled = true
}

/// The allocation recipe of each TFLM kernel, read from the kernel sources
/// (tensorflow/lite/micro/kernels/*.cc and kernels/cmsis_nn/*.cc): the options struct its
/// parser allocates, the OpData its Init allocates, and the temporary tensors, persistent
/// buffers and scratch buffers its Prepare asks for, in order.
enum TFLMKernelAllocations {
    static func recipe(_ op: Operator, in subgraph: Subgraph, layouts l: TFLMStructLayouts,
                       kernels: TFLMKernelSet) -> KernelAllocation {
        let view = OpTensors(op: op, subgraph: subgraph)
        let cmsis: CMSISNNPath? = if case .cmsisNN(let path) = kernels { path } else { nil }
        let inputs = view.inputIndices, outputs = view.outputIndices
        let io = (inputs + outputs).map(PrepareStep.tempTensor)
        let L = TFLMStructLayouts.self

        switch op.builtin {
        case .fullyConnected:
            return fullyConnected(view, l, cmsis)
        case .conv2d:
            return conv2D(view, l, cmsis)
        case .depthwiseConv2d:
            return depthwiseConv2D(view, l, cmsis)
        case .averagePool2d, .maxPool2d:
            var steps = [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 }
            if let cmsis, op.builtin == .averagePool2d {
                // CMSIS-NN AveragePrepare runs PoolingPrepare, then takes input and output again.
                steps += [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 }
                if view.isQuantized, let bytes = CMSISNNBuffers.averagePool(view, cmsis), bytes > 0 {
                    steps.append(.scratch(bytes))
                }
            }
            return KernelAllocation(builtinData: L.poolParams,
                                    opData: (cmsis != nil ? L.cmsisPoolingOpData : L.opDataPooling).size, prepare: steps)
        case .softmax:
            var steps = [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 }
            if view.activationType == .int16 { steps += [.persistent(2 * 513), .persistent(2 * 513)] }
            let opData = cmsis != nil ? l.cmsisSoftmaxParams : l.softmaxParams
            return KernelAllocation(builtinData: L.softmaxOptions, opData: opData.size, prepare: steps)
        case .add:
            return KernelAllocation(builtinData: l.addParams, opData: L.opDataAdd.size, prepare: io)
        case .sub:
            return KernelAllocation(builtinData: l.subParams, opData: L.opDataSub.size, prepare: io)
        case .mul:
            return KernelAllocation(builtinData: l.mulParams, opData: L.opDataMul.size, prepare: io)
        case .mean, .sum:
            return reduceMeanOrSum(view, L.reducerParams)
        case .reduceMax, .reduceMin:
            // PrepareSimple (input, axis[, output]), then input, output, axis; two scratch buffers.
            var steps = [view.temp(input: 0), view.temp(input: 1)].compactMap { $0 }
            if view.activationType == .int8 { steps += [view.temp(output: 0)].compactMap { $0 } }
            steps += [view.temp(input: 0), view.temp(output: 0), view.temp(input: 1)].compactMap { $0 }
            steps += [.scratch(4 * view.rank(input: 0)), .scratch(4 * view.elements(input: 1))]
            return KernelAllocation(builtinData: L.reducerParams, opData: L.opDataReduce.size, prepare: steps)
        case .reshape:
            return KernelAllocation(builtinData: L.reshapeParams, opData: nil,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .squeeze:
            return KernelAllocation(builtinData: L.squeezeParams, opData: nil,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .expandDims:
            return KernelAllocation(builtinData: nil, opData: nil,
                                    prepare: [view.temp(input: 0), view.temp(input: 1), view.temp(output: 0)].compactMap { $0 })
        case .pad, .padv2:
            return KernelAllocation(builtinData: nil, opData: L.padOpData.size, prepare: io)
        case .relu:
            return KernelAllocation(builtinData: nil, opData: L.reluOpData.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .relu6:
            return KernelAllocation(builtinData: nil, opData: L.relu6OpData.size,
                                    prepare: [view.temp(input: 0)].compactMap { $0 })
        case .logistic:
            return KernelAllocation(builtinData: nil, opData: L.opDataLogistic.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .tanh:
            return KernelAllocation(builtinData: nil, opData: L.tanhOpData.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .leakyRelu:
            return KernelAllocation(builtinData: L.leakyReluParams, opData: L.leakyReluOpData.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .hardSwish:
            return KernelAllocation(builtinData: nil, opData: L.hardSwishParams.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .quantize:
            return KernelAllocation(builtinData: nil, opData: L.quantizeOpData.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .dequantize:
            return KernelAllocation(builtinData: nil, opData: L.dequantizeOpData.size,
                                    prepare: [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 })
        case .concatenation:
            // input 0 and the output, then every input in turn.
            let steps = [view.temp(input: 0), view.temp(output: 0)].compactMap { $0 } + inputs.map(PrepareStep.tempTensor)
            return KernelAllocation(builtinData: L.concatenationParams, opData: l.concatenationOpData.size, prepare: steps)
        case .stridedSlice:
            return KernelAllocation(builtinData: L.stridedSliceOptions, opData: L.stridedSliceParams.size, prepare: io)
        case .transpose:
            return KernelAllocation(builtinData: nil, opData: nil, prepare: io)
        default:
            // No recipe: assume what most kernels do (a 64-byte OpData, every input and output
            // as a temporary tensor). Reported as an estimate.
            return KernelAllocation(builtinData: StructLayout(16, 4), opData: 64, prepare: io, isModeled: false)
        }
    }

    private static func fullyConnected(_ view: OpTensors, _ l: TFLMStructLayouts, _ cmsis: CMSISNNPath?) -> KernelAllocation {
        var steps = [view.temp(input: 0), view.temp(input: 1), view.temp(input: 2), view.temp(output: 0)].compactMap { $0 }
        let type = view.activationType
        let filter = view.tensor(input: 1)
        let quantized = type == .int8 || type == .int16
        if filter?.type == .int4 { steps.append(.scratch(filter?.elementCount ?? 0)) }
        let channels = filter?.quantization?.scale.count ?? 0
        if quantized, channels > 1 { steps += [.persistent(4 * channels), .persistent(4 * channels)] }
        guard let cmsis else {
            return KernelAllocation(builtinData: l.fullyConnectedParams, opData: l.opDataFullyConnected.size, prepare: steps)
        }
        if type == .int8 && filter?.type == .int8 {
            steps += CMSISNNBuffers.fullyConnected(view, cmsis, perChannel: channels > 1)
        }
        return KernelAllocation(builtinData: l.fullyConnectedParams, opData: l.cmsisFullyConnectedOpData.size, prepare: steps)
    }

    private static func conv2D(_ view: OpTensors, _ l: TFLMStructLayouts, _ cmsis: CMSISNNPath?) -> KernelAllocation {
        let channels = Int(view.tensor(input: 1)?.shape.first ?? 0)
        let calculate = [view.temp(input: 0), view.temp(input: 1), view.temp(input: 2), view.temp(output: 0)].compactMap { $0 }
        if let cmsis {
            // CMSIS-NN Prepare: input, filter, output (its bias lookup asks for output slot 2,
            // which does not exist, so no bias tensor); per-channel arrays for int8/int16;
            // CalculateOpDataConv: input, filter, bias, output; the im2col scratch buffer.
            var steps = [view.temp(input: 0), view.temp(input: 1), view.temp(output: 0)].compactMap { $0 }
            if view.isQuantized { steps += [.persistent(4 * channels), .persistent(4 * channels)] }
            steps += calculate
            if view.activationType == .int8, let bytes = CMSISNNBuffers.conv(view, cmsis), bytes > 0 {
                steps.append(.scratch(bytes))
            }
            return KernelAllocation(builtinData: TFLMStructLayouts.convParams, opData: l.cmsisConvOpData.size, prepare: steps)
        }
        // Reference ConvPrepare: output, input, filter; per-channel arrays (for every type);
        // CalculateOpDataConv: input, filter, bias, output.
        var steps = [view.temp(output: 0), view.temp(input: 0), view.temp(input: 1)].compactMap { $0 }
        steps += [.persistent(4 * channels), .persistent(4 * channels)] + calculate
        if view.tensor(input: 1)?.type == .int4 { steps.append(.scratch(view.tensor(input: 1)?.elementCount ?? 0)) }
        return KernelAllocation(builtinData: TFLMStructLayouts.convParams, opData: l.opDataConv.size, prepare: steps)
    }

    private static func depthwiseConv2D(_ view: OpTensors, _ l: TFLMStructLayouts, _ cmsis: CMSISNNPath?) -> KernelAllocation {
        let channels = Int(view.tensor(input: 1)?.shape.last ?? 0)
        let calculate = [view.temp(input: 0), view.temp(input: 1), view.temp(input: 2), view.temp(output: 0)].compactMap { $0 }
        if let cmsis {
            // CMSIS-NN Prepare: input, filter, output; per-channel arrays for int8/int16;
            // CalculateOpDataDepthwiseConv; the scratch buffer of the optimized int8 kernel.
            var steps = [view.temp(input: 0), view.temp(input: 1), view.temp(output: 0)].compactMap { $0 }
            if view.isQuantized { steps += [.persistent(4 * channels), .persistent(4 * channels)] }
            steps += calculate
            if view.activationType == .int8, let bytes = CMSISNNBuffers.depthwiseConv(view, cmsis), bytes > 0 {
                steps.append(.scratch(bytes))
            }
            return KernelAllocation(builtinData: TFLMStructLayouts.depthwiseConvParams,
                                    opData: l.cmsisConvOpData.size, prepare: steps)
        }
        var steps = [view.temp(output: 0), view.temp(input: 0), view.temp(input: 1)].compactMap { $0 }
        steps += [.persistent(4 * channels), .persistent(4 * channels)] + calculate
        return KernelAllocation(builtinData: TFLMStructLayouts.depthwiseConvParams, opData: l.opDataConv.size, prepare: steps)
    }

    /// PrepareMeanOrSumHelper: input, output, axis; scratch (accumulator for int8/int16,
    /// the input iterator, the resolved axes); PrepareSimple: input, axis[, output].
    private static func reduceMeanOrSum(_ view: OpTensors, _ params: StructLayout) -> KernelAllocation {
        let type = view.activationType
        var steps = [view.temp(input: 0), view.temp(output: 0), view.temp(input: 1)].compactMap { $0 }
        if type == .int8 || type == .int16 { steps.append(.scratch(4 * view.elements(output: 0))) }
        steps += [.scratch(4 * view.rank(input: 0)), .scratch(4 * view.elements(input: 1))]
        steps += [view.temp(input: 0), view.temp(input: 1)].compactMap { $0 }
        if type == .int8 { steps += [view.temp(output: 0)].compactMap { $0 } }
        return KernelAllocation(builtinData: params, opData: TFLMStructLayouts.opDataReduce.size, prepare: steps)
    }
}
