import TinyOpsKit

/// `tinyops init [DIR] [--template imu|audio|image]`: a project that runs as it is.
struct InitCommand: Command {
    static let spec = CommandSpec(
        name: "init",
        abstract: "Scaffold a project (tinyops.json, a model spec and real example data) that `tinyops run` takes to firmware as it is.",
        discussion: """
            Templates: imu (accelerometer and gyroscope CSV recordings of four activities, a \
            1-D CNN), audio (spoken keywords as WAV, an MFCC front end, a DS-CNN; five clips \
            per label) and image (8×8 handwritten digits, a small 2-D CNN). Each writes the \
            data with its origin and licence in README.md. Edit tinyops.json (docs/pipeline.md) \
            and replace data/ with your own recordings.

              tinyops init my-project --template imu && tinyops run -C my-project
            """,
        options: [.choice("template", of: ProjectTemplates.Kind.self, default: .imu, help: "The kind of project.")],
        arguments: [.optional("directory", default: ".", help: "The new project's folder (new or empty).")],
        supportsJSON: false)

    let directory: String
    let template: ProjectTemplates.Kind

    init(_ args: ParsedArguments) throws {
        directory = try args.path("directory")
        template = try args.choice("template")
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        let files = try ProjectTemplates.scaffold(template, into: directory)
        io.print("created the \(template.rawValue) template project in \(directory) (\(files.count) files); run it with: tinyops run -C \(directory)")
        return .success
    }
}
