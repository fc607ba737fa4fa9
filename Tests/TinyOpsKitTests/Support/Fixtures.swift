import Foundation
import TinyOpsKit

/// The committed `.tflite` fixtures made by `Tests/Fixtures/make_fixtures.py`.
enum Fixtures {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support → TinyOpsKitTests → Tests → root
        return url.path
    }()

    static let directory = repositoryRoot + "/Tests/Fixtures"

    static func path(_ name: String) -> String { directory + "/" + name }

    /// Every fixture file name, sorted.
    static let all: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".tflite") }.sorted()
    }()

    /// Fixtures TFLM can run (every one but those made to contain unsupported ops).
    static let runnable: [String] = all.filter { !$0.hasPrefix("unsupported") }

    static func bytes(_ name: String) throws -> [UInt8] { try FileBytes.read(path(name)) }

    static func model(_ name: String) throws -> Model { try TFLiteReader.decode(bytes(name)) }
}
