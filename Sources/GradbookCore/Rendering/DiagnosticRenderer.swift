// A diagnostic as text: the source line, a caret underline, the error and the hint.

/// Renders diagnostics in the two layouts gradbook uses.
///
/// In the REPL the caret line sits under the input itself (`promptWidth` columns in); in `-e`, `run`
/// and piped mode the message starts with `FILE:LINE:COL: error:` so editors can jump to it, and the
/// offending line is echoed above the caret.
public struct DiagnosticRenderer: Sendable {
    public var style: Style

    public init(style: Style) {
        self.style = style
    }

    /// For the REPL: the caret under the typed line (echoing the line only when the cell has several).
    public func interactive(_ diagnostic: Diagnostic, promptWidth: Int) -> String {
        guard let source = diagnostic.source else { return messageLines(diagnostic) }
        var lines: [String] = []
        let indent = String(repeating: " ", count: promptWidth)
        if source.lineCount > 1 {
            lines.append(indent + source.lineText(containing: diagnostic.range.lowerBound))
        }
        lines.append(indent + caretLine(diagnostic, in: source))
        lines.append(messageLines(diagnostic))
        return lines.joined(separator: "\n")
    }

    /// For scripts: `name:line:column: error: …`, then the line and the caret.
    public func located(_ diagnostic: Diagnostic) -> String {
        guard let source = diagnostic.source else { return messageLines(diagnostic) }
        let (line, column) = source.location(of: diagnostic.range.lowerBound)
        var lines = ["\(source.name):\(line):\(column): \(style.apply(.error, "error:")) \(diagnostic.message)"]
        lines.append("    " + source.lineText(containing: diagnostic.range.lowerBound))
        lines.append("    " + caretLine(diagnostic, in: source))
        if let hint = diagnostic.hint { lines.append("\(style.apply(.hint, "hint:")) \(hint)") }
        return lines.joined(separator: "\n")
    }

    private func messageLines(_ diagnostic: Diagnostic) -> String {
        var text = "\(style.apply(.error, "error:")) \(diagnostic.message)"
        if let hint = diagnostic.hint { text += "\n\(style.apply(.hint, "hint:")) \(hint)" }
        return text
    }

    /// `   ^~~~` under the range, clipped to the line it starts on.
    private func caretLine(_ diagnostic: Diagnostic, in source: SourceText) -> String {
        let (_, column) = source.location(of: diagnostic.range.lowerBound)
        let lineLength = source.lineText(containing: diagnostic.range.lowerBound).unicodeScalars.count
        let width = max(1, min(diagnostic.range.upperBound - diagnostic.range.lowerBound, lineLength - column + 1))
        let underline = "^" + String(repeating: "~", count: max(0, width - 1))
        return String(repeating: " ", count: column - 1) + style.apply(.caret, underline)
    }
}
