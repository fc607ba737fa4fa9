// Measures tinyops' feature blocks on the host; prints one JSON object on stdout.
//   features-bench time CLIPS_DIR IMU_DIR
//   features-bench emit OUT_DIR BLOCK_TEXT CLIP.wav   (harness sources for the Cortex-M counts)
import Foundation
import TinyOpsKit

/// Best time per call over three rounds of at least `minimum` seconds, after a warm-up.
func secondsPerCall(minimum: Double = 0.5, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            try body()
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimum
        best = min(best, elapsed / Double(calls))
    }
    return best
}

func wav(_ path: String) throws -> [Float] {
    try WAVReader.decode(try FileBytes.read(path), file: path).frames
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    FileHandle.standardError.write(Data("usage: features-bench time CLIPS IMU | emit OUT TEXT CLIP\n".utf8))
    exit(2)
}

if arguments[1] == "emit" {
    let out = arguments[2], text = arguments[3]
    let samples = try wav(arguments[4])
    let spec = try FeatureSpec.resolve(FeatureOptions(parsing: text), window: samples.count, channels: 1, sampleRate: 16000)
    let rendered = try FeatureConfigRenderer.render(spec, symbol: "features_config")
    try AtomicFile.write(Array(rendered.header.utf8), to: out + "/" + rendered.headerName)
    try AtomicFile.write(Array(rendered.source.utf8), to: out + "/" + rendered.sourceName)
    let fixed = spec.arithmetic == .fixed
    let values = samples.map { fixed ? String(Int16(clamping: Int(($0 * 32768).rounded()))) : "\($0)f" }
    var input = "#define HARNESS_REPEAT 1\nstatic const \(fixed ? "int16_t" : "float") harness_input[\(values.count)] = {\n"
    for start in stride(from: 0, to: values.count, by: 12) { input += "    " + values[start..<min(start + 12, values.count)].joined(separator: ", ") + ",\n" }
    try AtomicFile.write(Array((input + "};\n").utf8), to: out + "/harness_input.h")
    exit(0)
}

// time: one-second 16 kHz clips (the audio example), 5 s IMU windows.
let clipsDirectory = arguments[2]
var clips: [[Float]] = []
for label in try FileManager.default.contentsOfDirectory(atPath: clipsDirectory).sorted() {
    let folder = clipsDirectory + "/" + label
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? [] where name.hasSuffix(".wav") {
        clips.append(try wav(folder + "/" + name))
    }
}
var results: [String: JSONValue] = ["clips": .int(clips.count)]
var sink: Float = 0
for text in ["mfcc", "logmel", "mfcc:arith=fixed", "logmel:arith=fixed"] {
    let spec = try FeatureSpec.resolve(FeatureOptions(parsing: text), window: 16000, channels: 1, sampleRate: 16000)
    let extractor = FeatureExtractor(spec)
    let device = DeviceFeatureRunner(spec)
    let pcm = clips.map { $0.map { Int16(clamping: Int(($0 * 32768).rounded())) } }
    let swift = try secondsPerCall { for clip in clips { sink += try extractor.apply(clip[...])[0] } } / Double(clips.count)
    let c = try secondsPerCall {
        for (i, clip) in clips.enumerated() {
            if spec.arithmetic == .fixed { sink += Float(try device.runFixed(pcm[i])[0]) } else { sink += try device.runFloat(clip)[0] }
        }
    } / Double(clips.count)
    results[text] = ["swift_windows_per_second": .number((1 / swift).rounded()), "c_windows_per_second": .number((1 / c).rounded())]
}
// spectral: IMU walking recordings, 50-sample windows of 6 channels.
let imuPath = arguments[3]
let imu = try CSVRecordingReader.decode(try FileBytes.read(imuPath), file: imuPath).frames
let spectral = try FeatureSpec.resolve(FeatureOptions(parsing: "spectral:fft=32"), window: 50, channels: 6, sampleRate: 10)
let window = Array(imu[0..<300])
let extractor = FeatureExtractor(spectral), device = DeviceFeatureRunner(spectral)
let swiftSpectral = try secondsPerCall { sink += try extractor.apply(window[...])[0] }
let cSpectral = try secondsPerCall { sink += try device.runFloat(window)[0] }
results["spectral:fft=32 (50 x 6 window)"] = ["swift_windows_per_second": .number((1 / swiftSpectral).rounded()),
                                               "c_windows_per_second": .number((1 / cSpectral).rounded())]
results["sink"] = .number(Double(sink.isFinite ? 0 : 1))
print(String(decoding: try JSONWriter(pretty: true, sortedKeys: true).bytes(.object(JSONObject(results.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))), as: UTF8.self))
