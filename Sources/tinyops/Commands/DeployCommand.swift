import Foundation
import TinyOpsKit

/// `tinyops deploy MODEL.tflite --format runtime --name imu --out firmware/model`: the files a
/// firmware build consumes, optionally gated by `tinyops check`.
struct DeployCommand: Command {
    static let spec = CommandSpec(
        name: "deploy",
        abstract: "Write a model as firmware artifacts: C array, TinyOpsRuntime bundle, Arduino library or blob.",
        discussion: """
            Formats:
              c-array   model_data.h/.c (alignas(16) const unsigned char NAME[], NAME_len),
                        model_settings.h (arena sizes, shapes, quantization, labels),
                        model_op_resolver.h (MicroMutableOpResolver<N> with exactly the
                        model's ops) for TFLite Micro
              runtime   a self-contained TinyOpsRuntime bundle: runtime/ (the C sources this
                        tinyops runs, and a tinyops_config.h compiling in only the model's
                        kernels), NAME_model.h/.c (the array, the exact arena, shapes,
                        quantization, labels, normalization), NAME_features.h/.c for a
                        feature block, and an example main.c
              arduino   an Arduino library: library.properties, src/, examples/NAME/NAME.ino
              bin       NAME.bin: the model behind a 48-byte header (magic TOBL, version,
                        length, sha256; docs/model-blob.md), checked on the device by
                        tinyops_blob_open

            --prepared (runtime, arduino) runs tinyops_init here and ships its result as \
            NAME_prepared for tinyops_init_prepared: the device then links no model reader, \
            planner or prepare code, and keeps the operator records in flash, so both flash \
            and arena shrink (docs/prepared-image.md). The model array must then stay the one \
            deployed: the device refuses another (length and CRC-32 are checked).

            Every C symbol starts with --name. --out is replaced as a whole, atomically, and \
            only when it is new, empty or an earlier deploy's output. Identical inputs give \
            byte-identical files. --depfile writes a make rule making every output depend \
            on the model and on the tinyops executable.

            With --target, the model is checked first (as 'tinyops check --runtime tflm' for \
            c-array, '--runtime tinyops' for the other formats, with '--prepared' when given) \
            and, when it does not fit, \
            nothing is written and the exit status is 3, unless --force. Without --target, \
            the c-array TFLite Micro arena is estimated for cortex-m4f.

            Examples:
              tinyops deploy imu_int8.tflite --format runtime --name imu --out build/imu
              tinyops deploy kws.tflite --format c-array --name g_kws_model --out src/model --target nano33ble
              tinyops deploy kws.tflite --format bin --name kws --out dist --depfile build/kws.d
            """,
        options: [
            .choice("format", short: "f", of: DeployFormat.self, required: true, help: "What to write."),
            .option("name", short: "n", value: "identifier", required: true,
                    help: "Prefix of every C symbol (and the library name): letters, digits and '_'."),
            .option("out", short: "o", value: "dir", required: true, help: "The directory to write (replaced as a whole)."),
            .option("depfile", value: "path", help: "Also write a make depfile listing the outputs and their inputs."),
            .choice("target", short: "t", of: TargetName.self,
                    help: "Check the model against this core or board first; refuse it (exit 3) when it does not fit."),
            .flag("force", help: "With --target: deploy even when the check fails."),
            .flag("prepared", help: "runtime/arduino: prepare the model here and ship the result (NAME_prepared, for "
                + "tinyops_init_prepared): less flash and RAM on the device, but the model can then not be swapped alone."),
        ],
        arguments: [.required("model", help: "The .tflite model file.")])

    let model: String
    let options: DeployOptions

    init(_ args: ParsedArguments) throws {
        model = try args.path("model")
        let name: String = try args.string("name")
        let prefix: CSymbolPrefix
        do {
            prefix = try CSymbolPrefix(name)
        } catch {
            let problem = if case .badName(_, let problem) = error { problem } else { error.message }
            throw UsageError.invalidValue(name: "--name", value: name, expected: "a C identifier prefix: \(problem)")
        }
        var target: Target?
        if let targetName: String = try args.string("target") {
            guard let found = Target.named(targetName) else {
                throw UsageError.invalidValue(name: "--target", value: targetName, expected: "a core or board listed by 'tinyops targets'")
            }
            target = found
        }
        let force = args.flag("force")
        if force && target == nil {
            throw UsageError.missingOption("--target <name>")
        }
        let format: DeployFormat = try args.choice("format")
        let prepared = args.flag("prepared")
        if prepared && format != .runtime && format != .arduino {
            throw UsageError.conflictingOptions("--prepared", "--format \(format.rawValue)")
        }
        options = DeployOptions(format: format, prefix: prefix, outputDirectory: try args.path("out"),
                                depfile: try args.path("depfile"), target: target, force: force, prepared: prepared,
                                toolPath: Bundle.main.executablePath)
    }

    func run(_ io: CommandContext) throws -> ExitCode {
        var options = self.options
        options.toolVersion = io.version
        let result = try Deployer.run(modelPath: model, options: options)
        if io.json {
            try io.printJSON(result.json())
        } else {
            io.stdout.write(result.text())
        }
        if result.refused {
            io.stderr.write("\(io.programName): deploy refused: \(model) does not fit \(options.target?.name ?? "the target"); "
                + "nothing written (--force writes it anyway)\n")
            return .checkFailed
        }
        if let check = result.check, !check.passes {
            io.note("warning: \(model) does not fit \(check.options.target.name); written because of --force")
        }
        return .success
    }
}
