import TinyOpsKit

/// `tinyops diff OLD.tflite NEW.tflite -o PATCH`: a model patch for cheap over-the-air updates.
struct DiffCommand: Command {
    static let spec = CommandSpec(
        name: "diff",
        abstract: "Write a compact patch that turns one .tflite into another, for over-the-air updates.",
        discussion: """
            The patch copies from OLD every run of bytes NEW shares with it (unchanged \
            buffers are found by content, wherever the FlatBuffer moved them) and carries \
            only the rest: the retrained layers' buffers, the metadata and the tables that \
            changed. Its header names both models by length and SHA-256, so a device applies \
            it only to the model it was made from and checks the result before using it \
            (tinyops_patch_* in TinyOpsRuntime; format in docs/model-patch.md). The patch is \
            applied once before it is written, with the device's checks.

            Example:
              tinyops diff build/imu_v1_int8.tflite build/imu_v2_int8.tflite -o build/imu_v1_to_v2.patch
            """,
        options: [.option("out", short: "o", value: "path", required: true, help: "Where to write the patch.")],
        arguments: [
            .required("old", help: "The model on the device (.tflite)."),
            .required("new", help: "The model to update it to (.tflite)."),
        ])

    let old: String
    let new: String
    let out: String

    init(_ args: ParsedArguments) throws {
        old = try args.path("old")
        new = try args.path("new")
        out = try args.path("out")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let report = try DiffJob.run(old: old, new: new, output: out)
        if io.json { try io.printJSON(report.json()) } else { io.stdout.write(report.text()) }
        return .success
    }
}
