// What running one cell produced, as data: its results, notes, help text and errors. The notebook makes
// it; CellRenderer writes it as text, SessionExport as a file.

/// One thing a cell shows: a result, a note, help text, or an error.
public struct Output: Sendable {
    public enum Kind: Sendable {
        /// A value (shown after `Out[n]:` in the REPL, on stdout in scripts).
        case result
        /// A remark about a result: where a NaN appeared, a kink convention used.
        case note
        /// Text a command prints (`:help`, `:vars`).
        case info
        /// A statement that failed; it changed nothing.
        case error(Diagnostic)
    }

    public var kind: Kind
    public var text: String
    /// Whether a result is (or starts with) a formula rather than a number, so a terminal can colour it.
    public var isFormula = false
    /// The value a result shows, kept so `:export` can write it as LaTeX or SVG rather than text.
    public var value: Value? = nil
    /// Help text: lines that start at column 0 are paragraphs broken at a fixed width, which a narrower terminal
    /// joins and breaks again (`WordWrap.reflowing`); indented lines (examples, lists) stay lines.
    public var isParagraphs = false
    /// The text as lines and tables, when it has a table (`:vars`), so a notebook can show it as HTML.
    var table: TableText? = nil

    public var isError: Bool {
        if case .error = kind { return true }
        return false
    }

    /// Whether it is a drawing (a plot, a decision boundary, a graph), whose spaces are pixels or place its
    /// lines: it is never broken to a width.
    public var isDrawing: Bool {
        switch value {
        case .picture(.plot)?, .picture(.boundary)?, .picture(.graph)?: return true
        default: return false
        }
    }
}

/// What running one cell produced.
public struct CellResult: Sendable {
    /// The cell's number (`In [n]`).
    public var number: Int
    public var outputs: [Output] = []
    /// Whether `:quit` was among the statements.
    public var wantsQuit = false
    /// The lesson `:lesson` asked for ("" for the one in progress); the terminal runs it after the cell.
    public var requestedLesson: String?
    /// Whether Ctrl-C stopped the cell; every binding is then as it was before the cell.
    public var wasInterrupted = false

    public var hasErrors: Bool { outputs.contains { $0.isError } }
}
