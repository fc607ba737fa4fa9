/// The `#define`s firmware sizes its buffers from: arena sizes, the shapes, types and
/// quantization of every graph input and output, the labels and the input normalization.
/// Floats are written with 9 significant digits (`CSource.float`), so they read back exactly.
enum ModelSettingsRenderer {
    /// Lines of `#define`s (no include guard); `tflm` adds the TFLite Micro arena estimate.
    static func defines(_ context: DeployContext, tflm: Bool) -> String {
        let p = context.prefix.macro
        var lines: [String] = []
        func define(_ name: String, _ value: String, _ comment: String? = nil) {
            lines.append("#define \(p)_\(name) \(value)" + (comment.map { " /* \($0) */" } ?? ""))
        }
        define("MODEL_BYTES", "\(context.modelBytes.count)u", "size of the .tflite model")
        define("MODEL_ID", CSource.string(TelemetryRecorder.modelID(name: context.prefix.name, modelBytes: context.modelBytes)),
               "telemetry id (docs/telemetry.md): the name and the first 8 hex digits of the model's sha256")
        lines.append("")
        if tflm {
            define("TFLM_ARENA_BYTES", "\(context.tflmArenaBytes)u",
                   "TFLite Micro tensor_arena for \(context.tflmCore.displayName) with CMSIS-NN, as tinyops check estimates it")
        }
        if case .success(let plan) = context.runtimePlan, let prepared = context.prepared, !tflm {
            define("PREPARED", "1", "the bundle starts the interpreter with tinyops_init_prepared")
            define("PREPARED_BYTES", "\(prepared.bytes.count)u", "size of \(context.prefix.name)_prepared (flash)")
            define("ARENA_BYTES", "\(prepared.arenaBytes)u", "TinyOpsRuntime arena: exactly what tinyops_init_prepared uses (the activations)")
            define("INIT_ARENA_BYTES", "\(plan.arenaBytes)u", "what tinyops_init would use instead (records, activations)")
        } else if case .success(let plan) = context.runtimePlan {
            define("ARENA_BYTES", "\(plan.arenaBytes)u", "TinyOpsRuntime arena: exactly what tinyops_init uses (tinyops_plan)")
        } else if tflm {
            lines.append("/* No \(p)_ARENA_BYTES: TinyOpsRuntime cannot run this model. */")
        }
        lines.append("")
        define("INPUTS", "\(context.inputs.count)u", "graph inputs")
        define("OUTPUTS", "\(context.outputs.count)u", "graph outputs")
        for (index, io) in context.inputs.enumerated() { tensor(io, name: index == 0 ? "INPUT" : "INPUT\(index)", define) }
        for (index, io) in context.outputs.enumerated() { tensor(io, name: index == 0 ? "OUTPUT" : "OUTPUT\(index)", define) }
        if !context.labels.isEmpty {
            lines.append("")
            define("LABEL_COUNT", "\(context.labels.count)u")
            define("LABELS", CSource.braces(context.labels.map(CSource.string)), "class names, in output order")
        }
        if let normalization = context.normalization {
            lines.append("")
            lines.append("/* Input normalization recorded at training: x = (raw - mean[c]) / std[c], c = the last axis. */")
            define("NORM_CHANNELS", "\(normalization.mean.count)u")
            define("NORM_MEAN_VALUES", CSource.braces(normalization.mean.map(CSource.float)))
            define("NORM_STD_VALUES", CSource.braces(normalization.std.map(CSource.float)))
        }
        if let features = context.features {
            lines.append("")
            lines.append("/* Feature block the model was trained on: \(features.text) */")
            define("RAW_INPUT_ELEMENTS", "\(features.inputSize)u", "raw values per window: [\(features.inputShape.map(String.init).joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func tensor(_ io: DeployContext.IO, name: String, _ define: (String, String, String?) -> Void) {
        define("\(name)_TYPE", "\(io.type.rawValue)", "TFLite TensorType \(io.type.name.uppercased())")
        define("\(name)_RANK", "\(io.shape.count)u", nil)
        define("\(name)_DIMS", CSource.braces(io.shape.map(String.init)), nil)
        define("\(name)_ELEMENTS", "\(io.elementCount)u", nil)
        if let scale = io.scale, let zeroPoint = io.zeroPoint {
            define("\(name)_SCALE", CSource.float(scale), "real = (q - zero_point) * scale")
            define("\(name)_ZERO_POINT", CSource.int32(zeroPoint), nil)
        }
    }
}
