/// A confusion matrix as a heat map: rows are true labels, columns predicted labels; the
/// colour is the row-normalized share (recall per class), the text the count.
public struct ConfusionHeatMap: Sendable {
    public var title: String
    public var labels: [String]
    /// `counts[true][predicted]`.
    public var counts: [[Int]]
    public var cell: Double = 44

    public init(title: String, labels: [String], counts: [[Int]]) {
        self.title = title
        self.labels = labels
        self.counts = counts
    }

    public func render() -> String {
        let n = labels.count
        let labelWidth = min(140, Double(labels.map(\.count).max() ?? 4) * 7 + 16)
        let left = labelWidth + 28, top = 56.0
        let width = left + Double(n) * cell + 24, height = top + Double(n) * cell + labelWidth + 24
        var svg = SVG(width: width, height: height, title: title)
        svg.text(title, x: 12, y: 20, size: 14, bold: true)
        svg.text("predicted →", x: left, y: 44, size: 11, fill: Palette.muted)
        svg.text("true ↓", x: 12, y: 44, size: 11, fill: Palette.muted)

        for row in 0..<n {
            let total = max(1, counts[row].reduce(0, +))
            for column in 0..<n {
                let count = counts[row][column]
                let share = Double(count) / Double(total)
                let x = left + Double(column) * cell, y = top + Double(row) * cell
                svg.rect(x: x, y: y, width: cell - 2, height: cell - 2, fill: Palette.sequential(share),
                         tooltip: "true \(labels[row]), predicted \(labels[column]): \(count) (\(Int((share * 100).rounded()))% of \(labels[row]))")
                svg.text(String(count), x: x + (cell - 2) / 2, y: y + cell / 2 + 3, anchor: .middle, size: 12,
                         fill: Palette.textOnSequential(share), bold: row == column)
            }
            svg.text(labels[row], x: left - 8, y: top + Double(row) * cell + cell / 2 + 3, anchor: .end, size: 11)
        }
        for column in 0..<n {
            let x = left + Double(column) * cell + cell / 2
            svg.text(labels[column], x: x, y: top + Double(n) * cell + 10, anchor: .end, size: 11, rotate: -45)
        }
        return svg.render()
    }
}
