/// The artifacts `tinyops deploy` writes.
public enum DeployFormat: String, CaseIterable, Sendable {
    /// TFLite Micro's convention: model_data.{h,c}, model_settings.h, model_op_resolver.h.
    case cArray = "c-array"
    /// A self-contained TinyOpsRuntime bundle: runtime/, the model, main.c.
    case runtime
    /// An Arduino library: library.properties, src/, examples/.
    case arduino
    /// The model behind a 48-byte header (magic, version, length, sha256).
    case bin

    /// The runtime `--target` budgets for: TFLite Micro for C arrays, TinyOpsRuntime otherwise.
    public var checkedRuntime: RuntimeKind { self == .cArray ? .tflm : .tinyops }
}

/// What `tinyops deploy` is asked.
public struct DeployOptions: Sendable {
    public var format: DeployFormat
    public var prefix: CSymbolPrefix
    /// The directory written (replaced as a whole).
    public var outputDirectory: String
    /// A make depfile to write after the outputs.
    public var depfile: String?
    /// Run `tinyops check` against this target first, and refuse a model that does not fit.
    public var target: Target?
    /// Deploy even when the check fails.
    public var force: Bool
    /// Runtime bundles: also write the prepared image (`tinyops_init_prepared`), so the
    /// firmware links no model reader, planner or prepare code and keeps the records in flash.
    public var prepared: Bool
    /// The tinyops executable, listed in the depfile (the outputs depend on the tool).
    public var toolPath: String?
    public var toolVersion: String

    public init(format: DeployFormat, prefix: CSymbolPrefix, outputDirectory: String, depfile: String? = nil,
                target: Target? = nil, force: Bool = false, prepared: Bool = false, toolPath: String? = nil,
                toolVersion: String = TinyOps.version) {
        self.format = format
        self.prefix = prefix
        self.outputDirectory = outputDirectory
        self.depfile = depfile
        self.target = target
        self.force = force
        self.prepared = prepared
        self.toolPath = toolPath
        self.toolVersion = toolVersion
    }

    /// The core the TFLM arena of a C array is estimated for: the target's, else Cortex-M4F.
    public var tflmCore: CortexCore { target?.core ?? .m4f }
}

/// What `tinyops deploy` did.
public struct DeployResult: Sendable {
    public let options: DeployOptions
    public let modelPath: String
    public let modelBytes: Int
    public let modelSHA256: String
    /// The files written, paths relative to the output directory, sorted.
    public let files: [GeneratedFile]
    /// The check run for `--target`, if any.
    public let check: CheckReport?
    /// Nothing was written: the check failed and `--force` was not given.
    public let refused: Bool
    /// TinyOpsRuntime's exact arena, when the runtime can run the model (with `--prepared`,
    /// the arena `tinyops_init_prepared` needs).
    public let tinyopsArenaBytes: Int?
    /// The prepared image's size, with `--prepared`.
    public let preparedBytes: Int?
    /// TFLite Micro's arena estimate, for C arrays.
    public let tflmArenaBytes: Int?
    /// The distinct builtin operators, in order of first use.
    public let operators: [BuiltinOperator]
}

/// `tinyops deploy`: a model as the files a firmware build consumes.
public enum Deployer {
    /// Reads the model, checks it against `options.target` when given (refusing, without writing
    /// anything, a model that does not fit unless `force`), renders the format's files, writes
    /// them atomically, then the depfile. Errors name the file concerned.
    public static func run(modelPath: String, options: DeployOptions) throws -> DeployResult {
        if let depfile = options.depfile {
            let out = DeployWriter.normalized(options.outputDirectory) + "/"
            if DeployWriter.normalized(depfile).hasPrefix(out) {
                throw DeployError.depfileInsideOutput(depfile: depfile, out: options.outputDirectory)
            }
        }
        if options.prepared && options.format != .runtime && options.format != .arduino {
            throw DeployError.preparedNeedsRuntimeFormat(format: options.format.rawValue)
        }
        let bytes = try FileBytes.read(modelPath)
        let model: Model
        do {
            model = try TFLiteReader.decode(bytes)
        } catch let error as any UserFacingError {
            throw FileError(path: modelPath, reason: error)
        }
        var report: CheckReport?
        if let target = options.target {
            let checked = try ModelCheck.run(LoadedModel(path: modelPath, fileBytes: bytes.count, model: model), modelBytes: bytes,
                                             options: CheckOptions(target: target, runtime: options.format.checkedRuntime,
                                                                   prepared: options.prepared))
            report = checked
            if !checked.passes && !options.force {
                return DeployResult(options: options, modelPath: modelPath, modelBytes: bytes.count, modelSHA256: SHA256.hex(bytes),
                                    files: [], check: checked, refused: true, tinyopsArenaBytes: nil, preparedBytes: nil,
                                    tflmArenaBytes: nil, operators: [])
            }
        }
        let context: DeployContext
        do {
            context = try DeployContext(modelPath: modelPath, modelBytes: bytes, model: model, prefix: options.prefix,
                                        tflmCore: options.tflmCore, toolVersion: options.toolVersion, prepared: options.prepared)
        } catch let error as TFLiteError {
            throw FileError(path: modelPath, reason: error)
        }
        let files = try DeployBundles.files(options.format, context)
        try DeployWriter.write(files, to: options.outputDirectory)
        if let depfile = options.depfile {
            let directory = options.outputDirectory.count > 1 && options.outputDirectory.hasSuffix("/")
                ? String(options.outputDirectory.dropLast()) : options.outputDirectory
            let outputs = files.map { directory + "/" + $0.path }
            try AtomicFile.write(DeployWriter.depfile(outputs: outputs, dependencies: [modelPath] + (options.toolPath.map { [$0] } ?? [])),
                                 to: depfile)
        }
        return DeployResult(options: options, modelPath: modelPath, modelBytes: bytes.count, modelSHA256: context.modelSHA256,
                            files: files, check: report, refused: false,
                            tinyopsArenaBytes: context.prepared?.arenaBytes ?? (try? context.runtimePlan.get().arenaBytes),
                            preparedBytes: context.prepared?.bytes.count,
                            tflmArenaBytes: options.format == .cArray ? context.tflmArenaBytes : nil,
                            operators: context.operators)
    }
}
