// The interactive loop: read a cell (with continuation lines), run it in the Notebook, show In/Out.

import GradbookCore

/// Where the REPL writes: results to `standard`, errors to `error` (both the terminal, in practice).
public struct OutputSink {
    public var standard: (String) -> Void
    public var error: (String) -> Void

    public init(standard: @escaping (String) -> Void, error: @escaping (String) -> Void) {
        self.standard = standard
        self.error = error
    }

    /// The process's stdout and stderr.
    public static var terminal: OutputSink { OutputSink(standard: StandardStream.write, error: StandardStream.writeError) }
}

/// Reads cells from a `LineSource`, runs them in a `Notebook`, and writes what they show.
///
/// A cell continues with `   ...:` while a bracket is open or its last line ends with `\`; an empty line
/// runs it as it is, and Ctrl-C drops it. A pasted session that still shows `In [n]:` prompts runs its
/// inputs and skips its outputs. Ctrl-D on an empty line, or `:quit`, ends the loop.
public final class REPL {
    public let notebook: Notebook
    private let lines: LineSource
    private let output: OutputSink
    private let style: Style
    /// Whether a progress line (training) is on screen and must be cleared before the results.
    private var progressShown = false
    /// Where `:lesson` finds the lessons and keeps progress; nil means lessons are not available here.
    public var lessons: LessonLibrary?
    /// The terminal's width at this moment, read before each cell is shown; text is broken at spaces to fit it.
    /// Nil (the default, and for tests and pipes) leaves every line as it is.
    public var width: () -> Int? = { nil }

    public init(notebook: Notebook, lines: LineSource, output: OutputSink = .terminal, style: Style = .plain) {
        self.notebook = notebook
        self.lines = lines
        self.output = output
        self.style = style
        notebook.style = style
    }

    /// Shows training progress on one line that rewrites itself (only on a terminal).
    public func showProgress() {
        notebook.progress = { [weak self] text in
            guard let self else { return }
            self.output.standard("\r\u{1B}[2K" + REPL.progressLine(text, width: self.width()))
            self.progressShown = true
        }
    }

    /// The progress line cut to one column less than the terminal's width: a line that wrapped would leave its
    /// first part on screen at every rewrite (80 columns did, once the epoch count reached eight digits).
    static func progressLine(_ text: String, width: Int?) -> String {
        guard let width, width > 2, text.count >= width else { return text }
        return String(text.prefix(width - 2)) + "…"
    }

    /// Runs until Ctrl-D or `:quit`.
    public func run() {
        while let (cells, isPaste) = readCells() {
            for cell in cells {
                if isPaste { echo(cell) }
                if !run(cell) { return }
            }
        }
    }

    /// Runs one cell and shows its outputs; false when the cell asked to quit.
    @discardableResult
    func run(_ cell: String) -> Bool {
        lines.remember(cell)
        let number = notebook.cellCount + 1
        _ = notebook.interruption.takeWasRequested()
        let result = notebook.run(cell)
        if progressShown {
            output.standard("\r\u{1B}[2K")
            progressShown = false
        }
        let promptWidth = CellRenderer.inputPrompt(number).count
        let chunks = CellRenderer(style: style, width: width()).chunks(result, promptWidth: promptWidth)
        // The terminal echoed ^C where the cursor was; start the report on a line of its own.
        if notebook.interruption.takeWasRequested() { output.standard("\n") }
        for (index, chunk) in chunks.enumerated() {
            if result.wasInterrupted, index == chunks.count - 1 {
                output.error("\(style.apply(.error, "interrupted:")) In [\(number)] was stopped; every binding is as it was before it.\n")
                // What else the stop left as it was (an export that was not written) is worth its own line.
                if case .error(let diagnostic)? = result.outputs.last?.kind, !diagnostic.isInterruption {
                    output.error(VisibleText.escaping(diagnostic.message) + "\n")
                }
            } else if chunk.isError {
                output.error(chunk.text + "\n")
            } else {
                output.standard(chunk.text + "\n")
            }
        }
        if let name = result.requestedLesson { startLesson(name) }
        return !result.wantsQuit
    }

    /// `:lesson N`: walks through the lesson in a session of its own, then returns to this one.
    private func startLesson(_ name: String) {
        guard let lessons else {
            output.error("gradbook: lessons are not available in this session; run gradbook lesson from a shell.\n")
            return
        }
        LessonLauncher.interactive(name.isEmpty ? nil : name, library: lessons, lines: lines, output: output, style: style,
                                   notebook: Notebook(interruption: notebook.interruption))
        output.standard("Back in your own session.\n")
    }

    /// Shows a pasted cell after the prompt it runs under, since the paste showed its old numbers.
    private func echo(_ cell: String) {
        let number = notebook.cellCount + 1
        let lines = VisibleText.escaping(cell).split(separator: "\n", omittingEmptySubsequences: false)
        var shown = style.apply(.prompt, CellRenderer.inputPrompt(number)) + (lines.first.map(String.init) ?? "") + "\n"
        for line in lines.dropFirst() { shown += style.apply(.prompt, CellRenderer.continuationPrompt(number)) + line + "\n" }
        output.standard(shown)
    }

    // MARK: Reading

    /// The next cells to run: usually one; several for a pasted transcript (`isPaste`); nil at the end of input.
    func readCells() -> (cells: [String], isPaste: Bool)? {
        var pending: [String] = []
        while true {
            let number = notebook.cellCount + 1
            let prompt = pending.isEmpty ? CellRenderer.inputPrompt(number) : CellRenderer.continuationPrompt(number)
            let restart = pending.isEmpty ? nil : CellRenderer.inputPrompt(number)
            let text: String
            switch lines.readLine(prompt: prompt, restartPrompt: restart) {
            case .end:
                return pending.isEmpty ? nil : ([pending.joined(separator: "\n")], false)
            case .lineAfterDroppingCell(let line):
                pending = []
                text = line
            case .line(let line):
                if !pending.isEmpty, line.allSatisfy(\.isWhitespace) { return ([pending.joined(separator: "\n")], false) }
                text = line
            }
            if pending.isEmpty, let pasted = PastedTranscript.cells(in: text), text.contains("\n") {
                return (pasted, true)
            }
            if let input = REPL.input(in: text, continuing: !pending.isEmpty) { pending.append(input) }
            let cell = pending.joined(separator: "\n")
            if pending.count == 1, cell.allSatisfy(\.isWhitespace) { pending = [] }
            if !pending.isEmpty, !Notebook.isIncomplete(cell) { return ([cell], false) }
        }
    }

    /// A typed or pasted line without a leading `In [n]:` (or, `continuing` a cell, `...:`) prompt; nil for a
    /// pasted `Out[n]:` line.
    static func input(in line: String, continuing: Bool) -> String? {
        if PastedTranscript.isOutputLine(line) { return nil }
        if continuing, let rest = PastedTranscript.strippingContinuationPrompt(line) { return rest }
        if let cells = PastedTranscript.cells(in: line), let only = cells.first, cells.count == 1 { return only }
        return line
    }
}
