import Foundation
import Testing
@testable import TinyOpsKit

/// The statistics of `tinyops monitor` on hand-computed cases, the training profile on a tiny
/// data set, the thresholds, and the analysis on synthetic telemetry.
@Suite struct MonitorStatisticsTests {
    @Test func psiJensenShannonPercentilesByHand() {
        #expect(DriftStatistics.psi(expected: [10, 20, 30], actual: [10, 20, 30]) == 0)
        #expect(DriftStatistics.psi(expected: [100, 200, 300], actual: [10, 20, 30]) < 0.001)
        // Shares with +0.5 per bin: (0.5, 0.5) against (90.5/101, 10.5/101).
        #expect(abs(DriftStatistics.psi(expected: [50, 50], actual: [90, 10]) - 0.8530592449672882) < 1e-12)
        #expect(DriftStatistics.jensenShannon([1, 0], [0, 1]) == 1)
        #expect(DriftStatistics.jensenShannon([3, 3], [5, 5]) == 0)
        #expect(abs(DriftStatistics.jensenShannon([1, 1], [1, 0]) - 0.31127812445913283) < 1e-12)
        let sorted = Array(1...10)
        #expect([0, 50, 90, 95, 99, 100].map { DriftStatistics.percentile(sorted, Double($0)) } == [1, 5, 9, 10, 10, 10])
        #expect(DriftStatistics.percentile([7], 95) == 7)
        // Chi-square 99.9 % points from tables: k = 1, 3, 9, 30.
        for (k, exact) in [(1, 10.828), (3, 16.266), (9, 27.877), (11, 31.264), (30, 59.703)] {
            #expect(abs(DriftStatistics.chiSquare999(k) / exact - 1) < 0.01, "k \(k)")
        }
        #expect(abs(DriftStatistics.noiseBound(bins: 10, live: 100, reference: 400) - DriftStatistics.chiSquare999(9) * 0.0125) < 1e-12)
    }

    @Test func histogramsByHand() {
        // 0...19: cut points halfway between the 2k-th and (2k+1)-th values.
        let h = MonitoringProfile.Histogram(fitting: (0..<20).map(Double.init).reversed())
        #expect(h.edges == [1.5, 3.5, 5.5, 7.5, 9.5, 11.5, 13.5, 15.5, 17.5] && h.counts == [Int](repeating: 2, count: 10))
        #expect(h.bin(of: 1.5) == 1 && h.bin(of: 1.49) == 0 && h.bin(of: -5) == 0 && h.bin(of: 99) == 9)
        #expect(abs(h.mean - 9.5) < 1e-12 && abs(h.std - (399.0 / 12).squareRoot()) < 1e-12)
        // Cut points closer than minWidth to the previous one are dropped.
        let wide = MonitoringProfile.Histogram(fitting: (0..<20).map(Double.init), minWidth: 3)
        #expect(wide.edges == [1.5, 5.5, 9.5, 13.5, 17.5] && wide.counts == [2, 4, 4, 4, 4, 2])
        // Ties: one cut point at the value, everything in the bin above it.
        let ties = MonitoringProfile.Histogram(fitting: [Double](repeating: 3, count: 7))
        #expect(ties.edges == [3] && ties.counts == [0, 7])
    }

    /// Three windows of 2 frames x 2 channels, normalized by mean 1 / std 2 on channel 0.
    @Test func profileOfATinyDataSet() throws {
        var data = TrainingSet(x: [1, 0, 3, 0, /**/ 5, 1, 5, 1, /**/ -1, 2, -3, 2, /**/ 9, 9, 9, 9], y: [0, 1, 1, 0],
                               sampleShape: [2, 2], labels: ["a", "b"], train: [0, 1, 2], validation: [3])
        data.channelNames = ["x", "y"]
        let normalization = Normalization(mean: [1, 0], std: [2, 1])
        let profile = MonitoringProfile.fit(data, normalization: normalization, scores: [0.75, 0.5, 0.25], scoreSplit: "val")
        #expect(profile.windows == 3 && profile.frames == 2 && profile.classCounts == [1, 2] && profile.channels.map(\.name) == ["x", "y"])
        // Channel 0 normalized: (0, 1), (2, 2), (-1, -2) → means 0.5, 2, -1.5; energies 0.5, 4, 2.5.
        #expect(abs(profile.channels[0].mean.mean - 1.0 / 3) < 1e-12 && profile.channels[0].mean.total == 3)
        #expect(profile.channels[0].energy.edges.allSatisfy { $0 > 0.5 && $0 < 4 })
        #expect(profile.scoreQuantiles.first == 0.25 && profile.scoreQuantiles.last == 0.75 && profile.scoreQuantiles[10] == 0.5)
        #expect(profile.referenceRate(below: 0.25) == 0 && profile.referenceRate(below: 0.5) == 0.5 && profile.referenceRate(below: 1) == 1)
        // Through the model metadata and back.
        var model = try Fixtures.model("mlp_int8.tflite")
        try model.setTinyopsMetadata(["monitoring": profile.json()])
        let read = try #require(try MonitoringProfile(model: try TFLiteReader.decode(try TFLiteWriter.encode(model))))
        #expect(read.classCounts == profile.classCounts && read.channels.map(\.mean.counts) == profile.channels.map(\.mean.counts))
        #expect(zip(read.channels[0].mean.edges, profile.channels[0].mean.edges).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($1)) })
        try model.setTinyopsMetadata(["monitoring": ["version": 2]])
        #expect(throws: MonitoringProfile.Failure.version(2)) { try MonitoringProfile(model: model) }
        try model.setTinyopsMetadata(["labels": ["a"]])
        #expect(try MonitoringProfile(model: model) == nil)
    }

