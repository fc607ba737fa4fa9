/// Horizontal bars, one per item (per-layer parameters, MACs, arena bytes, cycles,
/// quantization error), with the value printed at the end of each bar.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var tooltip: String?
        /// Draw in the warning colour (a layer that hurts, a budget exceeded).
        public var highlighted: Bool

        public init(label: String, value: Double, tooltip: String? = nil, highlighted: Bool = false) {
            self.label = label
            self.value = value
            self.tooltip = tooltip
            self.highlighted = highlighted
        }
    }

    public var title: String
    public var unit: String
    public var bars: [Bar]
    public var colour: String
    public var width: Double = 640
    public var barHeight: Double = 18

    public init(title: String, unit: String, bars: [Bar], colour: String = Palette.series(0)) {
        self.title = title
        self.unit = unit
        self.bars = bars
        self.colour = colour
    }

    public func render() -> String {
        let labelWidth = min(220, Double(bars.map(\.label.count).max() ?? 4) * 6.6 + 16)
        let left = labelWidth + 8, right = width - 72, top = 40.0
        let height = top + Double(bars.count) * (barHeight + 6) + 36
        var svg = SVG(width: width, height: height, title: title)
        svg.text(title, x: 12, y: 20, size: 14, bold: true)

        let maximum = bars.map(\.value).max() ?? 0
        let domain = LinearScale.niceDomain(0, max(maximum, 1e-12))
        let x = LinearScale(domain: (0, domain.1), range: (left, right))
        let bottom = top + Double(bars.count) * (barHeight + 6)
        for tick in x.ticks(count: 4) {
            svg.line(x1: x(tick), y1: top - 4, x2: x(tick), y2: bottom, stroke: Palette.grid)
            svg.text(LinearScale.label(tick), x: x(tick), y: bottom + 14, anchor: .middle, size: 10, fill: Palette.muted)
        }
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * (barHeight + 6)
            svg.text(bar.label, x: left - 6, y: y + barHeight / 2 + 4, anchor: .end, size: 11)
            let tooltip = bar.tooltip ?? "\(bar.label): \(LinearScale.label(bar.value)) \(unit)"
            svg.rect(x: left, y: y, width: x(bar.value) - left, height: barHeight,
                     fill: bar.highlighted ? Palette.danger : colour, tooltip: tooltip)
            svg.text(LinearScale.label(bar.value), x: x(bar.value) + 4, y: y + barHeight / 2 + 4, size: 10, fill: Palette.muted)
        }
        svg.text(unit, x: right, y: bottom + 28, anchor: .end, size: 11, fill: Palette.muted)
        return svg.render()
    }
}

/// Used against available capacity (flash and RAM against the board), with the headroom.
public struct CapacityChart: Sendable {
    public struct Resource: Sendable {
        public var name: String
        public var used: Double
        public var capacity: Double

        public init(name: String, used: Double, capacity: Double) {
            self.name = name
            self.used = used
            self.capacity = capacity
        }
    }

    public var title: String
    public var resources: [Resource]
    public var width: Double = 640

    public init(title: String, resources: [Resource]) {
        self.title = title
        self.resources = resources
    }

    public func render() -> String {
        let left = 64.0, right = width - 16, top = 40.0, row = 44.0
        var svg = SVG(width: width, height: top + Double(resources.count) * row + 8, title: title)
        svg.text(title, x: 12, y: 20, size: 14, bold: true)
        for (i, resource) in resources.enumerated() {
            let y = top + Double(i) * row
            let share = resource.capacity > 0 ? resource.used / resource.capacity : 1
            let fits = share <= 1
            svg.text(resource.name, x: 12, y: y + 14, size: 12, bold: true)
            svg.rect(x: left, y: y, width: right - left, height: 20, fill: "#f6f8fa", stroke: Palette.grid)
            svg.rect(x: left, y: y, width: (right - left) * min(share, 1), height: 20, fill: fits ? Palette.ok : Palette.danger,
                     tooltip: "\(resource.name): \(Self.bytes(resource.used)) of \(Self.bytes(resource.capacity))")
            let verdict = fits ? "\(Self.bytes(resource.capacity - resource.used)) free" : "over by \(Self.bytes(resource.used - resource.capacity))"
            svg.text("\(Self.bytes(resource.used)) of \(Self.bytes(resource.capacity)) (\(Int((share * 100).rounded()))%), \(verdict)",
                     x: left, y: y + 34, size: 11, fill: Palette.muted)
        }
        return svg.render()
    }

    static func bytes(_ value: Double) -> String {
        value >= 1024 * 1024 ? LinearScale.label(value / 1024 / 1024) + " MiB"
            : value >= 1024 ? LinearScale.label((value / 1024 * 10).rounded() / 10) + " KiB" : "\(Int(value)) B"
    }
}
