/// What can be wrong with a model spec. Wrapped in `FileError` to name the spec file:
/// `models/kws.json: layer 3 (conv2d 'c2'): kernel 5x5 does not fit input 4x4x8`.
public enum ModelSpecError: UserFacingError, Equatable {
    /// `type` is not a layer tinyops knows.
    case unknownLayerType(path: String, type: String, suggestion: String?)
    /// Two layers share a name (or a layer is named `input`).
    case duplicateName(path: String, name: String)
    /// An `add` layer's `from` names no earlier layer.
    case unknownSource(layer: String, from: String, suggestion: String?)
    /// A layer does not fit the shape it receives; `problem` names both shapes.
    case shape(layer: String, problem: String)
    /// The spec's input shape and the dataset's sample shape differ.
    case inputMismatch(spec: [Int], data: [Int])
    /// The last layer's output does not match the number of classes.
    case outputMismatch(layer: String, shape: [Int], classes: Int)
    case noLayers

    public var message: String {
        switch self {
        case .unknownLayerType(let path, let type, let suggestion):
            let didYouMean = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "\(path): unknown layer type \"\(type)\"\(didYouMean)"
        case .duplicateName(let path, let name):
            if name == ModelSpec.inputName {
                return "\(path): the name \"input\" is reserved for the model input"
            }
            return "\(path): layer name \"\(name)\" is used twice"
        case .unknownSource(let layer, let from, let suggestion):
            let didYouMean = suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "\(layer): \"from\": \"\(from)\" names no earlier layer\(didYouMean)"
        case .shape(let layer, let problem):
            return "\(layer): \(problem)"
        case .inputMismatch(let spec, let data):
            return "the spec's input is \(ModelSpec.text(spec)) but the dataset's samples are \(ModelSpec.text(data))"
        case .outputMismatch(let layer, let shape, let classes):
            return "\(layer): the model's output is \(ModelSpec.text(shape)) but the dataset has \(classes) classes"
        case .noLayers:
            return "the spec has no layers"
        }
    }

    public var hint: String? {
        switch self {
        case .unknownLayerType:
            return "layer types: " + LayerType.allCases.map(\.rawValue).joined(separator: ", ")
        case .duplicateName:
            return "give each layer a unique \"name\""
        case .unknownSource:
            return "\"from\" names a layer before the add (or \"input\" for the model input)"
        case .shape:
            return nil
        case .inputMismatch:
            return "change the spec's \"input\" or leave it out to use the dataset's sample shape"
        case .outputMismatch:
            return "end the model with a dense layer of \"units\": \"classes\""
        case .noLayers:
            return "add a \"layers\" list"
        }
    }
}

/// Did-you-mean suggestions for names in specs.
enum Spelling {
    /// The candidate within a small edit distance of `input` (a third of its length, 1...2).
    static func closest(to input: String, among candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(input.lowercased()), Array(candidate.lowercased()))
            if distance <= min(2, max(1, candidate.count / 3)), distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of two
    /// neighbouring characters (optimal string alignment), so "frist" is 1 from "first".
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
