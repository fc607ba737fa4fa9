/// What TinyOpsRuntime, tinyops' C99 interpreter, implements. One table: edit it when the
/// runtime gains an op.
///
/// The runtime is int8 only. float32 appears only at the model's edges: QUANTIZE takes a
/// float32 input to int8 and DEQUANTIZE an int8 tensor back to float32.
public enum TinyOpsRuntimeSupport {
    /// The builtin ops the runtime implements for int8 tensors.
    /// The C runtime's own operator table (`tinyops_op_supported`): one source of truth.
    public static let int8Ops: Set<BuiltinOperator> = Set(RuntimeOperators.supportedCodes.compactMap {
        BuiltinOperator(rawValue: Int32($0))
    })

    /// Why the runtime cannot run `op` on these types, or nil when it can.
    public static func problem(_ op: BuiltinOperator, input: TensorType?, output: TensorType?) -> String? {
        guard int8Ops.contains(op) else { return "TinyOpsRuntime has no \(op.name) kernel" }
        switch op {
        case .quantize:
            guard input == .float32 || input == .int8, output == .int8 else {
                return "TinyOpsRuntime quantizes float32 or int8 to int8 only"
            }
        case .dequantize:
            guard input == .int8, output == .float32 else {
                return "TinyOpsRuntime dequantizes int8 to float32 only"
            }
        case .shape:
            guard output == .int32 else { return "TinyOpsRuntime's SHAPE writes int32 only" }
        case .stridedSlice, .pack:
            // Shape arithmetic moves raw elements: int8, int16, int32 or float32, unchanged.
            guard let input, [.int8, .int16, .int32, .float32, .bool].contains(input), output == nil || output == input else {
                return "TinyOpsRuntime runs \(op.name) on int8/int16/int32/float32 elements, output of the same type"
            }
        default:
            guard input == .int8, output == nil || output == .int8 else {
                return "TinyOpsRuntime runs \(op.name) on int8 tensors only"
            }
        }
        return nil
    }
}

/// The arena TinyOpsRuntime needs for a model.
///
/// The runtime's own planner (a host-callable `tinyops_plan(model, len, &required)` in the C
/// sources) is the single source of truth for this number; `tinyops check` asks it here, so the
/// report and the device can never disagree. Until that planner is linked into TinyOpsKit this
/// returns nil and the report says so.
public enum TinyOpsRuntimeBudget {
    /// Bytes of arena TinyOpsRuntime needs for the `.tflite` in `modelBytes`: the C runtime's
    /// own planner (`tinyops_plan`), so the figure is exactly what `tinyops_init` will use, on
    /// the host and on a 32-bit microcontroller alike. Throws when the runtime cannot run the model.
    public static func arenaBytes(modelBytes: [UInt8]) throws -> Int? {
        try RuntimePlan.compute(modelBytes: modelBytes).arenaBytes
    }

    /// The arena and the prepared image of a firmware started with tinyops_init_prepared
    /// (`deploy --prepared`): the activations only, and the records in flash.
    public static func prepared(modelBytes: [UInt8]) throws -> PreparedImage {
        try PreparedImage.make(modelBytes: modelBytes)
    }

    /// Bytes of flash (code and constants) TinyOpsRuntime adds to a firmware that runs a
    /// model with these ops, as a `tinyops deploy --format runtime` bundle builds with its
    /// kernel selection (`TinyOpsRuntimeCodeSize`). nil for an op the runtime does not have.
    public static func codeBytes(for ops: Set<BuiltinOperator>, core: CortexCore, prepared: Bool = false) -> Int? {
        TinyOpsRuntimeCodeSize.bytes(ops: ops, core: core, prepared: prepared)
    }
}
