import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops check` and `tinyops targets`: golden reports, exit codes, gates, bad input.
/// Regenerate the goldens on purpose with TINYOPS_UPDATE_GOLDEN=1 and review the diff.
@Suite struct CheckCommandTests {
    static let root = InspectCommandTests.root
    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/" + name }

    /// Runs in-process with fixture paths made relative, so goldens do not depend on the checkout.
    private func tinyops(_ arguments: [String]) -> Outcome {
        let outcome = run(arguments, root: Tinyops.self)
        return Outcome(code: outcome.code, stdout: outcome.stdout.replacingOccurrences(of: Self.root + "/", with: ""),
                       stderr: outcome.stderr)
    }

    private func expectGolden(_ text: String, _ golden: String) throws {
        let path = Self.root + "/Tests/tinyopsTests/Golden/" + golden
        if ProcessInfo.processInfo.environment["TINYOPS_UPDATE_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "output differs from \(golden); rerun with TINYOPS_UPDATE_GOLDEN=1 and review the diff")
    }

    static let goldenCases: [(model: String, target: String)] = [
        ("conv1d_int8", "nano33ble"), ("conv1d_int8", "pico"), ("conv1d_int8", "corstone-300"),
        ("mlp_float", "nano33ble"), ("mlp_float", "pico"), ("mlp_float", "corstone-300"),
    ]

    @Test(arguments: goldenCases.indices)
    func goldenReports(_ index: Int) throws {
        let (model, target) = Self.goldenCases[index]
        let text = tinyops(["check", Self.fixture(model + ".tflite"), "--target", target])
        #expect(text.code == .success, "\(text.stderr)")
        #expect(text.stderr == "")
        try expectGolden(text.stdout, "check_\(model)_\(target).txt")

        let json = tinyops(["check", Self.fixture(model + ".tflite"), "--target", target, "--json"])
        #expect(json.code == .success)
        try expectGolden(json.stdout, "check_\(model)_\(target).json")
        let value = try JSONParser().parse(json.stdout)
        #expect(value["passes"]?.boolValue == true)
        #expect(value["memory"]?["arena_bytes"]?.intValue != nil)
    }

    @Test func targetsListing() throws {
        let text = tinyops(["targets"])
        #expect(text.code == .success)
        try expectGolden(text.stdout, "targets.txt")
        let json = tinyops(["targets", "--json"])
        #expect(json.code == .success)
        try expectGolden(json.stdout, "targets.json")
        let value = try JSONParser().parse(json.stdout)
        #expect(value["cores"]?.arrayValue?.count == CortexCore.allCases.count)
        #expect(value["boards"]?.arrayValue?.count == Board.all.count)
    }

    @Test func aModelThatDoesNotFitExitsThree() throws {
        let outcome = tinyops(["check", Self.fixture("residual_float.tflite"), "--target", "pico", "--ram", "8K"])
        #expect(outcome.code == .checkFailed)
        #expect(outcome.stdout.contains("result    FAIL: 1 error"))
        #expect(outcome.stdout.contains("needs") && outcome.stdout.contains("bytes of RAM, pico has 8192"))
        #expect(outcome.stderr == "")

        let unsupported = tinyops(["check", Self.fixture("unsupported_topk_float.tflite"), "--target", "nano33ble", "--json"])
        #expect(unsupported.code == .checkFailed)
        #expect(try JSONParser().parse(unsupported.stdout)["passes"]?.boolValue == false)
    }

    @Test(arguments: [
        (["--max-latency-ms", "0.001"], "latency-gate"),
        (["--max-ram", "1K"], "ram-gate"),
        (["--max-flash", "4K"], "flash-gate"),
    ])
    func gatesExitThree(_ gate: [String], _ code: String) throws {
        let model = Self.fixture("conv1d_int8.tflite")
        let passing = tinyops(["check", model, "--target", "nano33ble", "--json"])
        #expect(passing.code == .success)
        let failing = tinyops(["check", model, "--target", "nano33ble", "--json"] + gate)
        #expect(failing.code == .checkFailed)
        let findings = try #require(try JSONParser().parse(failing.stdout)["findings"]?.arrayValue)
        #expect(findings.contains { $0["code"]?.stringValue == code && $0["severity"]?.stringValue == "error" })
    }

    @Test func generousGatesPass() {
        let outcome = tinyops(["check", Self.fixture("mlp_int8.tflite"), "--target", "stm32f746g-disco",
                               "--max-latency-ms", "100", "--max-ram", "64K", "--max-flash", "256K"])
        #expect(outcome.code == .success, "\(outcome.stdout)")
    }

    @Test func overridesReplaceTheBoardFigures() throws {
        let outcome = tinyops(["check", Self.fixture("mlp_int8.tflite"), "--target", "cortex-m7", "--ram", "320K",
                               "--flash", "1M", "--clock-mhz", "216", "--json"])
        #expect(outcome.code == .success)
        let target = try JSONParser().parse(outcome.stdout)["target"]
        #expect(target?["ram_bytes"]?.intValue == 320 * 1024)
        #expect(target?["flash_bytes"]?.intValue == 1 << 20)
        #expect(target?["clock_hz"]?.intValue == 216_000_000)
    }

    /// --prepared budgets what `deploy --prepared` ships: the activations as arena, the
    /// smaller code plus the prepared image as flash.
    @Test func preparedBudgetsTheActivationsAndTheImage() throws {
        let model = Self.fixture("conv1d_int8.tflite")
        let plain = try JSONParser().parse(tinyops(["check", model, "--target", "cortex-m4f", "--runtime", "tinyops", "--json"]).stdout)
        let outcome = tinyops(["check", model, "--target", "cortex-m4f", "--runtime", "tinyops", "--prepared", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let prepared = try JSONParser().parse(outcome.stdout)
        #expect(plain["memory"]?["arena_bytes"]?.intValue == 1560 && prepared["memory"]?["arena_bytes"]?.intValue == 768)
        let image = try #require(prepared["flash"]?["prepared_image_bytes"]?.intValue)
        #expect(image == (try PreparedImage.make(modelBytes: try FileBytes.read(model))).bytes.count)
        let plainCode = try #require(plain["flash"]?["code_bytes"]?.intValue)
        let preparedCode = try #require(prepared["flash"]?["code_bytes"]?.intValue)
        #expect(preparedCode < plainCode / 2, "prepared \(preparedCode), tinyops_init \(plainCode)")
        #expect(prepared["flash"]?["flash"]?["needed_bytes"]?.intValue == (try FileBytes.read(model)).count + preparedCode + image)
        #expect(plain["flash"]?["prepared_image_bytes"] == nil)
        let usage = tinyops(["check", model, "--target", "cortex-m4f", "--prepared"])
        #expect(usage.code == .usage && usage.stderr.hasPrefix("tinyops: error: option '--prepared' needs '--runtime tinyops'"), "\(usage.stderr)")
    }

    @Test func aBadModelExitsOneNamingTheFile() throws {
        let directory = try makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/notes.tflite"
        try Data("not a model at all".utf8).write(to: URL(fileURLWithPath: path))
        let outcome = tinyops(["check", path, "--target", "nano33ble"])
        #expect(outcome.code == .failure)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr.hasPrefix("tinyops: error: \(path): not a TFL3 flatbuffer"), "\(outcome.stderr)")
        let missing = tinyops(["check", directory + "/absent.tflite", "--target", "nano33ble"])
        #expect(missing.code == .failure)
        #expect(missing.stderr.hasPrefix("tinyops: error: \(directory)/absent.tflite: no such file"))
    }

    @Test func unknownTargetIsAUsageErrorWithASuggestion() {
        let outcome = tinyops(["check", Self.fixture("mlp_int8.tflite"), "--target", "nano33"])
        #expect(outcome.code == .usage)
        #expect(outcome.stdout == "")
        #expect(outcome.stderr == "tinyops: error: invalid value 'nano33' for '--target': expected a core or board listed by "
                    + "'tinyops targets' (did you mean 'nano33ble'?); see 'tinyops check --help'\n")
        let missing = tinyops(["check", Self.fixture("mlp_int8.tflite")])
        #expect(missing.code == .usage)
        #expect(missing.stderr.contains("missing option '--target"))
        let runtime = tinyops(["check", Self.fixture("mlp_int8.tflite"), "--target", "pico", "--runtime", "tvm"])
        #expect(runtime.code == .usage)
        #expect(runtime.stderr.contains("expected one of: tflm, tinyops"))
    }

    @Test func helpListsEveryTarget() {
        let help = tinyops(["check", "--help"])
        #expect(help.code == .success)
        for name in Target.names { #expect(help.stdout.contains(name), "\(name) missing from the help") }
    }

    @Test func theBuiltBinaryExitsThreeWhenTheModelDoesNotFit() throws {
        let fits = try BuiltBinary.run(["check", Self.fixture("mlp_int8.tflite"), "--target", "pico", "--json"])
        #expect(fits.code == .success)
        #expect(try JSONParser().parse(fits.stdout)["passes"]?.boolValue == true)
        let tooBig = try BuiltBinary.run(["check", Self.fixture("mlp_int8.tflite"), "--target", "pico", "--ram", "1K"])
        #expect(tooBig.code == .checkFailed)
        #expect(tooBig.stderr == "")
    }

    private func makeDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "tinyops-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
