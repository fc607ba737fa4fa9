/// Calibration samples for the quantizer, read from an `.npy` file of raw samples stacked on
/// axis 0 (`[N, ...]`, the shape of one model input), and normalized as the model expects.
public enum CalibrationData {
    public enum Failure: UserFacingError, Equatable {
        case shape(path: String, found: [Int], expected: Int)
        case empty(path: String)

        public var message: String {
            switch self {
            case .shape(let path, let found, let expected):
                return "\(path): samples of shape \(found) do not match the model input (\(expected) values per sample)"
            case .empty(let path):
                return "\(path): holds no samples"
            }
        }
    }

    private static func floats(_ array: NPYArray) throws(NPYError) -> [Float] {
        array.dtype == .float32 ? try array.float32() : try array.converted(to: .float32).float32()
    }

    /// Up to `limit` samples, evenly spread over the file (deterministic), as
    /// `[sample][input][value]` for a single-input model.
    public static func load(_ path: String, for model: Model, limit: Int) throws -> [[[Float]]] {
        let array = try NPYArray(contentsOf: path)
        let values: [Float]
        do {
            values = try floats(array)
        } catch {
            throw FileError(path: path, reason: error)
        }
        let inputSize = model.main.tensors[Int(model.main.inputs[0])].elementCount
        let count = array.shape.first ?? 0
        guard count > 0 else { throw Failure.empty(path: path) }
        guard inputSize > 0, values.count == count * inputSize else {
            throw Failure.shape(path: path, found: array.shape, expected: inputSize)
        }
        let normalization = try InputNormalization(model: model)
        let taken = min(limit, count)
        return (0..<taken).map { k in
            let s = k * count / taken
            var sample = Array(values[(s * inputSize)..<((s + 1) * inputSize)])
            normalization?.apply(&sample)
            return [sample]
        }
    }
}
