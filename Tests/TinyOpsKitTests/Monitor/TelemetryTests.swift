import Foundation
import Testing
@testable import TinyOpsKit
import TinyOpsRuntime

/// The device side of telemetry (`tinyops_telemetry_*`, the host build of the C runtime):
/// the line format by hand, numbers at their edges, cut buffers, the input summary and top
/// class against Swift on real models, the hook with a fake tick source; and the Swift
/// parser on what the C formatter writes and on damaged lines.
@Suite struct TelemetryTests {
    /// A C record. `id` must outlive the use of the record.
    static func record(id: UnsafePointer<CChar>?, sequence: UInt32 = 41, classIndex: Int32 = 2, score: Float = 0.957,
                       latency: UInt32 = 1830, mean: [Float] = [], energy: [Float] = []) -> tinyops_telemetry_record {
        var r = tinyops_telemetry_record()
        r.model_id = id
        r.sequence = sequence
        r.class_index = classIndex
        r.score = score
        r.latency_us = latency
        r.channels = UInt32(mean.count)
        withUnsafeMutableBytes(of: &r.mean) { raw in for (i, v) in mean.enumerated() { raw.storeBytes(of: v, toByteOffset: 4 * i, as: Float.self) } }
        withUnsafeMutableBytes(of: &r.energy) { raw in for (i, v) in energy.enumerated() { raw.storeBytes(of: v, toByteOffset: 4 * i, as: Float.self) } }
        return r
    }

    static func format(_ r: tinyops_telemetry_record) -> String {
        var record = r
        var buffer = [CChar](repeating: 0x7F, count: Int(TINYOPS_TELEMETRY_LINE_MAX))
        let length = tinyops_telemetry_format(&record, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #expect(text.utf8.count == length)
        return text
    }

    static func format(id: String?, sequence: UInt32 = 41, classIndex: Int32 = 2, score: Float = 0.957, latency: UInt32 = 1830,
                       mean: [Float] = [], energy: [Float] = []) -> String {
        guard let id else { return format(record(id: nil, sequence: sequence, classIndex: classIndex, score: score, latency: latency, mean: mean, energy: energy)) }
        return id.withCString { format(record(id: $0, sequence: sequence, classIndex: classIndex, score: score, latency: latency, mean: mean, energy: energy)) }
    }

    /// The line with its checksum, from the text before " *".
    static func line(_ body: String) -> String {
        let crc = TelemetryRecord.crc8(Array((body + " ").utf8))
        return body + " *" + Hex.encode([crc]) + "\n"
    }

    @Test func crc8IsCRC8SMBUS() {
        // The catalogue's check value of CRC-8/SMBUS (width 8, poly 0x07, init 0, no reflection, xorout 0).
        #expect(tinyops_telemetry_crc8("123456789", 9) == 0xF4)
        #expect(TelemetryRecord.crc8(Array("123456789".utf8)) == 0xF4)
        #expect(tinyops_telemetry_crc8("", 0) == 0 && TelemetryRecord.crc8([UInt8]()) == 0)
    }

    @Test func lineByHand() {
        #expect(Self.format(id: "imu-1a2b3c4d", mean: [0.5, -2.25, 0.0625], energy: [1, 0.25, 1e9])
                == Self.line("@tm1 id=imu-1a2b3c4d n=41 c=2 s=0.957 t=1830 m=0.500,-2.250,0.063 e=1.000,0.250,999999.999"))
        // No input summary: no m= and e=.
        #expect(Self.format(id: "kws", sequence: 0, classIndex: -1, score: 0, latency: 0) == Self.line("@tm1 id=kws n=0 c=-1 s=0.000 t=0"))
        // Ids: characters outside [A-Za-z0-9._-] become '_', 32 characters at most, none gives "model".
        #expect(Self.format(id: "imu model/1é").hasPrefix("@tm1 id=imu_model_1__ n="))
        #expect(Self.format(id: String(repeating: "x", count: 40)).hasPrefix("@tm1 id=" + String(repeating: "x", count: 32) + " n="))
        #expect(Self.format(id: nil).hasPrefix("@tm1 id=model n=") && Self.format(id: "").hasPrefix("@tm1 id=model n="))
        #expect(Self.format(id: "m", sequence: .max, classIndex: .min, latency: .max).hasPrefix("@tm1 id=m n=4294967295 c=-2147483648 s=0.957 t=4294967295 *"))
    }

