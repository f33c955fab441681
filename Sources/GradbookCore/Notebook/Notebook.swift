// Numbered cells: run(cell) → CellResult. Statements commit one at a time; an interrupted cell is undone whole.

import Foundation

/// A session: the bindings, the settings and the numbered cells so far.
///
/// `run` parses a cell into statements and runs them in order. Each statement works on a copy of the
/// bindings, and the copy is kept only when the statement succeeds: a failed statement changes nothing,
/// and the statements after it still run (as in a script). Ctrl-C is different: it stops the cell and
/// undoes all of it, so the session is exactly as it was before the cell started.
///
/// Results are remembered for `_` (the last one), `Out[n]` and `_n` (cell n's). Assignments are quiet:
/// `x = 2` prints nothing, as in IPython and in the contract's example; `x` on its own shows it.
public final class Notebook {
    /// Everything a cell can change, kept together so an interrupted cell can be undone in one assignment.
    struct Session {
        var bindings = Bindings()
        var format = NumberFormat()
        /// Every statement that succeeded, as typed (with its `;` if it had one), for `:save`.
        var history: [String] = []
        /// The statement that last bound each name, for `:info` and `:recompute`.
        var definitions: [String: Definition] = [:]
        var boundNodes = BoundNodes()
        /// What each value a calculus call made was computed from, for stale marks.
        var derivedNodes = DerivedNodes()
    }

    var session = Session()
    public private(set) var cellCount = 0
    /// Set by Ctrl-C; polled by long computations.
    public let interruption: Interruption
    /// The evaluator the plain statements of the source running now go through (`run(_:into:)`), made once and
    /// prepared for each: making and dropping one per statement was an eighth of a long script's time. Dropped
    /// after a command (which may change what an evaluator copies when made) and after an error.
    private var statementEvaluator: Evaluator?
    private var reusesEvaluator = false
    /// Where `:load` and `:save` resolve relative paths.
    public var workingDirectory: URL
    /// Whether `:load` and `:save` may touch files; when false they are refused (the fuzzer runs hostile
    /// input such as `:save Package.swift`).
    public var allowsFileAccess = true
    /// Whether loops run their bodies' plain arithmetic from programs read once (`Evaluator.readsLoopBodiesOnce`).
    var readsLoopBodiesOnce = true
    /// Colour for pictures in results (plot curves); the terminal sets it, everything else stays plain.
    public var style = Style.plain
    /// Every cell run so far, with what it showed, for `:export session.md` (and .ipynb, .html).
    public internal(set) var log: [LoggedCell] = []
    /// The cells of `log` whose outputs still hold their values, oldest first.
    private var loggedValueCells: [Int] = []
    /// How many `:load`s are running inside one another now (a script loading a script).
    var loadDepth = 0
    /// The cells that were whole scripts (`gradbook run FILE`, `-e`, piped input): their number means nothing to
    /// the person, so a stale mark leaves it out and `:info` names the script's line instead.
    private(set) var scriptCells: Set<Int> = []
    /// Whether the cell running now is a whole script (`scriptCells.contains(cellCount)`, kept at hand: every
    /// statement's record asks).
    private(set) var cellIsScript = false
    /// About how many bytes of history a `repeat` keeps before it drops the oldest (`RepeatHistory`); tests lower it.
    var repeatHistoryBudget = DroppedHistory.budget
    /// What `:time` reads; tests give a clock that ticks by a fixed step, so its output is known.
    public var clock: Clock = Notebook.wallClock
    /// Where long computations (train) report progress, a line at a time; nil shows nothing.
    public var progress: ((String) -> Void)?
    /// What checks `:answer` (the lessons' exercises); nil where no lessons are at hand.
    public var exercises: ExerciseAnswering?

    public var bindings: Bindings { session.bindings }
    public var format: NumberFormat { session.format }
    /// Every statement that succeeded, as typed, for `:save`.
    public var history: [String] { session.history }

