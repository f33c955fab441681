// Running code non-interactively (-e, run FILE, piped stdin): results to stdout, errors to stderr.

import GradbookCore

/// Runs a whole script through one `Notebook` and prints what it shows, plainly.
///
/// Results go to stdout, one per line; notes too. Errors go to stderr as `NAME:LINE:COL: error: …`
/// with the line and a caret; the remaining statements still run, and the exit status says whether
/// any statement failed.
public struct ScriptRunner {
    public var notebook: Notebook
    public var style: Style
    /// Columns to wrap results and notes to (stdout is a terminal), and error messages (stderr is one); nil leaves
    /// the text as it is, as piped output is.
    public var width: Int?
    public var errorWidth: Int?

    public init(notebook: Notebook = Notebook(), style: Style = .plain, width: Int? = nil, errorWidth: Int? = nil) {
        self.notebook = notebook
        self.style = style
        self.width = width
        self.errorWidth = errorWidth
        notebook.style = style
        if notebook.exercises == nil { notebook.exercises = LessonLibrary.standardAnswers() }
    }

    /// Runs `text` (named `name` in messages); returns whether every statement succeeded and whether `:quit` ran.
    @discardableResult
    public func run(_ text: String, name: String) -> (succeeded: Bool, quit: Bool) {
        let result = notebook.run(text, sourceName: name)
        let renderer = DiagnosticRenderer(style: style, width: errorWidth)
        if let lesson = result.requestedLesson {
            StandardStream.write(style.apply(.note, "note: :lesson walks through a lesson interactively; here, run gradbook lesson \(lesson) (or add --auto to run it straight through).") + "\n")
        }
        for output in result.outputs {
            // Control characters from the script or its data are shown, never obeyed (VisibleText).
            var text = VisibleText.escaping(output.text, keepingColour: style.usesColor)
            if let width, !output.isDrawing {
                text = output.isParagraphs ? WordWrap(width: width).reflowing(text) : WordWrap(width: width).text(text)
            }
            switch output.kind {
            case .result, .info: StandardStream.write(text + "\n")
            case .note: StandardStream.write(style.apply(.note, text) + "\n")
            case .error(let diagnostic): StandardStream.writeError(renderer.located(diagnostic) + "\n")
            }
        }
        return (!result.hasErrors, result.wantsQuit)
    }
}
