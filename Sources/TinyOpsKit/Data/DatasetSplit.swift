/// The three parts of a dataset: fit on `train`, tune and stop early on `val`, report on `test`.
public enum DatasetSplit: String, CaseIterable, Sendable, Comparable {
    case train, val, test

    public static func < (lhs: DatasetSplit, rhs: DatasetSplit) -> Bool {
        lhs.index < rhs.index
    }

    var index: Int {
        switch self {
        case .train: 0
        case .val: 1
        case .test: 2
        }
    }
}

/// The share of recordings that go to each split, as fractions that add up to 1.
public struct SplitFractions: Equatable, Sendable {
    public let train: Double
    public let val: Double
    public let test: Double

    /// 70 % train, 15 % validation, 15 % test.
    public static let standard = SplitFractions(uncheckedTrain: 0.7, val: 0.15, test: 0.15)

    /// Fractions proportional to the three weights (`70, 15, 15` or `0.8, 0.2, 0`); nil
    /// unless all are finite and non-negative with a positive sum.
    public init?(train: Double, val: Double, test: Double) {
        let sum = train + val + test
        guard [train, val, test].allSatisfy({ $0.isFinite && $0 >= 0 }), sum > 0 else { return nil }
        self.init(uncheckedTrain: train / sum, val: val / sum, test: test / sum)
    }

    /// Parses `70/15/15`, `80/20/0` or `0.7/0.15/0.15` (three weights, normalized).
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var weights: [Double] = []
        for part in parts {
            let trimmed = part.trimmingSpaces
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(trimmed) else { return nil }
            weights.append(value)
        }
        self.init(train: weights[0], val: weights[1], test: weights[2])
    }

    private init(uncheckedTrain train: Double, val: Double, test: Double) {
        self.train = train
        self.val = val
        self.test = test
    }

    public func fraction(of split: DatasetSplit) -> Double {
        switch split {
        case .train: train
        case .val: val
        case .test: test
        }
    }

    /// `70/15/15`: the fractions as percentages, as the command line takes them.
    public var description: String {
        [train, val, test].map { Self.percentText($0 * 100) }.joined(separator: "/")
    }

    private static func percentText(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Puts each source recording in a split by hashing its name, so that:
/// - every window of a recording lands in the same split (no leakage between splits);
/// - a recording's split depends only on its own name, the seed and the fractions, so adding
///   files never moves the ones already there, and re-collecting gives the same splits.
///
/// The draw is `u = first 8 bytes of SHA-256("tinyops-split" 0 seed 0 source)` read as a
/// big-endian integer and scaled to [0, 1); the split is `train` if `u < train`, `val` if
/// `u < train + val`, else `test`. With few recordings the realised shares scatter around
/// the fractions, as any per-recording draw does.
public struct SplitAssigner: Sendable {
    public let fractions: SplitFractions
    public let seed: UInt64

    public init(fractions: SplitFractions, seed: UInt64) {
        self.fractions = fractions
        self.seed = seed
    }

    public func split(forSource source: String) -> DatasetSplit {
        let draw = Self.draw(source: source, seed: seed)
        if draw < fractions.train { return .train }
        if draw < fractions.train + fractions.val { return .val }
        // A zero test fraction must never receive recordings, whatever rounding did above.
        if fractions.test == 0 { return fractions.val > 0 ? .val : .train }
        return .test
    }

    /// A number in [0, 1) that depends only on the source name and the seed.
    static func draw(source: String, seed: UInt64) -> Double {
        var key = Array("tinyops-split".utf8)
        key.append(0)
        key += Array(String(seed).utf8)
        key.append(0)
        key += Array(source.utf8)
        let digest = SHA256.hash(key)
        var value: UInt64 = 0
        for byte in digest[0..<8] { value = value << 8 | UInt64(byte) }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        let text = self[...]
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return text[text.endIndex...] }
        let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })!
        return Substring(text[first...last])
    }
}
