import Foundation
import Testing
@testable import TinyOpsKit

/// Magnitude pruning: exact sparsity, largest weights kept, TFMOT's polynomial schedule,
/// masks fixed while fine-tuning.
@Suite struct MagnitudePruningTests {
    @Test(arguments: [PruningScope.layer, .global])
    func exactSparsityAndLargestWeightsKept(_ scope: PruningScope) {
        for seed in UInt64(1)...40 {
            var generator = SeededGenerator(seed: seed)
            let sizes = (0..<Int.random(in: 1...4, using: &generator)).map { _ in Int.random(in: 1...60, using: &generator) }
            var tensors: [PrunableTensor] = []
            var offset = Int.random(in: 0...5, using: &generator)
            for (layer, size) in sizes.enumerated() {
                tensors.append(PrunableTensor(layer: layer, offset: offset, count: size))
                offset += size + Int.random(in: 0...3, using: &generator)
            }
            // Few distinct magnitudes, so ties happen.
            let parameters = (0..<offset).map { _ in Float(Int.random(in: -6...6, using: &generator)) / 4 }
            let sparsity = Double.random(in: 0...1, using: &generator)
            let mask = MagnitudePruning.mask(parameters, tensors: tensors, sparsity: sparsity, scope: scope)
            let groups = scope == .layer ? tensors.map { [$0] } : [tensors]
            for group in groups {
                let indices = group.flatMap { Array($0.offset..<($0.offset + $0.count)) }
                let pruned = indices.filter { mask[$0] == 0 }, kept = indices.filter { mask[$0] == 1 }
                #expect(pruned.count == Int((sparsity * Double(indices.count)).rounded()), "seed \(seed)")
                let largestPruned = pruned.map { abs(parameters[$0]) }.max() ?? 0
                let smallestKept = kept.map { abs(parameters[$0]) }.min() ?? .infinity
                #expect(largestPruned <= smallestKept, "seed \(seed): a larger weight was pruned")
            }
            let outside = Set(0..<offset).subtracting(tensors.flatMap { Array($0.offset..<($0.offset + $0.count)) })
            #expect(outside.allSatisfy { mask[$0] == 1 }, "seed \(seed): a parameter outside the tensors was pruned")
            #expect(MagnitudePruning.mask(parameters, tensors: tensors, sparsity: sparsity, scope: scope) == mask)
        }
    }

    @Test func polynomialScheduleFollowsTFMOT() throws {
        let schedule = PruningSchedule(kind: .polynomial, initialSparsity: 0.2, finalSparsity: 0.8, beginStep: 10, endStep: 105, frequency: 10)
        #expect(schedule.sparsity(atStep: 9) == nil)
        #expect(abs(try #require(schedule.sparsity(atStep: 10)) - 0.2) < 1e-12)
        #expect(schedule.sparsity(atStep: 11) == nil)
        // TFMOT PolynomialDecay: (initial - final)·(1 - p)³ + final, p = (step - begin)/(end - begin).
        let p = 40.0 / 95
        #expect(abs(try #require(schedule.sparsity(atStep: 50)) - ((0.2 - 0.8) * pow(1 - p, 3) + 0.8)) < 1e-12)
        #expect(schedule.sparsity(atStep: 105) == 0.8, "the end step always reaches the target")
        #expect(schedule.sparsity(atStep: 110) == nil)
        let immediate = PruningSchedule(kind: .polynomial, finalSparsity: 0.6, beginStep: 3, endStep: 3, frequency: 5)
        #expect(immediate.sparsity(atStep: 3) == 0.6 && immediate.sparsity(atStep: 8) == nil, "a ramp of 0 steps prunes at once")
        let constant = PruningSchedule(kind: .constant, finalSparsity: 0.5, endStep: 0, frequency: 1)
        #expect(constant.sparsity(atStep: 0) == 0.5 && constant.sparsity(atStep: 1) == nil)
    }

