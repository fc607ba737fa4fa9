/// What a model eats, from its metadata, and datasets adapted to it: `eval`, `predict --data`
/// and `quantize` calibration feed a model through here, so a model trained on MFCCs gets
/// MFCCs — from a dataset collected with the same block, or computed here from raw windows.
public enum FeatureInput {
    /// The feature block recorded in the model's `tinyops` metadata (`features`); nil for
    /// models trained on raw windows and for models without tinyops metadata.
    public static func spec(of model: Model) throws -> FeatureSpec? {
        guard let value = try model.tinyopsMetadata()?["features"], value != .null else { return nil }
        do {
            return try FeatureSpec(json: value, path: "$.features")
        } catch {
            throw TFLiteError.invalid(path: "metadata '\(Model.tinyopsMetadataName)'", reason: error.message)
        }
    }

    /// `dataset` as the model's input: unchanged when it holds the model's features (or the
    /// model records none); with the features computed when it holds raw windows of the
    /// block's input shape. A dataset with another block is an error naming both.
    public static func adapt(_ dataset: Dataset, path: String, to model: Model) throws -> Dataset {
        guard let wanted = try spec(of: model) else { return dataset }
        if let held = dataset.manifest.features {
            guard held.computesSame(as: wanted) else {
                throw FeatureError.datasetMismatch(dataset: path, holds: held.text, model: wanted.text)
            }
            return dataset
        }
        guard dataset.sampleShape == wanted.inputShape else {
            throw FeatureError.rawShape(dataset: path, found: dataset.sampleShape, expected: wanted.inputShape, block: wanted.text)
        }
        let extractor = FeatureExtractor(wanted)
        var x: [Float] = []
        x.reserveCapacity(dataset.count * wanted.outputSize)
        for i in 0..<dataset.count {
            do {
                x += try extractor.apply(dataset.sample(i))
            } catch {
                throw FileError(path: path, reason: error)
            }
        }
        var manifest = dataset.manifest
        manifest.sampleShape = wanted.outputShape
        manifest.features = wanted
        manifest.x.shape = [dataset.count] + wanted.outputShape
        return Dataset(manifest: manifest, x: x, y: dataset.y)
    }
}
