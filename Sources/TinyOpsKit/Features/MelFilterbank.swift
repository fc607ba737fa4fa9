import Foundation

/// Triangular mel filters over the bins of an FFT, librosa's `filters.mel(htk=True,
/// norm=None)`: band m rises linearly (in Hz) from edge m to edge m + 1 and falls to edge
/// m + 2, where the M + 2 edges are equally spaced on the HTK mel scale
/// (mel = 2595·log10(1 + hz/700)) from fmin to fmax. Weights peak at 1 (no area
/// normalization). Computed in Double; each band keeps its run of non-zero weights.
struct MelFilterbank {
    struct Band {
        /// First FFT bin with a non-zero weight.
        var firstBin: Int
        var weights: [Double]
    }

    var bands: [Band]
    /// The M + 2 band edges in Hz.
    var edgesHz: [Double]

    static func hzToMel(_ hz: Double) -> Double { 2595 * log10(1 + hz / 700) }
    static func melToHz(_ mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }

    init(spec: FeatureSpec) {
        self.init(bands: spec.melBands, fft: spec.fftLength, sampleRate: spec.sampleRate ?? 0, low: spec.lowHz, high: spec.highHz)
    }

    init(bands count: Int, fft: Int, sampleRate: Double, low: Double, high: Double) {
        let lowMel = Self.hzToMel(low), highMel = Self.hzToMel(high)
        let edges = (0..<(count + 2)).map { i in
            Self.melToHz(lowMel + (highMel - lowMel) * Double(i) / Double(count + 1))
        }
        edgesHz = edges
        let bins = fft / 2 + 1
        bands = (0..<count).map { m in
            let lower = edges[m], center = edges[m + 1], upper = edges[m + 2]
            var first = -1
            var weights: [Double] = []
            for k in 0..<bins {
                let hz = Double(k) * sampleRate / Double(fft)
                let weight = max(0, min((hz - lower) / (center - lower), (upper - hz) / (upper - center)))
                if weight > 0 {
                    if first < 0 { first = k }
                    // Zeros between non-zero weights cannot occur in a triangle.
                    weights.append(weight)
                } else if first >= 0 {
                    break
                }
            }
            return Band(firstBin: max(first, 0), weights: weights)
        }
    }
}

/// DCT-II with orthonormal scaling (scipy's `dct(type=2, norm="ortho")`, librosa's MFCC):
/// c_j = s_j · Σ_m x_m · cos(π·j·(m + ½)/M), s_0 = √(1/M), s_j = √(2/M). Row j, column m.
enum DCT {
    static func matrix(rows: Int, columns m: Int) -> [Double] {
        var matrix: [Double] = []
        matrix.reserveCapacity(rows * m)
        for j in 0..<rows {
            let scale = j == 0 ? (1 / Double(m)).squareRoot() : (2 / Double(m)).squareRoot()
            for i in 0..<m { matrix.append(scale * cos(Double.pi * Double(j) * (Double(i) + 0.5) / Double(m))) }
        }
        return matrix
    }
}

/// Periodic windows of length L (scipy `get_window(name, L, fftbins=True)`):
/// hann 0.5 − 0.5·cos(2πn/L), hamming 0.54 − 0.46·cos(2πn/L), rect 1.
enum WindowTable {
    static func values(_ function: WindowFunction, length: Int) -> [Double] {
        (0..<length).map { n in
            let phase = 2 * Double.pi * Double(n) / Double(length)
            switch function {
            case .hann: return 0.5 - 0.5 * cos(phase)
            case .hamming: return 0.54 - 0.46 * cos(phase)
            case .rect: return 1
            }
        }
    }
}
