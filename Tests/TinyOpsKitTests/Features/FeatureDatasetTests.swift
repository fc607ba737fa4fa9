import Foundation
import Testing
@testable import TinyOpsKit

/// `collect --features` on real recordings: the samples are the block's output, the block is
/// recorded and read back, `--append` keeps it, errors name the file and leave nothing, and
/// train, eval and predict carry it through the model.
@Suite struct FeatureDatasetTests {
    static let audio = Fixtures.repositoryRoot + "/examples/audio-keywords/data"
    static let imu = Fixtures.repositoryRoot + "/examples/imu-activity/data"

    @Test func samplesAreTheFeaturesOfTheRawWindows() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try collect([Self.imu + "/walking", Self.imu + "/running"], to: dir + "/raw") { $0.window = .samples(50); $0.stride = .samples(25); $0.label = "x" }
        try collect([Self.imu + "/walking", Self.imu + "/running"], to: dir + "/spectral") {
            $0.window = .samples(50); $0.stride = .samples(25); $0.label = "x"
            $0.features = try! FeatureOptions(parsing: "spectral:fft=16,peaks=2")
        }
        let raw = try Dataset.load(dir + "/raw"), spectral = try Dataset.load(dir + "/spectral")
        let spec = try #require(spectral.manifest.features)
        #expect(spectral.sampleShape == [1 + 8 + 4, 6] && spec.inputShape == [50, 6])
        #expect(spectral.manifest.samples == raw.manifest.samples)
        let extractor = FeatureExtractor(spec)
        for i in [0, 7, raw.count - 1] { #expect(try extractor.apply(raw.sample(i)) == Array(spectral.sample(i))) }
        // Computing the features of the raw dataset for a model gives the same samples.
        var model = Model(subgraphs: [])
        try model.setTinyopsMetadata(["features": spec.json()])
        let adapted = try FeatureInput.adapt(raw, path: dir + "/raw", to: model)
        #expect(adapted.x == spectral.x && adapted.sampleShape == spectral.sampleShape)
    }

    @Test func appendKeepsTheBlockAndRefusesAnother() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let yes = Self.audio + "/yes", no = Self.audio + "/no"
        try collect([yes, no], to: dir + "/once") { $0.label = "kw"; $0.features = try! FeatureOptions(parsing: "logmel:mels=20") }
        try collect([yes], to: dir + "/twice") { $0.label = "kw"; $0.features = try! FeatureOptions(parsing: "logmel:mels=20") }
        try collect([no], to: dir + "/twice") { $0.label = "kw"; $0.append = true }
        for file in ["x.npy", "y.npy", "dataset.json"] {
            #expect(try FileBytes.read(dir + "/once/" + file) == FileBytes.read(dir + "/twice/" + file), "\(file)")
        }
        // The same block spelled differently is the same block; another one is refused.
        try collect([no], to: dir + "/twice") { $0.label = "kw"; $0.append = true; $0.features = try! FeatureOptions(parsing: "logmel:mels=20,frame=640") }
        expectMessage("--append: the dataset has features logmel:frame=40ms,step=20ms,fft=1024,window=hann,preemph=0,mels=20,fmin=20,fmax=4000,floor=1e-10,arith=float, but this collect has mfcc:frame=40ms,step=20ms,fft=1024,window=hann,preemph=0,mels=40,fmin=20,fmax=4000,floor=1e-10,coeffs=10,arith=float") {
            try collect([no], to: dir + "/twice") { $0.label = "kw"; $0.append = true; $0.features = try! FeatureOptions(parsing: "mfcc") }
        }
        expectMessage("--append: the dataset has features logmel:frame=40ms,step=20ms,fft=1024,window=hann,preemph=0,mels=20,fmin=20,fmax=4000,floor=1e-10,arith=float, but this collect has raw") {
            try collect([no], to: dir + "/twice") { $0.label = "kw"; $0.append = true; $0.features = FeatureOptions(block: .raw) }
        }
    }

    @Test func fixedArithmeticRefusesNonPCMValuesNamingTheFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rows: [[Double]] = []
        for t in 0..<200 { rows.append([Double(t % 7) * 0.1 + (t == 130 ? 2 : 0)]) }
        try writeFile(dir + "/in/loud/a.csv", imuCSV(rows, periodMs: 1, header: ["mic"]))
        expectMessage("\(dir)/in/loud/a.csv: frame 130, channel 0: value 2.4 is outside [-1, 1]; arith=fixed reads 16-bit PCM (WAV values / 32768)") {
            try collect([dir + "/in"], to: dir + "/ds") { $0.window = .samples(100); $0.features = try! FeatureOptions(parsing: "logmel:arith=fixed,frame=32,step=16,mels=8,fmin=0,fmax=500") }
        }
        #expect(folderEntries(dir) == ["in"])
    }

    @Test func trainRecordsTheBlockAndEvalUsesIt() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try collect([Self.imu], to: dir + "/ds") {
            $0.window = .samples(50); $0.stride = .samples(25); $0.seed = 3
            $0.features = try! FeatureOptions(parsing: "spectral:fft=16")
        }
        try writeFile(dir + "/mlp.json", #"{"layers": [{"type": "flatten"}, {"type": "dense", "units": 16}, {"type": "relu"}, {"type": "dense", "units": "classes"}, {"type": "softmax"}]}"#)
        var options = TrainingOptions()
        options.epochs = 3
        _ = try TrainJob.run(spec: dir + "/mlp.json", data: dir + "/ds", output: dir + "/m.tflite", options: options)
        let model = try ModelFile.load(dir + "/m.tflite").model
        let recorded = try #require(try FeatureInput.spec(of: model))
        #expect(recorded == (try Dataset.load(dir + "/ds")).manifest.features)
        // eval on raw windows computes the features: same accuracy as on the feature dataset.
        try collect([Self.imu], to: dir + "/raw") { $0.window = .samples(50); $0.stride = .samples(25); $0.seed = 3 }
        let onFeatures = try EvalJob.run(model: dir + "/m.tflite", data: dir + "/ds", split: .test)
        let onRaw = try EvalJob.run(model: dir + "/m.tflite", data: dir + "/raw", split: .test)
        #expect(onFeatures.evaluation == onRaw.evaluation)
        // A dataset with another block is refused, naming both.
        try collect([Self.imu], to: dir + "/other") { $0.window = .samples(50); $0.features = try! FeatureOptions(parsing: "spectral:fft=32") }
        #expect(throws: FeatureError.self) { try EvalJob.run(model: dir + "/m.tflite", data: dir + "/other", split: .test) }
    }
}
