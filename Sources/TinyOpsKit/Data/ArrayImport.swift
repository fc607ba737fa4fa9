/// Imports a dataset that already exists as numpy arrays (from another pipeline, or a data
/// set shipped with a Python package): a folder with
/// - `x.npy`: samples `[N, ...]`, any numeric dtype (stored as float32),
/// - `y.npy`: integer labels `[N]` indexing `labels.txt`,
/// - `labels.txt`: one class name per line,
/// - `split.txt` (optional): one of `train`, `val`, `test` per line, one line per sample;
///   without it each sample is drawn into a split by a hash of its index (`SplitAssigner`).
/// Each sample is recorded as its own recording `memory/<i>` (see `Dataset.inMemory`).
public enum ArrayImport {
    public static func run(from directory: String, to output: String, fractions: SplitFractions, seed: UInt64) throws -> Dataset {
        let xPath = Dataset.join(directory, "x.npy"), yPath = Dataset.join(directory, "y.npy")
        let xArray = try NPYArray(contentsOf: xPath), yArray = try NPYArray(contentsOf: yPath)
        let x: [Float], y: [Int32]
        do { x = try xArray.converted(to: .float32).float32() } catch { throw FileError(path: xPath, reason: error) }
        do { y = try yArray.converted(to: .int32).int32() } catch { throw FileError(path: yPath, reason: error) }
        guard xArray.shape.count >= 2, yArray.shape == [xArray.shape[0]] else {
            throw DatasetError.manifestInconsistent(
                file: yPath, reason: "x.npy \(xArray.shape) and y.npy \(yArray.shape) must be [N, ...] and [N]")
        }
        let labels = try lines(Dataset.join(directory, "labels.txt"))
        let splitPath = Dataset.join(directory, "split.txt")
        let splits: [DatasetSplit]
        if FileManager.default.fileExists(atPath: splitPath) {
            let names = try lines(splitPath)
            guard names.count == y.count else {
                throw DatasetError.manifestInconsistent(file: splitPath, reason: "\(names.count) lines for \(y.count) samples")
            }
            splits = try names.enumerated().map { line, name in
                guard let split = DatasetSplit(rawValue: name) else {
                    throw DatasetError.manifestInconsistent(file: splitPath, reason: "line \(line + 1): '\(name)' is not train, val or test")
                }
                return split
            }
        } else {
            let assigner = SplitAssigner(fractions: fractions, seed: seed)
            splits = y.indices.map { assigner.split(forSource: "memory/\($0)") }
        }
        let dataset = try Dataset.inMemory(x: x, y: y, labels: labels, sampleShape: Array(xArray.shape.dropFirst()), splits: splits)
        try dataset.write(to: output)
        return dataset
    }

    private static func lines(_ path: String) throws -> [String] {
        String(decoding: try FileBytes.read(path), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .reversed().drop(while: \.isEmpty).reversed()
    }
}

import Foundation
