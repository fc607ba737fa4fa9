/// Telemetry lines gathered from log files or a serial port, with where each came from.
///
/// Lines without `@tm1 ` (the firmware's other output) are counted and ignored. Telemetry
/// lines that do not parse (a bad checksum, a missing field, a cut line) are skipped and
/// kept with their file and line number, so the report can name them.
public struct TelemetryLog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var source: String
        public var line: Int
        public var record: TelemetryRecord
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var source: String
        public var line: Int
        public var reason: String
        public var description: String { "\(source):\(line): \(reason)" }
    }

    public var entries: [Entry] = []
    public var malformed: [Problem] = []
    /// Lines that hold no telemetry.
    public var otherLines = 0
    public var sources: [String] = []

    public init() {}

    /// Adds the lines of `bytes` read from `source`. `partialEnds` drops the first line and
    /// an unterminated last line (a serial capture starts and stops mid-line).
    public mutating func add(_ bytes: [UInt8], source: String, partialEnds: Bool = false) {
        sources.append(source)
        var lines: [(Int, ArraySlice<UInt8>)] = []
        var start = 0, number = 1
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append((number, bytes[start..<i]))
            start = i + 1
            number += 1
        }
        if start < bytes.count, !partialEnds { lines.append((number, bytes[start...])) }
        if partialEnds, !lines.isEmpty { lines.removeFirst() }
        for (number, line) in lines {
            switch TelemetryRecord.parse(line) {
            case nil: otherLines += 1
            case .success(let record): entries.append(Entry(source: source, line: number, record: record))
            case .failure(let problem): malformed.append(Problem(source: source, line: number, reason: problem.reason))
            }
        }
    }

    /// Reads log files; errors name the file.
    public static func read(files: [String]) throws -> TelemetryLog {
        var log = TelemetryLog()
        for file in files { log.add(try FileBytes.read(file), source: file) }
        return log
    }

    /// Listens on a serial port for `options.duration` (or until the device hangs up).
    public static func capture(_ options: SerialOptions) throws -> TelemetryLog {
        let capture = try SerialCapture.read(options)
        var log = TelemetryLog()
        log.add(capture.bytes, source: options.device, partialEnds: true)
        return log
    }
}
