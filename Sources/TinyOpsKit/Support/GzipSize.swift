import Foundation

/// How small a file gets under `gzip -9`: what zeros from pruning buy on an over-the-air
/// update or a compressed flash image. Measured by piping the bytes through the system's
/// `gzip -9 -n` (tinyops has no DEFLATE compressor of its own, and Foundation on Linux
/// exposes no zlib); nil when no `gzip` is on the PATH or it fails, so reports degrade to
/// "n/a" instead of failing.
public enum GzipSize {
    /// The `gzip` executable on the PATH, if any.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/gzip"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Bytes of `gzip -9 -n` output for `data`.
    public static func compressedSize(of data: [UInt8]) -> Int? {
        guard let executable else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-9", "-n", "-c"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Feed stdin on another thread: gzip may fill its stdout pipe before reading all input.
        let writer = input.fileHandleForWriting
        let payload = Data(data)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? writer.write(contentsOf: payload)
            try? writer.close()
            done.signal()
        }
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !compressed.isEmpty else { return nil }
        return compressed.count
    }
}
