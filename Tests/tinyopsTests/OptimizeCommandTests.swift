import Foundation
import Testing
import TinyOpsKit
@testable import tinyops

/// `tinyops prune`, `tinyops distill` and `tinyops train --qat` end to end on small
/// generated datasets, and their bad-input paths.
@Suite struct OptimizeCommandTests {
    static let mlp = #"{"layers":[{"type":"dense","units":16,"activation":"relu"},{"type":"dense","units":12,"activation":"relu"},{"type":"dense","units":"classes"},{"type":"softmax"}]}"#

    /// A directory with a dataset (`data`), the MLP spec and a model trained on it.
    static func prepared(_ name: String = #function) throws -> String {
        let directory = NSTemporaryDirectory() + "tinyops-optimize-\(name.filter { $0.isLetter })-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try TrainCommandTests.writeDataset(directory + "/data")
        try TrainCommandTests.writeSpec(directory + "/spec.json", mlp)
        let outcome = run(["train", directory + "/spec.json", "--data", directory + "/data", "-o", directory + "/model.tflite",
                           "--epochs", "12", "--lr", "0.02", "--batch-size", "8"], root: Tinyops.self)
        #expect(outcome.code == .success, "\(outcome.stderr)")
        return directory
    }

    func tinyops(_ arguments: [String]) -> Outcome { run(arguments, root: Tinyops.self) }

    /// The float weight tensors of FULLY_CONNECTED ops, in order.
    static func kernels(_ path: String) throws -> [[Float]] {
        let model = try ModelFile.load(path).model
        return model.main.operators.filter { $0.builtin == .fullyConnected }.compactMap { model.main.tensors[Int($0.inputs[1])].floatValues }
    }

    @Test func magnitudePruningReachesTheSparsityAndReadsBack() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["prune", d + "/model.tflite", "--data", d + "/data", "--sparsity", "0.5", "--epochs", "4",
                               "--batch-size", "8", "--frequency", "2", "--all-layers", "-o", d + "/pruned.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let report = try JSONParser().parse(outcome.stdout)
        #expect(report["sparsity"]?.doubleValue == 0.5)
        #expect(report["layers"]?.arrayValue?.count == 3)
        #expect((report["accuracy"]?["after"]?.doubleValue ?? 0) >= 0.8, "\(outcome.stdout)")
        #expect(report["bytes"]?["gzip_after"]?.intValue ?? 0 > 0, "gzip is on this machine")
        // Every layer holds exactly half zeros (4×16, 16×12, 12×3 weights).
        let kernels = try Self.kernels(d + "/pruned.tflite")
        #expect(kernels.map { $0.filter { $0 == 0 }.count } == [32, 96, 18])
        let metadata = try #require(try ModelFile.load(d + "/pruned.tflite").model.tinyopsMetadata())
        #expect(metadata["pruning"]?["achieved"]?.doubleValue == 0.5)
        #expect(metadata["labels"] == ["a", "b", "c"])
        // The pruned model is a model tinyops can prune again (and eval).
        let again = tinyops(["prune", d + "/pruned.tflite", "--data", d + "/data", "--sparsity", "0.75", "--epochs", "2",
                             "--schedule", "constant", "-o", d + "/again.tflite"])
        #expect(again.code == .success, "\(again.stderr)")
        #expect(again.stdout.contains("sparsity  75.00% of the prunable weights"), "\(again.stdout)")
        #expect(try Self.kernels(d + "/again.tflite")[1].filter { $0 == 0 }.count == 144)
        #expect(tinyops(["eval", d + "/again.tflite", "--data", d + "/data", "--split", "val"]).code == .success)
    }

    @Test func structuredPruningShrinksTheModel() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["prune", d + "/model.tflite", "--data", d + "/data", "--sparsity", "0.5", "--structured", "channels",
                               "--epochs", "3", "--batch-size", "8", "-o", d + "/small.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let report = try JSONParser().parse(outcome.stdout)
        // First layer kept (not --all-layers); the second loses 6 of 12 units, the last its inputs.
        #expect(try Self.kernels(d + "/small.tflite").map(\.count) == [4 * 16, 16 * 6, 6 * 3])
        #expect(report["totals"]?["macs_after"]?.intValue == 4 * 16 + 16 * 6 + 6 * 3)
        #expect(report["bytes"]?["after"]?.intValue ?? .max < report["bytes"]?["before"]?.intValue ?? 0)
        let layers = try #require(report["layers"]?.arrayValue)
        #expect(layers[0]["note"]?.stringValue == "channels kept: first layer (--all-layers prunes it)")
        #expect(layers[1]["note"]?.stringValue == "kept 6 of 12 channels")
        #expect(layers[2]["note"]?.stringValue == "channels kept: it is the model output; inputs follow the pruned layer")
    }

