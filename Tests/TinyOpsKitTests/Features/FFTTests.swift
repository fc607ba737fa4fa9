import Foundation
import Testing
@testable import TinyOpsKit

/// The fast real FFT against its slow reference (the DFT by definition, in Double), and the
/// scalar helpers of the feature blocks against Foundation and against the C runtime's.
@Suite struct FFTTests {
    @Test(arguments: [4, 8, 16, 64, 256, 1024, 4096])
    func fastPowerSpectrumMatchesTheDFT(n: Int) {
        var generator = SeededGenerator(seed: UInt64(n))
        let x = (0..<n).map { _ in Float.random(in: -1...1, using: &generator) }
        let fast = FFT.power(x)
        let reference = FFT.referenceDFT(x.map(Double.init)).map { $0.re * $0.re + $0.im * $0.im }
        // Float rounding grows like log2(N) ulp per value; compare against the spectrum's scale.
        let scale = reference.max()!
        for k in 0...(n / 2) {
            #expect(abs(Double(fast[k]) - reference[k]) <= 1e-5 * scale, "N=\(n) k=\(k): \(fast[k]) vs \(reference[k])")
        }
    }

    @Test func hand_computed_spectra() {
        // A constant: all power in bin 0 (N² · c²). A cosine at bin 2 of N=8 with amplitude 1:
        // |X_2| = N/2 = 4, power 16; the other bins 0.
        #expect(FFT.power([Float](repeating: 0.5, count: 8)) == [16, 0, 0, 0, 0])
        let cosine = (0..<8).map { Float(cos(2 * Double.pi * 2 * Double($0) / 8)) }
        let power = FFT.power(cosine)
        #expect(abs(power[2] - 16) < 1e-5)
        for k in [0, 1, 3, 4] { #expect(abs(power[k]) < 1e-10) }
        // Alternating ±1: everything at Nyquist, |X_4| = 8.
        #expect(FFT.power((0..<8).map { $0 % 2 == 0 ? 1 : -1 }) == [0, 0, 0, 0, 64])
    }

    @Test func logarithmIsAccurateAndMatchesTheC() {
        var generator = SeededGenerator(seed: 7)
        var worst: Float = 0
        for i in 0..<20000 {
            let exponent = Float.random(in: -30...30, using: &generator)
            let x = i < 3 ? [Float(1), 0x1.6a09e6p+0, 0x1.6a09e8p+0][i] : Float(pow(10, Double(exponent)))
            let ours = FeatureMath.ln(x)
            #expect(ours.bitPattern == DeviceFeatureRunner.ln(x).bitPattern, "ln(\(x)): Swift \(ours), C \(DeviceFeatureRunner.ln(x))")
            let exact = Foundation.log(Double(x))
            let error = abs(Double(ours) - exact) / max(abs(exact), 1e-3) / Double(Float.ulpOfOne)
            worst = max(worst, Float(error))
        }
        #expect(worst < 4, "ln error up to \(worst) ulp")
    }

    @Test func squareRootIsCorrectlyRounded() {
        var generator = SeededGenerator(seed: 8)
        let special: [Float] = [0, 1, 2, 4, 0.25, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0x1.fffffep-1]
        for i in 0..<50000 {
            let x = i < special.count ? special[i] : Float(bitPattern: UInt32.random(in: 0..<0x7F80_0000, using: &generator))
            #expect(DeviceFeatureRunner.squareRoot(x).bitPattern == x.squareRoot().bitPattern, "sqrt(\(x))")
        }
        #expect(DeviceFeatureRunner.squareRoot(-1) == 0)
    }

    @Test func fixedPointLogarithmMatchesTheCAndIsAccurate() {
        var generator = SeededGenerator(seed: 9)
        for i in 0..<20000 {
            let x = i < 64 ? UInt64(1) << UInt64(i) : UInt64.random(in: 1...UInt64.max >> UInt64.random(in: 0...63, using: &generator), using: &generator)
            let k = Int.random(in: -60...140, using: &generator)
            let ours = FeatureMath.lnQ16(x, minusExponent: k)
            #expect(ours == DeviceFeatureRunner.lnQ16(x, minusExponent: Int32(k)), "lnQ16(\(x), \(k))")
            let exact = (Foundation.log(Double(x)) - Double(k) * M_LN2) * 65536
            #expect(abs(Double(ours) - exact) <= 2, "lnQ16(\(x), \(k)) = \(ours), exact \(exact)")
        }
    }
}
