/// Why `tinyops deploy` cannot write a bundle. Every case names what is wrong and where.
public enum DeployError: UserFacingError, Equatable {
    /// `--name` is not a usable C identifier prefix.
    case badName(String, String)
    /// TinyOpsRuntime cannot run the model, so no runtime bundle can be made for it.
    case runtimeCannotRun(model: String, reason: String)
    /// A constant that must be written as a C float is not finite.
    case nonFiniteConstant(model: String, what: String)
    /// The model has no inputs or outputs, or one of a type the bundle cannot feed.
    case unsupportedIO(model: String, detail: String)
    /// `--out` names an existing directory that a previous deploy did not write.
    case notADeployDirectory(path: String)
    /// `--out` exists and is not a directory.
    case outputIsFile(path: String)
    /// `--depfile` would be inside the bundle directory, which deploy replaces as a whole.
    case depfileInsideOutput(depfile: String, out: String)
    /// The model is larger than a blob can describe (4 GiB) or than the runtime handles.
    case modelTooLarge(model: String, bytes: Int)
    /// `--prepared` with a format that has no TinyOpsRuntime bundle.
    case preparedNeedsRuntimeFormat(format: String)

    public var message: String {
        switch self {
        case .badName(let name, let problem):
            return "--name '\(name)' cannot prefix C symbols: \(problem)"
        case .runtimeCannotRun(let model, let reason):
            return "\(model): TinyOpsRuntime cannot run this model: \(reason)"
        case .nonFiniteConstant(let model, let what):
            return "\(model): \(what) is not a finite number"
        case .unsupportedIO(let model, let detail):
            return "\(model): \(detail)"
        case .notADeployDirectory(let path):
            return "\(path): exists and was not written by tinyops deploy (no \(DeployWriter.markerName)); refusing to replace it"
        case .outputIsFile(let path):
            return "\(path): exists and is not a directory"
        case .depfileInsideOutput(let depfile, let out):
            return "--depfile \(depfile) is inside --out \(out), which deploy replaces as a whole"
        case .modelTooLarge(let model, let bytes):
            return "\(model): \(bytes) bytes is too large for a model blob (at most 2 GiB)"
        case .preparedNeedsRuntimeFormat(let format):
            return "--prepared applies to the TinyOpsRuntime bundles (--format runtime or arduino), not --format \(format)"
        }
    }

    public var hint: String? {
        switch self {
        case .badName:
            return "pick a name such as 'imu_model': letters, digits and '_', starting with a letter"
        case .runtimeCannotRun:
            return "quantize the model to int8 (tinyops quantize), or deploy it as --format c-array for TFLite Micro"
        case .notADeployDirectory:
            return "give --out a new directory, or one a previous 'tinyops deploy' wrote"
        case .depfileInsideOutput:
            return "write the depfile next to the bundle, e.g. build/model.d"
        default:
            return nil
        }
    }
}
