/// One file of a deploy output: its path inside `--out` and its bytes.
public struct GeneratedFile: Equatable, Sendable {
    public let path: String
    public let bytes: [UInt8]

    init(_ path: String, _ text: String) {
        self.path = path
        bytes = Array(text.utf8)
    }

    init(_ path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// The files of each `--format`, in memory, sorted by path. Nothing here touches the disk.
enum DeployBundles {
    static func files(_ format: DeployFormat, _ context: DeployContext) throws -> [GeneratedFile] {
        let files: [GeneratedFile]
        switch format {
        case .cArray: files = cArray(context)
        case .runtime: files = try runtime(context)
        case .arduino: files = try arduino(context)
        case .bin: files = try bin(context)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// TFLite Micro's convention: model_data.{h,c}, model_settings.h, model_op_resolver.h.
    static func cArray(_ context: DeployContext) -> [GeneratedFile] {
        let p = context.prefix.macro
        let dataHeader = ModelArrayRenderer.header(context, file: "\(p)_model_data.h", what: "The model as a C array (TFLite Micro's convention).",
                                                   body: "")
            + ModelArrayRenderer.declarations(context, extras: false) + ModelArrayRenderer.headerEnd("\(p)_model_data.h")
        let settings = CSource.banner(context, "Sizes, shapes, quantization and labels of \(context.prefix.name), for TFLite Micro or TinyOpsRuntime.")
            + "\n#ifndef \(p)_MODEL_SETTINGS_H\n#define \(p)_MODEL_SETTINGS_H\n\n"
            + ModelSettingsRenderer.defines(context, tflm: true)
            + "\n#endif /* \(p)_MODEL_SETTINGS_H */\n"
        return [
            GeneratedFile("model_data.h", dataHeader),
            GeneratedFile("model_data.c", ModelArrayRenderer.source(context, header: "model_data.h", extras: false,
                                                                   what: "The model as a C array (TFLite Micro's convention).")),
            GeneratedFile("model_settings.h", settings),
            GeneratedFile("model_op_resolver.h", OpResolverRenderer.render(context, file: "\(p)_model_op_resolver.h")),
        ]
    }

    /// The model's own files for TinyOpsRuntime: `<name>_model.{h,c}` (array, settings,
    /// labels, normalization), `<name>_features.{h,c}` for a feature block, the kernel config.
    static func modelFiles(_ context: DeployContext, directory: String, configDirectory: String) throws -> [GeneratedFile] {
        _ = try context.requireRuntimePlan()
        for (index, io) in (context.inputs + context.outputs).enumerated() where io.type != .int8 && io.type != .float32 {
            let which = index < context.inputs.count ? "input \(index)" : "output \(index - context.inputs.count)"
            throw DeployError.unsupportedIO(model: context.modelPath, detail: "\(which) is \(io.type.name); the runtime bundle feeds int8 and float32 tensors")
        }
        if let features = context.features, features.outputSize != context.inputs[0].elementCount {
            throw DeployError.unsupportedIO(model: context.modelPath, detail: "the feature block \(features.text) gives \(features.outputSize) values, input 0 takes \(context.inputs[0].elementCount)")
        }
        let name = context.prefix.name
        let headerName = "\(name)_model.h"
        let what = "\(name) for TinyOpsRuntime: the model array, its exact arena, shapes, quantization, labels."
        var includes: [String] = []
        if context.features != nil { includes.append("\"\(RuntimeSources.featuresHeader)\"") }
        let header = ModelArrayRenderer.header(context, file: headerName, what: what, includes: includes,
                                               body: ModelSettingsRenderer.defines(context, tflm: false))
            + ModelArrayRenderer.declarations(context, extras: true) + ModelArrayRenderer.headerEnd(headerName)
        var files = [
            GeneratedFile(directory + headerName, header),
            GeneratedFile(directory + "\(name)_model.c", ModelArrayRenderer.source(context, header: headerName, extras: true, what: what)),
            GeneratedFile(configDirectory + KernelConfigRenderer.fileName, KernelConfigRenderer.render(context)),
        ]
        if let features = context.features {
            let rendered: FeatureConfigRenderer.Output
            do {
                rendered = try FeatureConfigRenderer.render(features, symbol: "\(name)_features", toolVersion: context.toolVersion)
            } catch {
                throw FileError(path: context.modelPath, reason: error)
            }
            files.append(GeneratedFile(directory + rendered.headerName, rendered.header))
            files.append(GeneratedFile(directory + rendered.sourceName, rendered.source))
        }
        return files
    }

    /// The runtime's sources, flat (public headers next to the private ones) under `directory`.
    static func runtimeSources(under directory: String) -> [GeneratedFile] {
        let files = RuntimeSources.files.map { GeneratedFile(directory + $0.name, bytes: $0.bytes) }
        precondition(Set(files.map(\.path)).count == files.count, "two runtime files share a name")
        return files
    }

    /// A self-contained bundle: runtime/ (the sources, byte for byte, and tinyops_config.h),
    /// the model files, main.c.
    static func runtime(_ context: DeployContext) throws -> [GeneratedFile] {
        let name = context.prefix.name
        var files = try modelFiles(context, directory: "", configDirectory: "runtime/")
        files += runtimeSources(under: "runtime/")
        files.append(GeneratedFile("main.c", ExampleProgramRenderer.render(
            context, style: .c, modelHeader: "\(name)_model.h", featuresHeader: context.features.map { _ in "\(name)_features.h" })))
        return files
    }

    /// An Arduino library (1.5 format): library.properties, src/ (runtime, model, an umbrella
    /// header `<name>.h`), examples/<name>/<name>.ino.
    static func arduino(_ context: DeployContext) throws -> [GeneratedFile] {
        let name = context.prefix.name
        var files = try modelFiles(context, directory: "src/", configDirectory: "src/")
        files += runtimeSources(under: "src/")
        var umbrella = CSource.banner(context, "The \(name) library: TinyOpsRuntime and the model. Include this from a sketch.")
        umbrella += "\n#ifndef \(context.prefix.macro)_LIBRARY_H\n#define \(context.prefix.macro)_LIBRARY_H\n\n"
        umbrella += "#include \"tinyops_runtime.h\"\n#include \"tinyops_blob.h\"\n"
        if context.prepared != nil { umbrella += "#include \"tinyops_prepared.h\"\n" }
        umbrella += "#include \"tinyops_telemetry.h\"\n#include \"\(name)_model.h\"\n"
        if context.features != nil { umbrella += "#include \"\(name)_features.h\"\n" }
        umbrella += "\n#endif\n"
        files.append(GeneratedFile("src/\(name).h", umbrella))
        files.append(GeneratedFile("examples/\(name)/\(name).ino", ExampleProgramRenderer.render(
            context, style: .arduino, modelHeader: "\(name).h", featuresHeader: nil)))
        let version = UpdatePackage.runtimeVersion
        files.append(GeneratedFile("library.properties", """
            name=\(name)
            version=\(version)
            author=tinyops deploy
            maintainer=tinyops deploy
            sentence=The \(name) model with TinyOpsRuntime, a C99 int8 interpreter for TFLite models.
            paragraph=Generated by tinyops \(context.toolVersion) from \(context.modelName) (sha256 \(context.modelSHA256)). Runs the model with an exact arena of \(try context.requireRuntimePlan().arenaBytes) bytes; see examples/\(name).
            category=Data Processing
            architectures=*
            includes=\(name).h

            """))
        return files
    }

    /// The raw model behind the blob header.
    static func bin(_ context: DeployContext) throws -> [GeneratedFile] {
        guard context.modelBytes.count <= ModelBlob.maxModelBytes else {
            throw DeployError.modelTooLarge(model: context.modelPath, bytes: context.modelBytes.count)
        }
        return [GeneratedFile("\(context.prefix.name).bin", bytes: ModelBlob(model: context.modelBytes).bytes)]
    }
}
