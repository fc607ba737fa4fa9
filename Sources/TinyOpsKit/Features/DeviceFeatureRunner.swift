import TinyOpsRuntime

/// Runs the device's C feature code (Sources/TinyOpsRuntime/features*.c, compiled into this
/// package) on the host with the tables `FeatureTables` computes: the same configuration the
/// generated C config holds. Tests compare it with `FeatureExtractor`; benchmarks time it.
public final class DeviceFeatureRunner {
    public let spec: FeatureSpec
    private let tables: FeatureTables
    private let bands: [tinyops_mel_band]
    private var scratch: [UInt64]
    private var output32: [Int32]
    private var pcm: [Int16]

    public init(_ spec: FeatureSpec) {
        self.spec = spec
        tables = FeatureTables(spec)
        bands = tables.bands.map { tinyops_mel_band(first_bin: UInt16($0.firstBin), bin_count: UInt16($0.count), weight_offset: UInt32($0.offset)) }
        scratch = []
        output32 = [Int32](repeating: 0, count: spec.outputSize)
        pcm = [Int16](repeating: 0, count: spec.inputSize)
    }

    /// The float32 path: `tinyops_features_run_f32`.
    public func runFloat(_ input: [Float]) throws(FeatureError) -> [Float] {
        precondition(input.count == spec.inputSize, "input size")
        var output = [Float](repeating: 0, count: spec.outputSize)
        let status = withConfig { config in
            var config = config
            let bytes = tinyops_features_scratch_bytes(&config, 0)
            if scratch.count * 8 < bytes { scratch = [UInt64](repeating: 0, count: (bytes + 7) / 8) }
            return scratch.withUnsafeMutableBytes { scratch in
                input.withUnsafeBufferPointer { x in
                    output.withUnsafeMutableBufferPointer { y in
                        tinyops_features_run_f32(&config, x.baseAddress, y.baseAddress, scratch.baseAddress, scratch.count)
                    }
                }
            }
        }
        guard status == TINYOPS_OK else { throw .device(status: Int32(status.rawValue)) }
        return output
    }

    /// The integer path: `tinyops_features_run_q16` on int16 PCM; Q16 results.
    public func runFixed(_ input: [Int16]) throws(FeatureError) -> [Int32] {
        precondition(input.count == spec.inputSize, "input size")
        pcm = input
        let status = withConfig { config in
            var config = config
            let bytes = tinyops_features_scratch_bytes(&config, 1)
            if scratch.count * 8 < bytes { scratch = [UInt64](repeating: 0, count: (bytes + 7) / 8) }
            return scratch.withUnsafeMutableBytes { scratch in
                pcm.withUnsafeBufferPointer { x in
                    output32.withUnsafeMutableBufferPointer { y in
                        tinyops_features_run_q16(&config, x.baseAddress, y.baseAddress, scratch.baseAddress, scratch.count)
                    }
                }
            }
        }
        guard status == TINYOPS_OK else { throw .device(status: Int32(status.rawValue)) }
        return output32
    }

    /// The scratch bytes the device needs for this block (float path, or integer path).
    public func scratchBytes(fixed: Bool) -> Int {
        withConfig { config in
            var config = config
            return tinyops_features_scratch_bytes(&config, fixed ? 1 : 0)
        }
    }

    /// The C configuration over the tables, valid inside `body`.
    private func withConfig<R>(_ body: (tinyops_features_config) -> R) -> R {
        let t = tables
        return t.window.withUnsafeBufferPointer { window in
        t.twiddles.withUnsafeBufferPointer { twiddles in
        t.melWeights.withUnsafeBufferPointer { melWeights in
        t.dct.withUnsafeBufferPointer { dct in
        t.windowQ15.withUnsafeBufferPointer { windowQ15 in
        t.twiddlesQ30.withUnsafeBufferPointer { twiddlesQ30 in
        t.melWeightsQ15.withUnsafeBufferPointer { melWeightsQ15 in
        t.dctQ30.withUnsafeBufferPointer { dctQ30 in
        t.bitReverse.withUnsafeBufferPointer { bitReverse in
        bands.withUnsafeBufferPointer { bands in
            var config = tinyops_features_config()
            config.block = UInt32(FeatureConfigRenderer.blockCode(spec.block))
            config.channels = UInt32(spec.channels)
            config.window_length = UInt32(spec.windowLength)
            config.frame_length = UInt32(spec.frameLength)
            config.frame_step = UInt32(spec.frameStep)
            config.frame_count = UInt32(spec.frameCount)
            config.fft_length = UInt32(spec.fftLength)
            config.mel_bands = UInt32(spec.block == .logmel || spec.block == .mfcc ? spec.melBands : 0)
            config.coefficients = UInt32(spec.block == .mfcc ? spec.coefficients : 0)
            config.peaks = UInt32(spec.peaks)
            config.detrend = UInt32(FeatureConfigRenderer.detrendCode(spec.detrend))
            config.output_count = UInt32(spec.outputSize)
            config.pre_emphasis = t.preEmphasis
            config.log_floor = t.logFloor
            config.inv_window_length = t.inverseWindowLength
            config.inv_segments = t.inverseSegments
            config.time_center = t.timeCenter
            config.inv_time_squares = t.inverseTimeSquares
            config.amplitude_scale = t.amplitudeScale
            config.amplitude_scale_edge = t.amplitudeScaleEdge
            config.bin_hz = t.binHz
            config.window = window.baseAddress
            config.twiddles = twiddles.baseAddress
            config.mel_weights = melWeights.baseAddress
            config.dct = dct.baseAddress
            config.pre_emphasis_q15 = t.preEmphasisQ15
            config.log_floor_q16 = t.logFloorQ16
            config.mel_guard_bits = UInt32(t.melGuardBits)
            config.window_q15 = windowQ15.baseAddress
            config.twiddles_q30 = twiddlesQ30.baseAddress
            config.mel_weights_q15 = melWeightsQ15.baseAddress
            config.dct_q30 = dctQ30.baseAddress
            config.bitrev = bitReverse.baseAddress
            config.bands = bands.baseAddress
            return body(config)
        }}}}}}}}}}
    }

    /// The C library's scalar helpers, for tests against `FeatureMath`.
    public static func ln(_ x: Float) -> Float { tinyops_features_lnf(x) }
    public static func squareRoot(_ x: Float) -> Float { tinyops_features_sqrtf(x) }
    public static func lnQ16(_ x: UInt64, minusExponent k: Int32) -> Int32 { tinyops_features_ln_q16(x, k) }
}
