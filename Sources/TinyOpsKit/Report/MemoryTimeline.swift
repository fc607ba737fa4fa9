/// The arena plan drawn as a timeline: one rectangle per tensor, spanning the operators
/// during which it lives (x) and the bytes it occupies in the arena (y).
public struct MemoryTimeline: Sendable {
    public struct Buffer: Sendable {
        public var name: String
        public var firstOp: Int
        public var lastOp: Int
        public var offset: Int
        public var size: Int

        public init(name: String, firstOp: Int, lastOp: Int, offset: Int, size: Int) {
            self.name = name
            self.firstOp = firstOp
            self.lastOp = lastOp
            self.offset = offset
            self.size = size
        }
    }

    public var title: String
    public var operatorCount: Int
    public var buffers: [Buffer]
    public var arenaBytes: Int
    public var width: Double = 640
    public var height: Double = 300

    public init(title: String, operatorCount: Int, buffers: [Buffer], arenaBytes: Int) {
        self.title = title
        self.operatorCount = operatorCount
        self.buffers = buffers
        self.arenaBytes = arenaBytes
    }

    public func render() -> String {
        var svg = SVG(width: width, height: height, title: title)
        let plot = (left: 72.0, top: 40.0, right: width - 16, bottom: height - 40)
        svg.text(title, x: 12, y: 20, size: 14, bold: true)
        let top = Double(max(arenaBytes, buffers.map { $0.offset + $0.size }.max() ?? 1))
        let x = LinearScale(domain: (0, Double(max(operatorCount, 1))), range: (plot.left, plot.right))
        let y = LinearScale(domain: (0, top), range: (plot.bottom, plot.top))
        for tick in y.ticks(count: 4) {
            svg.line(x1: plot.left, y1: y(tick), x2: plot.right, y2: y(tick), stroke: Palette.grid)
            svg.text(CapacityChart.bytes(tick), x: plot.left - 6, y: y(tick) + 4, anchor: .end, size: 10, fill: Palette.muted)
        }
        for op in 0..<operatorCount where operatorCount <= 40 || op % max(1, operatorCount / 20) == 0 {
            svg.text(String(op), x: x(Double(op) + 0.5), y: plot.bottom + 14, anchor: .middle, size: 10, fill: Palette.muted)
        }
        for (i, buffer) in buffers.enumerated() {
            svg.rect(x: x(Double(buffer.firstOp)) + 1, y: y(Double(buffer.offset + buffer.size)),
                     width: x(Double(buffer.lastOp + 1)) - x(Double(buffer.firstOp)) - 2,
                     height: y(Double(buffer.offset)) - y(Double(buffer.offset + buffer.size)),
                     fill: Palette.series(i), stroke: Palette.background,
                     tooltip: "\(buffer.name): \(buffer.size) B at offset \(buffer.offset), ops \(buffer.firstOp)–\(buffer.lastOp)")
        }
        svg.line(x1: plot.left, y1: y(Double(arenaBytes)), x2: plot.right, y2: y(Double(arenaBytes)), stroke: Palette.danger, dashed: true)
        svg.text("arena \(CapacityChart.bytes(Double(arenaBytes)))", x: plot.right, y: y(Double(arenaBytes)) - 4, anchor: .end,
                 size: 11, fill: Palette.danger)
        svg.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis)
        svg.text("operator", x: (plot.left + plot.right) / 2, y: height - 8, anchor: .middle, size: 12, fill: Palette.muted)
        return svg.render()
    }
}
