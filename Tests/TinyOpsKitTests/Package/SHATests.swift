import Foundation
import Testing
@testable import TinyOpsKit

/// SHA-256 and SHA-512 against the FIPS 180-4 example messages (NIST CSRC examples), every
/// length across the padding boundaries, arbitrary splits of the input, and files.
@Suite struct SHATests {
    static let twoBlock448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
    static let twoBlock896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

    @Test func sha256NISTExamples() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Self.twoBlock448) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Self.twoBlock896) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha512NISTExamples() {
        #expect(SHA512.hex("abc") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(SHA512.hex("") == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")
        #expect(SHA512.hex(Self.twoBlock448) == "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445")
        #expect(SHA512.hex(Self.twoBlock896) == "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")
        // One million 'a', fed 1000 bytes at a time.
        var hasher = SHA512()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(thousand) }
        #expect(Hex.encode(hasher.finalize()) == "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b")
    }

    /// Digests of messages of every length 0…300 (byte i of the length-n message is
    /// (7i + n) mod 256), concatenated and hashed once more; the golden values are Python's
    /// hashlib. Covers the 55/56/64 and 111/112/128 padding boundaries of both hashes.
    @Test func everyLengthAcrossThePaddingBoundaries() {
        func chain<H: StreamingHash>(_: H.Type) -> String {
            var all: [UInt8] = []
            for n in 0...300 {
                all += H.hash((0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + n) })
            }
            return Hex.encode(H.hash(all))
        }
        #expect(chain(SHA256.self) == "60d63ff40b5558727a9b786ac0be9300f7ca58fd9ddd3b2f3681b369018a87dc")
        #expect(chain(SHA512.self) == "e1f2f7d5d8fc48db06ec2a0eed639593f549caffa40245747258761214a3ec07134903fde52ace6cfae161a82097ba01f33a97d48dd6a80d4521d96d7401357e")
    }

    @Test func anySplitOfTheInputGivesTheSameDigest() {
        var generator = SeededGenerator(seed: 0x5A17)
        for trial in 0..<40 {
            let message = (0..<Int.random(in: 0...700, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var hash256 = SHA256(), hash512 = SHA512()
            var start = 0
            while start < message.count {
                let end = min(message.count, start + Int.random(in: 0...150, using: &generator))
                hash256.update(message[start..<end])
                hash512.update(message[start..<end])
                start = end
            }
            #expect(hash256.finalize() == SHA256.hash(message), "trial \(trial) (seed 0x5A17)")
            #expect(hash512.finalize() == SHA512.hash(message), "trial \(trial) (seed 0x5A17)")
        }
    }

    @Test func filesAreStreamed() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 200,003 bytes: several 64 KiB reads and a partial block at the end.
        let bytes = (0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let path = directory + "/data.bin"
        try AtomicFile.write(bytes, to: path)
        #expect(try SHA256.hex(ofFile: path) == SHA256.hex(bytes))
        #expect(try SHA512.hash(ofFile: path) == SHA512.hash(bytes))
        let empty = directory + "/empty.bin"
        try AtomicFile.write([], to: empty)
        #expect(try SHA256.hex(ofFile: empty) == SHA256.hex(""))
    }

    @Test func fileErrorsNameTheFile() throws {
        #expect(throws: FileSystemError.noSuchFile(path: "/nonexistent/tinyops.bin")) {
            try SHA256.hex(ofFile: "/nonexistent/tinyops.bin")
        }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: FileSystemError.isDirectory(path: directory)) { try SHA256.hex(ofFile: directory) }
    }

    @Test func hexRoundTripsAndRejectsNonHex() {
        let bytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]
        #expect(Hex.encode(bytes) == "00017f80abff")
        #expect(Hex.decode("00017f80abff") == bytes)
        #expect(Hex.decode("00017F80ABFF") == bytes)
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("0x00") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("00 11") == nil)
    }
}
