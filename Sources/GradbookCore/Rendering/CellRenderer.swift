// A cell's outputs as a person sees them in the REPL: Out[n]: results, notes, errors with carets.

/// Lays out a `CellResult` in notebook style.
///
/// Results start with `Out[n]: ` and their further lines are indented to line up; errors put the caret
/// under the input line, `promptWidth` columns in, where the prompt `In [n]: ` ended. The same layout
/// serves the terminal and the golden transcript tests.
public struct CellRenderer: Sendable {
    public var style: Style
    /// The terminal's width: results, notes, help and error messages break at spaces to fit it (`WordWrap`).
    /// Nil leaves every line as it is (piped output, transcripts, lesson files).
    public var width: Int?

    public init(style: Style, width: Int? = nil) {
        self.style = style
        self.width = width
    }

    /// The prompt that introduces cell `number`.
    public static func inputPrompt(_ number: Int) -> String { "In [\(number)]: " }

    /// The continuation prompt for further lines of a cell, as wide as `inputPrompt(number)`.
    public static func continuationPrompt(_ number: Int) -> String {
        let width = inputPrompt(number).count
        return String(repeating: " ", count: max(0, width - 5)) + "...: "
    }

    /// Each output as text, and whether it is an error (for stderr) or not.
    public func chunks(_ result: CellResult, promptWidth: Int) -> [(text: String, isError: Bool)] {
        let diagnostics = DiagnosticRenderer(style: style, width: width)
        return result.outputs.map { output in
            // Text from input (a CSV header, a file name, a comment inside a plotted expression) may hold
            // control characters: they are shown, never sent to the terminal as they are.
            let text = VisibleText.escaping(output.text, keepingColour: style.usesColor)
            // A picture's spaces are pixels: it is drawn to its own width and never broken.
            func wrapped(_ text: String, leaving columns: Int = 0) -> String {
                guard let width, !output.isDrawing else { return text }
                let wrap = WordWrap(width: width - columns)
                // A table's rows would break mid-row: its text columns are cut to the width instead.
                if let table = output.table {
                    return VisibleText.escaping(table.text(fitting: width - columns, line: wrap.text), keepingColour: style.usesColor)
                }
                return output.isParagraphs ? wrap.reflowing(text) : wrap.text(text)
            }
            switch output.kind {
            case .result:
                let label = "Out[\(result.number)]: "
                let indented = wrapped(text, leaving: label.count)
                    .replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: label.count))
                return (style.apply(.outputPrompt, label) + style.apply(output.isFormula ? .formula : .number, indented), false)
            case .info:
                return (wrapped(text), false)
            case .note:
                return (style.apply(.note, wrapped(text)), false)
            case .error(let diagnostic) where diagnostic.source.map({ $0.name != "In [\(result.number)]" }) ?? false:
                // From a :load'ed file (or a statement :recompute re-ran): name the file, line and column.
                return (diagnostics.located(diagnostic), true)
            case .error(let diagnostic):
                return (diagnostics.interactive(diagnostic, promptWidth: promptWidth), true)
            }
        }
    }

    /// All outputs as one text, one chunk per line group.
    public func text(_ result: CellResult, promptWidth: Int) -> String {
        chunks(result, promptWidth: promptWidth).map(\.text).joined(separator: "\n")
    }
}
