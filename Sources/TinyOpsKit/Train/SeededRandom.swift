/// The trainer's only source of randomness (weight initialisation, shuffling, dropout), so a
/// seed fixes a run completely. SplitMix64: tiny, fast, and the same on every platform,
/// unlike `SystemRandomNumberGenerator` or the standard library's unspecified algorithms.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one purpose (`stream`) derived from `seed`, independent of the others.
    public init(seed: UInt64, stream: UInt64) {
        state = SeededRandom.mix(seed ^ SeededRandom.mix(stream &+ 0x632B_E59B_D9B4_E019))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    /// SplitMix64's finaliser: a bijective mix of all 64 bits.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 random bits (exact in a Float).
    @inline(__always)
    public static func unitFloat(_ bits: UInt64) -> Float {
        Float(bits >> 40) * (1 / 16_777_216)
    }

    public mutating func nextUnitFloat() -> Float { SeededRandom.unitFloat(next()) }

    /// Uniform in [-limit, limit).
    public mutating func uniform(_ limit: Float) -> Float { (nextUnitFloat() * 2 - 1) * limit }

    /// Fisher–Yates with this generator (the standard library's `shuffle` algorithm is not specified).
    public mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            values.swapAt(i, j)
        }
    }
}
