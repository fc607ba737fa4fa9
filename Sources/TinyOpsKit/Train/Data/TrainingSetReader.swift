/// Reads a dataset directory (docs/dataset-format.md) into the trainer's in-memory form.
/// The dataset's identity recorded in the model is the manifest's `dataset_hash`.
public enum TrainingSetReader {
    public static func read(_ directory: String) throws -> TrainingSet {
        let dataset = try Dataset.load(directory)
        var set = TrainingSet(x: dataset.x, y: dataset.y, sampleShape: dataset.sampleShape, labels: dataset.labels,
                              train: dataset.indices(in: .train), validation: dataset.indices(in: .val),
                              test: dataset.indices(in: .test), hash: dataset.manifest.datasetHash)
        set.features = dataset.manifest.features
        if dataset.manifest.features == nil, dataset.manifest.channels.count == dataset.sampleShape.last {
            set.channelNames = dataset.manifest.channels
        }
        do {
            try set.validate()
        } catch {
            throw FileError(path: directory, reason: error)
        }
        return set
    }
}
