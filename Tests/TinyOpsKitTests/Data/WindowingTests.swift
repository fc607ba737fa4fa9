import Testing
import TinyOpsKit

@Suite struct WindowingTests {
    @Test func parsesLengths() {
        #expect(WindowLength(parsing: "50") == .samples(50))
        #expect(WindowLength(parsing: "2000ms") == .milliseconds(2000))
        #expect(WindowLength(parsing: "2s") == .milliseconds(2000))
        #expect(WindowLength(parsing: "0.25S") == .milliseconds(250))
        for bad in ["0", "-5", "", "ms", "2 s", "1e3ms", "0ms", "fast", "2m", "nans"] {
            #expect(WindowLength(parsing: bad) == nil, "\(bad)")
        }
        #expect(WindowLength.milliseconds(2000).description == "2000ms")
        #expect(WindowLength.milliseconds(12.5).description == "12.5ms")
    }

    @Test func timeToSamples() throws {
        #expect(try WindowLength.milliseconds(2000).samples(atRate: 62.5, option: "--window") == 125)
        // 1000 ms at 62.5 Hz is 62.5 samples: rounded half away from zero.
        #expect(try WindowLength.milliseconds(1000).samples(atRate: 62.5, option: "--window") == 63)
        #expect(try WindowLength.samples(7).samples(atRate: nil, option: "--window") == 7)
        expectMessage("--window 2000ms is a time but the sample rate is unknown; give --sample-rate or the length in samples") {
            _ = try WindowLength.milliseconds(2000).samples(atRate: nil, option: "--window")
        }
        expectMessage("--stride 1ms is 0.1 samples at 100 Hz; it must be at least one sample") {
            _ = try WindowLength.milliseconds(1).samples(atRate: 100, option: "--stride")
        }
    }

    /// Hand-counted cases: (frames, window, stride, pad) → starts.
    @Test(arguments: [
        (10, 4, 2, false, [0, 2, 4, 6]),
        (10, 4, 4, false, [0, 4]),  // frames 8 and 9 are dropped
        (4, 4, 1, false, [0]),
        (3, 4, 1, false, []),
        (3, 4, 1, true, [0]),
        (0, 4, 1, true, []),
        (100, 50, 10, false, [0, 10, 20, 30, 40, 50]),
        (7, 1, 3, false, [0, 3, 6]),
    ])
    func windowStarts(frames: Int, window: Int, stride: Int, pad: Bool, starts: [Int]) {
        let plan = WindowPlan(window: window, stride: stride, pad: pad)
        #expect(plan.starts(frameCount: frames) == starts)
        #expect(plan.count(frameCount: frames) == starts.count)
    }

    @Test func countFormulaOverManyShapes() {
        for frames in 0..<40 {
            for window in 1..<12 {
                for stride in 1..<6 {
                    let starts = WindowPlan(window: window, stride: stride, pad: false).starts(frameCount: frames)
                    // Every window fits, they are `stride` apart, and one more would not fit.
                    #expect(starts.allSatisfy { $0 + window <= frames })
                    #expect(zip(starts, starts.dropFirst()).allSatisfy { $1 - $0 == stride })
                    #expect((starts.last.map { $0 + stride + window } ?? window) > frames)
                }
            }
        }
    }
}

@Suite struct SplitTests {
    @Test func parsesFractions() throws {
        let split = try #require(SplitFractions(parsing: "70/15/15"))
        #expect(split == .standard)
        #expect(split.description == "70/15/15")
        #expect(SplitFractions(parsing: "0.8/0.2/0") == SplitFractions(train: 80, val: 20, test: 0))
        for bad in ["70/30", "70/15/15/0", "a/b/c", "-10/50/60", "0/0/0", "70//30", "1e2/0/0"] {
            #expect(SplitFractions(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func sharesFollowTheFractions() {
        let assigner = SplitAssigner(fractions: .standard, seed: 0)
        var counts: [DatasetSplit: Int] = [:]
        for index in 0..<3000 { counts[assigner.split(forSource: "label\(index % 4)/rec\(index).csv"), default: 0] += 1 }
        // 3000 draws: a binomial standard deviation of about 25 for train.
        #expect(abs(counts[.train, default: 0] - 2100) < 125)
        #expect(abs(counts[.val, default: 0] - 450) < 100)
        #expect(abs(counts[.test, default: 0] - 450) < 100)
    }

    @Test func zeroFractionsGetNothingAndSeedsDiffer() {
        let trainOnly = SplitAssigner(fractions: SplitFractions(train: 1, val: 0, test: 0)!, seed: 5)
        let noTest = SplitAssigner(fractions: SplitFractions(train: 50, val: 50, test: 0)!, seed: 5)
        let names = (0..<500).map { "r\($0).csv" }
        #expect(names.allSatisfy { trainOnly.split(forSource: $0) == .train })
        #expect(names.allSatisfy { noTest.split(forSource: $0) != .test })
        let seed0 = names.map(SplitAssigner(fractions: .standard, seed: 0).split(forSource:))
        let seed1 = names.map(SplitAssigner(fractions: .standard, seed: 1).split(forSource:))
        #expect(seed0 != seed1)
    }

    /// The split depends on the name only: the same in any set of files, in any order.
    @Test func stableWhenFilesAreAdded() {
        let assigner = SplitAssigner(fractions: .standard, seed: 42)
        let before = (0..<50).map { "wave/rec\($0).csv" }
        let first = Dictionary(uniqueKeysWithValues: before.map { ($0, assigner.split(forSource: $0)) })
        let after = (before + (50..<200).map { "wave/rec\($0).csv" }).shuffled()
        for name in after where first[name] != nil {
            #expect(assigner.split(forSource: name) == first[name])
        }
    }
}
