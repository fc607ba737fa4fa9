/// Reads recordings in Edge Impulse's CSV format:
///
///     timestamp,accX,accY,accZ
///     0,-9.81,0.03,1.21
///     16,-9.83,0.04,1.19
///
/// - The first non-blank line is the header. A column named `timestamp` (any case) holds
///   the time of each sample in milliseconds; the sample rate is derived from it. A column
///   named `label` (any case) labels each row. Every other column is a channel, in order.
/// - Cells are separated by commas; spaces and double quotes around a cell are ignored.
///   Numbers are decimal (`-1.5`, `2e-3`); `nan` (any case) is a missing value.
/// - Blank lines are skipped; `\r\n` line ends and a UTF-8 byte order mark are accepted.
public enum CSVRecordingReader {
    public static func decode(_ bytes: [UInt8], file: String) throws(DatasetError) -> DecodedRecording {
        var lines = LineSplitter(bytes)
        var header: [String] = []
        while let (_, line) = lines.next() {
            if !isBlank(line) {
                header = cells(line).map { String(decoding: $0, as: UTF8.self) }
                break
            }
        }
        guard !header.isEmpty else { throw .csvEmpty(file: file) }
        let layout = try Layout(header: header, file: file)

        var frames: [Float] = []
        var labels: [String] = []
        var firstTime: Double?
        var lastTime: Double?
        var rowCount = 0
        while let (lineNumber, line) = lines.next() {
            if isBlank(line) { continue }
            let row = cells(line)
            guard row.count == header.count else {
                throw .csvRaggedRow(file: file, line: lineNumber, expected: header.count, found: row.count)
            }
            for (column, cell) in row.enumerated() {
                switch layout.roles[column] {
                case .channel:
                    let text = try decimal(cell, file: file, line: lineNumber, column: column, name: header[column])
                    // Float(String) rounds once, correctly; going through Double could round twice.
                    let value = Float(text) ?? .nan
                    guard !value.isInfinite else {
                        throw .nonFinite(file: file, position: "line \(lineNumber), column \(column + 1) (\(header[column]))", value: value)
                    }
                    frames.append(value)
                case .timestamp:
                    let time = Double(try decimal(cell, file: file, line: lineNumber, column: column, name: header[column])) ?? .nan
                    guard time.isFinite else {
                        throw .csvNotANumber(file: file, line: lineNumber, column: column + 1, name: header[column], text: String(decoding: cell, as: UTF8.self))
                    }
                    if let previous = lastTime, time <= previous {
                        throw .csvTimestampNotIncreasing(file: file, line: lineNumber, previous: previous, value: time)
                    }
                    if firstTime == nil { firstTime = time }
                    lastTime = time
                case .label:
                    guard !cell.isEmpty else { throw .csvEmptyLabel(file: file, line: lineNumber) }
                    labels.append(String(decoding: cell, as: UTF8.self))
                }
            }
            rowCount += 1
        }
        guard rowCount > 0 else { throw .csvNoRows(file: file) }

        var rate: Double?
        if let first = firstTime, let last = lastTime, rowCount > 1 {
            rate = Double(rowCount - 1) * 1000 / (last - first)
        }
        return DecodedRecording(
            channels: layout.channels, frames: frames, sampleRate: rate,
            rowLabels: layout.hasLabel ? labels : nil)
    }

    /// What each header column holds.
    private struct Layout {
        enum Role { case timestamp, label, channel }
        var roles: [Role] = []
        var channels: [String] = []
        var hasLabel = false

        init(header: [String], file: String) throws(DatasetError) {
            var seen = Set<String>()
            for name in header {
                guard seen.insert(name.lowercased()).inserted else {
                    throw .csvDuplicateColumn(file: file, column: name)
                }
                switch name.lowercased() {
                case "timestamp": roles.append(.timestamp)
                case "label": roles.append(.label); hasLabel = true
                default: roles.append(.channel); channels.append(name)
                }
            }
            guard !channels.isEmpty else { throw .csvNoChannels(file: file) }
        }
    }

    /// The text of a decimal number or `nan`; throws `csvNotANumber` for anything else.
    private static func decimal(
        _ cell: ArraySlice<UInt8>, file: String, line: Int, column: Int, name: String
    ) throws(DatasetError) -> String {
        if isDecimal(cell) { return String(decoding: cell, as: UTF8.self) }
        throw .csvNotANumber(file: file, line: line, column: column + 1, name: name, text: String(decoding: cell, as: UTF8.self))
    }

    /// Accepts `[+-]digits[.digits][(e|E)[+-]digits]` with at least one digit before the
    /// exponent, and `nan` in any case. Rejects hexadecimal and `inf`, which `strtod` would take.
    static func isDecimal(_ cell: ArraySlice<UInt8>) -> Bool {
        guard !cell.isEmpty, cell.count < 64 else { return false }
        if cell.count == 3, cell.map({ $0 | 0x20 }) == Array("nan".utf8) { return true }
        var index = cell.startIndex
        var digits = 0
        if cell[index] == UInt8(ascii: "+") || cell[index] == UInt8(ascii: "-") { index += 1 }
        while index < cell.endIndex, isDigit(cell[index]) { index += 1; digits += 1 }
        if index < cell.endIndex, cell[index] == UInt8(ascii: ".") {
            index += 1
            while index < cell.endIndex, isDigit(cell[index]) { index += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if index < cell.endIndex, cell[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < cell.endIndex, cell[index] == UInt8(ascii: "+") || cell[index] == UInt8(ascii: "-") { index += 1 }
            var exponentDigits = 0
            while index < cell.endIndex, isDigit(cell[index]) { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return index == cell.endIndex
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The comma-separated cells of a line, each without surrounding spaces and quotes.
    static func cells(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trimCell)
    }

    private static func trimCell(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var cell = cell
        while let first = cell.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { cell = cell.dropFirst() }
        while let last = cell.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { cell = cell.dropLast() }
        if cell.count >= 2, cell.first == UInt8(ascii: "\""), cell.last == UInt8(ascii: "\"") {
            cell = cell.dropFirst().dropLast()
        }
        return cell
    }
}

/// Splits bytes into lines (without `\n` or `\r\n`) numbered from 1, after a UTF-8 BOM.
struct LineSplitter {
    private let bytes: [UInt8]
    private var position: Int
    private var lineNumber = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    mutating func next() -> (Int, ArraySlice<UInt8>)? {
        guard position < bytes.count else { return nil }
        let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var line = bytes[position..<end]
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        position = end + 1
        lineNumber += 1
        return (lineNumber, line)
    }
}
