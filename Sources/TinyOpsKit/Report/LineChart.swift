/// Curves over a shared x axis (loss and accuracy per epoch, train and validation).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool

        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false) {
            self.name = name
            self.points = points
            self.dashed = dashed
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Fixed y range (e.g. 0...1 for accuracy); nil fits the data.
    public var yDomain: (Double, Double)?
    public var width: Double = 640
    public var height: Double = 320

    public init(title: String, xLabel: String, yLabel: String, series: [Series], yDomain: (Double, Double)? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yDomain = yDomain
    }

    public func render() -> String {
        var svg = SVG(width: width, height: height, title: title)
        let plot = (left: 64.0, top: 48.0, right: width - 16, bottom: height - 48)
        svg.text(title, x: plot.left, y: 20, size: 14, bold: true)

        let xs = series.flatMap { $0.points.map(\.x) }, ys = series.flatMap { $0.points.map(\.y) }
        let xDomain = (xs.min() ?? 0, xs.max() ?? 1)
        let yRange = yDomain ?? LinearScale.niceDomain(ys.min() ?? 0, ys.max() ?? 1)
        let x = LinearScale(domain: xDomain, range: (plot.left, plot.right))
        let y = LinearScale(domain: yRange, range: (plot.bottom, plot.top))

        for tick in y.ticks() {
            svg.line(x1: plot.left, y1: y(tick), x2: plot.right, y2: y(tick), stroke: Palette.grid)
            svg.text(LinearScale.label(tick), x: plot.left - 6, y: y(tick) + 4, anchor: .end, size: 11, fill: Palette.muted)
        }
        for tick in x.ticks(count: min(8, max(1, xs.count))) where tick == tick.rounded() || xDomain.1 - xDomain.0 < 8 {
            svg.line(x1: x(tick), y1: plot.bottom, x2: x(tick), y2: plot.bottom + 4, stroke: Palette.axis)
            svg.text(LinearScale.label(tick), x: x(tick), y: plot.bottom + 17, anchor: .middle, size: 11, fill: Palette.muted)
        }
        svg.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        svg.line(x1: plot.left, y1: plot.top, x2: plot.left, y2: plot.bottom, stroke: Palette.axis)
        svg.text(xLabel, x: (plot.left + plot.right) / 2, y: height - 10, anchor: .middle, size: 12, fill: Palette.muted)
        svg.text(yLabel, x: 16, y: (plot.top + plot.bottom) / 2, anchor: .middle, size: 12, fill: Palette.muted, rotate: -90)

        for (i, s) in series.enumerated() {
            let colour = Palette.series(i)
            svg.polyline(s.points.map { (x($0.x), y($0.y)) }, stroke: colour, dashed: s.dashed)
            for point in s.points where s.points.count <= 60 {
                svg.circle(x: x(point.x), y: y(point.y), radius: 2.5, fill: colour,
                           tooltip: "\(s.name): \(LinearScale.label(point.y)) at \(xLabel.lowercased()) \(LinearScale.label(point.x))")
            }
        }
        // Legend, right-aligned above the plot.
        var legendX = plot.right
        for (i, s) in series.enumerated().reversed() {
            let labelWidth = Double(s.name.count) * 6.5 + 28
            legendX -= labelWidth
            svg.line(x1: legendX, y1: 36, x2: legendX + 18, y2: 36, stroke: Palette.series(i), width: 2.5, dashed: s.dashed)
            svg.text(s.name, x: legendX + 22, y: 40, size: 11)
        }
        return svg.render()
    }
}
