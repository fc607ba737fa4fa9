/// Why a model cannot be run by tinyops' own float interpreter.
public enum InterpreterError: UserFacingError, Equatable {
    case unsupportedOperator(index: Int, op: String, reason: String)
    case unsupportedTensorType(index: Int, op: String, tensor: String, type: String)
    case shapeMismatch(index: Int, op: String, reason: String)
    case inputCount(expected: Int, found: Int)
    case inputSize(input: Int, expected: Int, found: Int)

    public var message: String {
        switch self {
        case .unsupportedOperator(let index, let op, let reason):
            return "operator \(index) (\(op)): \(reason)"
        case .unsupportedTensorType(let index, let op, let tensor, let type):
            return "operator \(index) (\(op)): tensor '\(tensor)' is \(type); the float interpreter runs float32 models"
        case .shapeMismatch(let index, let op, let reason):
            return "operator \(index) (\(op)): \(reason)"
        case .inputCount(let expected, let found):
            return "the model has \(expected) input(s) but \(found) were given"
        case .inputSize(let input, let expected, let found):
            return "input \(input) needs \(expected) values per sample but \(found) were given"
        }
    }

    public var hint: String? {
        switch self {
        case .unsupportedTensorType: return "int8 models run in TinyOpsRuntime (tinyops predict/eval choose it automatically)"
        default: return nil
        }
    }
}
