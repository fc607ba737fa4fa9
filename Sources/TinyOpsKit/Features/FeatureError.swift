/// Everything that can be wrong with a feature block: its text, its fit to the data, a
/// recorded spec that cannot be read back, or samples the integer path cannot take.
public enum FeatureError: UserFacingError, Equatable {
    /// `--features` text that does not parse; `problem` says which part and why.
    case parse(text: String, problem: String)
    /// The options do not fit the data (frame longer than the window, fmax above Nyquist, …).
    case options(block: String, problem: String)
    /// The block needs the sample rate (times in ms, frequencies in Hz) and it is unknown.
    case needsSampleRate(block: String)
    /// A `features` object (dataset.json or model metadata) that this tinyops cannot use.
    case unsupported(field: String, value: String)
    /// A sample value outside [-1, 1] for `arith=fixed`, which reads 16-bit PCM.
    case outOfPCMRange(frame: Int, channel: Int, value: Float)
    /// Samples whose shape is not the one the block was made for.
    case inputShape(expected: [Int], found: [Int])
    /// The device code reported an error for a configuration the host built.
    case device(status: Int32)
    /// A dataset collected with another feature block than the model's.
    case datasetMismatch(dataset: String, holds: String, model: String)
    /// Raw windows of another shape than the model's feature block reads.
    case rawShape(dataset: String, found: [Int], expected: [Int], block: String)

    public var message: String {
        switch self {
        case .parse(let text, let problem):
            return "--features \(text): \(problem)"
        case .options(let block, let problem):
            return "--features \(block): \(problem)"
        case .needsSampleRate(let block):
            return "--features \(block): the sample rate is unknown; give --sample-rate (WAV and CSV files give theirs)"
        case .unsupported(let field, let value):
            return "features.\(field) = \(value) is not supported by this tinyops"
        case .outOfPCMRange(let frame, let channel, let value):
            return "frame \(frame), channel \(channel): value \(value) is outside [-1, 1]; arith=fixed reads 16-bit PCM (WAV values / 32768)"
        case .inputShape(let expected, let found):
            return "samples of shape \(found) do not fit the feature block, which takes \(expected)"
        case .device(let status):
            return "the C feature code refused the configuration (status \(status))"
        case .datasetMismatch(let dataset, let holds, let model):
            return "\(dataset): holds features \(holds), but the model was trained on \(model)"
        case .rawShape(let dataset, let found, let expected, let block):
            return "\(dataset): raw windows of shape \(found), but the model's features (\(block)) read windows of \(expected)"
        }
    }

    public var hint: String? {
        switch self {
        case .parse:
            return "e.g. --features mfcc, --features mfcc:mels=40,coeffs=10,frame=40ms,step=20ms, --features spectral:fft=64,peaks=3"
        case .outOfPCMRange:
            return "use arith=float for data that is not audio"
        case .datasetMismatch:
            return "collect the dataset again with the model's --features, or without --features (raw windows) to have them computed"
        default:
            return nil
        }
    }
}
