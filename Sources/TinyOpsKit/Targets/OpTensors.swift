/// An operator together with its subgraph: typed access to its tensors the way TFLM kernels
/// look them up (absent optional inputs are index -1).
struct OpTensors {
    let op: Operator
    let subgraph: Subgraph

    /// Present inputs, in slot order.
    var inputIndices: [Int32] { op.inputs.filter { $0 >= 0 } }
    var outputIndices: [Int32] { op.outputs.filter { $0 >= 0 } }

    func index(input slot: Int) -> Int32? {
        slot < op.inputs.count && op.inputs[slot] >= 0 ? op.inputs[slot] : nil
    }

    func index(output slot: Int) -> Int32? {
        slot < op.outputs.count && op.outputs[slot] >= 0 ? op.outputs[slot] : nil
    }

    func tensor(input slot: Int) -> Tensor? { index(input: slot).map { subgraph.tensors[Int($0)] } }
    func tensor(output slot: Int) -> Tensor? { index(output: slot).map { subgraph.tensors[Int($0)] } }

    func temp(input slot: Int) -> PrepareStep? { index(input: slot).map(PrepareStep.tempTensor) }
    func temp(output slot: Int) -> PrepareStep? { index(output: slot).map(PrepareStep.tempTensor) }

    /// The type kernels dispatch on: input 0's (TFLM's `input->type`), else output 0's.
    var activationType: TensorType? { tensor(input: 0)?.type ?? tensor(output: 0)?.type }

    /// int8 or int16 activations.
    var isQuantized: Bool { activationType == .int8 || activationType == .int16 }

    func rank(input slot: Int) -> Int { tensor(input: slot)?.shape.count ?? 0 }
    func elements(input slot: Int) -> Int { tensor(input: slot)?.elementCount ?? 0 }
    func elements(output slot: Int) -> Int { tensor(output: slot)?.elementCount ?? 0 }

    /// Dimension `axis` of a 4-D NHWC tensor, or 0.
    func dim(_ tensor: Tensor?, _ axis: Int) -> Int {
        guard let tensor, axis < tensor.shape.count else { return 0 }
        return Int(tensor.shape[axis])
    }
}

/// Padding as TFLM computes it (`ComputePaddingHeightWidth`): half the total padding the
/// output size implies, rounded down, never negative.
func tflmPadding(stride: Int, dilation: Int, inSize: Int, filterSize: Int, outSize: Int) -> Int {
    let effectiveFilter = (filterSize - 1) * dilation + 1
    let total = (outSize - 1) * stride + effectiveFilter - inSize
    return max(total, 0) / 2
}
