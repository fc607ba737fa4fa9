import Testing
@testable import TinyOpsKit

/// The gzip size prune reports: zeros compress, noise does not, no gzip gives nil.
@Suite struct GzipSizeTests {
    @Test func zerosCompressAndNoiseDoesNot() throws {
        guard GzipSize.executable != nil else {
            #expect(GzipSize.compressedSize(of: [1, 2, 3]) == nil)
            return
        }
        let zeros = try #require(GzipSize.compressedSize(of: [UInt8](repeating: 0, count: 100_000)))
        #expect(zeros < 300)
        var generator = SeededGenerator(seed: 1)
        let noise = (0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(try #require(GzipSize.compressedSize(of: noise)) > 50_000, "random bytes do not shrink")
        #expect(GzipSize.compressedSize(of: noise) == GzipSize.compressedSize(of: noise), "gzip -n is deterministic")
    }
}
