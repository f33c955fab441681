// The one commit path: how a statement's bindings enter the session, and the record each binding keeps of
// how it was made, whether the statement ran alone, in a cell of several, from a `:load`ed file or in a repeat.

extension Notebook {
    /// How a name got its current binding: the statement, as typed, and its cell.
    struct Definition {
        /// The whole statement: `y = x^2`.
        var text: String
        /// Its right-hand side (a function's body): `x^2`; the whole statement when it bound the name as a
        /// side effect (`train(net, data)` rebinds `net`).
        var formula: String
        var cell: Int
        /// The user functions the statement called, each with the cell of the definition it used.
        var functionsUsed: [String: Int] = [:]
        /// The loop the statement ran in (`repeat 3 { … }`), when a repeat made the binding: the statement
        /// ran many times, each from the value before, so re-running it once would not remake the value.
        var loop: String? = nil
        /// The file and line the statement was read from, when a `:load` ran it.
        var file: String? = nil
        var line = 0
        /// Whether the cell was a whole script (`gradbook run FILE`), whose cell number means nothing to the person.
        var inScript = false

        /// `(In [3])`, `(In [3], line 2 of a.gb)` for a statement a `:load` ran, `(line 2 of a.gb)` in a script.
        var place: String {
            guard let file else { return "(In [\(cell)])" }
            return inScript ? "(line \(line) of \(file))" : "(In [\(cell)], line \(line) of \(file))"
        }
    }

    /// Applies a statement's bindings to the session and records how each was made (`record`); `typed` is
    /// the statement's text, made once for the record and the history.
    func commit(_ evaluator: Evaluator, _ statement: Statement, typed: String, in source: SourceText) {
        evaluator.commit(into: &session.bindings)
        for derivation in evaluator.derivations { session.derivedNodes.record(derivation) }
        // A statement that bound one name (nearly every one) hands its entry on: it is what the name holds now, and
        // looking the name up again was a tenth of a script's `y = 1`.
        let onlyEntry = evaluator.changes.count == 1 ? evaluator.changes[0].entry : nil
        record(evaluator.changes.lazy.map(\.name), madeBy: statement, typed: typed, in: source, calling: evaluator.functionsCalled,
               boundTo: onlyEntry)
    }

    /// What every statement does once its bindings are in: `:save`'s history, the value for `_` and `Out[n]`,
    /// and the notes.
    func finish(_ statement: Statement, typed: String, showing value: Value?, notes: some Sequence<String>,
                into result: inout CellResult) {
        session.history.append(typed + (statement.isSilenced ? ";" : ""))
        if let value, !statement.isSilenced {
            session.bindings.recordResult(value, cell: cellCount)
            result.outputs.append(Output(kind: .result, text: text(of: value), isFormula: Notebook.isFormula(value), value: value))
        }
        for note in notes { result.outputs.append(Output(kind: .note, text: "note: " + note)) }
    }

    /// Remembers how each of `names` got its value, for `:info`, `:vars`, `:recompute` and stale marks: the
    /// one place a binding's record is made. A repeat records once, when it ends, what its statements bound
    /// (`loop`), so a repetition builds no text.
    /// (`boundTo`: what the one name in `names` is bound to now, when the caller has it at hand.)
    func record(_ names: some Sequence<String>, madeBy statement: Statement, typed text: String, in source: SourceText,
                loop: String? = nil, calling functions: Set<String>, boundTo entry: Bindings.Entry? = nil) {
        var used: [String: Int] = [:]
        for function in functions { used[function] = session.definitions[function]?.cell }
        for name in names {
            let formula: String
            switch statement.kind {
            case .assignment(let bound, _, let expression) where bound == name: formula = source.text(in: expression.range)
            case .function(let bound, _, _, let body) where bound == name: formula = source.text(in: body.range)
            default: formula = text
            }
            // (Made where it is stored: a copy made first and then stored cost a copy and a release of its strings.)
            let isRead = loadDepth > 0 || cellIsScript
            session.definitions[name] = Definition(text: text, formula: formula, cell: cellCount, functionsUsed: used, loop: loop,
                                                   file: isRead ? source.name : nil,
                                                   line: isRead ? source.location(of: statement.range.lowerBound).line : 0,
                                                   inScript: isRead && cellIsScript)
            if case .value(let value, _) = entry ?? session.bindings[name] { session.boundNodes.record(value, as: name) }
        }
    }
}
