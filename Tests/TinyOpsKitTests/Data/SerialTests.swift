import Foundation
import Testing
import TinyOpsKit
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SerialSamplesTests {
    private func parse(_ text: String) -> SerialSamples {
        SerialSamples(parsing: Array(text.utf8), seconds: 1, endedEarly: false)
    }

    @Test func dropsThePartialFirstAndLastLines() {
        let samples = parse(".25,9\n1,2,3\n\n4 5 6\r\n7;8;9\n10,\t11 ,12\n13,14")
        #expect(samples.channelCount == 3)
        #expect(samples.rows == [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["10", "11", "12"]])
        #expect(samples.malformed.isEmpty)
        #expect(samples.lineCount == 7)
    }

    @Test func reportsMalformedLines() {
        let samples = parse("x\naccX,accY\n1,2\n3,4\nok\n5\n6,7\n8,x\n")
        #expect(samples.channelCount == 2)
        #expect(samples.rows == [["1", "2"], ["3", "4"], ["6", "7"]])
        #expect(samples.malformed == [
            SerialLine(number: 2, text: "accX,accY"), SerialLine(number: 5, text: "ok"),
            SerialLine(number: 6, text: "5"), SerialLine(number: 8, text: "8,x"),
        ])
    }

    @Test func storesAnEdgeImpulseCSV() throws {
        let samples = parse("junk\n0.5,-1\n2e-3,4\n")
        let csv = samples.csv(channels: ["a", "b"], rate: 400)
        #expect(String(decoding: csv, as: UTF8.self) == "timestamp,a,b\n0,0.5,-1\n2.5,2e-3,4\n")
        let decoded = try CSVRecordingReader.decode(csv, file: "capture")
        #expect(decoded.sampleRate == 400)
        #expect(decoded.frames == [0.5, -1, 0.002, 4])
    }

    @Test func nothingUsable() {
        #expect(parse("").rows.isEmpty)
        #expect(parse("only a first line\n").rows.isEmpty)
        #expect(parse("first\nhello\nworld\n").channelCount == 0)
    }
}

/// The serial reader against a real TTY: a pseudo-terminal whose master side the test writes,
/// while `collect --serial` reads the slave side.
@Suite(.serialized) struct SerialPortTests {
    /// A pseudo-terminal pair; the master stays open until `close()`.
    final class PseudoTerminal: @unchecked Sendable {
        let master: Int32
        let slavePath: String

        init() throws {
            // Glibc's module map leaves out the X/Open pseudo-terminal calls; they are in libc.
            let libc = dlopen(nil, RTLD_NOW)
            typealias Call = @convention(c) (Int32) -> Int32
            typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
            guard let open = dlsym(libc, "posix_openpt"), let grant = dlsym(libc, "grantpt"),
                  let unlock = dlsym(libc, "unlockpt"), let name = dlsym(libc, "ptsname") else {
                throw POSIXError(.ENOSYS)
            }
            master = unsafeBitCast(open, to: Call.self)(O_RDWR | O_NOCTTY)
            guard master >= 0, unsafeBitCast(grant, to: Call.self)(master) == 0,
                  unsafeBitCast(unlock, to: Call.self)(master) == 0,
                  let path = unsafeBitCast(name, to: Name.self)(master) else {
                throw POSIXError(.ENODEV)
            }
            slavePath = String(cString: path)
        }

