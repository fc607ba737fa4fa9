/// Greedy word wrapping for help screens, at a fixed width so that help output is the
/// same on every terminal and in golden tests.
enum TextWrapping {
    static let width = 80

    /// Lays `words` out after `prefix`, continuing on lines indented by `indent` spaces.
    /// A word is never split; a word longer than a line gets a line of its own.
    static func wrap(
        _ words: [String], prefix: String = "", indent: Int, width: Int = width
    ) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = prefix
        var lineHasWords = false
        for word in words {
            if lineHasWords, line.count + 1 + word.count > width {
                lines.append(line)
                line = margin + word
            } else {
                line += (lineHasWords ? " " : "") + word
            }
            lineHasWords = true
        }
        lines.append(line)
        return lines.map(trimmingTrailingSpaces)
    }

    /// Wraps prose: `text` is split into words on spaces.
    static func wrap(_ text: String, prefix: String = "", indent: Int) -> [String] {
        wrap(text.split(separator: " ").map(String.init), prefix: prefix, indent: indent)
    }

    /// A two-column row, `  label   text`, with the text starting at `column` and
    /// wrapping back to it; a label too wide for the column puts the text on the next line.
    static func row(label: String, text: String, column: Int) -> [String] {
        let head = "  " + label
        let gutter = 2
        if head.count + gutter > column {
            let margin = String(repeating: " ", count: column)
            return [head] + (text.isEmpty ? [] : wrap(text, prefix: margin, indent: column))
        }
        let padded = head + String(repeating: " ", count: column - head.count)
        return wrap(text, prefix: padded, indent: column)
    }

    private static func trimmingTrailingSpaces(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}
