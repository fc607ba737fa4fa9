/// One telemetry line (docs/telemetry.md), as `tinyops_telemetry_format` writes it:
///
///     @tm1 id=imu-1a2b3c4d n=41 c=2 s=0.957 t=1830 m=0.113,-0.052 e=1.021,0.874 *5c
///
/// The line may follow other text (a timestamp a logger added): it starts at `@tm1 `. The
/// CRC-8 after `*` covers every byte from the `@` to the space before the `*`.
public struct TelemetryRecord: Equatable, Sendable {
    public static let tag: [UInt8] = Array("@tm1 ".utf8)

    public var modelID: String
    public var sequence: UInt32
    /// The top class; -1 when the device could not tell.
    public var classIndex: Int
    public var score: Double
    public var latencyMicroseconds: Int
    /// Per-channel window mean and energy (mean square) in model input units; empty when
    /// the line has no input summary.
    public var mean: [Double]
    public var energy: [Double]

    public init(modelID: String, sequence: UInt32, classIndex: Int, score: Double, latencyMicroseconds: Int,
                mean: [Double], energy: [Double]) {
        self.modelID = modelID
        self.sequence = sequence
        self.classIndex = classIndex
        self.score = score
        self.latencyMicroseconds = latencyMicroseconds
        self.mean = mean
        self.energy = energy
    }

    /// Reads the telemetry in `line` (without its line break): nil when the line holds none
    /// (no `@tm1 `), else the record or why the line is malformed.
    public static func parse(_ line: ArraySlice<UInt8>) -> Result<TelemetryRecord, Malformed>? {
        guard let start = find(tag, in: line) else { return nil }
        var text = line[start...]
        if text.last == UInt8(ascii: "\r") { text = text.dropLast() }
        return Result { () throws(Malformed) in try parseTagged(text) }
    }

    /// Why a telemetry line cannot be used.
    public struct Malformed: Error, Equatable, Sendable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func find(_ pattern: [UInt8], in line: ArraySlice<UInt8>) -> Int? {
        guard line.count >= pattern.count else { return nil }
        var i = line.startIndex
        while i + pattern.count <= line.endIndex {
            if line[i] == pattern[0], line[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }

    private static func parseTagged(_ text: ArraySlice<UInt8>) throws(Malformed) -> TelemetryRecord {
        // " *hh" at the end: the checksum first, so a damaged line is reported as such.
        guard text.count >= tag.count + 3, text[text.endIndex - 3] == UInt8(ascii: "*"),
              text[text.endIndex - 4] == UInt8(ascii: " "),
              let crc = Hex.decode(String(decoding: text.suffix(2), as: UTF8.self)).map({ $0[0] }) else {
            throw Malformed("no checksum ('*' and two hex digits) at the end (a cut or joined line?)")
        }
        let body = text[text.startIndex..<(text.endIndex - 3)]
        let computed = crc8(body)
        guard computed == crc else {
            throw Malformed("checksum \(Hex.encode([crc])) does not match the line (\(Hex.encode([computed]))): damaged in transit")
        }
        var fields: [String: String] = [:]
        let content = body.dropFirst(tag.count).dropLast()  // the fields, without the tag and the space before '*'
        for token in content.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            let item = String(decoding: token, as: UTF8.self)
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else { throw Malformed("'\(item)' is not key=value") }
            let key = String(item[..<equals])
            guard fields[key] == nil else { throw Malformed("field '\(key)' appears twice") }
            fields[key] = String(item[item.index(after: equals)...])
        }
        func required(_ key: String) throws(Malformed) -> String {
            guard let value = fields[key] else { throw Malformed("field '\(key)' is missing") }
            return value
        }
        let id = try required("id")
        guard (1...32).contains(id.utf8.count), id.utf8.allSatisfy(isIDByte) else { throw Malformed("model id '\(id)' is not 1-32 of [A-Za-z0-9._-]") }
        guard let sequence = UInt32(try required("n"), radix: 10) else { throw Malformed("n is not a 32-bit unsigned integer") }
        guard let classIndex = Int(try required("c")), classIndex >= -1, classIndex < 1 << 31 else { throw Malformed("c is not a class index") }
        let score = try decimal(try required("s"), "s")
        guard let latency = UInt32(try required("t"), radix: 10) else { throw Malformed("t is not a 32-bit unsigned number of microseconds") }
        var mean: [Double] = [], energy: [Double] = []
        switch (fields["m"], fields["e"]) {
        case (nil, nil): break
        case (let m?, let e?):
            mean = try list(m, "m")
            energy = try list(e, "e")
            guard mean.count == energy.count else { throw Malformed("m has \(mean.count) values, e has \(energy.count)") }
            guard energy.allSatisfy({ $0 >= 0 }) else { throw Malformed("e has a negative energy") }
        default: throw Malformed("m and e come together")
        }
        return TelemetryRecord(modelID: id, sequence: sequence, classIndex: classIndex, score: score,
                               latencyMicroseconds: Int(latency), mean: mean, energy: energy)
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// `-?digits(.digits)?`: what the formatter writes for finite values.
    private static func decimal(_ text: String, _ key: String) throws(Malformed) -> Double {
        if text == "nan" || text == "inf" || text == "-inf" { throw Malformed("\(key) is not finite (\(text))") }
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        let digits = { (part: Substring.UTF8View.SubSequence) in !part.isEmpty && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard !parts.isEmpty, parts.count <= 2, parts.allSatisfy(digits), let value = Double(text) else {
            throw Malformed("\(key) value '\(text)' is not a decimal number")
        }
        return value
    }

    private static func list(_ text: String, _ key: String) throws(Malformed) -> [Double] {
        var values: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) { values.append(try decimal(String(item), key)) }
        guard values.count <= MonitoringProfile.maxChannels else { throw Malformed("\(key) has \(values.count) values, at most 16") }
        return values
    }

    /// CRC-8/SMBUS: polynomial 0x07, initial 0, no reflection, no final XOR.
    public static func crc8<S: Sequence<UInt8>>(_ bytes: S) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 { crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x07 : crc << 1 }
        }
        return crc
    }
}
