/// The Arm Cortex-M cores tinyops knows, with the features that decide which kernels a model
/// gets: an FPU (hardware float), the DSP extension (32-bit SIMD: SMLAD, two 16×16 MACs per
/// instruction) and Helium/MVE (128-bit vectors).
///
/// Optional features are set the way the common TinyML parts ship them (see docs/targets in
/// the shared notes and the board table in `Board.swift`): `cortex-m4` is the FPU-less
/// configuration and `cortex-m4f` the one with the single-precision FPU; `cortex-m33` has the
/// FPU and the DSP extension (nRF5340, RP2350); `cortex-m55` has MVE with floating point.
/// A board can narrow the FPU (`Board.fpu`), e.g. the double-precision FPU of the STM32H7.
public enum CortexCore: String, CaseIterable, Sendable {
    case m0 = "cortex-m0"
    case m0plus = "cortex-m0plus"
    case m3 = "cortex-m3"
    case m4 = "cortex-m4"
    case m4f = "cortex-m4f"
    case m7 = "cortex-m7"
    case m33 = "cortex-m33"
    case m55 = "cortex-m55"

    /// The Arm architecture profile the core implements.
    public var architecture: String {
        switch self {
        case .m0, .m0plus: "Armv6-M"
        case .m3: "Armv7-M"
        case .m4, .m4f, .m7: "Armv7E-M"
        case .m33: "Armv8-M Mainline"
        case .m55: "Armv8.1-M Mainline"
        }
    }

    /// The FPU of the usual configuration of this core.
    public var defaultFPU: FPU {
        switch self {
        case .m0, .m0plus, .m3, .m4: .none
        case .m4f, .m7, .m33, .m55: .single
        }
    }

    /// The DSP extension: packed 16-bit multiply-accumulate (SMLAD) and saturating arithmetic.
    public var hasDSP: Bool {
        switch self {
        case .m0, .m0plus, .m3: false
        case .m4, .m4f, .m7, .m33, .m55: true
        }
    }

    /// Helium, the M-profile Vector Extension (8 × 128-bit vector registers).
    public var hasMVE: Bool { self == .m55 }

    /// Which implementation CMSIS-NN compiles for this core (chosen at compile time from
    /// `ARM_MATH_DSP` / `ARM_MATH_MVEI`).
    public var cmsisNNPath: CMSISNNPath {
        if hasMVE { return .mve }
        return hasDSP ? .dsp : .pureC
    }

    /// `cortex-m4f` → `Cortex-M4F`.
    public var displayName: String {
        "Cortex-" + rawValue.dropFirst("cortex-".count).uppercased().replacingOccurrences(of: "PLUS", with: "+")
    }
}

/// Floating-point hardware.
public enum FPU: String, Sendable {
    case none
    /// Single precision (FPv4-SP, FPv5-SP): float32 in hardware, float64 in software.
    case single
    /// Single and double precision (FPv5-D16).
    case double

    public var hasFloat32: Bool { self != .none }
}

/// The CMSIS-NN implementation class (CMSIS-NN README: "Pure C", "DSP extension", "MVE").
public enum CMSISNNPath: String, Sendable {
    /// Always available; Cortex-M0/M0+/M3.
    case pureC = "pure C"
    /// SIMD on 32-bit registers; Cortex-M4/M7/M33.
    case dsp = "DSP"
    /// Helium vectors; Cortex-M55/M85.
    case mve = "MVE"
}