    @Test func thresholds() throws {
        var t = MonitorThresholds()
        try t.apply("psi-alert=0.3,min-score=0.6")
        try t.apply("latency-p95-warn=800us,latency-p95-alert=2.5")
        #expect(t.psiAlert == 0.3 && t.minScore == 0.6 && t.latencyP95WarnMicroseconds == 800 && t.latencyP95AlertMicroseconds == 2500)
        try t.apply("latency-p95-alert=1s")
        #expect(t.latencyP95AlertMicroseconds == 1_000_000)
        for (text, problem) in [("psi=1", MonitorThresholds.Problem.unknownKey("psi")), ("psi-warn", .notKeyValue("psi-warn")),
                                ("min-score=2", .badValue(key: "min-score", value: "2")), ("psi-warn=0.5", .order("psi-warn", "psi-alert"))] {
            var fresh = MonitorThresholds()
            #expect(throws: problem) { try fresh.apply(text) }
        }
    }

    // MARK: The analysis on synthetic telemetry

    /// A one-channel profile fitted on `count` standard-normal windows, two classes 3:1,
    /// held-out scores spread over 0.2 ... 1.
    static func profile(count: Int = 2000) -> MonitoringProfile {
        var generator = SeededGenerator(seed: 0x50F1)
        let means = (0..<count).map { _ in normal(&generator) }
        let energies = means.map { 1 + $0 * $0 }
        return MonitoringProfile(split: "train", windows: count, frames: 50,
                                 channels: [.init(name: "acc", mean: .init(fitting: means), energy: .init(fitting: energies))],
                                 classCounts: [3 * count / 4, count / 4], scoreSplit: "test", scoreSamples: 100,
                                 scoreQuantiles: (0...20).map { 0.2 + 0.8 * Double($0) / 20 })
    }

