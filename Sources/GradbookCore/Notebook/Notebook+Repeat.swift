// repeat N { … }: a block of statements run again and again, the simplest training loop.

extension Notebook {
    /// An evaluator over the session's bindings, with this notebook's file policy.
    func makeEvaluator(_ source: SourceText) -> Evaluator {
        let evaluator = Evaluator(bindings: session.bindings, source: source, cell: cellCount, interruption: interruption)
        evaluator.allowsFileAccess = allowsFileAccess
        evaluator.workingDirectory = workingDirectory
        evaluator.progress = progress
        evaluator.format = format
        evaluator.readsLoopBodiesOnce = readsLoopBodiesOnce
        return evaluator
    }

    /// What a running `repeat` has seen so far: the last expression's value and the notes to show.
    struct RepeatProgress {
        var last: Value?
        var notes: [Note] = []
        /// Set when Ctrl-C stopped the loop; every enclosing repeat then stops too.
        var wasInterrupted = false
        /// The evaluator every statement of the loop runs through (`Evaluator.prepare(for:)`): building one
        /// per statement was a fifth of a simple repetition.
        let step: Evaluator
        /// What each running repetition (outer and inner) would put back at Ctrl-C: the names its statements
        /// rebound, with their entries before. One buffer for the whole loop, so a repetition allocates none.
        var undo: [Undo] = []

        /// Each name the loop has bound so far, with the statement that last bound it (where its range
        /// starts), for the record the loop leaves when it ends (`Notebook.record`). A handful of names: a
        /// list is quicker to search than a dictionary is to hash.
        var made: [Made] = []
        /// The user functions the loop's statements called.
        var functionsCalled: Set<String> = []
        /// What each statement's calculus calls made in its latest run, with what they read (`DerivedNodes`),
        /// recorded when the loop ends: the earlier runs' results lie inside the values the loop bound, where
        /// their own graphs judge them well, and recording every step cost a seventh of a training step.
        var derivations: [(statement: Int, made: [Evaluator.Derivation])] = []

        /// Keeps `made` as `statement`'s latest, handing back in its place the list it replaces: the evaluator
        /// empties that one for the next statement, keeping its memory, so a training step allocates no list.
        mutating func derived(_ made: inout [Evaluator.Derivation], by statement: Int) {
            var index = 0
            while index < derivations.count, derivations[index].statement != statement { index += 1 }
            if index < derivations.count {
                swap(&derivations[index].made, &made)
            } else {
                derivations.append((statement, made))
                made = []
            }
        }

        /// A name a repetition rebound, its entry before (nil: it was unbound) and the statement that had made
        /// it in the loop before (nil: none had).
        struct Undo {
            let name: String
            let entry: Bindings.Entry?
            let madeBy: Int?
        }

        struct Made {
            let name: String
            var statement: Int
        }

        init(step: Evaluator) {
            self.step = step
        }

        mutating func note(_ note: Note) {
            if !notes.contains(note) { notes.append(note) }
        }

        /// Notes that `statement` (the start of its range) has just bound `name`, which held `before`; the
        /// first time in this repetition (its part of `undo` starts at `undoStart`), remembers how to undo it,
        /// unless `isLast`: the last statement of a block ends the repetition, so Ctrl-C never has to undo it
        /// (and a one-statement block, `y = 1` or a training step, keeps no undo at all).
        /// Plain index loops: this runs for every binding of every repetition, and slices and closures cost
        /// more than the search of a handful of names itself.
        mutating func bound(_ name: String, before: Bindings.Entry?, by statement: Int, undoStart: Int, isLast: Bool) {
            var index = 0
            while index < made.count, made[index].name != name { index += 1 }
            let isMade = index < made.count
            if !isLast {
                var undone = undoStart
                while undone < undo.count, undo[undone].name != name { undone += 1 }
                if undone == undo.count { undo.append(Undo(name: name, entry: before, madeBy: isMade ? made[index].statement : nil)) }
            }
            if isMade { made[index].statement = statement } else { made.append(Made(name: name, statement: statement)) }
        }