    @Test func masksStayFixedWhileFineTuning() throws {
        let network = try TrainerTests.network(#"{"type":"dense","units":16,"activation":"relu"},{"type":"dense","units":12,"activation":"relu"},{"type":"dense","units":"classes"}"#)
        let data = TrainerTests.blobs()
        var options = TrainingOptions()
        options.epochs = 6
        options.batchSize = 8
        options.learningRate = 0.01
        let pretrained = try Trainer.train(network, data: data, options: options)
        var setup = TrainingSetup()
        setup.start = (pretrained.parameters, pretrained.state)
        setup.normalization = pretrained.normalization
        let tensors = MagnitudePruning.prunableTensors(network, allLayers: true)
        #expect(tensors.count == 3)
        let steps = (data.train.count + 7) / 8
        setup.pruning = PruningPlan(tensors: tensors, schedule: PruningSchedule(kind: .polynomial, finalSparsity: 0.75,
                                                                                   endStep: 2 * steps, frequency: 3), scope: .layer)
        setup.firstSelectableEpoch = 2
        let outcome = try Trainer.train(network, data: data, options: options, setup: setup)
        let mask = try #require(outcome.mask)
        for tensor in tensors {
            let values = outcome.parameters[tensor.offset..<(tensor.offset + tensor.count)]
            let zeros = values.filter { $0 == 0 }.count
            #expect(zeros == Int((0.75 * Double(tensor.count)).rounded()), "layer \(tensor.layer): \(zeros) zeros of \(tensor.count)")
            for i in tensor.offset..<(tensor.offset + tensor.count) where mask[i] == 0 { #expect(outcome.parameters[i] == 0) }
        }
        // Biases are never pruned.
        for tensor in network.tensors where tensor.role == .bias {
            #expect(mask[tensor.offset..<(tensor.offset + tensor.count)].allSatisfy { $0 == 1 })
        }
        #expect(try #require(outcome.validation).accuracy >= 0.9)
        #expect(outcome.bestEpoch >= 3, "epochs before the masks are final are not kept")
    }

    @Test func firstAndLastLayersStayDenseUnlessAsked() throws {
        let network = try TrainerTests.network(#"{"type":"dense","units":8},{"type":"dense","units":8},{"type":"dense","units":"classes"}"#)
        #expect(MagnitudePruning.prunableTensors(network, allLayers: false).map(\.layer) == [1])
        #expect(MagnitudePruning.prunableTensors(network, allLayers: true).map(\.layer) == [0, 1, 2])
    }
}

/// Structured pruning: removed channels disappear from the graph, kept ones compute what
/// they computed before.
@Suite struct ChannelPruningTests {
    static func folded(_ layers: String, input: [Int], classes: Int = 3, seed: UInt64 = 5) throws -> FoldedNetwork {
        let json = #"{"input":\#(input),"layers":[\#(layers)]}"#
        let spec = try ModelSpec.parse(try JSONParser().parse(Array(json.utf8)))
        let network = Network(try spec.resolve(sampleShape: input, classes: classes))
        var generator = SeededGenerator(seed: seed)
        var parameters = network.initialParameters(seed: seed)
        for tensor in network.tensors where tensor.role == .bias {
            for i in tensor.offset..<(tensor.offset + tensor.count) { parameters[i] = Float.random(in: -0.3...0.3, using: &generator) }
        }
        return try network.folded(parameters: parameters, state: network.initialState())
    }

    /// Every node's values (by the exporter's tensor) for samples `x`.
    static func nodeValues(_ f: FoldedNetwork, _ x: [[Float]]) throws -> [[Int32: [Float]]] {
        let (model, _) = ModelExporter.exportMapped(f.network, parameters: f.parameters, state: f.state)
        let interpreter = try FloatInterpreter(model)
        return try x.map { sample in
            var values: [Int32: [Float]] = [:]
            _ = try interpreter.run([sample]) { _, tensor, v in values[Int32(tensor)] = Array(v) }
            return values
        }
    }

    static let chain = #"{"type":"conv2d","name":"c1","filters":6,"kernel_size":3,"padding":"same","activation":"relu"},"#
        + #"{"type":"depthwise_conv2d","name":"dw","kernel_size":3,"depth_multiplier":2,"padding":"same","activation":"relu"},"#
        + #"{"type":"conv2d","name":"c2","filters":5,"kernel_size":1,"activation":"relu"},{"type":"max_pool","pool_size":2},"#
        + #"{"type":"flatten"},{"type":"dense","name":"d1","units":7,"activation":"relu"},{"type":"dense","units":"classes"},{"type":"softmax"}"#

    @Test func keptChannelsComputeWhatTheyDidBefore() throws {
        let original = try Self.folded(Self.chain, input: [4, 4, 2])
        let layerIndex = { (name: String) in original.spec.layers.firstIndex { $0.name == name }! }
        let result = try ChannelPruning.prune(original, keeping: [layerIndex("c1"): [0, 2, 5]])
        #expect(result.folded.network.parameterCount < original.network.parameterCount)
        var generator = SeededGenerator(seed: 2)
        let x = (0..<3).map { _ in (0..<32).map { _ in Float.random(in: -2...2, using: &generator) } }
        let before = try Self.nodeValues(original, x), after = try Self.nodeValues(result.folded, x)
        // c1's output (after its fused relu) at kept channels [0, 2, 5] of 6.
        let (_, beforeNodes) = ModelExporter.exportMapped(original.network, parameters: original.parameters, state: original.state)
        let (_, afterNodes) = ModelExporter.exportMapped(result.folded.network, parameters: result.folded.parameters, state: result.folded.state)
        let node = layerIndex("c1") + 1
        for s in 0..<3 {
            let a = try #require(before[s][beforeNodes[node]!]), b = try #require(after[s][afterNodes[node]!])
            #expect(b.count == 16 * 3)
            for position in 0..<16 {
                for (k, c) in [0, 2, 5].enumerated() { #expect(b[position * 3 + k] == a[position * 6 + c]) }
            }
        }
    }

    /// Filters that output exactly 0 (zero weights and bias, then relu) contribute nothing:
    /// removing them leaves every output unchanged, through depthwise, pooling, flatten and
    /// dense consumers.
    @Test func removingSilentFiltersChangesNoOutput() throws {
        var original = try Self.folded(Self.chain, input: [4, 4, 2])
        let layers = original.spec.layers
        let silent: [String: [Int]] = ["c1": [1, 3], "c2": [0, 4], "d1": [2, 3, 6]]
        // The depthwise channels that read c1's channels 1 and 3 (multiplier 2) go with them.
        for (name, channels) in silent.merging(["dw": [2, 3, 6, 7]], uniquingKeysWith: { a, _ in a }) {
            let index = layers.firstIndex { $0.name == name }!
            let tensors = original.network.tensors.filter { $0.layer == index }
            let columns = tensors.first { $0.role == .bias }!.count
            for tensor in tensors {
                for i in 0..<tensor.count where channels.contains(i % columns) { original.parameters[tensor.offset + i] = 0 }
            }
        }
        let keep = Dictionary(uniqueKeysWithValues: silent.map { name, removed in
            let index = layers.firstIndex { $0.name == name }!
            let count = original.network.layers[index].outputShape.last!
            return (index, (0..<count).filter { !removed.contains($0) })
        })
        let pruned = try ChannelPruning.prune(original, keeping: keep)
        var generator = SeededGenerator(seed: 3)
        let x = (0..<4).map { _ in (0..<32).map { _ in Float.random(in: -2...2, using: &generator) } }
        let a = try FloatInterpreter(ModelExporter.export(original.network, parameters: original.parameters, state: original.state))
        let b = try FloatInterpreter(ModelExporter.export(pruned.folded.network, parameters: pruned.folded.parameters, state: pruned.folded.state))
        for sample in x {
            let difference = zip(try a.run([sample])[0], try b.run([sample])[0]).map { abs($0 - $1) }.max() ?? 1
            #expect(difference < 1e-6)
        }
        let macs = { (f: FoldedNetwork) in ModelExporter.export(f.network, parameters: f.parameters, state: f.state).main
            .operators.reduce(0) { $0 + ModelExporter.export(f.network, parameters: f.parameters, state: f.state).main.macs(of: $1) } }
        #expect(macs(pruned.folded) < macs(original))
    }

    @Test func residualAddsPruneBothOperandsAlikeOrRefuse() throws {
        let residual = #"{"type":"conv2d","name":"a","filters":4,"kernel_size":1,"activation":"relu"},"#
            + #"{"type":"conv2d","name":"b","filters":4,"kernel_size":3,"padding":"same"},{"type":"add","from":"a","activation":"relu"},"#
            + #"{"type":"global_avg_pool"},{"type":"dense","units":"classes"}"#
        let f = try Self.folded(residual, input: [3, 3, 2])
        let result = try ChannelPruning.prune(f, fraction: 0.5, criterion: .l1, allLayers: true)
        // Layers: a, a/relu, b, add, add/relu, global_avg_pool, dense.
        #expect(result.kept[0] == result.kept[2] && result.kept[0]?.count == 2, "both operands of the add keep the same channels")
        #expect(result.folded.network.layers[2].outputShape == [3, 3, 2])
        // Without --all-layers the group of the first layer stays whole, and says why.
        let first = try ChannelPruning.prune(f, fraction: 0.5, criterion: .l1, allLayers: false)
        #expect(first.kept.isEmpty && first.fixed[2] == "first layer (--all-layers prunes it)")
        // An add from the model input ties the channels to the input: refused.
        let fromInput = #"{"type":"conv2d","name":"a","filters":2,"kernel_size":1},{"type":"add","from":"input"},{"type":"flatten"},{"type":"dense","units":"classes"}"#
        let g = try Self.folded(fromInput, input: [3, 3, 2])
        #expect(throws: PruneError.cannotPruneLayer(name: "a", reason: "it meets the model input")) {
            try ChannelPruning.prune(g, keeping: [0: [0]])
        }
        #expect(try ChannelPruning.prune(g, fraction: 0.5, criterion: .l2, allLayers: true).fixed[0] == "it meets the model input")
    }

    @Test func lowestNormFiltersGo() throws {
        var f = try Self.folded(#"{"type":"dense","name":"h","units":5,"activation":"relu"},{"type":"dense","units":"classes"}"#, input: [4])
        // Column c of h's weights scaled by (c + 1) · (c == 2 ? 0.01 : 1): filter 2, then 0, have the lowest norms.
        let w = f.network.tensors[0]
        for i in 0..<w.count { let c = i % 5; f.parameters[w.offset + i] = Float(c + 1) * (c == 2 ? 0.01 : 1) * (i % 2 == 0 ? 1 : -1) }
        for criterion in ChannelCriterion.allCases {
            let result = try ChannelPruning.prune(f, fraction: 0.4, criterion: criterion, allLayers: true)
            #expect(result.kept[0] == [1, 3, 4], "\(criterion)")
        }
    }
}
