/// Colours for charts. Series use the Okabe–Ito palette, designed to stay distinguishable
/// with the common colour-vision deficiencies; heat maps use a perceptually uniform
/// sequential ramp (viridis anchors) with text colour chosen for contrast.
public enum Palette {
    public static let text = "#1f2328"
    public static let muted = "#57606a"
    public static let grid = "#d0d7de"
    public static let axis = "#57606a"
    public static let background = "#ffffff"
    public static let danger = "#d55e00"
    public static let ok = "#009e73"

    /// Okabe–Ito, without black (used for text) and yellow (too light on white) first.
    public static let series = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442"]

    public static func series(_ index: Int) -> String { series[index % series.count] }

    /// Viridis anchors at t = 0, 0.125, ..., 1.
    private static let ramp: [(Double, Double, Double)] = [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ]

    /// Colour for `t` in [0, 1] on the sequential ramp.
    public static func sequential(_ t: Double) -> String {
        let clamped = min(max(t.isFinite ? t : 0, 0), 1)
        let position = clamped * Double(ramp.count - 1)
        let i = min(Int(position), ramp.count - 2)
        let f = position - Double(i)
        let (a, b) = (ramp[i], ramp[i + 1])
        return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    /// White on the dark end of the ramp, near-black on the light end.
    public static func textOnSequential(_ t: Double) -> String { t < 0.55 ? "#ffffff" : text }

    static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
        func byte(_ v: Double) -> String {
            let value = Int(min(max(v.rounded(), 0), 255))
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + byte(r) + byte(g) + byte(b)
    }
}
