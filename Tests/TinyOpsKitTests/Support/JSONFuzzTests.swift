import Testing
import TinyOpsKit

/// Random and mutated inputs must end in a value or a `JSONError`, never a
/// crash; whatever parses must survive a write/parse round trip.
@Suite struct JSONFuzzTests {
    @Test func randomBytes() throws {
        let alphabet = Array("{}[]:,\"\\-+.0123456789eEtrufalsn u\u{0}\n\t".utf8) + [0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        for seed in UInt64(0)..<3000 {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            try checkParse(bytes, seed: seed)
        }
    }

    @Test func mutatedValidDocuments() throws {
        for seed in UInt64(0)..<2000 {
            var generator = SeededGenerator(seed: seed)
            var bytes = try JSONWriter(pretty: seed % 2 == 0).bytes(randomValue(depth: 0, using: &generator))
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            try checkParse(bytes, seed: seed)
        }
    }

    private func checkParse(_ bytes: [UInt8], seed: UInt64) throws {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            #expect(error.message.hasPrefix("line "), "seed \(seed)")
            return
        }
        #expect(try JSONValue(parsing: value.jsonText()) == value, "seed \(seed)")
    }
}
