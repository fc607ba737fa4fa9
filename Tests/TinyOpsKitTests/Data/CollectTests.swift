import Foundation
import Testing
import TinyOpsKit

@Suite struct CollectTests {
    /// The CSV fixture tree: wave_1 20 frames, wave_2 16, idle_1 18, idle_2 12, at 62.5 Hz.
    @Test func csvTreeIntoWindows() throws {
        let scratch = try makeTemporaryDirectory()
        let output = scratch + "/ds"
        let report = try collect([DataFixtures.path("csv")], to: output) {
            $0.window = .samples(8)
            $0.stride = .samples(4)
        }
        let data = try Dataset.load(output)
        #expect(data.manifest == report.manifest)
        #expect(data.labels == ["idle", "wave"])
        #expect(data.sampleShape == [8, 3])
        #expect(data.manifest.channels == ["accX", "accY", "accZ"])
        #expect(data.manifest.sampleRate == 62.5)
        // (frames - 8) / 4 + 1 windows: idle_1 3, idle_2 2, wave_1 4, wave_2 3.
        #expect(data.manifest.samples.map(\.id) == [
            "idle/idle_1.csv@0", "idle/idle_1.csv@4", "idle/idle_1.csv@8",
            "idle/idle_2.csv@0", "idle/idle_2.csv@4",
            "wave/wave_1.csv@0", "wave/wave_1.csv@4", "wave/wave_1.csv@8", "wave/wave_1.csv@12",
            "wave/wave_2.csv@0", "wave/wave_2.csv@4", "wave/wave_2.csv@8",
        ])
        #expect(data.y == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1])
        #expect(data.manifest.recordings.map(\.windows) == [3, 2, 4, 3])
        #expect(report.warnings.contains(.skippedFiles(count: 1, examples: [DataFixtures.path("csv") + "/notes.txt"])))

        // Every sample is its recording's frames, as the CSV reader reads them.
        for (index, sample) in data.manifest.samples.enumerated() {
            let recording = try CSVRecordingReader.decode(DataFixtures.bytes("csv/" + sample.source), file: sample.source)
            let expected = recording.frames[(sample.start * 3)..<((sample.start + 8) * 3)]
            #expect(Array(data.sample(index)) == Array(expected), "\(sample.id)")
        }
    }

    /// Windows of one recording share its split, which is the hash of its name.
    @Test func windowsShareTheirRecordingsSplit() throws {
        let scratch = try makeTemporaryDirectory()
        for index in 0..<30 {
            try writeFile(scratch + "/in/\(index % 2 == 0 ? "a" : "b")/r\(index).csv", imuCSV(rampRows(12)))
        }
        try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(4); $0.stride = .samples(2); $0.seed = 9 }
        let data = try Dataset.load(scratch + "/ds")
        let assigner = SplitAssigner(fractions: .standard, seed: 9)
        for sample in data.manifest.samples {
            #expect(sample.split == assigner.split(forSource: sample.source))
        }
        for split in DatasetSplit.allCases {
            #expect(data.indices(in: split) == data.manifest.samples.indices.filter { data.manifest.samples[$0].split == split })
        }
        #expect(Set(data.manifest.samples.map(\.split)).count == 3)  // 30 recordings reach every split
    }

    @Test func windowInMillisecondsUsesTheRate() throws {
        let scratch = try makeTemporaryDirectory()
        // 62.5 Hz: 128 ms is 8 samples, 64 ms is 4.
        let inMs = try collect([DataFixtures.path("csv")], to: scratch + "/ms") {
            $0.window = .milliseconds(128)
            $0.stride = .milliseconds(64)
        }
        let inSamples = try collect([DataFixtures.path("csv")], to: scratch + "/n") {
            $0.window = .samples(8)
            $0.stride = .samples(4)
        }
        #expect(inMs.manifest.settings.window == 8 && inMs.manifest.settings.stride == 4)
        #expect(inMs.manifest.settings.windowAsGiven == "128ms")
        #expect(try FileBytes.read(scratch + "/ms/x.npy") == FileBytes.read(scratch + "/n/x.npy"))
    }

    /// Statistics over every value of every train window, overlaps counted per window.
    @Test func statisticsOfTheTrainSplit() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/r1.csv", imuCSV([[1, 10, -1], [2, 20, -2], [3, 30, -3], [4, 40, -4]]))
        try writeFile(scratch + "/in/b/r2.csv", imuCSV([[5, 50, -5], [6, 60, -6], [7, 70, -7], [8, 80, .nan]]))
        let report = try collect([scratch + "/in"], to: scratch + "/ds") {
            $0.window = .samples(2)
            $0.stride = .samples(1)
            $0.split = SplitFractions(train: 1, val: 0, test: 0)
        }
        // Windows of r1: [1,2] [2,3] [3,4]; of r2: [5,6] [6,7] [7,8]: channel 0 sees
        // 1,2,2,3,3,4,5,6,6,7,7,8 (sum 54, mean 4.5).
        let column0: [Double] = [1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8]
        let mean = column0.reduce(0, +) / 12
        let std = (column0.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 12).squareRoot()
        let stats = report.manifest.stats
        #expect(stats.computedOn == "train")
        #expect(stats.mean[0] == Float(mean) && stats.std[0] == Float(std))
        #expect(stats.mean[1] == Float(mean * 10) && stats.min[1] == 10 && stats.max[1] == 80)
        // Channel 2 has one NaN (r2's last frame, in one window): left out of the statistics.
        let column2 = column0.map { -$0 }.dropLast()
        #expect(stats.mean[2] == Float(column2.reduce(0, +) / 11))
        #expect(stats.min[2] == -7 && stats.max[2] == -1)
        #expect(report.manifest.nanCounts == [0, 0, 1])
        #expect(report.warnings.contains(.nanValues(channel: "accZ", count: 1)))
    }

    @Test func emptyTrainSplitGivesStatisticsOfAllSamples() throws {
        let scratch = try makeTemporaryDirectory()
        let report = try collect([DataFixtures.path("csv")], to: scratch + "/ds") {
            $0.window = .samples(8)
            $0.split = SplitFractions(train: 0, val: 1, test: 0)
        }
        #expect(report.manifest.stats.computedOn == "all")
        #expect(report.warnings.contains(.statsOnAllSamples))
        #expect(report.warnings.contains(.emptySplit(.train)) == false)  // a zero fraction is not a surprise
    }

    @Test func wholeRecordingsWithoutWindow() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/r1.csv", imuCSV(rampRows(5)))
        try writeFile(scratch + "/in/b/r2.csv", imuCSV(rampRows(5, offset: 1)))
        let report = try collect([scratch + "/in"], to: scratch + "/ds")
        #expect(report.manifest.sampleShape == [5, 3])
        #expect(report.manifest.count == 2)
        #expect(report.manifest.settings.window == nil)

        try writeFile(scratch + "/in/b/r3.csv", imuCSV(rampRows(6)))
        expectMessage("\(scratch)/in/b/r3.csv: 6 samples long but \(scratch)/in/a/r1.csv is 5; without --window every recording must have the same length") {
            try collect([scratch + "/in"], to: scratch + "/ds2")
        }
    }

    @Test func shortRecordingsAreLeftOutOrPadded() throws {
        let scratch = try makeTemporaryDirectory()
        let skipped = try collect([DataFixtures.path("csv")], to: scratch + "/skip") { $0.window = .samples(16) }
        #expect(skipped.warnings.contains(.tooShort(source: "idle/idle_2.csv", frames: 12, window: 16)))
        #expect(!skipped.manifest.samples.contains { $0.source == "idle/idle_2.csv" })

        let padded = try collect([DataFixtures.path("csv")], to: scratch + "/pad") { $0.window = .samples(16); $0.pad = true }
        let data = try Dataset.load(scratch + "/pad")
        let index = try #require(data.manifest.samples.firstIndex { $0.source == "idle/idle_2.csv" })
        let recording = try CSVRecordingReader.decode(DataFixtures.bytes("csv/idle/idle_2.csv"), file: "idle_2")
        #expect(Array(data.sample(index)) == recording.frames + [Float](repeating: 0, count: 4 * 3))
        #expect(padded.manifest.settings.pad)
    }

    /// A `label` column cuts a file into runs; no window mixes two labels, and ids count
    /// frames from the start of the file.
    @Test func labelColumnRuns() throws {
        let scratch = try makeTemporaryDirectory()
        var text = "timestamp,x,label\n"
        for index in 0..<10 { text += "\(index * 10),\(index),\(index < 6 ? "up" : "down")\n" }
        try writeFile(scratch + "/in/session.csv", text)
        let report = try collect([scratch + "/in"], to: scratch + "/ds") {
            $0.window = .samples(3)
            $0.stride = .samples(2)
            $0.label = "ignored"  // the column wins
        }
        #expect(report.manifest.labels == ["down", "up"])
        #expect(report.manifest.samples.map(\.id) == ["session.csv@0", "session.csv@2", "session.csv@6"])
        #expect(report.manifest.samples.map(\.label) == ["up", "up", "down"])
        #expect(report.manifest.recordings.map(\.labelFrom) == [.column, .column])
        let data = try Dataset.load(scratch + "/ds")
        #expect(Array(data.sample(2)) == [6, 7, 8])
    }

    @Test func labelOptionAndFileInputs() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/loose.csv", imuCSV(rampRows(4)))
        expectMessage("\(scratch)/in/loose.csv: no label: the file is not in a label folder, there is no --label and no 'label' column") {
            try writeFile(scratch + "/in/loose.csv", imuCSV(rampRows(4)))
            try collect([scratch + "/in"], to: scratch + "/ds")
        }
        let labelled = try collect([scratch + "/in"], to: scratch + "/ds") { $0.label = "idle" }
        #expect(labelled.manifest.recordings.map(\.labelFrom) == [.option])
        // A file given by itself is named and labelled by its folder, as within its parent.
        let single = try collect([DataFixtures.path("csv/wave/wave_1.csv")], to: scratch + "/one") { $0.window = .samples(8) }
        #expect(single.manifest.recordings.map(\.source) == ["wave/wave_1.csv"])
        #expect(single.manifest.labels == ["wave"])
    }

    @Test func warnsAboutRatesAndImbalance() throws {
        let scratch = try makeTemporaryDirectory()
        for index in 0..<5 { try writeFile(scratch + "/in/big/r\(index).csv", imuCSV(rampRows(8))) }
        try writeFile(scratch + "/in/small/s1.csv", imuCSV(rampRows(8), periodMs: 10))
        try writeFile(scratch + "/in/small/s2.csv", imuCSV(rampRows(8), periodMs: 20))  // 50 Hz among 100 Hz
        let report = try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(4) }
        #expect(report.manifest.sampleRate == 100)  // the median
        #expect(report.warnings.contains(.inconsistentSampleRate(
            count: 1, examples: ["small/s2.csv"], rates: [50], datasetRate: 100)))
        #expect(report.warnings.contains(.classImbalance(largest: "big", largestCount: 10, smallest: "small", smallestCount: 4)))
        #expect(report.warnings.first { if case .classImbalance = $0 { true } else { false } }?.message
                == "class imbalance: 'big' has 10 samples, 'small' 4 (2.5×); consider class weights or more data")
        // --sample-rate overrides the rates measured from the files, which are then reported.
        let forced = try collect([scratch + "/in"], to: scratch + "/ds") { $0.window = .samples(4); $0.sampleRate = 50 }
        #expect(forced.manifest.sampleRate == 50)
        #expect(forced.warnings.contains(.inconsistentSampleRate(
            count: 6, examples: ["big/r0.csv", "big/r1.csv", "big/r2.csv"], rates: [100, 100, 100], datasetRate: 50)))
    }

    @Test func outputInsideTheInputFolderIsNotRead() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/r.csv", imuCSV(rampRows(4)))
        try writeFile(scratch + "/in/b/s.csv", imuCSV(rampRows(4, offset: 1)))
        try collect([scratch + "/in"], to: scratch + "/in/ds")
        let again = try collect([scratch + "/in/"], to: scratch + "/in/./ds")
        #expect(again.manifest.recordings.map(\.source) == ["a/r.csv", "b/s.csv"])
    }

    @Test func symbolicLinkCyclesAreFollowedOnce() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/in/a/r.csv", imuCSV(rampRows(4)))
        try FileManager.default.createSymbolicLink(atPath: scratch + "/in/a/up", withDestinationPath: "..")
        let report = try collect([scratch + "/in"], to: scratch + "/ds")
        #expect(report.manifest.recordings.map(\.source) == ["a/r.csv"])
    }

    @Test func npyRecordings() throws {
        let scratch = try makeTemporaryDirectory()
        let report = try collect([DataFixtures.path("npy/hum/hum_1.npy")], to: scratch + "/npy") {
            $0.window = .milliseconds(100)
            $0.sampleRate = 100
            $0.channelNames = ["level"]
        }
        #expect(report.manifest.channels == ["level"])
        #expect(report.manifest.sampleShape == [10, 1])
        #expect(report.manifest.count == 2)  // 24 frames
        #expect(report.manifest.settings.sampleRateOption == 100)
        // hum is [time], knock [time, 2]: mismatched sample shapes.
        expectMessage("\(DataFixtures.path("npy"))/knock/knock_1.npy: channels (ch0, ch1) differ from (ch0) in \(DataFixtures.path("npy"))/hum/hum_1.npy; every recording must have the same channels in the same order") {
            try collect([DataFixtures.path("npy")], to: scratch + "/mixed") { $0.window = .samples(4) }
        }
        expectMessage("--window 100ms is a time but the sample rate is unknown; give --sample-rate or the length in samples") {
            try collect([DataFixtures.path("npy/hum/hum_1.npy")], to: scratch + "/norate") { $0.window = .milliseconds(100) }
        }
        #expect(!FileManager.default.fileExists(atPath: scratch + "/mixed"))
    }

    @Test func wavRecordings() throws {
        let scratch = try makeTemporaryDirectory()
        try writeFile(scratch + "/wav/beep/a.wav", DataFixtures.bytes("wav/mono16.wav"))
        try writeFile(scratch + "/wav/hiss/c.wav", DataFixtures.bytes("wav/mono16.wav"))
        let wav = try collect([scratch + "/wav"], to: scratch + "/w") { $0.window = .milliseconds(2.5) }
        #expect(wav.manifest.sampleRate == 8000)
        #expect(wav.manifest.sampleShape == [20, 1])  // 2.5 ms at 8 kHz
        #expect(wav.manifest.count == 4)  // 40 frames each
        #expect(wav.manifest.recordings.map(\.kind) == [.wav, .wav])
    }
}
