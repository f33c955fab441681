// A diagnostic as text: the source line (a window of it around the caret), a caret underline, the error and the hint.

/// Renders diagnostics in the two layouts gradbook uses.
///
/// In the REPL the caret line sits under the input itself (`promptWidth` columns in); in `-e`, `run`
/// and piped mode the message starts with `FILE:LINE:COL: error:` so editors can jump to it, and the
/// offending line is echoed above the caret.
///
/// Everything that came from input is printed with its control characters made visible (`VisibleText`),
/// and a long line is shown as a window of `SourceWindow.width` columns around the caret, so a 10 MB line
/// gives a two-line excerpt, not 10 MB of output.
public struct DiagnosticRenderer: Sendable {
    public var style: Style
    /// The terminal's width: the message and hint lines break at spaces to fit it (the source line and its
    /// caret never do, so the caret stays under its spot). Nil leaves them as they are.
    public var width: Int?
    /// The longest message or hint shown whole; longer ones (quoting a huge expression) keep both ends.
    static let longestMessage = 2_000

    public init(style: Style, width: Int? = nil) {
        self.style = style
        self.width = width
    }

    /// A message or hint line, broken at spaces to the width when there is one.
    private func fitted(_ line: String) -> String {
        guard let width else { return line }
        return WordWrap(width: width).text(line)
    }

    /// For the REPL: the caret under the typed line (echoing the line when the cell has several, or when the
    /// line is too long or holds control characters, which the caret could not line up under).
    ///
    /// A typed line longer than the terminal is wrapped by it, and a caret line as long would wrap too: a blank
    /// row, then the caret on the row below, under no part of the input. Then the part of the line around the
    /// caret is echoed in a window that fits one row, with the caret under it.
    public func interactive(_ diagnostic: Diagnostic, promptWidth: Int) -> String {
        guard let source = diagnostic.source else { return messageLines(diagnostic) }
        var window = SourceWindow(diagnostic, in: source)
        var lines: [String] = []
        let indent = String(repeating: " ", count: promptWidth)
        let typedLength = source.lineText(containing: diagnostic.range.lowerBound).unicodeScalars.count
        if let width, promptWidth + typedLength >= width, width - promptWidth - 1 >= SourceWindow.narrowest {
            let room = width - promptWidth - 1
            window = SourceWindow(diagnostic, in: source, width: room - 2, before: (room - 2) / 2)
            lines.append(indent + window.text)
        } else if source.lineCount > 1 || !window.matchesTypedLine {
            lines.append(indent + window.text)
        }
        lines.append(indent + caretLine(window))
        lines.append(messageLines(diagnostic))
        return lines.joined(separator: "\n")
    }

    /// For scripts: `name:line:column: error: …`, then the line and the caret.
    public func located(_ diagnostic: Diagnostic) -> String {
        guard let source = diagnostic.source else { return messageLines(diagnostic) }
        let (line, column) = source.location(of: diagnostic.range.lowerBound)
        let name = VisibleText.escaping(source.name)
        var lines = [fitted("\(name):\(line):\(column): \(style.apply(.error, "error:")) \(shown(diagnostic.message))")]
        let window = SourceWindow(diagnostic, in: source)
        lines.append("    " + window.text)
        lines.append("    " + caretLine(window))
        if let hint = diagnostic.shownHint { lines.append(fitted("\(style.apply(.hint, "hint:")) \(shownHint(hint))")) }
        return lines.joined(separator: "\n")
    }

    private func messageLines(_ diagnostic: Diagnostic) -> String {
        var text = fitted("\(style.apply(.error, "error:")) \(shown(diagnostic.message))")
        if let hint = diagnostic.shownHint { text += "\n" + fitted("\(style.apply(.hint, "hint:")) \(shownHint(hint))") }
        return text
    }

    /// A message or hint as printed: control characters visible, at most `longestMessage` characters.
    private func shown(_ text: String) -> String {
        VisibleText.escaping(VisibleText.clipped(text, limit: DiagnosticRenderer.longestMessage))
    }

    /// A hint as printed: the calls it suggests, marked with backticks in the catalogue, without the marks
    /// (in the formula colour when colour is on).
    private func shownHint(_ hint: String) -> String {
        shown(hint).split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset % 2 == 1 ? style.apply(.formula, String($0.element)) : String($0.element) }.joined()
    }

    /// `   ^~~~` under the range, clipped to the window it starts in.
    private func caretLine(_ window: SourceWindow) -> String {
        let underline = "^" + String(repeating: "~", count: max(0, window.caretWidth - 1))
        return String(repeating: " ", count: window.caretColumn) + style.apply(.caret, underline)
    }
}

/// The part of a diagnostic's line that is shown above the caret, and where the caret goes in it.
///
/// The window starts `before` characters left of the caret (with `…` where it cuts the line) and is
/// `width` columns wide. Control characters are shown as `VisibleText` writes them (`\e` takes two columns)
/// and a tab as one space, so the caret's column counts what is printed.
struct SourceWindow {
    static let width = 100
    static let before = 40
    /// The narrowest window worth showing (a terminal narrower than the prompt and this keeps the caret as is).
    static let narrowest = 20

    /// The shown line.
    var text: String
    /// The caret's column in `text` (0-based) and how many columns its underline covers (at least 1).
    var caretColumn: Int
    var caretWidth: Int
    /// Whether `text` is the line exactly as typed (short, no control characters), so a caret under the
    /// typed input lines up.
    var matchesTypedLine: Bool

    /// `width` and `before` in characters of the line (the `…` marks where it is cut come on top).
    init(_ diagnostic: Diagnostic, in source: SourceText, width: Int = SourceWindow.width, before: Int = SourceWindow.before) {
        let line = Array(source.lineText(containing: diagnostic.range.lowerBound).unicodeScalars)
        let caret = min(source.location(of: diagnostic.range.lowerBound).column - 1, line.count)
        let start = line.count > width ? max(0, min(caret - before, line.count - width)) : 0
        let end = min(line.count, start + width)
        var shown = start > 0 ? "…" : ""
        var column = shown.count
        var caretColumn = column, caretEnd = column
        let rangeEnd = caret + max(1, diagnostic.range.upperBound - diagnostic.range.lowerBound)
        var isPlain = true
        for index in start..<end {
            if index == caret { caretColumn = column }
            let scalar = line[index]
            let piece = scalar == "\t" ? " " : VisibleText.visible(scalar)
            if piece.unicodeScalars.count != 1 || piece.unicodeScalars.first != scalar { isPlain = false }
            shown += piece
            column += piece.count
            if index < rangeEnd { caretEnd = column }
        }
        if caret >= end { caretColumn = column }
        if end < line.count { shown += "…" }
        text = shown
        self.caretColumn = caretColumn
        caretWidth = max(1, caretEnd - caretColumn)
        matchesTypedLine = isPlain && start == 0 && end == line.count
    }
}
