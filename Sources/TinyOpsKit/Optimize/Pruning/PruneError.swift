/// Why a model cannot be pruned, distilled or fine-tuned as asked.
public enum PruneError: UserFacingError, Equatable {
    case cannotPruneLayer(name: String, reason: String)
    /// Nothing the options allow to prune (e.g. a model with two weighted layers, both edges).
    case nothingToPrune(String)
    case labels(model: [String], data: [String])
    case sampleShape(model: [Int], data: [Int])
    case badOption(String)

    public var message: String {
        switch self {
        case .cannotPruneLayer(let name, let reason):
            return "layer '\(name)' cannot lose channels: \(reason)"
        case .nothingToPrune(let reason):
            return "nothing to prune: \(reason)"
        case .labels(let model, let data):
            return "the model's labels \(model) differ from the dataset's \(data)"
        case .sampleShape(let model, let data):
            return "the model takes samples of shape \(ModelSpec.text(model)) but the dataset's are \(ModelSpec.text(data))"
        case .badOption(let problem):
            return problem
        }
    }

    public var hint: String? {
        switch self {
        case .nothingToPrune: return "--all-layers also prunes the first and last layers"
        case .labels, .sampleShape: return "fine-tune on the dataset the model was trained on (or one collected the same way)"
        default: return nil
        }
    }
}
