// repeat N { … }: a block of statements run again and again, the simplest training loop.

extension Notebook {
    /// An evaluator over the session's bindings, with this notebook's file policy.
    func makeEvaluator(_ source: SourceText) -> Evaluator {
        let evaluator = Evaluator(bindings: session.bindings, source: source, cell: cellCount, interruption: interruption)
        evaluator.allowsFileAccess = allowsFileAccess
        evaluator.workingDirectory = workingDirectory
        evaluator.progress = progress
        evaluator.format = format
        return evaluator
    }

    /// What a running `repeat` has seen so far: the last expression's value and the notes to show.
    struct RepeatProgress {
        var last: Value?
        var notes: [String] = []
        /// Set when Ctrl-C stopped the loop; every enclosing repeat then stops too.
        var wasInterrupted = false
        /// The evaluator every statement of the loop runs through (`Evaluator.prepare(for:)`): building one
        /// per statement was a fifth of a simple repetition.
        let step: Evaluator
        /// What each running repetition (outer and inner) would put back at Ctrl-C: the names its statements
        /// rebound, with their entries before. One buffer for the whole loop, so a repetition allocates none.
        var undo: [Undo] = []

        /// A name a repetition rebound and its entry before (nil: it was unbound).
        struct Undo {
            let name: String
            let entry: Bindings.Entry?
        }

        init(step: Evaluator) {
            self.step = step
        }

        mutating func note(_ text: String) {
            if !notes.contains(text) { notes.append(text) }
        }
    }

    /// Runs `body` `count` times, committing each statement as it goes, and shows the value of the
    /// block's last expression after the final repetition. A `repeat` inside the block runs in full at each
    /// repetition of the outer one (`repeat 3 { repeat 4 { w = w + 1 } }` adds 12).
    ///
    /// An error rolls the whole loop back (a failed statement changes nothing). Ctrl-C stops between
    /// repetitions and keeps what the completed ones computed, as `train` keeps the weights it reached.
    func runRepeat(count: Expression, body: [Statement], statement: Statement, in source: SourceText,
                   into result: inout CellResult) throws(Diagnostic) {
        let times = try repetitions(count, in: source)
        let before = session.bindings
        var progress = RepeatProgress(step: makeEvaluator(source))
        var history = RepeatHistory(body: body, cell: cellCount, budget: repeatHistoryBudget)
        var completed = 0
        do throws(Diagnostic) {
            while completed < times, !progress.wasInterrupted {
                if interruption.isRequested { progress.wasInterrupted = true; break }
                try runOnce(body, in: source, progress: &progress, history: &history)
                if !progress.wasInterrupted {
                    completed += 1
                    history.repetitionCompleted(&session.bindings)
                }
            }
        } catch {
            guard error.isInterruption else {
                session.bindings = before
                throw error
            }
            progress.wasInterrupted = true
        }
        if let note = history.note { progress.note(note) }
        if progress.wasInterrupted {
            interruption.clear()
            progress.notes.insert("repeat was interrupted after \(completed) of \(times) repetitions; what they computed is kept.", at: 0)
        }
        let typed = source.text(in: statement.range)
        session.history.append(typed + (statement.isSilenced ? ";" : ""))
        if let last = progress.last, !statement.isSilenced {
            session.bindings.recordResult(last, cell: cellCount)
            result.outputs.append(Output(kind: .result, text: text(of: last), isFormula: Notebook.isFormula(last)))
        }
        for note in progress.notes.prefix(3) { result.outputs.append(Output(kind: .note, text: "note: " + note)) }
    }

    /// The number of repetitions `count` asks for: a whole number from 0 to `Parser.maximumRepetitions`.
    private func repetitions(_ count: Expression, in source: SourceText) throws(Diagnostic) -> Int {
        let countNode = try makeEvaluator(source).scalar(count, role: "the number of repetitions")
        let times = countNode.value
        guard !countNode.isSymbolic, times.isFinite, times == times.rounded(), times >= 0, times <= Double(Parser.maximumRepetitions) else {
            throw .wrongKind("the number of repetitions ('\(source.text(in: count.range))')",
                             expected: "a whole number from 0 to \(Parser.maximumRepetitions)", at: count.range)
        }
        return Int(times)
    }

    /// Runs the block's statements once, in order; an inner `repeat` runs all of its repetitions here.
    /// The parser lets only assignments, definitions, expressions and repeats into a block.
    ///
    /// Ctrl-C in the middle of the statements undoes the ones this repetition already ran, so a loop stops
    /// between whole repetitions (of the innermost loop running): `k` and `j` of `{ k = k + 1; j = j + 1 }`
    /// stay equal. Any other error is thrown, and `runRepeat` rolls the whole loop back.
    private func runOnce(_ body: [Statement], in source: SourceText, progress: inout RepeatProgress,
                         history: inout RepeatHistory) throws(Diagnostic) {
        // This repetition's part of the undo buffer; an inner repeat's repetitions use the part after it.
        let undoStart = progress.undo.count
        // One at a time: removeSubrange cost more than the rest of a `y = 1` repetition.
        defer { while progress.undo.count > undoStart { progress.undo.removeLast() } }
        do throws(Diagnostic) {
            for inner in body {
                if case .repeatBlock(let count, let innerBody) = inner.kind {
                    let times = try repetitions(count, in: source)
                    for _ in 0..<times {
                        if interruption.isRequested { progress.wasInterrupted = true; return }
                        try runOnce(innerBody, in: source, progress: &progress, history: &history)
                        if progress.wasInterrupted { return }
                        history.repetitionCompleted(&session.bindings)
                    }
                    continue
                }
                let step = progress.step
                step.prepare(for: session.bindings)
                let value = try step.execute(inner)
                step.commit(into: &session.bindings) { name, before in
                    if !progress.undo[undoStart...].contains(where: { $0.name == name }) { progress.undo.append(RepeatProgress.Undo(name: name, entry: before)) }
                }
                if case .expression = inner.kind { progress.last = value }
                for note in step.notes { progress.note(note) }
            }
        } catch {
            guard error.isInterruption else { throw error }
            for undo in progress.undo[undoStart...].reversed() { session.bindings.restore(undo.name, to: undo.entry) }
            progress.wasInterrupted = true
        }
    }
}