        /// Waits until the reader has put the line in raw mode at `baud` (the slave's
        /// termios, which tcgetattr on the master reports on Linux).
        func waitForRawMode(baud: speed_t, timeout: Double = 5) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                var settings = termios()
                if tcgetattr(master, &settings) == 0, settings.c_lflag & tcflag_t(ICANON | ECHO) == 0,
                   cfgetispeed(&settings) == baud {
                    return true
                }
                usleep(2000)
            }
            return false
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
        }

        func close() { _ = Glibc.close(master) }
    }

    /// Runs `collect` on a background thread, returning a way to wait for its outcome.
    private func collectInBackground(_ options: CollectOptions) -> () -> Result<CollectReport, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        Thread {
            box.result = Result { try DatasetCollector.collect(options) }
            done.signal()
        }.start()
        return {
            done.wait()
            return box.result!
        }
    }

    final class ResultBox: @unchecked Sendable {
        var result: Result<CollectReport, any Error>?
    }

    @Test func capturesLinesFromATTY() throws {
        let scratch = try makeTemporaryDirectory()
        let tty = try PseudoTerminal()
        defer { tty.close() }
        var options = CollectOptions(output: scratch + "/ds")
        options.serial = SerialOptions(device: tty.slavePath, baud: 115_200, duration: .seconds(2))
        options.label = "wave"
        options.sampleRate = 50
        options.window = .samples(2)
        options.toolVersion = "test"
        let wait = collectInBackground(options)
        #expect(tty.waitForRawMode(baud: speed_t(B115200)))
        // Line 1 is the tail of a line printed before the capture started.
        tty.write(".25,9\n1.5,2,3\n\n4 5 6\r\n")
        usleep(50_000)
        tty.write("garbage here\n7;8;9\n1,2\n10,11,12\n13,1")  // the last line is cut off
        let report = try wait().get()

        #expect(report.warnings.contains(.malformedSerialLines(
            device: tty.slavePath, count: 2,
            examples: [SerialLine(number: 5, text: "garbage here"), SerialLine(number: 7, text: "1,2")])))
        let data = try Dataset.load(scratch + "/ds")
        #expect(data.manifest.channels == ["ch0", "ch1", "ch2"])
        #expect(data.manifest.sampleRate == 50)
        #expect(data.labels == ["wave"])
        #expect(data.x == [1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        let entry = try #require(data.manifest.recordings.first)
        #expect(entry.kind == .serial && entry.labelFrom == .option && entry.frames == 4)
        #expect(entry.source.hasPrefix("captures/wave/serial-") && entry.source.hasSuffix(".csv"))
        // The capture is kept in the dataset, verbatim, as an Edge Impulse CSV.
        let stored = try FileBytes.read(scratch + "/ds/" + entry.source)
        #expect(String(decoding: stored, as: UTF8.self) == "timestamp,ch0,ch1,ch2\n0,1.5,2,3\n20,4,5,6\n40,7,8,9\n60,10,11,12\n")
        #expect(SHA256.hex(stored) == entry.sha256)
    }

    /// A board unplugged mid-capture ends it early; a second capture appends, and the first
    /// capture file is carried into the new dataset.
    @Test func hangUpAndAppend() throws {
        let scratch = try makeTemporaryDirectory()
        for (round, lines) in [["x", "1 2", "3 4"], ["x", "5 6", "7 8", "9 10"]].enumerated() {
            let tty = try PseudoTerminal()
            var options = CollectOptions(output: scratch + "/ds")
            options.serial = SerialOptions(device: tty.slavePath, baud: 9600, duration: .seconds(20))
            options.label = round == 0 ? "idle" : "tap"
            options.sampleRate = 10
            options.channelNames = ["x", "y"]
            options.append = round == 1
            options.window = .samples(2)
            let started = Date()
            let wait = collectInBackground(options)
            #expect(tty.waitForRawMode(baud: speed_t(B9600)))
            tty.write(lines.joined(separator: "\n") + "\n")
            usleep(100_000)
            tty.close()
            let report = try wait().get()
            #expect(Date().timeIntervalSince(started) < 10)
            #expect(report.warnings.contains { if case .serialEndedEarly = $0 { true } else { false } })
        }
        let data = try Dataset.load(scratch + "/ds")
        #expect(data.labels == ["idle", "tap"])
        // Collecting anew over it would throw the captures away: refused.
        try writeFile(scratch + "/in/idle/r.csv", "timestamp,x,y\n0,1,2\n100,3,4\n")
        expectMessage("\(scratch)/ds: the dataset holds 2 serial captures that replacing it would lose") {
            var fresh = CollectOptions(inputs: [scratch + "/in"], output: scratch + "/ds")
            fresh.window = .samples(2)
            _ = try DatasetCollector.collect(fresh)
        }
        #expect(data.manifest.recordings.count == 2)
        #expect(data.manifest.channels == ["x", "y"])
        for entry in data.manifest.recordings {
            #expect(SHA256.hex(try FileBytes.read(scratch + "/ds/" + entry.source)) == entry.sha256)
        }
    }

    @Test func portErrors() throws {
        let scratch = try makeTemporaryDirectory()
        var options = CollectOptions(output: scratch + "/ds")
        options.label = "wave"
        options.serial = SerialOptions(device: scratch + "/ttyNothing", duration: .milliseconds(10))
        expectMessage("\(scratch)/ttyNothing: cannot open serial port: No such file or directory") {
            _ = try DatasetCollector.collect(options)
        }
        try writeFile(scratch + "/plain", "1,2\n")
        options.serial = SerialOptions(device: scratch + "/plain", duration: .milliseconds(10))
        expectMessage("\(scratch)/plain: cannot configure serial port: not a terminal device") {
            _ = try DatasetCollector.collect(options)
        }
        let tty = try PseudoTerminal()
        defer { tty.close() }
        options.serial = SerialOptions(device: tty.slavePath, duration: .milliseconds(300))
        expectMessage("\(tty.slavePath): no samples in 0.3 s (0 lines received)") {
            _ = try DatasetCollector.collect(options)
        }
        #expect(folderEntries(scratch) == ["plain"])
    }
}
