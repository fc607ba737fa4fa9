import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops deploy` from the command line: exit codes (0, 1 bad model, 2 usage, 3 refused by
/// check), stdout/stderr, JSON, and the built binary copied alone into another folder.
@Suite struct DeployCommandTests {
    static let root = InspectCommandTests.root
    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/" + name }

    private func tinyops(_ arguments: [String]) -> Outcome { run(arguments, root: Tinyops.self) }

    static func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "tinyops-deploy-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func deploysEachFormat() throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for format in DeployFormat.allCases {
            let out = directory + "/" + format.rawValue
            let result = tinyops(["deploy", Self.fixture("conv1d_int8.tflite"), "--format", format.rawValue, "--name", "imu", "--out", out])
            #expect(result.code == .success, "\(format): \(result.stderr)")
            #expect(result.stderr == "")
            #expect(result.stdout.hasPrefix("wrote \(out) (\(format.rawValue), "), "\(result.stdout)")
            #expect(result.stdout.contains("TinyOpsRuntime arena: 1560 bytes (exact)"))
        }
        #expect(FileManager.default.fileExists(atPath: directory + "/bin/imu.bin"))
        #expect(FileManager.default.fileExists(atPath: directory + "/arduino/examples/imu/imu.ino"))
    }

    @Test func jsonListsTheFiles() throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = tinyops(["deploy", Self.fixture("cnn2d_int8.tflite"), "-f", "c-array", "-n", "g_model", "-o", directory + "/c", "--json"])
        #expect(result.code == .success)
        let value = try JSONParser().parse(result.stdout)
        #expect(value["files"]?.arrayValue?.compactMap { $0["path"]?.stringValue } == ["model_data.c", "model_data.h", "model_op_resolver.h", "model_settings.h"])
        #expect(value["tflm_core"]?.stringValue == "cortex-m4f" && value["tflm_arena_bytes"]?.intValue != nil)
        #expect(value["operators"]?.arrayValue?.count == 7 && value["written"]?.boolValue == true)
    }

    @Test func usageErrorsExitWithTwo() throws {
        let model = Self.fixture("conv1d_int8.tflite")
        let badName = tinyops(["deploy", model, "--format", "runtime", "--name", "2fast", "--out", "/tmp/x"])
        #expect(badName.code == .usage)
        #expect(badName.stderr.hasPrefix("tinyops: error: invalid value '2fast' for '--name': expected a C identifier prefix: a C identifier cannot start with a digit"))
        let badFormat = tinyops(["deploy", model, "--format", "hex", "--name", "m", "--out", "/tmp/x"])
        #expect(badFormat.code == .usage && badFormat.stderr.contains("c-array, runtime, arduino, bin"))
        let force = tinyops(["deploy", model, "--format", "bin", "--name", "m", "--out", "/tmp/x", "--force"])
        #expect(force.code == .usage && force.stderr.contains("--target"))
        let target = tinyops(["deploy", model, "--format", "bin", "--name", "m", "--out", "/tmp/x", "--target", "cortex-m5"])
        #expect(target.code == .usage)
        for format in ["c-array", "bin"] {
            let prepared = tinyops(["deploy", model, "--format", format, "--name", "m", "--out", "/tmp/x", "--prepared"])
            #expect(prepared.code == .usage && prepared.stderr.hasPrefix(
                "tinyops: error: options '--prepared' and '--format \(format)' cannot be used together"), "\(prepared.stderr)")
        }
    }

    @Test func preparedBundlesReportTheSmallerArena() throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = tinyops(["deploy", Self.fixture("conv1d_int8.tflite"), "-f", "runtime", "-n", "imu", "-o", directory + "/p", "--prepared", "--json"])
        #expect(result.code == .success, "\(result.stderr)")
        let value = try JSONParser().parse(result.stdout)
        #expect(value["tinyops_arena_bytes"]?.intValue == 768, "the activations only (1560 with tinyops_init)")
        #expect((value["prepared_bytes"]?.intValue ?? 0) > 0)
        let text = tinyops(["deploy", Self.fixture("conv1d_int8.tflite"), "-f", "arduino", "-n", "imu", "-o", directory + "/a", "--prepared"])
        #expect(text.code == .success && text.stdout.contains("TinyOpsRuntime arena: 768 bytes (exact, activations only); prepared image: "))
    }

    @Test func badModelExitsWithOneAndWritesNothing() throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = tinyops(["deploy", directory + "/missing.tflite", "--format", "bin", "--name", "m", "--out", directory + "/out"])
        #expect(result.code == .failure)
        #expect(result.stderr.hasPrefix("tinyops: error: \(directory)/missing.tflite: no such file"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/out"))
    }

    @Test func checkRefusalExitsWithThree() throws {
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/out"
        let model = Self.fixture("unsupported_topk_float.tflite")
        let refused = tinyops(["deploy", model, "--format", "c-array", "--name", "m", "--out", out, "--target", "nano33ble"])
        #expect(refused.code == .checkFailed)
        #expect(refused.stdout.contains("TOPK_V2"))
        #expect(refused.stderr == "tinyops: deploy refused: \(model) does not fit nano33ble; nothing written (--force writes it anyway)\n")
        #expect(!FileManager.default.fileExists(atPath: out))
        let forced = tinyops(["deploy", model, "--format", "c-array", "--name", "m", "--out", out, "--target", "nano33ble", "--force"])
        #expect(forced.code == .success)
        #expect(forced.stderr.contains("written because of --force"))
        #expect(FileManager.default.fileExists(atPath: out + "/model_op_resolver.h"))
    }

    /// The built binary, copied alone into an empty folder, still writes the runtime sources
    /// (they are embedded), byte for byte those of Sources/TinyOpsRuntime.
    @Test func aCopiedBinaryStillShipsTheRuntime() throws {
        guard let binary = BuiltBinary.url else { throw BuiltBinary.Missing(searched: BuiltBinary.candidates().map(\.path)) }
        let directory = try Self.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let copy = directory + "/tinyops"
        try FileManager.default.copyItem(atPath: binary.path, toPath: copy)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: copy)
        process.arguments = ["deploy", Self.fixture("conv1d_int8.tflite"), "--format", "runtime", "--name", "m", "--out", directory + "/b",
                             "--depfile", directory + "/b.d"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let runtime = Self.root + "/Sources/TinyOpsRuntime"
        for name in ["kernels.c", "interpreter.c", "tinyops_runtime.h", "sha256.c"] {
            let original = name.hasPrefix("tinyops_") ? runtime + "/include/" + name : runtime + "/" + name
            #expect(FileManager.default.contents(atPath: directory + "/b/runtime/" + name) == FileManager.default.contents(atPath: original), "\(name)")
        }
        let depfile = String(decoding: FileManager.default.contents(atPath: directory + "/b.d") ?? Data(), as: UTF8.self)
        #expect(depfile.hasSuffix(" \\\n \(copy)\n"), "\(depfile)")
    }
}
