import Foundation
import Testing
import TinyOpsRuntime

/// The runtime's fixed-point helpers (include/tinyops_fixedpoint.h) against values worked
/// out by hand from TFLM's and gemmlowp's definitions, and against real arithmetic.
@Suite struct FixedPointTests {
    func quantize(_ real: Double) -> (multiplier: Int32, shift: Int32)? {
        var multiplier: Int32 = 0, shift: Int32 = 0
        return tinyops_fp_quantize_multiplier(real, &multiplier, &shift) == 1 ? (multiplier, shift) : nil
    }

    @Test func quantizeMultiplierByHand() throws {
        // 0.5 = 0.5 * 2^0 -> 2^30, shift 0; 1.0 = 0.5 * 2^1; 0.75 -> 0.75 * 2^31 = 1610612736.
        #expect(quantize(0.5)! == (1 << 30, 0))
        #expect(quantize(1.0)! == (1 << 30, 1))
        #expect(quantize(0.75)! == (1_610_612_736, 0))
        // 0.1 = 0.8 * 2^-3; 0.8 * 2^31 = 1717986918.4 -> 1717986918.
        #expect(quantize(0.1)! == (1_717_986_918, -3))
        // 3.0 = 0.75 * 2^2.
        #expect(quantize(3.0)! == (1_610_612_736, 2))
        // Just below 1: the fraction rounds up to 2^31, which becomes 2^30 with one more shift.
        #expect(quantize(1.0 - 0x1p-40)! == (1 << 30, 1))
        // Below 2^-32 flushes to zero (shift < -31).
        #expect(quantize(0x1p-40)! == (0, 0))
        #expect(quantize(0)! == (0, 0))
        #expect(quantize(-0.5) == nil)
        #expect(quantize(.infinity) == nil)
        #expect(quantize(.nan) == nil)
    }