        /// Puts back what `undo` says the name was made by before the interrupted repetition.
        mutating func restoreMade(_ undo: Undo) {
            guard let index = made.firstIndex(where: { $0.name == undo.name }) else { return }
            if let statement = undo.madeBy { made[index].statement = statement } else { made.remove(at: index) }
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
        let step = makeEvaluator(source)
        let times = try repetitions(count, using: step)
        let before = session.bindings
        // The loop's evaluator holds the bindings while it runs and commits each statement into them in place;
        // `before` is what an error rolls back to.
        step.beginOwning(session.bindings)
        var progress = RepeatProgress(step: step)
        var history = RepeatHistory(body: body, cell: cellCount, budget: repeatHistoryBudget)
        var completed = 0
        do throws(Diagnostic) {
            if body.count == 1 { completed = try repeatPlainAssignment(body[0], times: times, progress: &progress, history: &history) }
            while completed < times, !progress.wasInterrupted {
                if interruption.isRequested { progress.wasInterrupted = true; break }
                try runOnce(body, in: source, progress: &progress, history: &history)
                if !progress.wasInterrupted {
                    completed += 1
                    history.repetitionCompleted(&step.ownedBindings)
                }
            }
        } catch {
            guard error.isInterruption else {
                _ = step.endOwning()
                session.bindings = before
                throw error
            }
            progress.wasInterrupted = true
        }
        session.bindings = step.endOwning()
        if let note = history.note { progress.note(note) }
        if progress.wasInterrupted {
            interruption.clear()
            progress.notes.insert(.repeatInterrupted(completed: completed, of: times), at: 0)
        }
        for (_, made) in progress.derivations { for derivation in made { session.derivedNodes.record(derivation) } }
        recordLoop(statement, count: count, body: body, in: source, progress: progress)
        finish(statement, typed: source.text(in: statement.range), showing: progress.last, notes: progress.notes.prefix(3).map(\.text), into: &result)
    }

    /// Runs the repetitions of a block that is one plain assignment (`v = v*x + 0.1`, the usual loop) in a loop of
    /// their own, and returns how many it completed: each binds the statement's result as it runs
    /// (`Evaluator.bindInLoop`), with none of the bookkeeping a block of several statements needs at every repetition
    /// (its undo buffer, the statement that last bound each name, a fresh start for the evaluator), which was a sixth
    /// of such a repetition. It stops, having done nothing in that repetition, where the statement is not plain
    /// arithmetic of numbers (a name now holds a vector): `runOnce` takes over from there, as it does at Ctrl-C.
    private func repeatPlainAssignment(_ statement: Statement, times: Int, progress: inout RepeatProgress,
                                       history: inout RepeatHistory) throws(Diagnostic) -> Int {
        let step = progress.step
        guard let program = step.plainAssignment(statement) else { return 0 }
        var completed = 0
        var boundOnce = false
        step.prepareForNextStatement()
        do throws(Diagnostic) {
            while completed < times {
                if interruption.isRequested { progress.wasInterrupted = true; break }
                guard try step.bindInLoop(program) else { break }
                boundOnce = true
                // Only an overflow leaves a note; the evaluator starts the next repetition clean, as `runOnce`'s would.
                if !step.notes.isEmpty {
                    for note in step.notes { progress.note(note) }
                    step.prepareForNextStatement()
                }
                completed += 1
                history.repetitionCompleted(&step.ownedBindings)
            }
        } catch {
            // Ctrl-C is noticed before the statement makes anything, so there is nothing of the repetition to undo.
            guard error.isInterruption else { throw error }
            progress.wasInterrupted = true
        }
        // Which statement made the name, as `runOnce` notes it at every repetition (the last of a block needs no undo).
        if boundOnce, case .assignment(let name, _, _) = statement.kind {
            progress.bound(name, before: nil, by: statement.range.lowerBound, undoStart: progress.undo.count, isLast: true)
        }
        return completed
    }

