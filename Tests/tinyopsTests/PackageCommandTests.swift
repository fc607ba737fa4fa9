import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops keygen`, `package` and `verify`, run in-process: the round trip, exit codes and
/// one-line reasons for every kind of failure, determinism, and no partial output.
@Suite struct PackageCommandTests {
    static let model = InspectCommandTests.fixture("mlp_int8.tflite")

    /// A scratch directory with a key pair made by `tinyops keygen`.
    struct Workspace {
        let directory: String
        var key: String { directory + "/release.key" }
        var pub: String { key + ".pub" }
        func path(_ name: String) -> String { directory + "/" + name }

        init() throws {
            directory = NSTemporaryDirectory() + "tinyops-package-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let outcome = tinyops(["keygen", "-o", directory + "/release.key"])
            guard outcome.code == .success else { throw Failure(outcome: outcome) }
        }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }

        /// Packages the fixture model into `name` with the given extra options.
        @discardableResult
        func package(_ name: String, _ extra: [String] = [], environment: [String: String] = [:]) -> Outcome {
            tinyops(["package", PackageCommandTests.model, "--key", key, "--version", "1.4.0",
                     "--target", "nucleo-f746zg", "-o", path(name)] + extra, environment: environment)
        }
    }

    struct Failure: Error { let outcome: Outcome }

    static func tinyops(_ arguments: [String], environment: [String: String] = [:]) -> Outcome {
        run(arguments, root: Tinyops.self, environment: environment)
    }

    func tinyops(_ arguments: [String], environment: [String: String] = [:]) -> Outcome {
        Self.tinyops(arguments, environment: environment)
    }

    // MARK: Round trip

    @Test func keygenPackageVerifyRoundTrip() throws {
        let work = try Workspace()
        defer { work.remove() }
        let packaged = work.package("m.tpk")
        #expect(packaged.code == .success, "\(packaged.stderr)")
        #expect(packaged.stdout.hasPrefix("wrote \(work.path("m.tpk")) ("))

        let verified = tinyops(["verify", work.path("m.tpk"), "--pub", work.pub, "--extract", work.path("out.tflite")])
        #expect(verified.code == .success)
        #expect(verified.stderr == "")
        let lines = verified.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(work.path("m.tpk")): signature valid")
        #expect(lines.contains("  model id             mlp_int8"))
        #expect(lines.contains("  version              1.4.0"))
        #expect(lines.contains("  target               nucleo-f746zg"))
        #expect(lines.contains("  content sha256       \(try SHA256.hex(ofFile: Self.model))"))
        #expect(lines.contains("  tool version         1.2.3"))
        #expect(try FileBytes.read(work.path("out.tflite")) == FileBytes.read(Self.model))

        let json = try JSONParser().parse(tinyops(["verify", work.path("m.tpk"), "--pub", work.pub, "--json"]).stdout)
        #expect(json["valid"] == .bool(true))
        #expect(json["manifest"]?["size"]?.intValue == 5000)
        #expect(json["manifest"]?["min_runtime_version"] == .string(UpdatePackage.runtimeVersion.description))
        #expect(json["manifest"]?["lock_hash"] == .null)
    }

    @Test func keygenKeepsSecretsPrivateAndRefusesToOverwrite() throws {
        let work = try Workspace()
        defer { work.remove() }
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: work.key)[.posixPermissions] as? Int)
        #expect(mode == 0o600 || mode & 0o077 == 0)
        let before = try FileBytes.read(work.key)
        let again = tinyops(["keygen", "-o", work.key])
        #expect(again.code == .failure)
        #expect(again.stderr == "tinyops: error: \(work.key): already exists\n  hint: pass --force to replace it\n")
        #expect(try FileBytes.read(work.key) == before)
        let forced = tinyops(["keygen", "-o", work.key, "--force", "--json"])
        #expect(forced.code == .success)
        #expect(try FileBytes.read(work.key) != before)
        let json = try JSONParser().parse(forced.stdout)
        #expect(json["key_id"]?.stringValue == (try KeyFile.readPublicKey(work.pub).keyID))
        #expect(json["public_key_hex"]?.stringValue == Hex.encode(try KeyFile.readPublicKey(work.pub).bytes))
    }

    @Test func packagingTwiceGivesIdenticalBytes() throws {
        let work = try Workspace()
        defer { work.remove() }
        work.package("a.tpk")
        work.package("b.tpk")
        #expect(try FileBytes.read(work.path("a.tpk")) == FileBytes.read(work.path("b.tpk")))
        // --timestamp with SOURCE_DATE_EPOCH is reproducible too, and recorded.
        let epoch = ["SOURCE_DATE_EPOCH": "1738324800"]
        work.package("c.tpk", ["--timestamp"], environment: epoch)
        work.package("d.tpk", ["--timestamp"], environment: epoch)
        #expect(try FileBytes.read(work.path("c.tpk")) == FileBytes.read(work.path("d.tpk")))
        let verified = tinyops(["verify", work.path("c.tpk"), "--pub", work.pub])
        #expect(verified.stdout.contains("  created              2025-01-31T12:00:00Z\n"))
        let bad = work.package("e.tpk", ["--timestamp"], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(bad.code == .usage)
    }

    @Test func optionsReachTheManifest() throws {
        let work = try Workspace()
        defer { work.remove() }
        let lock = SHA256.hex("tinyops.lock")
        let outcome = work.package("m.tpk", ["--model-id", "kws", "--min-runtime", "0.2.0-rc.1", "--lock-hash", lock.uppercased(), "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let manifest = try JSONParser().parse(outcome.stdout)["manifest"]
        #expect(manifest?["model_id"] == "kws")
        #expect(manifest?["min_runtime_version"] == "0.2.0-rc.1")
        #expect(manifest?["lock_hash"]?.stringValue == lock)
    }

    // MARK: Failed checks (exit 3)

    @Test func wrongKeyFailsWithExit3() throws {
        let work = try Workspace()
        defer { work.remove() }
        work.package("m.tpk")
        #expect(tinyops(["keygen", "-o", work.path("other.key")]).code == .success)
        let outcome = tinyops(["verify", work.path("m.tpk"), "--pub", work.path("other.key.pub"), "--extract", work.path("x.tflite")])
        #expect(outcome.code == .checkFailed)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("tinyops: \(work.path("m.tpk")): verification failed: signature does not match: the package names signing key "))
        #expect(outcome.stderr.hasSuffix("(wrong key?)\n"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: work.path("x.tflite")), "--extract wrote a model from an invalid package")
    }

    @Test func modifiedTruncatedOrForeignFilesFailWithExit3() throws {
        let work = try Workspace()
        defer { work.remove() }
        work.package("m.tpk")
        let bytes = try FileBytes.read(work.path("m.tpk"))
        var flipped = bytes
        flipped[2000] ^= 0x04
        let cases: [(String, [UInt8], String)] = [
            ("flipped.tpk", flipped, "signature does not match: the package was modified after signing, or signed by another key"),
            ("short.tpk", Array(bytes.dropLast(10)), "truncated package (expected \(bytes.count) bytes, found \(bytes.count - 10))"),
            ("empty.tpk", [], "truncated package (expected 32 bytes, found 0)"),
            ("model.tpk", try FileBytes.read(Self.model), "not a tinyops update package (the file does not start with 'TPK1')"),
        ]
        for (name, content, reason) in cases {
            try AtomicFile.write(content, to: work.path(name))
            let outcome = tinyops(["verify", work.path(name), "--pub", work.pub])
            #expect(outcome.code == .checkFailed, "\(name)")
            #expect(outcome.stderr == "tinyops: \(work.path(name)): verification failed: \(reason)\n")
            let json = try JSONParser().parse(tinyops(["verify", work.path(name), "--pub", work.pub, "--json"]).stdout)
            #expect(json["valid"] == .bool(false))
            #expect(json["reason"]?.stringValue == reason)
        }
    }

    /// The whole command, not just the library: every truncation of a package exits 3.
    @Test func everyTruncationExits3() throws {
        let work = try Workspace()
        defer { work.remove() }
        work.package("m.tpk")
        let bytes = try FileBytes.read(work.path("m.tpk"))
        for length in stride(from: 0, to: bytes.count, by: 97) + [bytes.count - 1] {
            try AtomicFile.write(Array(bytes[0..<length]), to: work.path("t.tpk"))
            #expect(tinyops(["verify", work.path("t.tpk"), "--pub", work.pub]).code == .checkFailed, "length \(length)")
        }
    }

    /// The real binary and process exit statuses, end to end.
    @Test func builtBinaryExitsWith0And3() throws {
        let work = try Workspace()
        defer { work.remove() }
        #expect(try BuiltBinary.run(["keygen", "-o", work.path("k")]).code == .success)
        let packaged = try BuiltBinary.run(["package", Self.model, "--key", work.path("k"), "--version", "1.4.0",
                                            "--target", "cortex-m4", "-o", work.path("m.tpk"), "--quiet"])
        #expect(packaged.code == .success, "\(packaged.stderr)")
        #expect(try BuiltBinary.run(["verify", work.path("m.tpk"), "--pub", work.path("k.pub")]).code == .success)
        var bytes = try FileBytes.read(work.path("m.tpk"))
        bytes[bytes.count - 1] ^= 0x80
        try AtomicFile.write(bytes, to: work.path("m.tpk"))
        let failed = try BuiltBinary.run(["verify", work.path("m.tpk"), "--pub", work.path("k.pub")])
        #expect(failed.code == .checkFailed)
        #expect(failed.stdout == "")
        #expect(failed.stderr.split(separator: "\n").count == 1)
    }

    // MARK: Errors (exit 1) and usage errors (exit 2)

    @Test func unreadableInputsAreErrors() throws {
        let work = try Workspace()
        defer { work.remove() }
        work.package("m.tpk")
        let missing = tinyops(["verify", work.path("nope.tpk"), "--pub", work.pub])
        #expect(missing == Outcome(code: .failure, stdout: "", stderr: "tinyops: error: \(work.path("nope.tpk")): no such file\n"))
        let secretAsPublic = tinyops(["verify", work.path("m.tpk"), "--pub", work.key])
        #expect(secretAsPublic.code == .failure)
        #expect(secretAsPublic.stderr.hasPrefix("tinyops: error: \(work.key): holds a PRIVATE KEY, expected a PUBLIC KEY\n  hint: "))
        let publicAsSecret = tinyops(["package", Self.model, "--key", work.pub, "--version", "1.0.0", "--target", "b", "-o", work.path("p.tpk")])
        #expect(publicAsSecret.code == .failure)
        #expect(!FileManager.default.fileExists(atPath: work.path("p.tpk")))
        // A file that is not a model is refused before anything is written.
        try AtomicFile.write(Array("not a model".utf8), to: work.path("bad.tflite"))
        let badModel = tinyops(["package", work.path("bad.tflite"), "--key", work.key, "--version", "1.0.0", "--target", "b", "-o", work.path("q.tpk")])
        #expect(badModel.code == .failure)
        #expect(badModel.stderr.hasPrefix("tinyops: error: \(work.path("bad.tflite")): "))
        #expect(!FileManager.default.fileExists(atPath: work.path("q.tpk")))
    }

    @Test(arguments: [
        (["--version", "1.4"], "invalid value '1.4' for '--version': expected \(SemanticVersion.expectedForm)"),
        (["--version", "1.4.0", "--min-runtime", "v1"], "invalid value 'v1' for '--min-runtime': expected \(SemanticVersion.expectedForm)"),
        (["--version", "1.4.0", "--lock-hash", "abc"], "invalid value 'abc' for '--lock-hash': expected 64 hexadecimal digits (a SHA-256)"),
        (["--version", "1.4.0", "--model-id", "a b"], "invalid value 'a b' for '--model-id': expected 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
    ])
    func badOptionsAreUsageErrors(_ options: [String], _ message: String) {
        let outcome = tinyops(["package", Self.model, "--key", "k", "--target", "b", "-o", "/nonexistent/x.tpk"] + options)
        #expect(outcome == Outcome(code: .usage, stdout: "", stderr: "tinyops: error: \(message); see 'tinyops package --help'\n"))
    }

    @Test func defaultModelIDComesFromTheFileName() {
        #expect(PackageCommand.defaultModelID("models/kws_int8.tflite") == "kws_int8")
        #expect(PackageCommand.defaultModelID("model") == "model")
        let outcome = tinyops(["package", "my model.tflite", "--key", "k", "--version", "1.0.0", "--target", "b", "-o", "x.tpk"])
        #expect(outcome.code == .usage)
        #expect(outcome.stderr.contains("pass --model-id"))
    }
}
