import Foundation
import Testing
import TinyOpsKit

/// The single-operator models of RuntimeOpCases, committed under Tests/RuntimeFuzz/corpus so
/// that scripts/sanitize.sh fuzzes every kernel (the fixtures alone miss some). The files
/// must equal what the builder writes; regenerate on purpose with TINYOPS_UPDATE_GOLDEN=1.
@Suite struct RuntimeFuzzCorpusTests {
    static let directory = Fixtures.repositoryRoot + "/Tests/RuntimeFuzz/corpus"

    @Test func corpusMatchesTheOperatorCases() throws {
        let update = ProcessInfo.processInfo.environment["TINYOPS_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true) }
        for (m, opCase) in RuntimeOpCases.all.enumerated() {
            var builder = OpModelBuilder(seed: UInt64(1000 + m))
            let (inputs, outputs) = opCase.build(&builder)
            let bytes = try TFLiteWriter.encode(builder.model(inputs: inputs, outputs: outputs))
            let path = "\(Self.directory)/\(opCase.name).tflite"
            if update { try AtomicFile.write(bytes, to: path) }
            #expect((try? FileBytes.read(path)) == bytes,
                    "\(path) is missing or stale; rerun with TINYOPS_UPDATE_GOLDEN=1 and commit it")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".tflite") }
        #expect(files.count == RuntimeOpCases.all.count, "stray files in \(Self.directory)")
    }
}