    static func normal(_ generator: inout SeededGenerator) -> Double {
        let u = Double.random(in: 1e-12..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// `count` lines like the profile's data, shifted by `shift`, with class 1 in `share` of
    /// them and scores drawn over 0.2 ... 1 (or below 0.5 in `lowShare` of them).
    static func log(count: Int, shift: Double = 0, share: Double = 0.25, lowShare: Double = 0, id: String = "m-0badcafe",
                    latency: Int = 1000, seed: UInt64 = 7) -> TelemetryLog {
        var generator = SeededGenerator(seed: seed)
        var text = ""
        for n in 0..<count {
            let m = normal(&generator) + shift
            let c = Double.random(in: 0..<1, using: &generator) < share ? 1 : 0
            let s = Double.random(in: 0..<1, using: &generator) < lowShare ? 0.3 : Double.random(in: 0.5...1, using: &generator)
            let body = "@tm1 id=\(id) n=\(n) c=\(c) s=\(String(format: "%.3f", s)) t=\(latency + n % 50) m=\(String(format: "%.3f", m)) e=\(String(format: "%.3f", 1 + m * m))"
            text += body + " *" + Hex.encode([TelemetryRecord.crc8(Array((body + " ").utf8))]) + "\n"
        }
        var log = TelemetryLog()
        log.add(Array(text.utf8), source: "device.log")
        return log
    }

    static let facts = MonitorJob.ModelFacts(path: "m.tflite", sha256: "0badcafe" + String(repeating: "0", count: 56), labels: ["rest", "move"],
                                             normalization: InputNormalization(mean: [10], std: [2]))

    static func analyze(_ log: TelemetryLog, _ configure: (inout MonitorJob.Options) throws -> Void = { _ in }) throws -> MonitorReport {
        var options = MonitorJob.Options()
        try configure(&options)
        return try MonitorJob.analyze(log, profile: profile(), model: facts, options: options)
    }

    @Test func undriftedAndDriftedTelemetry() throws {
        let calm = try Self.analyze(Self.log(count: 1500))
        #expect(calm.level == .ok && calm.findings.isEmpty, "\(calm.text())")
        #expect(calm.channels[0].psiMean < 0.05 && calm.classes.psi < 0.05 && calm.lines.used == 1500)
        #expect(abs(calm.channels[0].rawTrainMean! - 10) < 0.2 && calm.notes.isEmpty)

        let shifted = try Self.analyze(Self.log(count: 1500, shift: 1))
        #expect(shifted.channels[0].level == .alert && shifted.classes.level == .ok && shifted.level == .alert)
        #expect(abs(shifted.channels[0].liveMean - shifted.channels[0].trainMean - 1) < 0.1)
        #expect(shifted.fails(at: .alert) && !calm.fails(at: .warn))

        let mix = try Self.analyze(Self.log(count: 1500, share: 0.6))
        #expect(mix.classes.level == .alert && mix.channels[0].level == .ok, "\(mix.text())")
        let slight = try Self.analyze(Self.log(count: 1500, share: 0.45))
        #expect(slight.classes.level == .warn, "\(slight.classes.psi)")

        // The held-out reference has 37.5 % below 0.5 (quantiles 0.2 ... 1): 70 % low is +32.5 points.
        let unsure = try Self.analyze(Self.log(count: 1500, lowShare: 0.7))
        #expect(unsure.confidence.level == .alert && abs(unsure.confidence.reference! - 0.375) < 1e-9)

        let slow = try Self.analyze(Self.log(count: 300, latency: 20_000)) { try $0.thresholds.apply("latency-p95-alert=15ms") }
        #expect(slow.latency.level == .alert && slow.latency.p50 >= 20_000 && slow.latency.max <= 20_049)
    }

    /// Few windows: a large PSI is within sampling noise; fewer than min-windows: not judged.
    @Test func smallSamples() throws {
        let few = try Self.analyze(Self.log(count: 40, shift: 0.5))
        #expect(few.level == .notJudged && few.notes.contains { $0.contains("min-windows") })
        let noisy = try Self.analyze(Self.log(count: 60)) { try $0.thresholds.apply("min-windows=10") }
        let channel = noisy.channels[0]
        #expect(channel.noise > 0.4 && max(channel.psiMean, channel.psiEnergy) > 0.1 && channel.level == .ok, "\(channel)")
    }

    @Test func linesThatCannotBeUsed() throws {
        var log = Self.log(count: 200)
        let other = Self.log(count: 30, id: "n-12345678")
        log.add(Array(other.entries.map { e in
            let r = e.record
            let body = "@tm1 id=\(r.modelID) n=\(r.sequence) c=\(r.classIndex) s=0.900 t=5"
            return body + " *" + Hex.encode([TelemetryRecord.crc8(Array((body + " ").utf8))]) + "\n"
        }.joined().utf8), source: "other.log")
        #expect(throws: MonitorError.self) { try Self.analyze(log) }
        let picked = try Self.analyze(log) { $0.modelID = "m-0badcafe" }
        #expect(picked.lines.otherModels == 30 && picked.lines.used == 200)
        #expect(throws: MonitorError.noLinesForModel(id: "x", logs: "device.log, other.log", found: ["m-0badcafe": 200, "n-12345678": 30])) {
            try Self.analyze(log) { $0.modelID = "x" }
        }
        // The other model's lines alone: a sha256 prefix that is not this model's is noted.
        let foreign = try MonitorJob.analyze(Self.log(count: 10, id: "n-12345678"), profile: Self.profile(), model: Self.facts, options: .init())
        #expect(foreign.notes.contains { $0.contains("12345678") })

        // Lines that do not fit the model, a damaged line, firmware chatter, a reboot.
        var mixed = TelemetryLog()
        func line(_ body: String) -> String { body + " *" + Hex.encode([TelemetryRecord.crc8(Array((body + " ").utf8))]) + "\n" }
        let text = "boot v1.2\n" + line("@tm1 id=m-0badcafe n=0 c=0 s=0.9 t=5 m=0.1 e=1.0") + line("@tm1 id=m-0badcafe n=1 c=5 s=0.9 t=5")
            + line("@tm1 id=m-0badcafe n=2 c=0 s=0.9 t=5 m=0.1,0.2 e=1,1") + "@tm1 id=m-0badcafe n=3 c=0 s=0.9 t=5 *00\n"
            + line("@tm1 id=m-0badcafe n=7 c=1 s=0.9 t=5") + line("@tm1 id=m-0badcafe n=0 c=1 s=0.9 t=5")
        mixed.add(Array(text.utf8), source: "d.log")
        let report = try MonitorJob.analyze(mixed, profile: Self.profile(), model: Self.facts, options: .init())
        #expect(report.lines.malformed.map(\.description) == [
            "d.log:3: class 5, the model has 2 classes", "d.log:4: 2 channel summaries, the model's profile has 1 channels",
            "d.log:5: checksum 00 does not match the line (\(Hex.encode([TelemetryRecord.crc8(Array("@tm1 id=m-0badcafe n=3 c=0 s=0.9 t=5 ".utf8))]))): damaged in transit",
        ])
        #expect(report.lines.used == 3 && report.lines.otherText == 1 && report.windowsWithSummary == 1)
        #expect(report.sequence == MonitorReport.Sequence(restarts: 1, missing: 6))
        let json = report.json()
        #expect(json["lines"]?["malformed"]?[0]?["line"]?.intValue == 3 && json["status"]?.stringValue == "not judged")
    }
}
