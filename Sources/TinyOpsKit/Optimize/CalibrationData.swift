/// Calibration samples for the quantizer: the train split of a dataset directory (the
/// format `tinyops collect` writes), or an `.npy` file of raw samples stacked on axis 0
/// (`[N, ...]`, the shape of one model input). Samples are normalized as the model expects.
import Foundation

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

    /// Up to `limit` train-split samples, evenly spread over the split.
    static func load(dataset: Dataset, path: String, for model: Model, limit: Int) throws -> [[[Float]]] {
        let inputSize = model.main.tensors[Int(model.main.inputs[0])].elementCount
        guard dataset.sampleSize == inputSize else {
            throw Failure.shape(path: path, found: [dataset.count] + dataset.sampleShape, expected: inputSize)
        }
        var indices = dataset.indices(in: .train)
        if indices.isEmpty { indices = Array(0..<dataset.count) }
        guard !indices.isEmpty else { throw Failure.empty(path: path) }
        let normalization = try InputNormalization(model: model)
        let taken = min(limit, indices.count)
        return (0..<taken).map { k in
            var sample = Array(dataset.sample(indices[k * indices.count / taken]))
            normalization?.apply(&sample)
            return [sample]
        }
    }

    private static func floats(_ array: NPYArray) throws(NPYError) -> [Float] {
        array.dtype == .float32 ? try array.float32() : try array.converted(to: .float32).float32()
    }

    /// Up to `limit` samples, evenly spread over the file (deterministic), as
    /// `[sample][input][value]` for a single-input model.
    public static func load(_ path: String, for model: Model, limit: Int) throws -> [[[Float]]] {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return try load(dataset: FeatureInput.adapt(Dataset.load(path), path: path, to: model), path: path, for: model, limit: limit)
        }
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
