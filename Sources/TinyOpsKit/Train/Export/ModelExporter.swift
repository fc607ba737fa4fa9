/// Turns a trained network into a float32 `.tflite` model, with the op patterns the
/// TensorFlow converter emits so that TFLM, CMSIS-NN and the quantizer see familiar graphs:
/// - batch norm after a conv, depthwise, separable or dense layer is folded into its
///   weights and bias; elsewhere it becomes MUL + ADD by per-channel constants;
/// - a relu/relu6 right after a conv, dense or add layer becomes its fused activation;
/// - conv1d is EXPAND_DIMS(-3) + CONV_2D + RESHAPE, 1-D pooling EXPAND_DIMS(2) + pool + RESHAPE;
/// - separable conv is DEPTHWISE_CONV_2D + a 1×1 CONV_2D; global average pooling is MEAN;
///   flatten is RESHAPE; dropout disappears; softmax is SOFTMAX; add is ADD.
/// Folding and fusing only happen when the intermediate value feeds nothing else.
public enum ModelExporter {
    public static func export(_ network: Network, parameters: [Float], state: [Float]) -> Model {
        exportMapped(network, parameters: parameters, state: state).model
    }

    /// The model, and for each node of the network (0 = input, i + 1 = output of layer i)
    /// the tensor holding its value; a node folded or fused away maps to the tensor of the
    /// op it went into, a dropout to its input's.
    public static func exportMapped(_ network: Network, parameters: [Float], state: [Float]) -> (model: Model, nodeTensors: [Int: Int32]) {
        var exporter = Walker(network: network, p: parameters, state: state)
        exporter.run()
        let builder = exporter.builder
        let subgraph = Subgraph(name: "main", tensors: builder.tensors, inputs: [0], outputs: [exporter.current],
                                operators: builder.operators)
        let signature = SignatureDef(key: "serving_default", subgraphIndex: 0,
                                     inputs: [.init(name: "input", tensorIndex: 0)],
                                     outputs: [.init(name: "output", tensorIndex: UInt32(exporter.current))])
        return (Model(description: "tinyops", subgraphs: [subgraph], signatureDefs: [signature]), exporter.nodeTensor)
    }

    struct Walker {
        let network: Network
        let p: [Float]
        let state: [Float]
        let consumers: [[Int]]
        var builder = GraphBuilder()
        /// The tensor holding the current value, and each node's tensor (for add operands).
        var current: Int32 = 0
        var nodeTensor: [Int: Int32] = [:]

        init(network: Network, p: [Float], state: [Float]) {
            self.network = network
            self.p = p
            self.state = state
            self.consumers = network.consumers
        }

        func shape(_ node: Int) -> [Int] { [1] + network.model.shape(ofNode: node) }

        /// True when layer `index + 1` exists and is the only reader of layer `index`'s output.
        func onlyFeedsNext(_ index: Int) -> Bool {
            index + 1 < network.ops.count && consumers[index + 1] == [index + 1]
        }

        mutating func run() {
            current = builder.activation("input", shape(0))
            nodeTensor[0] = current
            var index = 0
            while index < network.ops.count {
                index = emit(index)
            }
        }

