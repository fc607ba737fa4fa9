/// A window or stride length as given: a number of samples (`50`), or a time (`2000ms`, `2s`)
/// that the sample rate turns into samples.
public enum WindowLength: Equatable, Sendable, CustomStringConvertible {
    case samples(Int)
    case milliseconds(Double)

    /// Parses `50`, `2000ms`, `2s`, `0.5s` (case-insensitive); nil for anything else, for
    /// zero and for negative lengths.
    public init?(parsing text: String) {
        let lowered = text.lowercased()
        if let count = Int(lowered) {
            guard count > 0 else { return nil }
            self = .samples(count)
            return
        }
        let isMilliseconds = lowered.hasSuffix("ms")
        guard isMilliseconds || lowered.hasSuffix("s") else { return nil }
        let number = lowered.dropLast(isMilliseconds ? 2 : 1)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(number), value.isFinite, value > 0, value < 1e12 else { return nil }
        self = .milliseconds(isMilliseconds ? value : value * 1000)
    }

    /// `50` or `2000ms`: the form `init(parsing:)` reads back.
    public var description: String {
        switch self {
        case .samples(let count): String(count)
        case .milliseconds(let ms): ms == ms.rounded() ? "\(Int(ms))ms" : "\(ms)ms"
        }
    }

    /// The length in samples; a time is rounded to the nearest sample. Throws when a time is
    /// given and the sample rate is unknown, or when it comes to less than one sample.
    public func samples(atRate rate: Double?, option: String) throws(DatasetError) -> Int {
        switch self {
        case .samples(let count):
            return count
        case .milliseconds(let ms):
            guard let rate else { throw .lengthNeedsSampleRate(option: option, length: description) }
            let exact = ms * rate / 1000
            let count = exact.rounded()
            guard count >= 1, count < Double(Int32.max) else {
                throw .lengthOutOfRange(option: option, length: description, rate: rate, samples: exact)
            }
            return Int(count)
        }
    }
}

/// Cuts recordings into fixed-length windows.
///
/// A recording of `n` frames gives windows starting at `0, stride, 2·stride, …` for as long
/// as a whole window fits: `(n − window) / stride + 1` windows (integer division). Frames
/// after the last whole window are dropped. A recording shorter than one window gives no
/// window, unless `pad` is set: then it gives one window, zero-filled after its last frame.
public struct WindowPlan: Equatable, Sendable {
    public let window: Int
    public let stride: Int
    public let pad: Bool

    public init(window: Int, stride: Int, pad: Bool) {
        precondition(window > 0 && stride > 0, "window and stride must be positive")
        self.window = window
        self.stride = stride
        self.pad = pad
    }

    /// The frame offsets at which windows start in a recording of `frameCount` frames.
    public func starts(frameCount: Int) -> [Int] {
        guard frameCount >= window else { return pad && frameCount > 0 ? [0] : [] }
        return Array(Swift.stride(from: 0, through: frameCount - window, by: stride))
    }

    /// The number of windows `starts(frameCount:)` gives, without building them.
    public func count(frameCount: Int) -> Int {
        guard frameCount >= window else { return pad && frameCount > 0 ? 1 : 0 }
        return (frameCount - window) / stride + 1
    }
}
