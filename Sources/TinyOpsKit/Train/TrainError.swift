/// Why training cannot start or go on. Wrapped in `FileError` to name the dataset when the
/// problem is in its files.
public enum TrainError: UserFacingError, Equatable {
    case noClasses
    case inconsistentData(String)
    case badLabel(sample: Int, label: Int, classes: Int)
    case nonFinite(sample: Int, value: Float)
    case emptySplit(TrainingSet.Split)
    case classWithoutTrainingSamples(label: String, counts: [Int])
    /// Training diverged: the loss became NaN or infinite.
    case diverged(epoch: Int)
    case badOption(String)

    public var message: String {
        switch self {
        case .noClasses:
            return "the dataset has no labels"
        case .inconsistentData(let problem):
            return problem
        case .badLabel(let sample, let label, let classes):
            return "sample \(sample) has label \(label), but there are \(classes) classes (labels 0...\(classes - 1))"
        case .nonFinite(let sample, let value):
            return "sample \(sample) contains \(value)"
        case .emptySplit(let split):
            return "the \(split.rawValue) split is empty"
        case .classWithoutTrainingSamples(let label, let counts):
            return "class \"\(label)\" has no training samples (training samples per class: \(counts.map(String.init).joined(separator: ", ")))"
        case .diverged(let epoch):
            return "training diverged in epoch \(epoch): the loss is not a finite number"
        case .badOption(let problem):
            return problem
        }
    }

    public var hint: String? {
        switch self {
        case .classWithoutTrainingSamples:
            return "collect samples of every class, or drop the class from the labels"
        case .diverged:
            return "lower the learning rate (--lr)"
        case .nonFinite:
            return "remove or repair samples with NaN or infinite values"
        default:
            return nil
        }
    }
}