    /// Records, through the one record path, how each name the loop bound got its value: by the statement
    /// of the block that bound it last, in this loop and cell.
    private func recordLoop(_ statement: Statement, count: Expression, body: [Statement], in source: SourceText,
                            progress: RepeatProgress) {
        guard !progress.made.isEmpty else { return }
        let loop = "repeat \(source.text(in: count.range)) { … }"
        for made in progress.made {
            guard let binder = Notebook.statement(startingAt: made.statement, in: body) else { continue }
            record(CollectionOfOne(made.name), madeBy: binder, typed: source.text(in: binder.range), in: source, loop: loop,
                   calling: progress.functionsCalled)
        }
    }

    /// The statement of a block (or of a block inside it) whose text starts at `offset`.
    static func statement(startingAt offset: Int, in body: [Statement]) -> Statement? {
        for statement in body {
            if statement.range.lowerBound == offset { return statement }
            if case .repeatBlock(_, let inner) = statement.kind, let found = Notebook.statement(startingAt: offset, in: inner) { return found }
        }
        return nil
    }

    /// The number of repetitions `count` asks for: a whole number from 0 to `Parser.maximumRepetitions`,
    /// evaluated by `evaluator` (the loop's own, for an inner repeat: it holds the bindings as they are now).
    private func repetitions(_ count: Expression, using evaluator: Evaluator) throws(Diagnostic) -> Int {
        evaluator.prepareForNextStatement()
        let source = evaluator.source
        let countNode = try evaluator.scalar(count, role: .repetitions)
        let times = countNode.value
        guard !countNode.isSymbolic, times.isFinite, times == times.rounded(), times >= 0, times <= Double(Parser.maximumRepetitions) else {
            throw .wrongKind(.repetitions(typed: source.text(in: count.range), limit: Parser.maximumRepetitions), at: count.range)
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
            // By position, not `for inner in body`, which copied each statement (a fifth of a `y = 1` repetition).
            for position in body.indices {
                // (Asked first without binding the parts: binding them copied the whole statement each time.)
                if body[position].isRepeatBlock, case .repeatBlock(let count, let innerBody) = body[position].kind {
                    let times = try repetitions(count, using: progress.step)
                    for _ in 0..<times {
                        if interruption.isRequested { progress.wasInterrupted = true; return }
                        try runOnce(innerBody, in: source, progress: &progress, history: &history)
                        if progress.wasInterrupted { return }
                        history.repetitionCompleted(&progress.step.ownedBindings)
                    }
                    continue
                }
                let step = progress.step
                step.prepareForNextStatement()
                let start = body[position].range.lowerBound
                let isLast = position == body.count - 1
                // Plain arithmetic is bound as it runs; only its notes (an overflow) are left to pass on.
                if let bound = try step.bindInLoop(body[position]) {
                    progress.bound(bound.name, before: bound.replaced, by: start, undoStart: undoStart, isLast: isLast)
                    for note in step.notes { progress.note(note) }
                    continue
                }
                let value = try step.execute(body[position])
                step.commitInPlace { name, before in
                    progress.bound(name, before: before, by: start, undoStart: undoStart, isLast: isLast)
                }
                if !step.derivations.isEmpty { progress.derived(&step.derivations, by: start) }
                if case .expression = body[position].kind { progress.last = value }
                for note in step.notes { progress.note(note) }
                if !step.functionsCalled.isEmpty { progress.functionsCalled.formUnion(step.functionsCalled) }
            }
        } catch {
            guard error.isInterruption else { throw error }
            for undo in progress.undo[undoStart...].reversed() {
                progress.step.ownedBindings.restore(undo.name, to: undo.entry)
                progress.restoreMade(undo)
            }
            progress.wasInterrupted = true
        }
    }
}
