/// `tinyops.lock`: for every stage, the key it ran with, its input hashes and options, its
/// outputs' hash, its metrics and the tool version — enough to reproduce a result, to tell
/// which stages are stale and why, and to compare runs (`tinyops metrics --diff`).
public struct LockFile: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var name: String
        public var key: String
        public var inputs: [String: String]
        public var options: JSONValue
        public var outputHash: String
        public var outputs: [String]
        public var metrics: JSONObject
        public var tool: String
    }

    public var stages: [Stage]

    public static let fileName = "tinyops.lock"

    public init(stages: [Stage] = []) { self.stages = stages }

    public func stage(_ name: String) -> Stage? { stages.first { $0.name == name } }

    public mutating func record(_ stage: Stage) {
        if let index = stages.firstIndex(where: { $0.name == stage.name }) { stages[index] = stage } else { stages.append(stage) }
    }

    /// The lock's identity, recorded in update packages as "the lock hash it was built from".
    public var hash: String { SHA256.hex(Array(((try? JSONWriter(sortedKeys: true).string(json())) ?? "").utf8)) }

    public func json() -> JSONValue {
        [
            "format": "tinyops-lock",
            "format_version": 1,
            "stages": .array(stages.map { stage in
                [
                    "name": .string(stage.name),
                    "key": .string(stage.key),
                    "tool": .string(stage.tool),
                    "inputs": .object(JSONObject(stage.inputs.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
                    "options": stage.options,
                    "output_hash": .string(stage.outputHash),
                    "outputs": .array(stage.outputs.map(JSONValue.string)),
                    "metrics": .object(stage.metrics),
                ]
            }),
        ]
    }

    public static func load(_ path: String) throws -> LockFile {
        let json = try JSONValue(contentsOf: path)
        do {
            return try decode(json)
        } catch {
            throw FileError(path: path, reason: error)
        }
    }

    static func decode(_ json: JSONValue) throws(JSONError) -> LockFile {
        let root = JSONCursor(json)
        do {
            guard try root["format"].string() == "tinyops-lock" else { throw root["format"].invalid("expected \"tinyops-lock\"") }
            var stages: [Stage] = []
            for entry in try root["stages"].array() {
                var inputs: [String: String] = [:]
                for (key, value) in try entry["inputs"].object() { inputs[key] = try value.string() }
                var outputs: [String] = []
                for output in try entry["outputs"].array() { outputs.append(try output.string()) }
                stages.append(Stage(name: try entry["name"].string(), key: try entry["key"].string(), inputs: inputs,
                                    options: try entry["options"].require(), outputHash: try entry["output_hash"].string(),
                                    outputs: outputs, metrics: try entry["metrics"].require().objectValue ?? JSONObject(),
                                    tool: try entry["tool"].string()))
            }
            return LockFile(stages: stages)
        }
    }

    public func write(to path: String) throws {
        try json().write(to: path, pretty: true)
    }
}
