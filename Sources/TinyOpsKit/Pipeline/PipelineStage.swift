/// One stage of a pipeline: what it reads (project files, earlier stages' outputs), its
/// options, and the library call that produces its outputs in a folder.
public struct PipelineStage: Sendable {
    /// What a running stage is given.
    public struct Run: Sendable {
        public let project: String
        /// The scratch folder the stage writes its outputs into.
        public let output: String
        /// Output folders of earlier stages, by stage name (store entries: stable, complete).
        public let upstream: [String: String]
        /// The lock's hash as of the stages before this one (for update packages).
        public let lockHash: String

        public func file(_ relative: String) -> String { relative.hasPrefix("/") ? relative : project + "/" + relative }
    }

    public let name: String
    /// Project-relative files and folders whose content is part of the key.
    public let files: [String]
    /// Earlier stages whose outputs this stage reads.
    public let upstream: [String]
    public let options: JSONValue
    /// Runs the stage; returns its metrics (recorded in the lock).
    public let body: @Sendable (Run) throws -> JSONObject

    /// The stage's identity: its options, input contents, upstream outputs and the tool version.
    func key(fileHashes: [String: String], upstreamHashes: [String: String]) -> String {
        let canonical: JSONValue = [
            "stage": .string(name),
            "tool": .string(TinyOps.version),
            "options": options,
            "files": .object(JSONObject(fileHashes.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
            "upstream": .object(JSONObject(upstreamHashes.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
        ]
        return SHA256.hex(Array(((try? JSONWriter(sortedKeys: true).string(canonical)) ?? name).utf8))
    }
}
