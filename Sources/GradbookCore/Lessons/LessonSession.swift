// A lesson's live session: one Notebook in which its cells run, rendered in the transcript style.

/// Runs a lesson's cells in one `Notebook` and shows each as `In [n]:` with its outputs.
///
/// The same rendering serves the runner (what the learner sees), `--auto` and the tests (which compare
/// it with the transcript a ```gradbook block shows).
public final class LessonSession {
    public let notebook: Notebook
    public var style: Style

    /// The session as the lesson's own cells left it: what the learner types at a pause is an experiment, and
    /// the next lesson cell runs on this again (in lesson 4, `x = 5` at a pause made the next cells print -4.75
    /// right under the text "About -8").
    private var lessonState: Notebook.Session

    public init(notebook: Notebook = Notebook(), style: Style = .plain) {
        self.notebook = notebook
        self.style = style
        self.lessonState = notebook.session
    }

    /// Remembers the session as it is now as the lesson's own (after a lesson cell).
    public func keepLessonState() { lessonState = notebook.session }

    /// Puts the lesson's own names and settings back before a lesson cell or exercise, and says which of them
    /// the learner's experiments had changed: the names rebound, bound or defined since, and `:digits`.
    /// Empty when nothing that a cell could see was changed.
    public func restoreLessonState() -> [String] {
        let current = notebook.session
        var changed: [String] = []
        for name in current.bindings.names {
            let before = lessonState.definitions[name]?.cell
            if lessonState.bindings[name] == nil || before != current.definitions[name]?.cell { changed.append(name) }
        }
        for name in lessonState.bindings.names where current.bindings[name] == nil { changed.append(name) }
        if current.format != lessonState.format { changed.append(":digits") }
        // Even with no name changed, the lesson's `_` and last backward pass come back.
        notebook.session = lessonState
        return changed
    }

    /// One notebook cell: its prompt line(s) and what it shows; `hasErrors` when a statement failed.
    public func run(input: String) -> (text: String, hasErrors: Bool) {
        let number = notebook.cellCount + 1
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false)
        var shown = [style.apply(.prompt, CellRenderer.inputPrompt(number)) + (lines.first.map(String.init) ?? "")]
        for more in lines.dropFirst() { shown.append(style.apply(.prompt, CellRenderer.continuationPrompt(number)) + more) }
        let result = notebook.run(input)
        let output = CellRenderer(style: style).text(result, promptWidth: CellRenderer.inputPrompt(number).count)
        if !output.isEmpty { shown.append(output) }
        return (shown.joined(separator: "\n"), result.hasErrors)
    }

    /// Every cell of a ```gradbook block, as one transcript.
    public func run(_ cell: LessonCell) -> (text: String, hasErrors: Bool) {
        var texts: [String] = []
        var hasErrors = false
        for input in cell.inputs {
            let outcome = run(input: input)
            texts.append(outcome.text)
            hasErrors = hasErrors || outcome.hasErrors
        }
        return (texts.joined(separator: "\n"), hasErrors)
    }

    /// A checker for `exercise` that may read this session's bindings.
    public func checker(for exercise: Exercise) -> ExerciseChecker {
        var checker = ExerciseChecker(exercise: exercise, bindings: notebook.bindings)
        checker.format = notebook.format
        return checker
    }
}

extension Lesson {
    /// A transcript with what varies from run to run set aside: the figure of each `wall time:` line (`:time`),
    /// so a lesson that times `grad` against `numdiff` is compared by its structure, never by its times.
    public static func comparable(_ transcript: String) -> String {
        guard let varies = try? Regex(variesPattern) else { return transcript }
        return transcript.replacing(varies, with: "wall time: (varies)")
    }

    /// What varies from run to run in a transcript, as a regular expression (the same in Swift and Python: a
    /// lesson's notebook carries it, so its check sets the same figures aside).
    public static let variesPattern = #"wall time: [0-9.e+-]+ (ns|µs|ms|s)"#

    /// Whether a replayed transcript shows what the lesson shows, timings aside.
    public static func showsTheSame(_ expected: String, _ actual: String) -> Bool {
        comparable(expected) == comparable(actual)
    }

    /// The lesson's Markdown with every prompted ```gradbook block replaced by what gradbook shows now,
    /// and the cells whose statements failed (by their block's line). Used to record and check lessons.
    public static func replaying(_ text: String, in session: LessonSession = LessonSession()) -> (markdown: String, failures: [Int]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let blocks = try? LessonReader.blocks(in: text) else { return (text, []) }
        var failures: [Int] = []
        // Replace from the last block up, so earlier line numbers stay valid.
        var replacements: [(range: Range<Int>, text: [String])] = []
        for case .cell(let cell) in blocks {
            let outcome = session.run(cell)
            if outcome.hasErrors { failures.append(cell.line) }
            guard let transcript = cell.transcript else { continue }
            let count = transcript.split(separator: "\n", omittingEmptySubsequences: false).count
            replacements.append((cell.line..<(cell.line + count), outcome.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
        }
        for replacement in replacements.reversed() { lines.replaceSubrange(replacement.range, with: replacement.text) }
        return (lines.joined(separator: "\n"), failures)
    }
}
