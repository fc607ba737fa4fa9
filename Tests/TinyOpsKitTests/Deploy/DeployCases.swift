import Foundation
@testable import TinyOpsKit

/// The models the deploy tests ship to Cortex-M, with at least 20 raw samples each and what
/// tinyops computes for them on the host: the quantized model input (features, normalization,
/// quantization in Swift) and the output of the host TinyOpsRuntime (the SwiftPM C target).
struct DeployCase {
    let name: String
    let modelBytes: [UInt8]
    /// Raw samples, each `sampleElements` floats (the feature block's input when there is one).
    let samples: [[Float]]
    let hasFeatures: Bool
    /// Deployed with `--prepared` (tinyops_init_prepared).
    var prepared = false

    var sampleElements: Int { samples[0].count }

    /// "in <hex>" / "out <hex>" per sample, then "done N": what the harness must print.
    func expectedLines() throws -> [String] {
        let model = try TFLiteReader.decode(modelBytes)
        let interpreter = try RuntimeInterpreter(modelBytes: modelBytes)
        let normalization = try InputNormalization(model: model)
        let extractor = try FeatureInput.spec(of: model).map(FeatureExtractor.init)
        let input = interpreter.inputs[0]
        var lines: [String] = []
        for sample in samples {
            var x = try extractor?.apply(sample[...]) ?? sample
            normalization?.apply(&x)
            let q = x.map { QuantizationMath.quantize($0, scale: input.scale!, zeroPoint: Int64(input.zeroPoint!)) }
            try interpreter.setInput(0, int8: q)
            interpreter.invoke()
            lines.append("in " + Self.hex(q.map { UInt8(bitPattern: $0) }))
            lines.append("out " + Self.hex(interpreter.int8Output(0).map { UInt8(bitPattern: $0) }))
        }
        lines.append("done \(samples.count)")
        return lines
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// `harness_samples.h` for Tests/DeployHarness/deploy_harness.c (floats as %.9g: exact).
    func samplesHeader() -> String {
        var text = hasFeatures ? "#define HARNESS_FEATURES 1\n" : ""
        text += "#define HARNESS_SAMPLES \(samples.count)u\n#define HARNESS_SAMPLE_ELEMENTS \(sampleElements)u\n"
        text += "static const float harness_samples[\(samples.count * sampleElements)] = {\n"
        let values = samples.flatMap { $0 }.map(CSource.float)
        for start in stride(from: 0, to: values.count, by: 8) {
            text += "    " + values[start..<min(start + 8, values.count)].joined(separator: ", ") + ",\n"
        }
        return text + "};\n"
    }

    /// Float samples around the input's quantized range: random int8 codes dequantized, plus
    /// sub-step noise (exercises rounding) and a few values beyond the range (clamping).
    static func randomSamples(model bytes: [UInt8], count: Int, seed: UInt64) throws -> [[Float]] {
        let input = try RuntimeInterpreter(modelBytes: bytes).inputs[0]
        let scale = input.scale!, zeroPoint = Float(input.zeroPoint!)
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { s in
            (0..<input.elementCount).map { i in
                let code = Float(Int.random(in: -128...127, using: &generator))
                let noise = Float.random(in: -0.5...0.5, using: &generator)
                let beyond: Float = i % 97 == s % 97 ? 40 : 1
                return (code - zeroPoint + noise) * scale * beyond
            }
        }
    }

    static func conv1d() throws -> DeployCase {
        let bytes = try Fixtures.bytes("conv1d_int8.tflite")
        return DeployCase(name: "conv1d", modelBytes: bytes, samples: try randomSamples(model: bytes, count: 24, seed: 11), hasFeatures: false)
    }

    static func cnn2d() throws -> DeployCase {
        let bytes = try Fixtures.bytes("cnn2d_int8.tflite")
        return DeployCase(name: "cnn2d", modelBytes: bytes, samples: try randomSamples(model: bytes, count: 20, seed: 12), hasFeatures: false)
    }

    /// The cnn2d fixture (input 16 x 16 x 1) behind a logmel block (16 frames x 16 mel bands,
    /// one channel) with normalization and labels in its metadata, fed 20 windows of the
    /// speech clips in examples/audio-keywords. The weights were not trained on these features:
    /// the test is that the device computes exactly what tinyops computes.
    static func logmel() throws -> DeployCase {
        var model = try Fixtures.model("cnn2d_int8.tflite")
        let spec = try FeatureSpec.resolve(FeatureOptions(parsing: "logmel:frame=256,step=128,fft=256,mels=16,fmax=4000"),
                                           window: 256 + 15 * 128, channels: 1, sampleRate: 16000)
        let clips = ["yes/yes_000.wav", "no/no_002.wav", "up/up_004.wav", "down/down_001.wav", "yes/yes_001.wav"]
        var samples: [[Float]] = []
        for clip in clips {
            let path = Fixtures.repositoryRoot + "/examples/audio-keywords/data/" + clip
            let frames = try WAVReader.decode(try FileBytes.read(path), file: path).frames
            for k in 0..<4 {
                let start = min(frames.count - spec.inputSize, 1500 + k * 3000)
                samples.append(Array(frames[start..<(start + spec.inputSize)]))
            }
        }
        // Normalization as training would fit it: mean and std of these features.
        let extractor = FeatureExtractor(spec)
        let all = try samples.flatMap { try extractor.apply($0[...]) }
        let mean = all.reduce(0, +) / Float(all.count)
        let std = (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(all.count)).squareRoot()
        try model.setTinyopsMetadata([
            "labels": ["yes", "no \"quoted\"", "up?? (trigraph)", "d\u{e9}j\u{e0} vu", "down"],
            "normalization": ["axis": -1, "mean": .floats([mean]), "std": .floats([std])],
            "features": spec.json(),
        ])
        return DeployCase(name: "logmel", modelBytes: try TFLiteWriter.encode(model), samples: samples, hasFeatures: true)
    }

    /// The three models, then conv1d and logmel again deployed with `--prepared`.
    static func all() throws -> [DeployCase] {
        let cases = [try conv1d(), try cnn2d(), try logmel()]
        return cases + [cases[0], cases[2]].map { item in
            DeployCase(name: item.name + "-prepared", modelBytes: item.modelBytes, samples: item.samples,
                              hasFeatures: item.hasFeatures, prepared: true)
        }
    }

    /// Writes the runtime bundle for this case (`--name dut`) and its samples header into `directory`.
    func deploy(to directory: String) throws {
        let modelPath = directory + "/\(name).tflite"
        try AtomicFile.write(modelBytes, to: modelPath)
        _ = try Deployer.run(modelPath: modelPath, options: DeployOptions(format: .runtime, prefix: try CSymbolPrefix("dut"),
                                                                         outputDirectory: directory + "/bundle", prepared: prepared))
        try AtomicFile.write(Array(samplesHeader().utf8), to: directory + "/bundle/harness_samples.h")
    }
}