    /// Three decimals, half away from zero on the float product, saturated, and words for
    /// values that are not finite.
    @Test func numbersAtTheirEdges() {
        let cases: [(Float, String)] = [
            (0, "0.000"), (-0.0, "0.000"), (2.5, "2.500"), (0.0625, "0.063"), (-0.0625, "-0.063"), (-0.0004, "0.000"),
            (1.0009765625, "1.001"), (0.9995117, "1.000"), (999999.999, "999999.999"), (1e6, "999999.999"), (-3e30, "-999999.999"),
            (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (value, text) in cases {
            #expect(Self.format(id: "m", score: value).contains(" s=\(text) t="), "\(value)")
        }
    }

    /// A buffer too small gets a cut, terminated line; the return value is always the full length.
    @Test func cutBuffers() throws {
        let full = Self.format(id: "imu-1a2b3c4d", mean: [0.5, -2.25], energy: [1, 0.25])
        try "imu-1a2b3c4d".withCString { id in
            var r = Self.record(id: id, mean: [0.5, -2.25], energy: [1, 0.25])
            #expect(tinyops_telemetry_format(&r, nil, 0) == full.utf8.count)
            for size in [1, 2, 10, full.utf8.count - 1, full.utf8.count, full.utf8.count + 1] {
                var buffer = [CChar](repeating: 0x7F, count: size + 4)
                #expect(tinyops_telemetry_format(&r, &buffer, size) == full.utf8.count)
                let end = try #require(buffer.firstIndex(of: 0))
                #expect(end == min(size - 1, full.utf8.count) && buffer[size...].allSatisfy { $0 == 0x7F }, "size \(size)")
                #expect(String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self) == String(full.prefix(end)))
            }
        }
        // The longest line fits TINYOPS_TELEMETRY_LINE_MAX with its NUL.
        let worst = Self.format(id: String(repeating: "x", count: 32), sequence: .max, classIndex: .min, score: -1e9, latency: .max,
                                mean: [Float](repeating: -1e9, count: 16), energy: [Float](repeating: -1e9, count: 16))
        #expect(worst.utf8.count <= Int(TINYOPS_TELEMETRY_LINE_MAX) - 1 && worst.hasSuffix("\n"))
        var r = Self.record(id: nil, mean: [Float](repeating: 1, count: 16), energy: [Float](repeating: 1, count: 16))
        r.channels = 40  // more than 16: the first 16
        #expect(Self.format(r).split(separator: " ").first { $0.hasPrefix("m=") }?.split(separator: ",").count == 16)
    }

    // MARK: The summary, the class and the hook on real models

    /// Input `index` summarized by the C runtime, against the same float arithmetic in Swift,
    /// on random int8 inputs of models with 3, 1 and 20 (→ 16) channels.
    @Test func summaryAndClassMatchSwift() throws {
        var generator = SeededGenerator(seed: 0x7E1E)
        for name in ["conv1d_int8", "cnn2d_int8", "mlp_int8"] {
            let interpreter = try RuntimeInterpreter(modelBytes: try Fixtures.bytes(name + ".tflite"))
            let input = interpreter.inputs[0], output = interpreter.outputs[0]
            let channels = input.shape.last!, kept = min(channels, 16)
            for trial in 0..<5 {
                let q = (0..<input.elementCount).map { _ in Int8.random(in: -128...127, using: &generator) }
                try interpreter.setInput(0, int8: q)
                let recorder = TelemetryRecorder(interpreter: interpreter, modelID: "t")
                var summary = tinyops_telemetry_record()
                #expect(interpreter.withInterpreter { tinyops_telemetry_summarize($0, 0, &summary) } == TINYOPS_OK)
                #expect(summary.channels == UInt32(kept))
                let means = withUnsafeBytes(of: summary.mean) { Array($0.bindMemory(to: Float.self)) }
                let energies = withUnsafeBytes(of: summary.energy) { Array($0.bindMemory(to: Float.self)) }
                let n = Float(input.elementCount / channels), scale = input.scale!, zeroPoint = Int64(input.zeroPoint!)
                for c in 0..<kept {
                    let values = stride(from: c, to: q.count, by: channels).map { Int64(q[$0]) - zeroPoint }
                    let sum = values.reduce(0, +), squares = values.reduce(0) { $0 + $1 * $1 }
                    #expect(means[c] == Float(sum) / n * scale, "\(name) trial \(trial) channel \(c)")
                    #expect(energies[c] == Float(squares) / n * scale * scale, "\(name) trial \(trial) channel \(c)")
                }
                recorder.record()
                let out = interpreter.int8Output(0)
                let best = out.indices.first { out[$0] == out.max()! }!
                let record = try #require(try TelemetryRecord.parse(Array(recorder.lines[0].utf8.dropLast())[...])?.get())
                #expect(record.classIndex == best && record.sequence == 0 && record.modelID == "t")
                #expect(abs(record.score - Double((Float(out[best]) - Float(output.zeroPoint!)) * output.scale!)) <= 0.0005 + 1e-9)
                #expect(record.mean.count == kept && zip(record.mean, means).allSatisfy { abs($0 - Double($1)) <= 0.0005 + 1e-6 * abs($0) })
            }
        }
    }

    /// A float32 input (an int8 model with float I/O): the summary in float, as Swift adds it.
    @Test func floatInputSummary() throws {
        let model = try Fixtures.model("conv1d_float.tflite")
        var generator = SeededGenerator(seed: 0xF10A)
        let size = model.main.tensors[Int(model.main.inputs[0])].elementCount
        let calibration = (0..<20).map { _ in [(0..<size).map { _ in Float.random(in: -2...2, using: &generator) }] }
        let int8 = try Quantizer.quantize(model, samples: calibration, options: .init(method: .minMax, io: .float))
        let interpreter = try RuntimeInterpreter(modelBytes: try TFLiteWriter.encode(int8))
        #expect(interpreter.inputs[0].type == .float32)
        let x = calibration[3][0]
        try interpreter.setInput(0, float32: x)
        var summary = tinyops_telemetry_record()
        #expect(interpreter.withInterpreter { tinyops_telemetry_summarize($0, 0, &summary) } == TINYOPS_OK)
        let means = withUnsafeBytes(of: summary.mean) { Array($0.bindMemory(to: Float.self)) }
        let energies = withUnsafeBytes(of: summary.energy) { Array($0.bindMemory(to: Float.self)) }
        for c in 0..<3 {
            var sum: Float = 0, squares: Float = 0
            for i in stride(from: c, to: x.count, by: 3) {
                let square = x[i] * x[i]
                sum += x[i]
                squares += square
            }
            #expect(means[c] == sum / Float(x.count / 3) && energies[c] == squares / Float(x.count / 3))
        }
    }

    final class Ticks: @unchecked Sendable {
        var now: UInt32 = 0xFFFF_FF00  // wraps during the run
        var lines: [String] = []
    }

    /// The hook: the latency from the caller's ticks (wrapping), the emitted line equal to the
    /// stored one, the sequence counting up; an interpreter that is not initialised emits nothing.
    @Test func hookWithAFakeTickSource() throws {
        let interpreter = try RuntimeInterpreter(modelBytes: try Fixtures.bytes("conv1d_int8.tflite"))
        let ticks = Ticks()
        var telemetry = tinyops_telemetry()
        try "conv-1".withCString { id in
            telemetry.model_id = id
            telemetry.ticks = { user in
                let t = Unmanaged<Ticks>.fromOpaque(user!).takeUnretainedValue()
                t.now &+= 120_000  // 2.5 ms at 48 MHz per call
                return t.now
            }
            telemetry.ticks_per_second = 48_000_000
            telemetry.emit = { line, length, user in
                let t = Unmanaged<Ticks>.fromOpaque(user!).takeUnretainedValue()
                t.lines.append(String(decoding: UnsafeRawBufferPointer(start: line, count: length), as: UTF8.self))
            }
            telemetry.user = Unmanaged.passUnretained(ticks).toOpaque()
            for _ in 0..<3 { interpreter.invoke(telemetry: &telemetry) }
            #expect(ticks.lines.count == 3 && telemetry.sequence == 3)
            let stored = withUnsafeBytes(of: telemetry.line) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            #expect(stored == ticks.lines[2])
            for (n, line) in ticks.lines.enumerated() {
                let record = try #require(try TelemetryRecord.parse(Array(line.utf8.dropLast())[...])?.get())
                #expect(record.sequence == UInt32(n) && record.latencyMicroseconds == 2500 && record.modelID == "conv-1")
            }
            var blank = tinyops_interpreter()
            #expect(tinyops_invoke_with_telemetry(&blank, &telemetry) == TINYOPS_ERR_ARGUMENT)
            #expect(ticks.lines.count == 3 && telemetry.sequence == 3)
        }
    }

    // MARK: Parsing

    @Test func parsingLines() throws {
        let good = Self.line("@tm1 id=imu-1a2b3c4d n=41 c=2 s=0.957 t=1830 m=0.500,-2.250 e=1.000,0.250").dropLast()
        let record = TelemetryRecord(modelID: "imu-1a2b3c4d", sequence: 41, classIndex: 2, score: 0.957, latencyMicroseconds: 1830,
                                     mean: [0.5, -2.25], energy: [1, 0.25])
        func parse(_ text: String) -> Result<TelemetryRecord, TelemetryRecord.Malformed>? { TelemetryRecord.parse(Array(text.utf8)[...]) }
        #expect(try parse(String(good))?.get() == record)
        // After a logger's timestamp, with CRLF, with a field this version does not know.
        #expect(try parse("2026-11-21T10:00:00Z uart0: " + good + "\r")?.get() == record)
        #expect(try parse(String(Self.line("@tm1 id=a n=1 c=0 s=1.000 t=5 x=future").dropLast()))?.get().modelID == "a")
        #expect(parse("booting...") == nil && parse("") == nil)
        let broken: [(String, String)] = [
            (String(good.dropLast(3)), "no checksum"),
            (good.replacingOccurrences(of: "s=0.957", with: "s=0.958"), "checksum"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=1.000").dropLast()), "field 't' is missing"),
            (String(Self.line("@tm1 id=a n=1 n=2 c=0 s=1 t=5").dropLast()), "appears twice"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=nan t=5").dropLast()), "not finite"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=1e3 t=5").dropLast()), "not a decimal"),
            (String(Self.line("@tm1 id=a n=-1 c=0 s=1 t=5").dropLast()), "n is not"),
            (String(Self.line("@tm1 id=a n=1 c=-2 s=1 t=5").dropLast()), "c is not"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=1 t=5 m=1,2 e=1").dropLast()), "m has 2 values, e has 1"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=1 t=5 m=1").dropLast()), "come together"),
            (String(Self.line("@tm1 id=a/b n=1 c=0 s=1 t=5").dropLast()), "model id"),
            (String(Self.line("@tm1 id=a n=1 c=0 s=1 t=5 m=1 e=-1").dropLast()), "negative energy"),
        ]
        for (text, reason) in broken {
            guard case .failure(let problem)? = parse(text) else {
                Issue.record("accepted: \(text)")
                continue
            }
            #expect(problem.reason.contains(reason), "\(text): \(problem.reason)")
        }
    }
}
