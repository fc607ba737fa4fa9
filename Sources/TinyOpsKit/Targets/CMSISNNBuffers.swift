/// Scratch buffers the CMSIS-NN kernels ask TFLM for, by implementation class, following the
/// `*_get_buffer_size` functions of CMSIS-NN (ARM-software/CMSIS-NN @ 99f736a6,
/// Source/*/arm_*_get_buffer_sizes_s8.c) as compiled by GCC (the armclang-only 1×1 buffer is 0).
enum CMSISNNBuffers {
    /// `arm_convolve_wrapper_s8_get_buffer_size`: im2col columns for the general kernel.
    static func conv(_ view: OpTensors, _ path: CMSISNNPath) -> Int? {
        guard let options = view.op.options.conv2D, let input = view.tensor(input: 0),
              let filter = view.tensor(input: 1), let output = view.tensor(output: 0),
              input.shape.count == 4, filter.shape.count == 4, output.shape.count == 4 else { return nil }
        let inC = view.dim(input, 3), filterC = view.dim(filter, 3)
        let fh = view.dim(filter, 1), fw = view.dim(filter, 2)
        let padH = tflmPadding(stride: Int(options.strideH), dilation: Int(options.dilationH),
                               inSize: view.dim(input, 1), filterSize: fh, outSize: view.dim(output, 1))
        let padW = tflmPadding(stride: Int(options.strideW), dilation: Int(options.dilationW),
                               inSize: view.dim(input, 2), filterSize: fw, outSize: view.dim(output, 2))
        let is1x1 = padW == 0 && padH == 0 && fw == 1 && fh == 1 && options.dilationW == 1 && options.dilationH == 1
            && inC == filterC
        let is1xN = view.dim(input, 1) == 1 && options.dilationW == 1 && fh == 1
            && (Int(options.strideW) * inC) % 4 == 0 && inC == filterC
        if is1x1 { return 0 }  // the fast 1x1 kernel needs a buffer only under armclang
        let columns = fw * fh * inC
        switch path {
        case .mve:
            if is1xN {
                return convolve1xNMVE(inW: view.dim(input, 2), inC: inC, padW: padW, kernelW: fw,
                                      outW: view.dim(output, 2), strideW: Int(options.strideW), columns: columns)
            }
            return 4 * ((columns + 15) / 16) * 16
        case .dsp, .pureC:
            let aligned = (columns + 3) / 4 * 4
            return 2 * aligned * 2
        }
    }

    /// `arm_convolve_1_x_n_s8_get_buffer_size_mve`.
    private static func convolve1xNMVE(inW: Int, inC: Int, padW: Int, kernelW: Int, outW: Int, strideW: Int,
                                       columns: Int) -> Int {
        let totalPad = (outW - 1) * strideW + kernelW - inW
        let asymPad = totalPad % 2
        let rightPadNum = padW + asymPad != 0 ? max(1, (padW + asymPad + strideW - 1) / strideW) : 0
        let leftPadNum = padW != 0 ? max(1, (padW + strideW - 1) / strideW) : 0
        let noPadNum = max(outW - (rightPadNum + leftPadNum), 0)
        if rightPadNum + noPadNum + leftPadNum != outW { return 4 * ((columns + 15) / 16) * 16 }
        let padSizeLeft = padW * inC
        let padSizeRight = asymPad != 0 ? rightPadNum * inC : padSizeLeft
        let numElemLeft = kernelW * inC
        let numElemRight = numElemLeft - inC
        return max(numElemLeft + padSizeLeft, numElemRight + padSizeRight)
    }

    /// `arm_depthwise_conv_wrapper_s8_get_buffer_size`.
    static func depthwiseConv(_ view: OpTensors, _ path: CMSISNNPath) -> Int? {
        guard let options = view.op.options.depthwiseConv2D, let input = view.tensor(input: 0),
              let filter = view.tensor(input: 1), let output = view.tensor(output: 0),
              input.shape.count == 4, filter.shape.count == 4, output.shape.count == 4 else { return nil }
        let inC = view.dim(input, 3), outC = view.dim(output, 3), batches = view.dim(input, 0)
        let fh = view.dim(filter, 1), fw = view.dim(filter, 2)
        let undilated = options.dilationW == 1 && options.dilationH == 1
        let padH = tflmPadding(stride: Int(options.strideH), dilation: Int(options.dilationH),
                               inSize: view.dim(input, 1), filterSize: fh, outSize: view.dim(output, 1))
        let padW = tflmPadding(stride: Int(options.strideW), dilation: Int(options.dilationW),
                               inSize: view.dim(input, 2), filterSize: fw, outSize: view.dim(output, 2))
        switch path {
        case .mve:
            if inC == 1 && outC > 1 {
                // Converted to a regular convolution: its im2col buffer plus the reordered filter.
                return 4 * ((inC * fw * fh + 15) / 16) * 16 + outC * fh * fw
            }
            return inC == outC && batches == 1 && undilated ? 4 * 124 * fw * fh : 0
        case .dsp, .pureC:
            guard inC == outC && batches == 1 && undilated else { return 0 }
            if fw == 3 && fh == 3 && padH <= 1 && padW <= 1 { return 0 }  // the 3x3 kernel needs none
            return path == .dsp ? inC * fw * fh * 2 : 0
        }
    }

    /// The CMSIS-NN fully connected Prepare for int8 activations and weights.
    static func fullyConnected(_ view: OpTensors, _ path: CMSISNNPath, perChannel: Bool) -> [PrepareStep] {
        guard let filter = view.tensor(input: 1), let output = view.tensor(output: 0),
              let accumDepth = filter.shape.last, let outputDepth = output.shape.last else { return [] }
        var steps: [PrepareStep] = []
        if output.shape.count > 2 && Int(accumDepth) % 4 == 0 {
            // Served by the 1x1 convolution; per-tensor weights get fake per-channel arrays.
            if !perChannel { steps.append(.scratch(Int(outputDepth) * 4 * 2)) }
            return steps
        }
        guard path == .mve else { return steps }  // arm_fully_connected_s8 needs no buffer on C/DSP
        let bytes = Int(outputDepth) * 4
        let bias = view.tensor(input: 2)
        if filter.isConstant && (bias == nil || bias!.isConstant) {
            steps.append(.persistent(bytes))  // kernel sums precomputed at Prepare (KERNELS_OPTIMIZED_FOR_SPEED)
        } else {
            steps.append(.scratch(bytes))
        }
        return steps
    }

    /// `arm_avgpool_s8_get_buffer_size`: one int32 accumulator per channel on DSP cores.
    static func averagePool(_ view: OpTensors, _ path: CMSISNNPath) -> Int? {
        guard let output = view.tensor(output: 0), output.shape.count == 4 else { return nil }
        let depth = view.dim(output, 3)
        switch path {
        case .dsp: return depth * 4
        case .mve, .pureC: return 0
        }
    }
}
