/// A collected dataset in memory: what train, quantize (calibration) and eval read.
///
/// ```swift
/// let data = try Dataset.load("build/imu")
/// for i in data.indices(in: .train) {
///     let x = data.sample(i)          // sampleSize floats, shape data.sampleShape
///     let label = Int(data.y[i])      // index into data.manifest.labels
/// }
/// ```
public struct Dataset: Sendable {
    /// The decoded `dataset.json`.
    public let manifest: DatasetManifest
    /// `count * sampleSize` floats, sample after sample, each in C order.
    public let x: [Float]
    /// One label index per sample, into `manifest.labels`.
    public let y: [Int32]

    public var count: Int { y.count }
    public var sampleShape: [Int] { manifest.sampleShape }
    public var sampleSize: Int { manifest.sampleSize }
    public var labels: [String] { manifest.labels }

    /// Reads `dataset.json`, `x.npy` and `y.npy` from `directory`, and checks them: the
    /// files' SHA-256 against the manifest, their dtypes and shapes, every label index in range
    /// and naming the sample's label in the manifest.
    ///
    /// Throws `FileSystemError` for unreadable files, `FileError` wrapping a `JSONError` or an
    /// `NPYError` for malformed ones, and `DatasetError` when the parts disagree.
    public static func load(_ directory: String) throws -> Dataset {
        let manifestPath = join(directory, DatasetManifest.fileName)
        let manifest: DatasetManifest
        do {
            manifest = try DatasetManifest(json: JSONValue(contentsOf: manifestPath))
        } catch let error as JSONError {
            throw FileError(path: manifestPath, reason: error)
        }
        guard manifest.contentHash() == manifest.datasetHash else {
            throw DatasetError.manifestInconsistent(
                file: manifestPath, reason: "dataset_hash does not match the contents; the file was edited after collect")
        }

        let xArray = try readArray(manifest.x, in: directory, dtype: .float32)
        let yArray = try readArray(manifest.y, in: directory, dtype: .int32)
        let x = try xArray.float32()
        let y = try yArray.int32()
        let yPath = join(directory, manifest.y.path)
        let labelIndex = Dictionary(uniqueKeysWithValues: manifest.labels.enumerated().map { ($1, Int32($0)) })
        for (index, value) in y.enumerated() {
            guard value >= 0, Int(value) < manifest.labels.count else {
                throw DatasetError.labelOutOfRange(file: yPath, index: index, value: value, labels: manifest.labels.count)
            }
            guard labelIndex[manifest.samples[index].label] == value else {
                throw DatasetError.manifestInconsistent(
                    file: yPath, reason: "sample \(index) has label \(value) but dataset.json says '\(manifest.samples[index].label)'")
            }
        }
        return Dataset(manifest: manifest, x: x, y: y)
    }

    /// The indices of the samples in `split`, in dataset order.
    public func indices(in split: DatasetSplit) -> [Int] {
        manifest.samples.indices.filter { manifest.samples[$0].split == split }
    }

    /// The `sampleSize` floats of sample `i`.
    public func sample(_ i: Int) -> ArraySlice<Float> {
        x[(i * sampleSize)..<((i + 1) * sampleSize)]
    }

    /// A dataset from parts that agree (for tests and in-memory pipelines); `load` is the
    /// checked way in.
    public init(manifest: DatasetManifest, x: [Float], y: [Int32]) {
        precondition(x.count == y.count * manifest.sampleSize && y.count == manifest.count, "dataset parts disagree")
        self.manifest = manifest
        self.x = x
        self.y = y
    }

    private static func readArray(
        _ file: DatasetManifest.ArrayFile, in directory: String, dtype: NPYDType
    ) throws -> NPYArray {
        let path = join(directory, file.path)
        let bytes = try FileBytes.read(path)
        let digest = SHA256.hex(bytes)
        guard digest == file.sha256 else { throw DatasetError.hashMismatch(file: path, expected: file.sha256, found: digest) }
        let array: NPYArray
        do {
            array = try NPYArray(npyBytes: bytes)
        } catch {
            throw FileError(path: path, reason: error)
        }
        guard array.dtype == dtype, file.dtype == dtype.name else {
            throw DatasetError.arrayType(file: path, expected: dtype.name, found: array.dtype.name)
        }
        guard array.shape == file.shape else { throw DatasetError.arrayShape(file: path, expected: file.shape, found: array.shape) }
        return array
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
