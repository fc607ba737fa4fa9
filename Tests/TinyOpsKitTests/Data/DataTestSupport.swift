import Foundation
import Testing
import TinyOpsKit

/// The recording fixtures made by `Tests/Fixtures/data/make_data_fixtures.py`.
enum DataFixtures {
    static let directory = Fixtures.directory + "/data"

    static func path(_ relative: String) -> String { directory + "/" + relative }

    static func bytes(_ relative: String) throws -> [UInt8] { try FileBytes.read(path(relative)) }
}

/// Writes `text` to `path`, creating the folders on the way.
func writeFile(_ path: String, _ text: String) throws {
    try writeFile(path, Array(text.utf8))
}

func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try AtomicFile.write(bytes, to: path)
}

/// An Edge Impulse CSV recording: `timestamp` every `periodMs`, then the given rows of values.
func imuCSV(_ rows: [[Double]], periodMs: Int = 10, header: [String] = ["accX", "accY", "accZ"]) -> String {
    var text = "timestamp," + header.joined(separator: ",") + "\n"
    for (index, row) in rows.enumerated() {
        text += "\(index * periodMs)," + row.map { String($0) }.joined(separator: ",") + "\n"
    }
    return text
}

/// `frames` rows of `channels` values that encode their position: 100·frame + channel + offset.
func rampRows(_ frames: Int, channels: Int = 3, offset: Double = 0) -> [[Double]] {
    (0..<frames).map { frame in (0..<channels).map { Double(100 * frame + $0) + offset } }
}

/// Collects `inputs` into `output` with options set by `configure`, pinning the tool version.
@discardableResult
func collect(
    _ inputs: [String], to output: String, _ configure: (inout CollectOptions) -> Void = { _ in }
) throws -> CollectReport {
    var options = CollectOptions(inputs: inputs, output: output)
    options.toolVersion = "test"
    configure(&options)
    return try DatasetCollector.collect(options)
}

/// The entries of a folder, hidden ones included, sorted: to check nothing was left behind.
func folderEntries(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

/// Expects `body` to throw a `UserFacingError` whose message is `message`.
func expectMessage(
    _ message: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected an error: \(message)", sourceLocation: sourceLocation)
    } catch let error as any UserFacingError {
        #expect(error.message == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}