    @Test func quantizeMultiplierReconstructsTheRealValue() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2000 {
            let real = Double.random(in: 1e-6...100, using: &generator)
            guard let (m, s) = quantize(real) else {
                Issue.record("no multiplier for \(real)")
                continue
            }
            #expect(m >= 1 << 30, "multiplier \(m) for \(real) is not normalised")
            let rebuilt = Double(m) * pow(2, Double(s) - 31)
            #expect(abs(rebuilt - real) <= real * 0x1p-31, "\(real) -> \(m) * 2^(\(s) - 31) = \(rebuilt)")
        }
    }

    @Test func saturatingRoundingDoublingHighMulByHand() {
        // round(a * b / 2^31): 2^30 * 2^30 / 2^31 = 2^29.
        #expect(tinyops_fp_saturating_rounding_doubling_high_mul(1 << 30, 1 << 30) == 1 << 29)
        // 3 * 0.5 = 1.5 -> 2; -3 * 0.5 = -1.5 -> -1: ties go toward +infinity.
        #expect(tinyops_fp_saturating_rounding_doubling_high_mul(3, 1 << 30) == 2)
        #expect(tinyops_fp_saturating_rounding_doubling_high_mul(-3, 1 << 30) == -1)
        // -1 * -1 is the one overflow: saturated to the largest value.
        #expect(tinyops_fp_saturating_rounding_doubling_high_mul(.min, .min) == .max)
        #expect(tinyops_fp_saturating_rounding_doubling_high_mul(.max, .max) == Int32.max - 1)
    }

    @Test func roundingDivideByPowerOfTwoByHand() {
        let cases: [(Int32, Int32, Int32)] = [
            (5, 1, 3), (-5, 1, -3), (4, 1, 2), (-4, 1, -2), // 2.5 -> 3, -2.5 -> -3: ties away from zero
            (7, 2, 2), (6, 2, 2), (-6, 2, -2), (-7, 2, -2), (5, 2, 1), (-5, 2, -1),
            (100, 0, 100), (.max, 31, 1), (.min, 31, -1),
        ]
        for (x, exponent, expected) in cases {
            #expect(tinyops_fp_rounding_divide_by_pot(x, exponent) == expected, "\(x) / 2^\(exponent)")
        }
    }

    @Test func multiplyByQuantizedMultiplierRoundsTwice() {
        // 100 * 0.5 = 50; with shift -1: 25.
        #expect(tinyops_fp_multiply_by_quantized_multiplier(100, 1 << 30, 0) == 50)
        #expect(tinyops_fp_multiply_by_quantized_multiplier(100, 1 << 30, -1) == 25)
        // 5 * 0.25 = 1.25, but TFLM rounds twice: 5 * 0.5 = 2.5 -> 3, then 3 / 2 = 1.5 -> 2.
        #expect(tinyops_fp_multiply_by_quantized_multiplier(5, 1 << 30, -1) == 2)
        // A left shift first: 3 * 4 * 0.5 = 6.
        #expect(tinyops_fp_multiply_by_quantized_multiplier(3, 1 << 30, 2) == 6)
        // -7 * 0.75 = -5.25 -> -5.
        #expect(tinyops_fp_multiply_by_quantized_multiplier(-7, 1_610_612_736, 0) == -5)
    }

    @Test func expOnNegativeValuesTracksExp() {
        // exp(0) is exactly one (Q0.31 max).
        #expect(tinyops_fp_exp_on_negative_values(0, 5) == .max)
        for integerBits: Int32 in [4, 5] {
            let one = Double(1 << (31 - integerBits))
            for step in stride(from: 0.0, through: 12.0, by: 0.0625) {
                let input = Int32(-step * one)
                let got = Double(tinyops_fp_exp_on_negative_values(input, integerBits)) / 0x1p31
                #expect(abs(got - exp(-step)) < 5e-7, "exp(-\(step)) in Q\(integerBits): \(got)")
            }
        }
    }

    @Test func logisticAndReciprocalTrackRealArithmetic() {
        #expect(tinyops_fp_logistic_q4(0) == 1 << 30)
        for step in stride(from: -15.0, through: 15.0, by: 0.125) {
            let input = Int32(step * 0x1p27)
            let got = Double(tinyops_fp_logistic_q4(input)) / 0x1p31
            #expect(abs(got - 1 / (1 + exp(-step))) < 2e-7, "logistic(\(step)) = \(got)")
            // logistic(-x) = 1 - logistic(x), exactly in Q0.31 (1 being Int32.max).
            #expect(Int64(tinyops_fp_logistic_q4(input)) + Int64(tinyops_fp_logistic_q4(-input)) == Int64(Int32.max) || step == 0)
        }
        for x in stride(from: 0.0, to: 1.0, by: 1.0 / 64) {
            let got = Double(tinyops_fp_one_over_one_plus_x(Int32(x * 0x1p31))) / 0x1p31
            #expect(abs(got - 1 / (1 + x)) < 1e-8, "1 / (1 + \(x)) = \(got)")
        }
    }

    @Test func roundingAndFrexpLikeTheCLibrary() {
        let rounds: [(Float, Float)] = [(2.5, 3), (-2.5, -3), (0.5, 1), (-0.5, -1), (0.49999997, 0), (1.5, 2),
                                        (-1.4, -1), (1e10, 1e10), (8_388_607.5, 8_388_608)]
        for (x, expected) in rounds { #expect(tinyops_fp_roundf(x) == expected, "round(\(x))") }
        #expect(tinyops_fp_roundf(.nan).isNaN)
        var exponent: Int32 = 0
        #expect(tinyops_fp_frexp(8, &exponent) == 0.5 && exponent == 4)
        #expect(tinyops_fp_frexp(0.1, &exponent) == 0.8 && exponent == -3)
        #expect(tinyops_fp_frexp(-3, &exponent) == -0.75 && exponent == 2)
        #expect(tinyops_fp_frexp(0x1p-1074, &exponent) == 0.5 && exponent == -1073)
        #expect(tinyops_fp_frexp(0, &exponent) == 0 && exponent == 0)
    }
}
