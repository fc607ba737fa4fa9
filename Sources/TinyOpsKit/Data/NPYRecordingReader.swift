/// Reads a recording stored as a numpy `.npy` array: `[time]` (one channel) or
/// `[time, channels]`, any numeric dtype (converted to float32). The file carries no sample
/// rate; `--sample-rate` gives it.
public enum NPYRecordingReader {
    public static func decode(_ bytes: [UInt8], file: String) throws -> DecodedRecording {
        let array: NPYArray
        do {
            array = try NPYArray(npyBytes: bytes)
        } catch {
            throw FileError(path: file, reason: error)
        }
        guard array.dtype != .bool else { throw DatasetError.npyBadType(file: file, dtype: "bool") }
        guard array.rank == 1 || array.rank == 2 else { throw DatasetError.npyBadShape(file: file, shape: array.shape) }
        let channels = array.rank == 1 ? 1 : array.shape[1]
        guard channels > 0 else { throw DatasetError.npyBadShape(file: file, shape: array.shape) }
        let converted: NPYArray
        do {
            converted = try array.converted(to: .float32)
        } catch {
            throw FileError(path: file, reason: error)
        }
        let frames = try converted.float32()
        if let index = frames.firstIndex(where: { $0.isInfinite }) {
            throw DatasetError.nonFinite(file: file, position: "element [\(index / channels), \(index % channels)]", value: frames[index])
        }
        return DecodedRecording(
            channels: DecodedRecording.defaultChannelNames(channels), frames: frames,
            sampleRate: nil, rowLabels: nil)
    }
}
