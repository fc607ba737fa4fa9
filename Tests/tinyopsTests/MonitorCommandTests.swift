import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops monitor` end to end on the IMU example: collect, train a small model, quantize,
/// then telemetry made by the host TinyOpsRuntime (the device's C code: `predict
/// --telemetry`, `TelemetryRecorder`) from held-out windows: as they are (exit 0), with a
/// gyroscope offset (exit 3), with another class mix (exit 3); damaged lines reported with
/// file:line and skipped; a model without training statistics and usage errors.
///
/// The windows are split into train/val/test one by one here (`collect --arrays` with a
/// split file), so the held-out windows come from the same recording sessions as the training
/// windows: undrifted by construction. With the example's own per-recording split, the 21
/// held-out sessions differ from the 59 training ones enough to alert on accX (docs/monitoring.md).
@Suite struct MonitorCommandTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The trained model and its logs, built once for the suite.
    struct Workspace: Sendable {
        let directory: String
        var model: String { directory + "/imu_int8.tflite" }
        func path(_ name: String) -> String { directory + "/" + name }

        static func tinyops(_ arguments: [String]) throws -> Outcome {
            let outcome = run(arguments, root: Tinyops.self)
            guard outcome.code == .success else { throw Failure(text: "tinyops \(arguments.joined(separator: " ")): \(outcome.stderr)") }
            return outcome
        }

        static func build() throws -> Workspace {
            let work = Workspace(directory: NSTemporaryDirectory() + "tinyops-monitor-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: work.path("arrays"), withIntermediateDirectories: true)
            _ = try tinyops(["collect", root + "/examples/imu-activity/data", "-o", work.path("raw"), "--window", "5s", "--stride", "1s", "--seed", "3"])
            let raw = try Dataset.load(work.path("raw"))
            try NPYArray(float32: raw.x, shape: [raw.count] + raw.sampleShape).write(to: work.path("arrays/x.npy"))
            try NPYArray(int32: raw.y, shape: [raw.count]).write(to: work.path("arrays/y.npy"))
            try AtomicFile.write(Array((raw.labels.joined(separator: "\n") + "\n").utf8), to: work.path("arrays/labels.txt"))
            var generator = SplitGenerator(state: 3)
            let splits = (0..<raw.count).map { _ in ["train", "train", "train", "val", "test"][Int(generator.next() % 5)] }
            try AtomicFile.write(Array((splits.joined(separator: "\n") + "\n").utf8), to: work.path("arrays/split.txt"))
            _ = try tinyops(["collect", "--arrays", work.path("arrays"), "-o", work.path("ds")])
            let spec = """
                {"name": "imu_small", "layers": [
                  {"type": "conv1d", "filters": 8, "kernel_size": 5, "padding": "same", "activation": "relu"},
                  {"type": "max_pool", "pool_size": 2}, {"type": "global_avg_pool"},
                  {"type": "dense", "units": "classes"}, {"type": "softmax"}]}
                """
            try AtomicFile.write(Array(spec.utf8), to: work.path("spec.json"))
            _ = try tinyops(["train", work.path("spec.json"), "--data", work.path("ds"), "-o", work.path("imu.tflite"),
                             "--epochs", "15", "--lr", "0.01", "--seed", "0", "--quiet"])
            _ = try tinyops(["quantize", work.path("imu.tflite"), "--calibration", work.path("ds"), "-o", work.model, "--quiet"])
            for split in ["val", "test"] {
                _ = try tinyops(["predict", work.model, "--data", work.path("ds"), "--split", split, "-o", work.path("\(split).npy"),
                                 "--telemetry", work.path("\(split).log")])
            }
            try work.record("offset.log", from: ["val", "test"]) { sample in
                for i in stride(from: 3, to: sample.count, by: 6) { sample[i] += 1 }  // gyrX reads 1 rad/s too high
            }
            try work.record("mix.log", from: ["val", "test"], labels: ["standing", "walking"]) { _ in }
            return work
        }

        /// Telemetry of the held-out windows of `splits` (of the classes `labels`), each changed
        /// by `drift` before the model's normalization and quantization, as a device would.
        func record(_ name: String, from splits: [String], labels: [String]? = nil, drift: (inout [Float]) -> Void) throws {
            let data = try Dataset.load(path("ds"))
            let bytes = try FileBytes.read(model)
            let decoded = try TFLiteReader.decode(bytes)
            let normalization = try #require(try InputNormalization(model: decoded))
            let interpreter = try RuntimeInterpreter(modelBytes: bytes)
            let input = interpreter.inputs[0]
            let recorder = TelemetryRecorder(interpreter: interpreter, modelID: TelemetryRecorder.modelID(name: "imu_int8", modelBytes: bytes))
            for split in splits {
                for i in data.indices(in: DatasetSplit(rawValue: split)!) where labels?.contains(data.labels[Int(data.y[i])]) ?? true {
                    var sample = Array(data.sample(i))
                    drift(&sample)
                    normalization.apply(&sample)
                    try interpreter.setInput(0, int8: sample.map { QuantizationMath.quantize($0, scale: input.scale!, zeroPoint: Int64(input.zeroPoint!)) })
                    recorder.record()
                }
            }
            try AtomicFile.write(Array(recorder.lines.joined().utf8), to: path(name))
        }
    }

    struct SplitGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let text: String
        var description: String { text }
    }

    static let workspace = Result { try Workspace.build() }

    static func tinyops(_ arguments: [String]) -> Outcome { run(arguments, root: Tinyops.self) }

    @Test func heldOutWindowsAreUndrifted() throws {
        let work = try Self.workspace.get()
        let outcome = Self.tinyops(["monitor", work.path("val.log"), work.path("test.log"), "--model", work.model])
        #expect(outcome.code == .success, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("status: ok") && outcome.stderr.isEmpty, "\(outcome.stdout)")
        let json = try JSONParser().parse(Self.tinyops(["monitor", work.path("val.log"), work.path("test.log"), "--model", work.model, "--json"]).stdout)
        #expect(json["status"] == "ok" && json["lines"]?["used"]?.intValue == json["input"]?["windows"]?.intValue)
        #expect(json["input"]?["channels"]?.arrayValue?.count == 6 && json["classes"]?["status"] == "ok")
        // The model's metadata carries what monitor compared against.
        let profile = try #require(try MonitoringProfile(model: try TFLiteReader.decode(try FileBytes.read(work.model))))
        let trainCount = try Dataset.load(work.path("ds")).indices(in: .train).count
        #expect(profile.windows == trainCount && profile.classCounts.reduce(0, +) == trainCount && profile.frames == 50)
        #expect(profile.scoreQuantiles.count == 21 && profile.scoreSplit == "val+test")
    }

    @Test func anOffsetOnOneChannelAlerts() throws {
        let work = try Self.workspace.get()
        let outcome = Self.tinyops(["monitor", work.path("offset.log"), "--model", work.model, "--json"])
        #expect(outcome.code == .checkFailed, "\(outcome.stderr)")
        let json = try JSONParser().parse(outcome.stdout)
        let statuses = json["input"]?["channels"]?.arrayValue?.map { $0["status"]?.stringValue ?? "" }
        #expect(statuses == ["ok", "ok", "ok", "alert", "ok", "ok"], "\(outcome.stdout)")
        #expect(json["status"] == "alert")
        // A looser alert level and no failure below it: exit 0 (the warnings are still printed).
        let loose = Self.tinyops(["monitor", work.path("offset.log"), "--model", work.model,
                                  "--thresholds", "psi-warn=50,psi-alert=100", "--thresholds", "class-psi-warn=50,class-psi-alert=100"])
        #expect(loose.code == .success && loose.stdout.contains("status: ok"), "\(loose.stdout)")
    }

    @Test func anotherClassMixAlerts() throws {
        let work = try Self.workspace.get()
        // Two classes of the held-out windows: about 80 windows, judged from 50.
        let outcome = Self.tinyops(["monitor", work.path("mix.log"), "--model", work.model, "--thresholds", "min-windows=50"])
        #expect(outcome.code == .checkFailed)
        #expect(outcome.stdout.contains("alert: prediction shift: PSI"), "\(outcome.stdout)")
        let live = try JSONParser().parse(Self.tinyops(["monitor", work.path("mix.log"), "--model", work.model, "--json"]).stdout)["classes"]?["live"]
        #expect(live?[0]?.intValue == 0 && live?[1]?.intValue == 0)  // badminton, running never predicted
    }

    /// Damaged lines are skipped and named with file:line on stderr; firmware chatter is ignored.
    @Test func malformedLinesAreReportedAndSkipped() throws {
        let work = try Self.workspace.get()
        var lines = try String(contentsOfFile: work.path("val.log"), encoding: .utf8).split(separator: "\n").map(String.init)
        let used = lines.count - 2
        lines[2] = lines[2].replacingOccurrences(of: " c=", with: " c=9")  // checksum no longer matches
        lines[5] = String(lines[5].prefix(30))  // cut
        lines.insert("I (1234) app: battery 3.9 V", at: 0)
        try AtomicFile.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: work.path("damaged.log"))
        let outcome = Self.tinyops(["monitor", work.path("damaged.log"), "--model", work.model, "--thresholds", "min-windows=10"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let warnings = outcome.stderr.split(separator: "\n")
        #expect(warnings.count == 2 && warnings[0].hasPrefix("tinyops: warning: \(work.path("damaged.log")):4: checksum "), "\(outcome.stderr)")
        #expect(warnings[1].hasPrefix("tinyops: warning: \(work.path("damaged.log")):7: no checksum") && warnings[1].hasSuffix(": skipped"))
        #expect(outcome.stdout.contains(": \(used) windows from imu_int8-") && outcome.stdout.contains("(2 malformed, 0 from other models, 1 other lines)"))
    }

    @Test func badModelsLogsAndCommandLines() throws {
        let work = try Self.workspace.get()
        let log = work.path("val.log")
        let noProfile = Self.tinyops(["monitor", log, "--model", Self.root + "/Tests/Fixtures/mlp_int8.tflite"])
        #expect(noProfile.code == .failure)
        #expect(noProfile.stderr.hasPrefix("tinyops: error: \(Self.root)/Tests/Fixtures/mlp_int8.tflite: has no monitoring statistics in its tinyops metadata"))
        #expect(Self.tinyops(["monitor", log, "--model", log]).code == .failure)
        let missing = Self.tinyops(["monitor", work.path("nope.log"), "--model", work.model])
        #expect(missing.code == .failure && missing.stderr.contains("nope.log"))
        try AtomicFile.write(Array("boot\nhello\n".utf8), to: work.path("chatter.log"))
        let chatter = Self.tinyops(["monitor", work.path("chatter.log"), "--model", work.model])
        #expect(chatter.code == .failure && chatter.stderr.contains("no telemetry lines (0 malformed, 2 other lines)"))
        for arguments in [["monitor", "--model", work.model], ["monitor", log, "--model", work.model, "--thresholds", "psi=1"],
                          ["monitor", log, "--model", work.model, "--serial", "/dev/null", "--duration", "1s"],
                          ["monitor", log, "--model", work.model, "--duration", "1s"], ["monitor", log]] {
            let outcome = Self.tinyops(arguments)
            #expect(outcome.code == .usage && outcome.stdout.isEmpty, "\(arguments): \(outcome.stderr)")
        }
        #expect(Self.tinyops(["monitor", log, "--model", work.model, "--thresholds", "psi=1"]).stderr.contains("unknown key 'psi'"))
        // predict --telemetry needs an int8 model, and --model-id needs --telemetry.
        let float = Self.tinyops(["predict", work.path("imu.tflite"), "--data", work.path("ds"), "-o", work.path("f.npy"), "--telemetry", work.path("f.log")])
        #expect(float.code == .failure && float.stderr.contains("is a float32 model") && !FileManager.default.fileExists(atPath: work.path("f.log")))
        #expect(Self.tinyops(["predict", work.model, "--data", work.path("ds"), "-o", work.path("f.npy"), "--model-id", "x"]).code == .usage)
    }
}
