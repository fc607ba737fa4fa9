/// A small SVG writer: elements are appended in drawing order and rendered as one
/// self-contained `<svg>` element (no scripts, no external references), so a report page
/// opens offline. Numbers are written with at most two decimals, so output is deterministic
/// and diffs of golden files stay readable.
public struct SVG: Sendable {
    public let width: Double
    public let height: Double
    /// Accessible name of the figure (`role="img"` + `<title>`).
    public let title: String
    private var body: [String] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    public enum Anchor: String, Sendable { case start, middle, end }

    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, tooltip: String? = nil, cssClass: String? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(max(0, width)))\" "
            + "height=\"\(Self.number(max(0, height)))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\"" }
        if let cssClass { attributes += " class=\"\(cssClass)\"" }
        if let tooltip {
            body.append("<rect \(attributes)><title>\(Self.escape(tooltip))</title></rect>")
        } else {
            body.append("<rect \(attributes)/>")
        }
    }

    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
                              dashed: Bool = false) {
        body.append("<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" "
                    + "stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\"" + (dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dashed: Bool = false) {
        guard !points.isEmpty else { return }
        let list = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\" "
                    + "stroke-linejoin=\"round\"" + (dashed ? " stroke-dasharray=\"6 4\"" : "") + "/>")
    }

    public mutating func circle(x: Double, y: Double, radius: Double, fill: String, tooltip: String? = nil) {
        let attributes = "cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\""
        if let tooltip {
            body.append("<circle \(attributes)><title>\(Self.escape(tooltip))</title></circle>")
        } else {
            body.append("<circle \(attributes)/>")
        }
    }

    public mutating func text(_ string: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                              fill: String = Palette.text, bold: Bool = false, rotate: Double? = nil) {
        var attributes = "x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-size=\"\(Self.number(size))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let rotate { attributes += " transform=\"rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))\"" }
        body.append("<text \(attributes)>\(Self.escape(string))</text>")
    }

    /// The rendered `<svg>` element.
    public func render() -> String {
        let header = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
            + "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" role=\"img\" aria-label=\"\(Self.escape(title))\" "
            + "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\">"
        return ([header, "<title>\(Self.escape(title))</title>"] + body + ["</svg>"]).joined(separator: "\n")
    }

    /// At most two decimals, no trailing zeros, no `-0`.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded == 0 ? 0 : rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// Escapes text and attribute values for XML.
    public static func escape(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.count)
        for character in string {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

import Foundation