    public init(interruption: Interruption = Interruption(), workingDirectory: URL? = nil) {
        self.interruption = interruption
        self.workingDirectory = workingDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Runs one cell (or a whole script) and returns what it shows.
    public func run(_ text: String, sourceName: String? = nil) -> CellResult {
        cellCount += 1
        interruption.clear()
        let before = session
        let source = SourceText(text, name: sourceName ?? "In [\(cellCount)]")
        if sourceName != nil { scriptCells.insert(cellCount) }
        cellIsScript = sourceName != nil
        var result = CellResult(number: cellCount)
        run(source, into: &result)
        if result.wasInterrupted { session = before }
        log.append(LoggedCell(input: text, result: result))
        forgetOldLoggedValues()
        return result
    }

    /// Keeps the values (graphs, plots) of only the last `Bindings.maximumKeptResults` logged cells that have
    /// any, as `Out[n]` does; older cells keep the text they showed, which is what an export then shows of them.
    private func forgetOldLoggedValues() {
        guard let last = log.indices.last, log[last].result.outputs.contains(where: { $0.value != nil }) else { return }
        loggedValueCells.append(last)
        guard loggedValueCells.count > Bindings.maximumKeptResults else { return }
        let oldest = loggedValueCells.removeFirst()
        for index in log[oldest].result.outputs.indices { log[oldest].result.outputs[index].value = nil }
    }

    /// Runs `source`'s statements, appending their outputs to `result`.
    func run(_ source: SourceText, into result: inout CellResult) {
        // One evaluator for a run of plain statements of this source (`evaluate`), as a repeat uses one.
        (statementEvaluator, reusesEvaluator) = (nil, true)
        defer { (statementEvaluator, reusesEvaluator) = (nil, false) }
        var statements = Parser.OneByOne(source)
        while let parsed = statements.next() {
            switch parsed {
            case .failure(let diagnostic):
                result.outputs.append(Output(kind: .error(diagnostic.located(in: source)), text: diagnostic.message))
            case .success(let statement):
                run(statement, in: source, into: &result)
            }
            if result.wantsQuit || result.wasInterrupted { return }
        }
    }

    func run(_ statement: Statement, in source: SourceText, into result: inout CellResult) {
        do throws(Diagnostic) {
            switch statement.kind {
            case .assignment, .function, .expression:
                try evaluate(statement, in: source, into: &result)
                return
            default:
                // A command may change what an evaluator copies when it is made (the number format, the folder).
                statementEvaluator = nil
            }
            switch statement.kind {
            case .command(let name, let argument):
                try runCommand(name, argument: argument, statement: statement, source: source, into: &result)
            case .help(let topic):
                result.outputs.append(Output(kind: .info, text: Help.text(for: topic), isParagraphs: true))
            case .repeatBlock(let count, let body):
                try runRepeat(count: count, body: body, statement: statement, in: source, into: &result)
            default:
                try evaluate(statement, in: source, into: &result)
            }
        } catch {
            statementEvaluator = nil
            if interruption.isRequested { result.wasInterrupted = true }
            result.outputs.append(Output(kind: .error(error.located(in: source)), text: error.message))
        }
    }

    /// Runs an assignment, a definition or an expression, and commits its bindings (Notebook+Commit.swift).
    private func evaluate(_ statement: Statement, in source: SourceText, into result: inout CellResult) throws(Diagnostic) {
        let evaluator: Evaluator
        if let reused = statementEvaluator, reused.source == source {
            reused.prepare(for: session.bindings)
            evaluator = reused
        } else {
            evaluator = makeEvaluator(source)
            if reusesEvaluator { statementEvaluator = evaluator }
        }
        let value = try evaluator.execute(statement)
        // Parts of a statement that do not poll (a huge formula being printed) still end at Ctrl-C here.
        if interruption.isRequested { throw .interrupted(at: statement.range) }
        let typed = source.text(in: statement.range)
        commit(evaluator, statement, typed: typed, in: source)
        finish(statement, typed: typed, showing: value, notes: evaluator.notes.map(\.text), into: &result)
    }

    /// Whether `value` is shown as a formula: it depends on a free symbol, or it is a derivative's formula.
    static func isFormula(_ value: Value) -> Bool {
        switch value {
        case .scalar(let node): return node.isSymbolic
        case .derivative: return true
        case .collection(let nodes, _): return nodes.contains { $0.isSymbolic }
        default: return false
        }
    }

    /// `In [3]`, or nil for no cell or a whole script's.
    func cellLabel(_ cell: Int?) -> String? {
        guard let cell, !scriptCells.contains(cell) else { return nil }
        return "In [\(cell)]"
    }

    /// `reasons` with the cell left out where it was a whole script (`computed from the old x`, not `In [1]`).
    func placed(_ reasons: [StaleReason]) -> [StaleReason] {
        reasons.map { reason in
            var reason = reason
            if let cell = reason.cell, scriptCells.contains(cell) { reason.cell = nil }
            return reason
        }
    }

    /// A value as shown after `Out[n]:`, with a stale mark when it was computed from a rebound name.
    func text(of value: Value) -> String {
        let shown = ValueRenderer(format: session.format, style: style).text(value)
        var check = StalenessCheck(session)
        let reasons = placed(check.reasons(for: value))
        guard !reasons.isEmpty else { return shown }
        return shown + (shown.contains("\n") ? "\n" : "  ") + StaleReason.mark(reasons)
    }
}