        /// Emits layer `index` (and the layers folded into it); returns the next layer to emit.
        mutating func emit(_ index: Int) -> Int {
            let layer = network.layers[index]
            let name = layer.spec.name
            switch network.ops[index] {
            case .dense, .conv, .depthwise, .separable:
                return emitWeighted(index)
            case .maxPool(let g, _), .avgPool(let g):
                let isMax: Bool = if case .maxPool = network.ops[index] { true } else { false }
                let op: BuiltinOperator = isMax ? .maxPool2d : .averagePool2d
                let oneD = layer.inputShape.count == 2
                var input = current
                if oneD { input = expand(name, axis: 2, to: [1, g.inW, 1, g.inC]) }
                // A 1-D window runs along H after EXPAND_DIMS(2), as the converter emits it.
                let options = Pool2DOptions(padding: g.padding == .same ? .same : .valid,
                                            strideW: Int32(oneD ? 1 : g.strideW), strideH: Int32(oneD ? g.strideW : g.strideH),
                                            filterW: Int32(oneD ? 1 : g.kW), filterH: Int32(oneD ? g.kW : g.kH))
                let outShape = oneD ? [1, g.outW, 1, g.inC] : shape(index + 1)
                let output = builder.activation(oneD ? "\(name)/pool" : name, outShape)
                builder.add(op, [input], [output], .pool2D(options))
                current = oneD ? reshape(output, name, shape(index + 1)) : output
            case .globalAvgPool:
                let rank = layer.inputShape.count
                let axes = rank == 2 ? builder.constant("\(name)/axes", ints: [1], shape: [])
                                     : builder.constant("\(name)/axes", ints: [1, 2], shape: [2])
                let output = builder.activation(name, shape(index + 1))
                var options = BuiltinOptions(type: BuiltinOptions.Kind.reducer)
                options.set("keep_dims", .integer(0))
                builder.add(.mean, [current, axes], [output], options)
                current = output
            case .flatten:
                if layer.inputShape.count > 1 { current = reshape(current, name, shape(index + 1)) }
            case .dropout:
                break
            case .batchNorm(let channels, _, _, _, _, _, _, _):
                let (scale, shift) = foldedNorm(index)
                let mul = builder.activation("\(name)/scale", shape(index + 1))
                builder.add(.mul, [current, builder.constant("\(name)/multiplier", floats: scale, shape: [channels])], [mul],
                            .withActivation(BuiltinOptions.Kind.mul, .none))
                let (activation, next) = fusedActivation(after: index)
                let output = builder.activation(name, shape(index + 1))
                builder.add(.add, [mul, builder.constant("\(name)/offset", floats: shift, shape: [channels])], [output],
                            .withActivation(BuiltinOptions.Kind.add, activation))
                current = output
                // The fused activation's node too: a later add may name it.
                for node in (index + 1)...next { nodeTensor[node] = current }
                return next
            case .relu, .relu6:
                let isRelu: Bool = if case .relu = network.ops[index] { true } else { false }
                let output = builder.activation(name, shape(index + 1))
                builder.add(isRelu ? .relu : .relu6, [current], [output])
                current = output
            case .softmax:
                let output = builder.activation(name, shape(index + 1))
                var options = BuiltinOptions(type: BuiltinOptions.Kind.softmax)
                options.set("beta", .float(1))
                builder.add(.softmax, [current], [output], options)
                current = output
            case .add:
                let (activation, next) = fusedActivation(after: index)
                let output = builder.activation(name, shape(index + 1))
                builder.add(.add, [current, nodeTensor[layer.skip!]!], [output], .withActivation(BuiltinOptions.Kind.add, activation))
                current = output
                // The fused activation's node too: a later add may name it.
                for node in (index + 1)...next { nodeTensor[node] = current }
                return next
            }
            nodeTensor[index + 1] = current
            return index + 1
        }

        /// The activation of layer `index + 1` when it is a relu/relu6 that can be fused into
        /// layer `index`, and the layer to emit after them.
        func fusedActivation(after index: Int) -> (ActivationFunction, next: Int) {
            guard onlyFeedsNext(index) else { return (.none, index + 1) }
            switch network.ops[index + 1] {
            case .relu: return (.relu, index + 2)
            case .relu6: return (.relu6, index + 2)
            default: return (.none, index + 1)
            }
        }

        /// Batch norm `index` as y = x·scale + shift with the running statistics.
        func foldedNorm(_ index: Int) -> (scale: [Float], shift: [Float]) {
            guard case .batchNorm(let channels, let gamma, let beta, let mean, let variance, _, let epsilon, _) = network.ops[index] else {
                preconditionFailure("layer \(index) is not batch norm")
            }
            var scale = [Float](repeating: 0, count: channels), shift = scale
            for c in 0..<channels {
                scale[c] = p[gamma + c] / (state[variance + c] + epsilon).squareRoot()
                shift[c] = p[beta + c] - state[mean + c] * scale[c]
            }
            return (scale, shift)
        }

        /// EXPAND_DIMS of the current tensor at `axis` to `shape`.
        mutating func expand(_ name: String, axis: Int32, to shape: [Int]) -> Int32 {
            let axisTensor = builder.constant("\(name)/expand_axis", ints: [axis], shape: [])
            let output = builder.activation("\(name)/expanded", shape)
            builder.add(.expandDims, [current, axisTensor], [output], BuiltinOptions(type: BuiltinOptions.Kind.expandDims))
            return output
        }

        /// RESHAPE to `shape` with the batch dimension written as -1, as the converter does.
        mutating func reshape(_ input: Int32, _ name: String, _ shape: [Int]) -> Int32 {
            let target = builder.constant("\(name)/shape", ints: [-1] + shape.dropFirst().map { Int32($0) }, shape: [shape.count])
            let output = builder.activation(name, shape)
            builder.add(.reshape, [input, target], [output])
            return output
        }
    }
}
