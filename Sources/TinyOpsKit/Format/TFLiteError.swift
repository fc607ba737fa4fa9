/// Why a well-formed FlatBuffer is still not a model tinyops can use.
public enum TFLiteError: UserFacingError, Equatable {
    /// An index (tensor, buffer, opcode, subgraph) points past the end of its table.
    case indexOutOfRange(path: String, what: String, index: Int64, count: Int)
    /// A value the schema allows but that makes no sense (negative dimension, wrong data size).
    case invalid(path: String, reason: String)
    /// A schema feature tinyops does not read or write (sparse tensors, options_2, ...).
    case unsupported(path: String, feature: String)
    case noSubgraphs

    public var message: String {
        switch self {
        case .indexOutOfRange(let path, let what, let index, let count):
            return "invalid model: \(path): \(what) index \(index) is out of range (the model has \(count))"
        case .invalid(let path, let reason):
            return "invalid model: \(path): \(reason)"
        case .unsupported(let path, let feature):
            return "unsupported model: \(path): \(feature) is not supported by tinyops"
        case .noSubgraphs:
            return "invalid model: the model has no subgraphs"
        }
    }
}
