import Foundation

/// `tinyops run` / `status`: runs a project's stages in order with make-like caching. A stage
/// whose key (options, input contents, upstream outputs, tool version) matches the lock is
/// skipped; one whose key is in the store (an earlier configuration) is restored from it;
/// anything else runs. After each stage that ran, its outputs are published to `build/` and
/// the lock is rewritten atomically, so an interrupted or failing run leaves the previous good
/// outputs and lock entries in place.
public enum PipelineRunner {
    public enum StageState: Equatable, Sendable {
        case upToDate
        case restored
        case ran(seconds: Double)
    }

    public struct StageResult: Sendable {
        public let name: String
        public let state: StageState
        public let metrics: JSONObject
        public let outputs: String
    }

    public struct Failure: UserFacingError {
        public let stage: String
        public let underlying: any UserFacingError
        public var message: String { "stage \(stage): \(underlying.message)" }
        public var hint: String? { underlying.hint }
    }

    /// Runs the stages up to the last of `only` (all when empty).
    public static func run(project: String, only: [String] = [], force: Bool = false,
                           progress: (String) -> Void = { _ in }) throws -> [StageResult] {
        let config = try PipelineConfig.load(projectDirectory: project)
        let stages = PipelineStages.stages(for: config)
        let last = try lastIndex(of: only, in: stages)
        let store = StageStore(project: project)
        // Scratch folders of runs that were interrupted hold nothing anyone refers to.
        try? FileManager.default.removeItem(atPath: store.root + "/tmp")
        let lockPath = project + "/" + LockFile.fileName
        var lock = FileManager.default.fileExists(atPath: lockPath) ? try LockFile.load(lockPath) : LockFile()
        var outputHashes: [String: String] = [:], outputPaths: [String: String] = [:]
        var results: [StageResult] = []

        for stage in stages[...last] {
            let fileHashes = try hashes(stage.files, in: project, stage: stage.name)
            let key = stage.key(fileHashes: fileHashes, upstreamHashes: stage.upstream.reduce(into: [:]) { $0[$1] = outputHashes[$1] })
            let state: StageState
            if !force, lock.stage(stage.name)?.key == key, store.has(key) {
                state = .upToDate
                if !FileManager.default.fileExists(atPath: store.build + "/" + stage.name) { try store.publish(key, as: stage.name) }
            } else if !force, store.has(key) {
                state = .restored
                try store.publish(key, as: stage.name)
            } else {
                progress("\(stage.name): running…")
                let start = Date()
                let scratch = try store.scratch(for: key)
                do {
                    let metrics = try stage.body(PipelineStage.Run(project: project, output: scratch,
                                                                   upstream: outputPaths, lockHash: lock.hash))
                    let outputs = try ContentHash.files(in: scratch)
                    let outcome: JSONValue = ["metrics": .object(metrics), "output_hash": .string(try ContentHash.of(scratch)),
                                              "outputs": .array(outputs.map(JSONValue.string))]
                    try outcome.write(to: scratch + "/outcome.json")
                    try store.commit(scratch, key: key)
                } catch {
                    try? FileManager.default.removeItem(atPath: scratch)
                    if let error = error as? any UserFacingError { throw Failure(stage: stage.name, underlying: error) }
                    throw error
                }
                try store.publish(key, as: stage.name)
                state = .ran(seconds: Date().timeIntervalSince(start))
            }
            let outcome = try store.outcome(key)
            let metrics = outcome["metrics"]?.objectValue ?? JSONObject()
            outputHashes[stage.name] = outcome["output_hash"]?.stringValue ?? ""
            outputPaths[stage.name] = store.entry(key)
            if state != .upToDate {
                lock.record(LockFile.Stage(name: stage.name, key: key, inputs: fileHashes, options: stage.options,
                                           outputHash: outputHashes[stage.name]!,
                                           outputs: outcome["outputs"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                                           metrics: metrics, tool: "tinyops \(TinyOps.version)"))
                try lock.write(to: lockPath)
            }
            let result = StageResult(name: stage.name, state: state, metrics: metrics, outputs: "build/" + stage.name)
            progress(describe(result))
            results.append(result)
        }
        return results
    }

    public static func describe(_ result: StageResult) -> String {
        switch result.state {
        case .upToDate: return "\(result.name): up to date"
        case .restored: return "\(result.name): restored from the cache (.tinyops/store)"
        case .ran(let seconds): return "\(result.name): done in " + String(format: "%.1f s", seconds)
        }
    }

    static func lastIndex(of names: [String], in stages: [PipelineStage]) throws -> Int {
        guard !names.isEmpty else { return stages.count - 1 }
        return try names.map { name in
            guard let index = stages.firstIndex(where: { $0.name == name }) else {
                throw PipelineError.unknownStage(name: name, known: stages.map(\.name))
            }
            return index
        }.max()!
    }

    static func hashes(_ files: [String], in project: String, stage: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for file in files {
            do {
                result[file] = try ContentHash.of(file.hasPrefix("/") ? file : project + "/" + file)
            } catch let error as any UserFacingError {
                throw Failure(stage: stage, underlying: error)
            }
        }
        return result
    }
}

public enum PipelineError: UserFacingError, Equatable {
    case unknownStage(name: String, known: [String])
    case deployRefused(format: String, target: String)

    public var message: String {
        switch self {
        case .unknownStage(let name, let known):
            return "unknown stage '\(name)'; this project's stages are \(known.joined(separator: ", "))"
        case .deployRefused(let format, let target):
            return "deploy (\(format)) refused: the model does not fit \(target) (see build/check); set \"force\": true to deploy anyway"
        }
    }
}
