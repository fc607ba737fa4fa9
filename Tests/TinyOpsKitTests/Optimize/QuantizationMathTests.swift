import Testing
@testable import TinyOpsKit

@Suite struct QuantizationMathTests {
    @Test func asymmetricRangeIncludesZeroAndNudgesTheZeroPoint() {
        let (scale, zp) = QuantizationMath.asymmetric(min: 0, max: 6)
        #expect(scale == Float(6) / 255)
        #expect(zp == -128)
        let mixed = QuantizationMath.asymmetric(min: -1, max: 3)
        #expect(mixed.scale == Float(4) / 255)
        #expect(mixed.zeroPoint == -64)  // -128 + 1/(4/255) = -64.25 → -64
        // Zero is exactly representable.
        #expect(QuantizationMath.quantize(0, scale: mixed.scale, zeroPoint: mixed.zeroPoint) == -64)
        // A positive-only range is widened to include 0.
        #expect(QuantizationMath.asymmetric(min: 2, max: 4).zeroPoint == -128)
        // Degenerate ranges still give a usable scale.
        #expect(QuantizationMath.asymmetric(min: 0, max: 0) == (1, 0))
    }

    @Test func weightsArePerChannelSymmetricInNarrowRange() {
        // Two output channels (axis 0) of three weights each.
        let (values, scales) = QuantizationMath.quantizeWeights([1, -2, 0.5, 0.1, 0.2, -0.4], shape: [2, 3], axis: 0)
        let expectedScales: [Float] = [Float(2) / 127, Float(0.4) / 127]
        #expect(scales == expectedScales)
        #expect(values == [64, -127, 32, 32, 64, -127])  // 63.5 rounds away from zero
        // Depthwise: axis 3 of [1, kh, kw, c].
        let dw = QuantizationMath.quantizeWeights([1, 10, -1, -10], shape: [1, 2, 1, 2], axis: 3)
        let dwScales: [Float] = [Float(1) / 127, Float(10) / 127]
        #expect(dw.scales == dwScales)
        #expect(dw.values == [127, 127, -127, -127])
    }

    @Test func biasScaleIsInputScaleTimesWeightScale() {
        let (values, scales) = QuantizationMath.quantizeBias([0.5, -0.25], inputScale: 0.5, weightScales: [0.01, 0.02])
        let biasScales: [Float] = [Float(0.5) * 0.01, Float(0.5) * 0.02]
        #expect(scales == biasScales)
        #expect(values == [100, -25])
    }

    @Test func sqnrAndCosine() {
        #expect(QuantizationMath.sqnr(reference: [1, 2], approximation: [1, 2]) == .infinity)
        let sqnr = QuantizationMath.sqnr(reference: [3, 4], approximation: [3, 4.5])
        #expect(abs(sqnr - 10 * log10(25 / 0.25)) < 1e-9)
        #expect(abs(QuantizationMath.cosine([1, 0], [0, 1])) < 1e-12)
        #expect(abs(QuantizationMath.cosine([1, 2], [2, 4]) - 1) < 1e-12)
    }

    @Test func percentileClipsOutliersAndMSEShrinksLongTails() {
        var histogram = [Int](repeating: 0, count: Calibration.histogramBins)
        histogram[0] = 1  // one outlier at the bottom
        for bin in 1000..<1100 { histogram[bin] = 100 }
        let range = (min: Float(-100), max: Float(10))
        let clipped = Calibration.percentileRange(histogram, range, 99.9)
        #expect(clipped.min > -100)
        #expect(clipped.max <= 10)
        let mse = Calibration.mseRange(histogram, range)
        #expect(mse.min > -100)
    }
}

import Foundation
