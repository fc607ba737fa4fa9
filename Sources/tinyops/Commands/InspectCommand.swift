import TinyOpsKit

/// `tinyops inspect MODEL.tflite`: what is inside a model, for people and for scripts.
struct InspectCommand: Command {
    static let spec = CommandSpec(
        name: "inspect",
        abstract: "Show a model's inputs, outputs, operators, tensors, quantization, MACs, sizes and metadata.",
        discussion: """
            Reads any .tflite file (from tinyops or the TensorFlow Lite converter), verifies \
            its structure, and prints every operator with its tensors' shapes, types and \
            quantization parameters, the MACs and parameters of each operator, totals, and \
            the metadata entries. A corrupt or truncated file is an error (exit 1).
            """,
        arguments: [.required("model", help: "The .tflite model file.")],
        supportsJSON: true)

    let model: String

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let inspection = ModelInspection(try ModelFile.load(model))
        if io.json {
            try io.printJSON(try inspection.json())
        } else {
            io.stdout.write(try inspection.text())
        }
        return .success
    }
}
