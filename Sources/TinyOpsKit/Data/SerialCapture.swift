/// Where and how long to listen: `--serial DEV --baud B --duration D`.
public struct SerialOptions: Equatable, Sendable {
    public var device: String
    public var baud: Int
    public var duration: Duration

    public init(device: String, baud: Int = 115_200, duration: Duration) {
        self.device = device
        self.baud = baud
        self.duration = duration
    }

    /// The baud rates the serial port accepts.
    public static var supportedBauds: [Int] { SerialPort.supportedBauds }
}

/// A line of a serial capture that was not a sample.
public struct SerialLine: Equatable, Sendable {
    /// 1-based, counting every line received, the dropped first one included.
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// The samples of a serial capture: a board printing one sample per line, its values
/// separated by commas, spaces, tabs or semicolons (`0.12,-0.98,9.81` or `12 -98 981`).
///
/// - The first line is always dropped: the capture may start in the middle of it.
/// - Blank lines are skipped.
/// - The number of values per sample is the most common count among the lines made only of
///   numbers (the first such count on a tie); lines with another count, or with anything that
///   is not a decimal number, are malformed: skipped and reported.
public struct SerialSamples: Equatable, Sendable {
    public var channelCount: Int
    /// The value tokens of each sample as received, so the capture can be stored verbatim.
    public var rows: [[String]]
    public var malformed: [SerialLine]
    /// Lines received, including the dropped first line, blank and malformed lines.
    public var lineCount: Int
    /// Seconds from the start of the capture to its end (shorter if the device hung up).
    public var seconds: Double
    /// Whether the device hung up before the duration was over.
    public var endedEarly: Bool

    /// Splits captured bytes into samples; `seconds` and `endedEarly` are passed through.
    public init(parsing bytes: [UInt8], seconds: Double, endedEarly: Bool) {
        var lines = LineSplitter(bytes)
        var received: [(number: Int, line: ArraySlice<UInt8>)] = []
        while let (number, line) = lines.next() { received.append((number, line)) }
        let lineCount = received.count
        // The first line may have started before the capture; a last line without "\n" was
        // cut off by its end. Both may be partial, so both are dropped.
        if !received.isEmpty { received.removeFirst() }
        if let last = bytes.last, last != UInt8(ascii: "\n"), !received.isEmpty { received.removeLast() }

        var candidates: [(number: Int, tokens: [ArraySlice<UInt8>], text: ArraySlice<UInt8>)] = []
        var malformed: [SerialLine] = []
        for (number, line) in received {
            let tokens = line.split(whereSeparator: Self.isSeparator)
            if tokens.isEmpty { continue }
            if tokens.allSatisfy(CSVRecordingReader.isDecimal) {
                candidates.append((number, tokens, line))
            } else {
                malformed.append(SerialLine(number: number, text: String(decoding: line, as: UTF8.self)))
            }
        }
        var tally: [Int: Int] = [:]
        var order: [Int] = []
        for candidate in candidates {
            if tally[candidate.tokens.count] == nil { order.append(candidate.tokens.count) }
            tally[candidate.tokens.count, default: 0] += 1
        }
        var width = 0
        for count in order where tally[count]! > tally[width, default: 0] { width = count }
        var rows: [[String]] = []
        for candidate in candidates {
            if candidate.tokens.count == width {
                rows.append(candidate.tokens.map { String(decoding: $0, as: UTF8.self) })
            } else {
                malformed.append(SerialLine(number: candidate.number, text: String(decoding: candidate.text, as: UTF8.self)))
            }
        }
        self.channelCount = width
        self.rows = rows
        self.malformed = malformed.sorted { $0.number < $1.number }
        self.lineCount = lineCount
        self.seconds = seconds
        self.endedEarly = endedEarly
    }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: ";")
    }

    /// The samples as an Edge Impulse CSV file: `timestamp` in ms (sample `i` at
    /// `i * 1000 / rate`, since a host cannot timestamp samples that arrive in USB bursts),
    /// then the values as received.
    public func csv(channels: [String], rate: Double) -> [UInt8] {
        var text = "timestamp," + channels.joined(separator: ",") + "\n"
        for (index, row) in rows.enumerated() {
            text += Self.timestamp(Double(index) * 1000 / rate) + "," + row.joined(separator: ",") + "\n"
        }
        return Array(text.utf8)
    }

    private static func timestamp(_ ms: Double) -> String {
        let rounded = (ms * 1000).rounded() / 1000  // microsecond resolution
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Reads a serial port for a fixed time.
enum SerialCapture {
    /// What arrived: the bytes, how long the capture lasted, and whether the device hung up.
    struct Received {
        var bytes: [UInt8]
        var seconds: Double
        var endedEarly: Bool
    }

    /// Opens and configures `options.device`, reads for `options.duration` (or until the
    /// device hangs up), and returns the parsed samples.
    static func capture(_ options: SerialOptions) throws(DatasetError) -> SerialSamples {
        let received = try read(options)
        return SerialSamples(parsing: received.bytes, seconds: received.seconds, endedEarly: received.endedEarly)
    }

    /// Opens and configures `options.device` and reads for `options.duration` (or until the
    /// device hangs up): the raw bytes (`collect --serial`, `monitor --serial`).
    static func read(_ options: SerialOptions) throws(DatasetError) -> Received {
        let port = try SerialPort(device: options.device, baud: options.baud)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + options.duration
        var received: [UInt8] = []
        var endedEarly = false
        var chunk = [UInt8](repeating: 0, count: 4096)
        while clock.now < deadline {
            let remaining = (deadline - clock.now).components
            let milliseconds = remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000
            let timeout = Int32(clamping: max(1, min(milliseconds, 200)))
            let result = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(DatasetError) in try port.read(into: buffer, timeout: timeout) }
            }
            switch try result.get() {
            case .bytes(let count): received.append(contentsOf: chunk[0..<count])
            case .timeout: continue
            case .closed: endedEarly = true
            }
            if endedEarly { break }
        }
        let elapsed = (clock.now - start).components
        let seconds = min(
            Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,
            Double(options.duration.components.seconds) + Double(options.duration.components.attoseconds) / 1e18)
        return Received(bytes: received, seconds: seconds, endedEarly: endedEarly)
    }
}
