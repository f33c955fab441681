// A cell's outputs as a person sees them in the REPL: Out[n]: results, notes, errors with carets.

/// Lays out a `CellResult` in notebook style.
///
/// Results start with `Out[n]: ` and their further lines are indented to line up; errors put the caret
/// under the input line, `promptWidth` columns in, where the prompt `In [n]: ` ended. The same layout
/// serves the terminal and the golden transcript tests.
public struct CellRenderer: Sendable {
    public var style: Style

    public init(style: Style) {
        self.style = style
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
        let diagnostics = DiagnosticRenderer(style: style)
        return result.outputs.map { output in
            // Text from input (a CSV header, a file name, a comment inside a plotted expression) may hold
            // control characters: they are shown, never sent to the terminal as they are.
            let text = VisibleText.escaping(output.text, keepingColour: style.usesColor)
            switch output.kind {
            case .result:
                let label = "Out[\(result.number)]: "
                let indented = text.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: label.count))
                return (style.apply(.outputPrompt, label) + style.apply(output.isFormula ? .formula : .number, indented), false)
            case .info:
                return (text, false)
            case .note:
                return (style.apply(.note, text), false)
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
