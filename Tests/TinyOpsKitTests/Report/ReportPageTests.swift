import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TinyOpsKit

/// The report page: well-formed, self-contained, every section drawn for a model that has the
/// data and explained for one that has not; rendered by headless Chromium when it is installed.
@Suite struct ReportPageTests {
    /// The mlp fixture with the metadata `tinyops train` writes, and its tinyops-quantized twin.
    static func models(in directory: String) throws -> (float: String, int8: String) {
        var model = try Fixtures.model("mlp_float.tflite")
        try model.setTinyopsMetadata([
            "labels": ["idle", "wave", "circle", "shake"],
            "history": ["loss": [1.2, 0.8, 0.5, 0.4], "accuracy": [0.4, 0.7, 0.85, 0.9],
                        "val_loss": [1.3, 0.9, 0.6, 0.55], "val_accuracy": [0.35, 0.6, 0.8, 0.82]],
            "metrics": ["test_accuracy": 0.875, "confusion_matrix": [[5, 1, 0, 0], [0, 6, 0, 0], [1, 0, 4, 1], [0, 0, 0, 6]],
                        "confusion_split": "test"],
            "dataset_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "training": ["optimizer": "adam", "epochs": 4],
        ])
        let float = directory + "/mlp_float.tflite", int8 = directory + "/mlp_int8.tflite"
        try ModelFile.save(model, to: float)
        var generator = SeededGenerator(seed: 3)
        let samples = (0..<40 * 20).map { _ in Float.random(in: -2...2, using: &generator) }
        try NPYArray(float32: samples, shape: [40, 20]).write(to: directory + "/calibration.npy")
        _ = try QuantizeJob.run(model: float, calibration: directory + "/calibration.npy", output: int8, samples: 40,
                                options: .init())
        return (float, int8)
    }

    @Test func pageIsWellFormedSelfContainedAndComplete() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (float, int8) = try Self.models(in: directory)
        let options = CheckOptions(target: try #require(Target.named("nano33ble")))
        let html = try ReportPage.render(models: [float, int8, Fixtures.path("conv1d_int8.tflite")], options: options)

        // Well-formed (XHTML syntax): every element closed, attributes quoted, entities escaped.
        let parser = XMLParser(data: Data(html.utf8))
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map(String.init(describing:)) ?? "?") at line \(parser.lineNumber)")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        // Self-contained: no scripts, no external resources.
        #expect(!html.contains("<script"))
        #expect(!html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http"))
        #expect(!html.contains("src="))
        // One column per model, every section.
        #expect(html.contains("grid-template-columns: repeat(3, minmax(0, 1fr))"))
        for title in ["Training curves", "Confusion matrix", "Fit against nano33ble", "Per layer", "Quantization error per layer",
                      "Arena memory timeline", "Lineage"] {
            #expect(html.contains("<h2>\(title)"), "\(title)")
        }
        #expect(html.contains("<title>Loss per epoch</title>"))
        #expect(html.contains("<title>true idle, predicted wave: 1 (17% of idle)</title>"))
        #expect(html.contains("SQNR of each layer"))
        #expect(html.contains("Planned tensors:"))
        #expect(html.contains("Model + runtime against the board"))
        #expect(html.contains("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
        // The TensorFlow-made model has no tinyops metadata: its cells say so instead of failing.
        #expect(html.contains("no training history in this model&#39;s metadata"))
        #expect(html.contains("no per-layer error recorded (quantized outside tinyops)"))
    }

    @Test func aBrokenModelIsAnErrorNamingTheFile() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write(Array("not a model".utf8), to: directory + "/bad.tflite")
        let options = CheckOptions(target: try #require(Target.named("nano33ble")))
        let error = try #require(throws: FileError.self) { try ReportPage.render(models: [directory + "/bad.tflite"], options: options) }
        #expect(error.path == directory + "/bad.tflite")
    }
}

/// Headless Chromium renders the page to a PNG of the requested size that is not blank.
@Suite(.enabled(if: ChromiumOracle.isAvailable, "chromium missing: apt-get install chromium"))
struct ReportRenderTests {
    @Test func chromiumRendersThePage() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (float, int8) = try ReportPageTests.models(in: directory)
        let options = CheckOptions(target: try #require(Target.named("nano33ble")))
        let page = directory + "/report.html"
        try AtomicFile.write(Array(try ReportPage.render(models: [float, int8], options: options).utf8), to: page)
        let result = try TFLMOracle.run(arguments: [Fixtures.repositoryRoot + "/Tests/Oracles/render_page.py", page,
                                                    directory + "/report.png", "--width", "1280", "--height", "2400"])
        #expect(result.status == 0, "\(result.stderr)")
    }
}

enum ChromiumOracle {
    static let isAvailable: Bool = ["chromium", "chromium-browser", "google-chrome"].contains { name in
        ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
        } ?? false
    }
}

@Suite struct ChromiumGateTests {
    @Test func chromiumIsPresentWhenRequired() {
        if TFLMOracle.isRequired {
            #expect(ChromiumOracle.isAvailable, "TINYOPS_REQUIRE_ORACLES=1 but chromium is not installed")
        }
    }
}