    @Test func pruningASpecTrainsItFirst() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["prune", d + "/spec.json", "--data", d + "/data", "--sparsity", "0.5", "--epochs", "4", "--lr", "0.02",
                               "--batch-size", "8", "-o", d + "/pruned.tflite"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("(spec trained first)"))
        #expect(try Self.kernels(d + "/pruned.tflite")[1].filter { $0 == 0 }.count == 96, "only the middle layer by default")
    }

    @Test func pruningWithQATWritesAnInt8Model() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["prune", d + "/model.tflite", "--data", d + "/data", "--sparsity", "0.5", "--epochs", "3",
                               "--batch-size", "8", "--qat", "-o", d + "/q.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let model = try ModelFile.load(d + "/q.tflite").model
        let filters = model.main.operators.filter { $0.builtin == .fullyConnected }.map { model.main.tensors[Int($0.inputs[1])] }
        #expect(filters.allSatisfy { $0.type == .int8 })
        #expect(filters[1].int8Values?.filter { $0 == 0 }.count ?? 0 >= 96, "pruned weights stay 0 in int8")
        let report = try JSONParser().parse(outcome.stdout)
        #expect((report["accuracy"]?["int8"]?.doubleValue ?? 0) >= 0.8, "\(outcome.stdout)")
        #expect(tinyops(["eval", d + "/q.tflite", "--data", d + "/data", "--split", "val"]).stdout.contains("int8, TinyOpsRuntime"))
    }

    @Test func distillationWithAlphaOneIsPlainTraining() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try TrainCommandTests.writeSpec(d + "/student.json", #"{"layers":[{"type":"dense","units":4,"activation":"relu"},{"type":"dense","units":"classes"}]}"#)
        let common = ["--data", d + "/data", "--epochs", "5", "--batch-size", "8", "--seed", "3", "--lr", "0.01"]
        let distilled = tinyops(["distill", "--teacher", d + "/model.tflite", "--student", d + "/student.json", "--alpha", "1",
                                 "--baseline", "-o", d + "/student.tflite", "--json"] + common)
        #expect(distilled.code == .success, "\(distilled.stderr)")
        let trained = tinyops(["train", d + "/student.json", "-o", d + "/plain.tflite"] + common)
        #expect(trained.code == .success)
        #expect(try Self.kernels(d + "/student.tflite") == Self.kernels(d + "/plain.tflite"))
        let report = try JSONParser().parse(distilled.stdout)
        #expect(report["accuracy"]?["student"] == report["accuracy"]?["baseline"])
        #expect((report["accuracy"]?["teacher"]?.doubleValue ?? 0) >= 0.9)
        // With the teacher's term the weights differ.
        let soft = tinyops(["distill", "--teacher", d + "/model.tflite", "--student", d + "/student.json", "--alpha", "0.3",
                            "-o", d + "/soft.tflite"] + common)
        #expect(soft.code == .success && soft.stdout.contains("student (distilled)"))
        #expect(try Self.kernels(d + "/soft.tflite") != Self.kernels(d + "/plain.tflite"))
    }

    /// A teacher from the TensorFlow converter (ends in SOFTMAX, no tinyops metadata).
    @Test func aTensorFlowTeacher() throws {
        let d = NSTemporaryDirectory() + "tinyops-tfteacher-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        try TrainCommandTests.writeDataset(d + "/data", shape: [20], classes: ["a", "b", "c", "d"])
        try TrainCommandTests.writeSpec(d + "/student.json", #"[{"type":"dense","units":"classes"}]"#)
        let teacher = InspectCommandTests.fixture("mlp_float.tflite")
        let outcome = tinyops(["distill", "--teacher", teacher, "--student", d + "/student.json", "--data", d + "/data",
                               "--epochs", "2", "-o", d + "/s.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let eval = tinyops(["eval", teacher, "--data", d + "/data", "--split", "val", "--json"])
        let teacherAccuracy = try JSONParser().parse(outcome.stdout)["accuracy"]?["teacher"]
        #expect(teacherAccuracy == (try JSONParser().parse(eval.stdout))["accuracy"], "the teacher runs as eval runs it")
    }

    @Test func trainWithQATReportsPTQAndWritesInt8() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let outcome = tinyops(["train", d + "/spec.json", "--data", d + "/data", "--epochs", "8", "--lr", "0.02", "--batch-size", "8",
                               "--qat", "--qat-epochs", "2", "-o", d + "/qat.tflite", "--json"])
        #expect(outcome.code == .success, "\(outcome.stderr)")
        let qat = try #require(try JSONParser().parse(outcome.stdout)["qat"])
        #expect(qat["epochs_run"]?.arrayValue?.count == 2)
        #expect(qat["ptq_int8_accuracy"]?.doubleValue != nil && qat["float_accuracy"]?.doubleValue != nil)
        let model = try ModelFile.load(d + "/qat.tflite").model
        #expect(model.main.tensors[Int(model.main.inputs[0])].type == .int8)
        let metadata = try #require(try model.tinyopsMetadata())
        #expect(metadata["quantization"]?["calibration"]?.stringValue?.contains("quantization-aware training") == true)
        #expect(metadata["qat"]?["epochs"]?.intValue == 2)
    }

    @Test func badInputsFailWithOneLineAndNoOutput() throws {
        let d = try Self.prepared()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let out = d + "/out.tflite"
        func fails(_ arguments: [String], _ line: String, code: ExitCode = .failure) {
            let outcome = tinyops(arguments)
            #expect(outcome.code == code, "\(arguments): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").first.map(String.init) == line, "\(outcome.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let base = ["--data", d + "/data", "--sparsity", "0.5", "-o", out]
        fails(["prune", InspectCommandTests.fixture("mlp_int8.tflite")] + base,
              "tinyops: error: \(InspectCommandTests.fixture("mlp_int8.tflite")): is an int8 model; pruning and fine-tuning start from the float32 model")
        fails(["prune", InspectCommandTests.fixture("mlp_float.tflite")] + base,
              "tinyops: error: \(InspectCommandTests.fixture("mlp_float.tflite")): has no model spec in its tinyops metadata (it was not written by tinyops train, prune or distill)")
        fails(["prune", d + "/model.tflite", "--structured", "channels", "--scope", "global"] + base,
              "tinyops: error: options '--structured' and '--scope global' cannot be used together; see 'tinyops prune --help'", code: .usage)
        fails(["prune", d + "/model.tflite", "--epochs", "4", "--ramp-epochs", "4"] + base,
              "tinyops: error: the sparsity ramp (4 epochs) must end before the last epoch (--epochs 4), so that masks stay fixed while fine-tuning")
        fails(["prune", d + "/model.tflite", "--data", d + "/data", "--sparsity", "1", "-o", out],
              "tinyops: error: invalid value '1' for '--sparsity': expected a number from 0.0 to 0.999999; see 'tinyops prune --help'", code: .usage)
        fails(["train", d + "/spec.json", "--data", d + "/data", "--qat-epochs", "2", "-o", out],
              "tinyops: error: option '--qat-epochs' needs '--qat'; see 'tinyops train --help'", code: .usage)
        try TrainCommandTests.writeDataset(d + "/other", classes: ["a", "b", "x"])
        fails(["prune", d + "/model.tflite", "--data", d + "/other", "--sparsity", "0.5", "-o", out],
              #"tinyops: error: \#(d)/other: the model's labels ["a", "b", "c"] differ from the dataset's ["a", "b", "x"]"#)
        fails(["distill", "--teacher", InspectCommandTests.fixture("mlp_float.tflite"), "--student", d + "/spec.json", "--data", d + "/data", "-o", out],
              "tinyops: error: \(InspectCommandTests.fixture("mlp_float.tflite")): the teacher takes 20 values per sample, the dataset's samples are 4")
    }
}
