import TinyOpsRuntime

/// Why TinyOpsRuntime (the C99 int8 interpreter) cannot load or run a model, or why the
/// data given to it does not fit the model. Wrap in `FileError` to name the model file.
public enum RuntimeError: UserFacingError, Equatable {
    /// The FlatBuffer structure is broken: an offset, vector or table outside the file.
    case corruptModel(String)
    /// A well-formed file describing an impossible model (indices, shapes, data flow).
    case invalidModel(String)
    /// An operator TinyOpsRuntime does not implement.
    case unsupportedOperator(index: Int, code: Int, name: String)
    /// The model computes in float32: it needs the float interpreter.
    case floatModel
    /// A supported operator with types or parameters the runtime does not handle.
    case unsupported(String)
    /// The model exceeds a runtime limit (rank, tensor or operator count, size).
    case limit(String)
    /// Constant int32/float data is not 4-byte aligned in memory.
    case misaligned(String)
    case arenaTooSmall(needed: Int, available: Int)
    /// The model has a number of inputs or outputs the caller cannot handle.
    case ioCount(inputs: Int, outputs: Int, supported: String)
    /// Input data that does not stack samples on axis 0 (a 0-d array).
    case notStacked(shape: [Int])
    /// A sample does not have as many elements as model input `input`.
    case sampleSize(input: Int, expected: Int, found: Int)
    /// Input data of an element type the model input cannot take.
    case inputType(input: Int, expected: String, found: String)

    public var message: String {
        switch self {
        case .corruptModel(let detail):
            return "corrupt .tflite model: \(detail)"
        case .invalidModel(let detail):
            return "invalid model: \(detail)"
        case .unsupportedOperator(let index, let code, let name):
            return "operator \(index) is \(name) (builtin code \(code)), which TinyOpsRuntime does not implement"
        case .floatModel:
            return "float models need the float interpreter (not yet available)"
        case .unsupported(let detail):
            return "not supported by TinyOpsRuntime: \(detail)"
        case .limit(let detail):
            return "model exceeds a TinyOpsRuntime limit: \(detail)"
        case .misaligned(let detail):
            return "misaligned model data: \(detail)"
        case .arenaTooSmall(let needed, let available):
            return "arena of \(available) bytes is too small: the model needs \(needed) bytes"
        case .ioCount(let inputs, let outputs, let supported):
            return "model has \(inputs) input(s) and \(outputs) output(s); \(supported)"
        case .notStacked(let shape):
            return "input array of shape \(NPYHeader.shapeText(shape)) has no sample axis; expected shape [N, ...]"
        case .sampleSize(let input, let expected, let found):
            return "input \(input): a sample has \(found) elements, the model input needs \(expected)"
        case .inputType(let input, let expected, let found):
            return "input \(input): data of type \(found) cannot feed a model input that takes \(expected)"
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedOperator:
            return "TinyOpsRuntime runs \(RuntimeOperators.supportedNames.joined(separator: ", "))"
        case .floatModel:
            return "quantize the model to int8 first (tinyops quantize)"
        case .misaligned:
            return "keep the model in a 16-byte aligned buffer"
        default:
            return nil
        }
    }

    /// The error the C runtime reported.
    init(_ error: tinyops_error) {
        let detail = RuntimeError.text(error)
        switch error.status {
        case TINYOPS_ERR_MODEL_CORRUPT: self = .corruptModel(detail)
        case TINYOPS_ERR_MODEL_INVALID: self = .invalidModel(detail)
        case TINYOPS_ERR_UNSUPPORTED_OP:
            self = .unsupportedOperator(index: Int(error.op_index), code: Int(error.opcode),
                                        name: String(cString: tinyops_op_name(error.opcode)))
        case TINYOPS_ERR_UNSUPPORTED:
            self = error.reason == TINYOPS_REASON_FLOAT_MODEL ? .floatModel : .unsupported(detail)
        case TINYOPS_ERR_LIMIT: self = .limit(detail)
        case TINYOPS_ERR_MISALIGNED: self = .misaligned(detail)
        case TINYOPS_ERR_ARENA_TOO_SMALL: self = .arenaTooSmall(needed: Int(error.needed), available: 0)
        default: self = .invalidModel(detail)
        }
    }

    /// Where and what, without the status (the case says that): "operator 2 (CONV_2D,
    /// code 3), tensor 7: int8 tensor has no valid quantization (at byte 120)".
    static func text(_ error: tinyops_error) -> String {
        var location: [String] = []
        if error.op_index >= 0 {
            let name = String(cString: tinyops_op_name(error.opcode))
            location.append(error.opcode >= 0 ? "operator \(error.op_index) (\(name), code \(error.opcode))"
                                              : "operator \(error.op_index)")
        }
        if error.tensor_index >= 0 { location.append("tensor \(error.tensor_index)") }
        var text = String(cString: tinyops_reason_text(error.reason))
        if error.offset >= 0 { text += " (at byte \(error.offset))" }
        return location.isEmpty ? text : location.joined(separator: ", ") + ": " + text
    }
}

/// The builtin operators TinyOpsRuntime implements.
public enum RuntimeOperators {
    /// Builtin operator codes, ascending.
    public static let supportedCodes: [Int] = (0..<210).filter { tinyops_op_supported(Int32($0)) != 0 }

    public static let supportedNames: [String] = supportedCodes.map { String(cString: tinyops_op_name(Int32($0))) }

    public static func isSupported(_ code: Int) -> Bool {
        code >= 0 && code <= Int(Int32.max) && tinyops_op_supported(Int32(code)) != 0
    }
}
