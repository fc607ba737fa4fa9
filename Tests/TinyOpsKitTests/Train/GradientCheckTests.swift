import Testing
@testable import TinyOpsKit

/// Every layer's backward pass against central finite differences of the training loss
/// (fused softmax + cross-entropy), on small random shapes with odd sizes.
///
/// Each case puts the layer under test between a parametrised layer before it (whose weight
/// gradients depend on the tested layer's input gradient) and a dense layer after it, so
/// both the input and the parameter gradients of the layer are checked.
///
/// The kernels are Float. The check is along random unit directions d in each parameter
/// tensor: (L(θ + h·d) − L(θ − h·d)) / 2h against ∇L·d, with the loss summed in Double.
/// Tolerance: the loss (≈ 1) carries Float rounding noise of about 1e-7·(depth) ≈ 1e-6, which
/// divided by 2h (h = 1e-3) gives ≈ 5e-4 absolute; the truncation error h²·L''' is ≈ 1e-6.
/// So |FD − analytic| ≤ 2e-3 + 2%·|analytic| is generous for noise yet catches wrong
/// gradients, which are off by O(|analytic|).
@Suite struct GradientCheckTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let input: [Int]
        let layers: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "dense+relu", input: [5], layers: #"{"type":"dense","units":6,"activation":"relu"}"#),
        Case(name: "conv1d same stride 2", input: [9, 3],
             layers: #"{"type":"conv1d","filters":4,"kernel_size":3,"strides":2,"padding":"same"},{"type":"global_avg_pool"}"#),
        Case(name: "conv2d valid", input: [5, 6, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":[3,2],"strides":[2,1]},{"type":"flatten"}"#),
        Case(name: "conv2d same 1x1", input: [3, 3, 5],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":3,"padding":"same"},{"type":"conv2d","filters":2,"kernel_size":1},{"type":"flatten"}"#),
        Case(name: "depthwise x2", input: [5, 5, 3],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":1},{"type":"depthwise_conv2d","kernel_size":3,"depth_multiplier":2,"padding":"same"},{"type":"flatten"}"#),
        Case(name: "depthwise stride 2", input: [5, 4, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":1},{"type":"depthwise_conv2d","kernel_size":[3,2],"strides":2},{"type":"flatten"}"#),
        Case(name: "separable", input: [5, 5, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":1},{"type":"separable_conv2d","filters":5,"kernel_size":3},{"type":"flatten"}"#),
        Case(name: "max_pool 2d same", input: [5, 5, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":1},{"type":"max_pool","pool_size":2,"padding":"same"},{"type":"flatten"}"#),
        Case(name: "max_pool 1d", input: [7, 2],
             layers: #"{"type":"conv1d","filters":3,"kernel_size":1},{"type":"max_pool","pool_size":3,"strides":2},{"type":"flatten"}"#),
        Case(name: "avg_pool same", input: [5, 4, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":1},{"type":"avg_pool","pool_size":3,"strides":2,"padding":"same"},{"type":"flatten"}"#),
        Case(name: "global_avg_pool 2d", input: [3, 5, 2],
             layers: #"{"type":"conv2d","filters":4,"kernel_size":2},{"type":"global_avg_pool"}"#),
        Case(name: "dropout", input: [7],
             layers: #"{"type":"dense","units":9},{"type":"dropout","rate":0.3}"#),
        Case(name: "batch_norm conv", input: [4, 3, 2],
             layers: #"{"type":"conv2d","filters":3,"kernel_size":2,"padding":"same"},{"type":"batch_norm"},{"type":"relu"},{"type":"flatten"}"#),
        Case(name: "batch_norm dense", input: [6],
             layers: #"{"type":"dense","units":5},{"type":"batch_norm","epsilon":0.01}"#),
        Case(name: "relu6", input: [4],
             layers: #"{"type":"dense","units":7},{"type":"relu6"}"#),
        Case(name: "softmax inside", input: [4],
             layers: #"{"type":"dense","units":5},{"type":"softmax"}"#),
        Case(name: "add residual", input: [4, 4, 2],
             layers: #"{"type":"conv2d","name":"a","filters":3,"kernel_size":1,"activation":"relu"},{"type":"conv2d","filters":3,"kernel_size":3,"padding":"same"},{"type":"add","from":"a","activation":"relu"},{"type":"flatten"}"#),
        Case(name: "add from input", input: [6],
             layers: #"{"type":"dense","units":6},{"type":"add","from":"input"},{"type":"dense","units":6},{"type":"add","from":"dense_0"}"#),
    ]

    static let classes = 3
    static let batch = 5

    /// The network of a case: the layers, then a dense layer to the classes (and a final
    /// softmax, which the loss absorbs).
    static func engine(_ c: Case, lanes: Int = 1) throws -> (Engine, x: [Float], labels: [Int32]) {
        let json = #"{"input":\#(c.input),"layers":[\#(c.layers),{"type":"dense","units":"classes"},{"type":"softmax"}]}"#
        let spec = try ModelSpec.parse(try JSONParser().parse(Array(json.utf8)))
        let network = Network(try spec.resolve(sampleShape: c.input, classes: classes))
        let engine = Engine(network: network, capacity: batch, lanes: lanes, seed: 11)
        var generator = SeededGenerator(seed: UInt64(c.name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        // Random biases, gammas and betas too, so that no gradient is trivially zero.
        var parameters = engine.parameterValues
        for tensor in network.tensors where tensor.role != .weight {
            for i in tensor.offset..<(tensor.offset + tensor.count) {
                parameters[i] = (tensor.role == .gamma ? 1 : 0) + Float.random(in: -0.5...0.5, using: &generator)
            }
        }
        // Larger weights for relu6, so that some activations pass 6.
        if c.name == "relu6" { parameters = parameters.map { $0 * 6 } }
        engine.parameterValues = parameters
        let x = (0..<(batch * network.inputSize)).map { _ in Float.random(in: -2...2, using: &generator) }
        let labels = (0..<batch).map { Int32($0 % classes) }
        return (engine, x, labels)
    }

    static func loss(_ engine: Engine, _ x: [Float], _ labels: [Int32]) -> Double {
        x.withUnsafeBufferPointer { engine.gradients(indices: Array(0..<batch), x: $0.baseAddress!, labelsOfBatch: labels,
                                                     classWeights: [1, 2, 0.5]).loss }
    }

    @Test(arguments: cases)
    func gradientsMatchFiniteDifferences(_ c: Case) throws {
        let (engine, x, labels) = try Self.engine(c)
        let analytic = x.withUnsafeBufferPointer {
            engine.gradients(indices: Array(0..<Self.batch), x: $0.baseAddress!, labelsOfBatch: labels, classWeights: [1, 2, 0.5])
        }.gradients
        let base = engine.parameterValues
        let h: Float = 1e-3
        var generator = SeededGenerator(seed: 5)
        for tensor in engine.network.tensors {
            for trial in 0..<3 {
                var direction = (0..<tensor.count).map { _ in Float.random(in: -1...1, using: &generator) }
                let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                direction = direction.map { $0 / norm }
                var plus = base, minus = base
                for (j, d) in direction.enumerated() {
                    plus[tensor.offset + j] += h * d
                    minus[tensor.offset + j] -= h * d
                }
                engine.parameterValues = plus
                let up = Self.loss(engine, x, labels)
                engine.parameterValues = minus
                let down = Self.loss(engine, x, labels)
                engine.parameterValues = base
                let numeric = (up - down) / Double(2 * h)
                let exact = zip(direction, analytic[tensor.offset..<(tensor.offset + tensor.count)])
                    .reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                #expect(abs(numeric - exact) <= 2e-3 + 0.02 * abs(exact),
                        "\(c): layer \(tensor.layer) \(tensor.role) direction \(trial): finite difference \(numeric), backward \(exact)")
            }
        }
    }

    /// Splitting the batch across two lanes (batch-norm statistics exchanged at barriers,
    /// gradients added in lane order) gives the same loss and gradients as one lane.
    @Test(arguments: cases.filter { $0.name.hasPrefix("batch_norm") || $0.name.hasPrefix("add") || $0.name == "dropout" })
    func twoLanesAgreeWithOne(_ c: Case) throws {
        let (one, x, labels) = try Self.engine(c, lanes: 1)
        let (two, _, _) = try Self.engine(c, lanes: 2)
        let indices = Array(0..<Self.batch)
        let a = x.withUnsafeBufferPointer { one.gradients(indices: indices, x: $0.baseAddress!, labelsOfBatch: labels, classWeights: [1, 1, 1]) }
        let b = x.withUnsafeBufferPointer { two.gradients(indices: indices, x: $0.baseAddress!, labelsOfBatch: labels, classWeights: [1, 1, 1]) }
        #expect(abs(a.loss - b.loss) < 1e-6)
        let difference = zip(a.gradients, b.gradients).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-5, "\(c): largest gradient difference \(difference)")
    }
}
