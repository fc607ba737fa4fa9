import Foundation
import Testing
@testable import TinyOpsKit

@Suite struct ProjectTemplateTests {
    @Test(arguments: ProjectTemplates.Kind.allCases)
    func scaffoldsAValidProject(_ kind: ProjectTemplates.Kind) throws {
        let directory = try makeTemporaryDirectory() + "/project"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try ProjectTemplates.scaffold(kind, into: directory)
        #expect(files.contains("tinyops.json") && files.contains("README.md"))
        let config = try PipelineConfig.load(projectDirectory: directory)
        #expect(config.train.spec.hasPrefix("models/"))
        #expect(FileManager.default.fileExists(atPath: directory + "/" + config.train.spec))
        #expect(try ModelSpec.load(directory + "/" + config.train.spec).layers.isEmpty == false)
        // Data is there, and its README states origin and licence.
        let dataFiles = files.filter { $0.hasPrefix("data/") || $0.hasPrefix("arrays/") }
        #expect(dataFiles.count >= 3)
        let readme = try String(contentsOfFile: directory + "/README.md", encoding: .utf8)
        #expect(readme.lowercased().contains("licen"))
        #expect(PipelineStages.stages(for: config).map(\.name).prefix(3) == ["collect", "train", "quantize"])
    }

    @Test func embeddedFilesAreTheRepositoryFiles() throws {
        for (path, bytes) in ProjectTemplates.files {
            #expect(try FileBytes.read(Fixtures.repositoryRoot + "/" + path) == bytes, "\(path)")
        }
        #expect(ProjectTemplates.files.keys.contains("models/imu_conv1d.json"))
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write([1], to: directory + "/mine.txt")
        #expect(throws: ProjectTemplates.Failure.notEmpty(directory: directory)) {
            try ProjectTemplates.scaffold(.imu, into: directory)
        }
        #expect(try FileBytes.read(directory + "/mine.txt") == [1])
    }
}
