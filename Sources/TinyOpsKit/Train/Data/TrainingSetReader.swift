// MERGE NOTE (temporary): a minimal reader of the DESIGN.md dataset directory, written so
// that `tinyops train --data DIR` works before `collect` lands. At merge, replace the body
// of `TrainingSetReader.read` with `Dataset.load(directory)` (Data/) and map its fields:
// x, y, manifest.labels, manifest.sampleShape, indices(in: .train/.val/.test), and the
// manifest's hash. Nothing else in Train/ depends on this file.

/// Reads a dataset directory: `x.npy` (float `[N, ...]`), `y.npy` (integer `[N]`) and
/// `dataset.json` with `labels` and a per-sample split (`samples[i].split`, or a top-level
/// `split` array), each `train`, `val` or `test`. The data hash is the dataset.json's
/// `sha256`/`hash` field if present, else the sha256 of the bytes of x.npy then y.npy.
public enum TrainingSetReader {
    public static func read(_ directory: String) throws -> TrainingSet {
        let xPath = directory + "/x.npy", yPath = directory + "/y.npy", jsonPath = directory + "/dataset.json"
        let xBytes = try FileBytes.read(xPath), yBytes = try FileBytes.read(yPath)
        let manifest = try JSONValue(contentsOf: jsonPath)

        func npy(_ bytes: [UInt8], _ path: String, _ dtype: NPYDType) throws -> NPYArray {
            do {
                return try NPYArray(npyBytes: bytes).converted(to: dtype)
            } catch let error as any UserFacingError {
                throw FileError(path: path, reason: error)
            }
        }
        let xArray = try npy(xBytes, xPath, .float32), yArray = try npy(yBytes, yPath, .int32)
        guard xArray.shape.count >= 2 else {
            throw FileError(path: xPath, reason: TrainError.inconsistentData(
                "expected samples stacked as [N, ...] with at least 2 dimensions, got shape \(xArray.shape)"))
        }
        guard yArray.shape.count == 1, yArray.shape[0] == xArray.shape[0] else {
            throw FileError(path: yPath, reason: TrainError.inconsistentData(
                "expected \(xArray.shape[0]) labels (shape [\(xArray.shape[0])]) to match x.npy, got shape \(yArray.shape)"))
        }
        let count = xArray.shape[0]

        let root = JSONCursor(manifest)
        let labels: [String]
        var splits: [String] = []
        var hash: String?
        do {
            labels = try root["labels"].array().map { try $0.string() }
            if let samples = try root["samples"].optional() {
                splits = try samples.array().map { try $0["split"].string() }
            } else if let list = try root["split"].optional() {
                splits = try list.array().map { try $0.string() }
            } else {
                throw root.invalid("has no per-sample split (\"samples\": [{\"split\": \"train\"}, ...])")
            }
            guard splits.count == count else {
                throw root.invalid("lists \(splits.count) samples but x.npy holds \(count)")
            }
            hash = try root["sha256"].optional()?.string() ?? root["hash"].optional()?.string()
        } catch let error as any UserFacingError {
            throw FileError(path: jsonPath, reason: error)
        }

        var train: [Int] = [], validation: [Int] = [], test: [Int] = []
        for (i, split) in splits.enumerated() {
            switch split {
            case "train": train.append(i)
            case "val", "validation": validation.append(i)
            case "test": test.append(i)
            default:
                throw FileError(path: jsonPath, reason: TrainError.inconsistentData(
                    "sample \(i) has split \"\(split)\"; expected \"train\", \"val\" or \"test\""))
            }
        }
        if hash == nil {
            var digest = SHA256Digest()
            digest.update(xBytes)
            digest.update(yBytes)
            hash = digest.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
        let set = TrainingSet(x: try xArray.float32(), y: try yArray.int32(), sampleShape: Array(xArray.shape.dropFirst()),
                              labels: labels, train: train, validation: validation, test: test, hash: hash)
        do {
            try set.validate()
        } catch {
            throw FileError(path: directory, reason: error)
        }
        return set
    }
}
