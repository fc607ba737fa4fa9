import Foundation
import Testing
@testable import TinyOpsKit

/// `tinyops monitor --serial` against a pseudo-terminal: the port code of `collect --serial`
/// reads the lines; the first and an unterminated last line are dropped (the capture starts
/// and stops mid-line).
@Suite struct MonitorSerialTests {
    @Test func readsTelemetryFromATTY() throws {
        let scratch = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var model = try Fixtures.model("mlp_int8.tflite")
        try model.setTinyopsMetadata(["labels": ["rest", "move"], "monitoring": MonitorStatisticsTests.profile().json()])
        try ModelFile.save(model, to: scratch + "/m.tflite")

        let tty = try SerialPortTests.PseudoTerminal()
        defer { tty.close() }
        let done = DispatchSemaphore(value: 0)
        final class Box: @unchecked Sendable { var result: Result<MonitorReport, any Error>? }
        let box = Box()
        let serial = SerialOptions(device: tty.slavePath, baud: 115_200, duration: .milliseconds(1500))
        Thread {
            box.result = Result { try MonitorJob.run(model: scratch + "/m.tflite", source: .serial(serial), options: .init()) }
            done.signal()
        }.start()
        #expect(tty.waitForRawMode(baud: speed_t(B115200)))
        let lines = String(decoding: MonitorStatisticsTests.log(count: 150, id: "m").entries.map { entry in
            let r = entry.record
            let body = "@tm1 id=m n=\(r.sequence) c=\(r.classIndex) s=\(String(format: "%.3f", r.score)) t=\(r.latencyMicroseconds) m=\(String(format: "%.3f", r.mean[0])) e=\(String(format: "%.3f", r.energy[0]))"
            return body + " *" + Hex.encode([TelemetryRecord.crc8(Array((body + " ").utf8))]) + "\n"
        }.joined().utf8, as: UTF8.self)
        tty.write("=0.1 *3a\n")  // the end of a line printed before the capture
        tty.write(lines)
        tty.write("@tm1 id=m n=150 c=0")  // cut off by the end of the capture
        done.wait()
        let report = try box.result!.get()
        #expect(report.lines.used == 150 && report.lines.malformed.isEmpty && report.lines.otherText == 0)
        #expect(report.logs == [tty.slavePath] && report.level == .ok, "\(report.text())")
    }
}
