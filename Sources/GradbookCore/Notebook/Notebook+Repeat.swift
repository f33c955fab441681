// repeat N { … }: a block of statements run again and again, the simplest training loop.

extension Notebook {
    /// An evaluator over the session's bindings, with this notebook's file policy.
    func makeEvaluator(_ source: SourceText) -> Evaluator {
        let evaluator = Evaluator(bindings: session.bindings, source: source, cell: cellCount, interruption: interruption)
        evaluator.allowsFileAccess = allowsFileAccess
        evaluator.workingDirectory = workingDirectory
        evaluator.progress = progress
        return evaluator
    }

    /// Runs `body` `count` times, committing each statement as it goes, and shows the value of the
    /// block's last expression after the final repetition.
    ///
    /// An error rolls the whole loop back (a failed statement changes nothing). Ctrl-C stops between
    /// repetitions and keeps what the completed ones computed, as `train` keeps the weights it reached.
    func runRepeat(count: Expression, body: [Statement], statement: Statement, in source: SourceText,
                   into result: inout CellResult) throws(Diagnostic) {
        let evaluator = makeEvaluator(source)
        let countNode = try evaluator.scalar(count, role: "the number of repetitions")
        let times = countNode.value
        guard !countNode.isSymbolic, times.isFinite, times == times.rounded(), times >= 0, times <= Double(Parser.maximumRepetitions) else {
            throw .wrongKind("the number of repetitions ('\(source.text(in: count.range))')",
                             expected: "a whole number from 0 to \(Parser.maximumRepetitions)", at: count.range)
        }
        let before = session.bindings
        var last: Value?
        var notes: [String] = []
        var completed = 0
        for _ in 0..<Int(times) {
            if interruption.isRequested {
                interruption.clear()
                notes.append("repeat was interrupted after \(completed) of \(Int(times)) repetitions; what they computed is kept.")
                break
            }
            do throws(Diagnostic) {
                for inner in body {
                    let step = makeEvaluator(source)
                    let value = try step.execute(inner)
                    step.commit(into: &session.bindings)
                    if case .expression = inner.kind { last = value }
                    for note in step.notes where !notes.contains(note) { notes.append(note) }
                }
            } catch {
                if error.message == Diagnostic.interrupted(at: error.range).message {
                    interruption.clear()
                    notes.append("repeat was interrupted after \(completed) of \(Int(times)) repetitions; what they computed is kept.")
                    break
                }
                session.bindings = before
                throw error
            }
            completed += 1
        }
        let typed = source.text(in: statement.range)
        session.history.append(typed + (statement.isSilenced ? ";" : ""))
        if let last, !statement.isSilenced {
            session.bindings.recordResult(last, cell: cellCount)
            result.outputs.append(Output(kind: .result, text: text(of: last), isFormula: Notebook.isFormula(last)))
        }
        for note in notes.prefix(3) { result.outputs.append(Output(kind: .note, text: "note: " + note)) }
    }
}
