/// A float32 `.tflite` written by tinyops (train, prune, distill) read back into a trainable
/// network, for pruning and fine-tuning.
///
/// How: `tinyops train` stores the spec in the `tinyops` metadata (`"spec"`, the JSON form
/// `ModelSpec.parse` reads). The spec is resolved for the recorded input shape and labels
/// and folded as the exporter folds it (`Network.folded`), so its parameters are exactly the
/// constants of the file. To find which constant holds which parameter, the folded network
/// is exported once with every parameter set to its own index + 1 (exact in a Float up to
/// 2^24): that template must match the file's graph operator by operator (op, options,
/// shapes, structural constants), and each tagged element of a template constant names
/// the parameter the file's element is. A batch norm the exporter could not fold is read
/// back as a frozen affine layer (running mean 0, variance 1 - ε, so γ and β are the file's
/// multiplier and offset). The spec is the source of truth for the architecture; the graph
/// only has to agree with it, so a hand-edited or foreign model is refused, not misread.
public struct TrainedModel: Sendable {
    public var folded: FoldedNetwork
    public var labels: [String]
    public var normalization: Normalization
    /// The model's `tinyops` metadata.
    public var metadata: JSONObject

    public enum Failure: UserFacingError, Equatable {
        case quantized
        case noSpec
        case badSpec(String)
        case graphMismatch(op: Int, reason: String)
        case tooLarge(parameters: Int)

        public var message: String {
            switch self {
            case .quantized:
                return "is an int8 model; pruning and fine-tuning start from the float32 model"
            case .noSpec:
                return "has no model spec in its tinyops metadata (it was not written by tinyops train, prune or distill)"
            case .badSpec(let reason):
                return "the spec in its tinyops metadata does not describe it: \(reason)"
            case .graphMismatch(let op, let reason):
                return "operator \(op) does not match the spec in its tinyops metadata: \(reason)"
            case .tooLarge(let parameters):
                return "has \(parameters) parameters; tinyops reads back models of at most 16,777,215"
            }
        }

        public var hint: String? {
            switch self {
            case .quantized: return "pass the float32 .tflite that tinyops train wrote"
            case .noSpec: return "train it with tinyops train, or pass the spec (JSON) to prune instead of the model"
            case .graphMismatch: return "the file was changed after tinyops wrote it; retrain or re-export it"
            default: return nil
            }
        }
    }

    /// Reads `model`; errors are `Failure`s (wrap them in `FileError` to name the file).
    public static func load(_ model: Model) throws -> TrainedModel {
        if model.main.tensors.contains(where: { $0.type == .int8 }) { throw Failure.quantized }
        guard let metadata = try model.tinyopsMetadata()?.objectValue, let specValue = metadata["spec"] else { throw Failure.noSpec }
        let labels = metadata["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let inputShape = metadata["input_shape"]?.arrayValue?.compactMap(\.intValue) ?? []
        let network: Network
        do {
            let spec = try ModelSpec.parse(specValue)
            network = Network(try spec.resolve(sampleShape: inputShape, classes: labels.isEmpty ? nil : labels.count))
        } catch let error as any UserFacingError {
            throw Failure.badSpec(error.message)
        }
        let structure = try network.folded(parameters: [Float](repeating: 0, count: network.parameterCount),
                                           state: network.initialState())
        let count = structure.network.parameterCount
        guard count < 1 << 24 else { throw Failure.tooLarge(parameters: count) }
        let tags = (0..<count).map { Float($0 + 1) }
        let state = frozenState(structure.network)
        let template = ModelExporter.export(structure.network, parameters: tags, state: state)
        let parameters = try read(model.main, against: template.main, tags: count)
        let channels = inputShape.last ?? 1
        let normalization = (try? InputNormalization(model: model)).flatMap { $0 }
            .map { Normalization(mean: $0.mean, std: $0.std) }
            ?? Normalization(mean: [Float](repeating: 0, count: channels), std: [Float](repeating: 1, count: channels))
        var folded = structure
        folded.parameters = parameters
        folded.state = state
        return TrainedModel(folded: folded, labels: labels, normalization: normalization, metadata: metadata)
    }

    /// Running statistics that make every batch norm x·γ + β exactly: mean 0 and a variance
    /// v with v + ε = 1 in Float arithmetic (so √(v + ε) = 1).
    static func frozenState(_ network: Network) -> [Float] {
        var state = [Float](repeating: 0, count: network.stateCount)
        for op in network.ops {
            guard case .batchNorm(let channels, _, _, _, let variance, _, let epsilon, _) = op else { continue }
            var v = 1 - epsilon
            while v + epsilon > 1 { v = v.nextDown }
            while v + epsilon < 1 { v = v.nextUp }
            for c in 0..<channels { state[variance + c] = v }
        }
        return state
    }

    /// The parameters, read from `file` where `template` has tags.
    private static func read(_ file: Subgraph, against template: Subgraph, tags count: Int) throws -> [Float] {
        guard file.operators.count == template.operators.count else {
            throw Failure.graphMismatch(op: min(file.operators.count, template.operators.count),
                                        reason: "the model has \(file.operators.count) operators, the spec gives \(template.operators.count)")
        }
        var parameters = [Float](repeating: 0, count: count)
        var seen = [Bool](repeating: false, count: count)
        for (o, (ours, theirs)) in zip(template.operators, file.operators).enumerated() {
            func fail(_ reason: String) -> Failure { .graphMismatch(op: o, reason: reason) }
            guard ours.builtin == theirs.builtin else { throw fail("it is \(theirs.opcode.name), the spec gives \(ours.opcode.name)") }
            guard ours.inputs.count == theirs.inputs.count, ours.outputs.count == theirs.outputs.count else {
                throw fail("\(theirs.opcode.name) has other inputs or outputs")
            }
            guard ours.options == theirs.options else { throw fail("\(theirs.opcode.name) has other options") }
            for (a, b) in zip(ours.inputs + ours.outputs, theirs.inputs + theirs.outputs) {
                guard (a < 0) == (b < 0) else { throw fail("an optional input is present in one and absent in the other") }
                guard a >= 0 else { continue }
                let expected = template.tensors[Int(a)], found = file.tensors[Int(b)]
                guard expected.shape == found.shape, expected.type == found.type else {
                    throw fail("tensor '\(found.name)' is \(found.type.name) \(found.shape), the spec gives \(expected.type.name) \(expected.shape)")
                }
                guard expected.isConstant == found.isConstant else { throw fail("tensor '\(found.name)' is constant in one and not in the other") }
                if let tagValues = expected.floatValues {
                    guard let values = found.floatValues, values.count == tagValues.count else { throw fail("tensor '\(found.name)' is unreadable") }
                    for (tag, value) in zip(tagValues, values) {
                        if tag == 0 {
                            guard value == 0 else { throw fail("tensor '\(found.name)' has a value where the spec has none") }
                        } else {
                            parameters[Int(tag) - 1] = value
                            seen[Int(tag) - 1] = true
                        }
                    }
                } else if expected.isConstant, expected.data != found.data {
                    throw fail("constant '\(found.name)' differs")
                }
            }
        }
        guard seen.allSatisfy({ $0 }) else { throw Failure.badSpec("some parameters have no tensor in the model") }
        return parameters
    }
}
