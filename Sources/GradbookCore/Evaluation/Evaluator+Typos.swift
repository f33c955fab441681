// "Did you mean …?" for names with no value: when to ask, and how many times a statement may.
//
// An unbound name is a free symbol, which is what a formula needs, but when it is one slip away from a bound name
// (weigth for weight) the learner most likely meant that one. Two things make the question wrong or tiresome: a
// name a calculus call differentiates with respect to, and that occurs in what it differentiates, is meant free
// (`h11 = 2; diff(w11^2*h11, w11)` is about w11, not a slip for h11); and a statement with hundreds of such names
// (a 320-layer chain's grad over w1 … w320 beside h1 … h320 printed 622 notes) needs one line, not hundreds.

extension Evaluator {
    /// How many "did you mean" notes one statement shows; the rest are counted in one note.
    static let maximumTypoNotes = 3

    /// A statement's "did you mean" notes so far (a struct, so a loop's evaluator resets it in one assignment).
    struct TypoNotes {
        /// Whether reading a name with no value asks at all: off while a calculus call reads the names it
        /// differentiates with respect to, since it decides for itself (`meanFree`, `noteLikelyTypo`).
        var isChecking = true
        /// The names a note is about, shown or counted.
        var names: Set<String> = []
        /// How many notes are shown, and the names past `maximumTypoNotes` with the bound name each is near.
        var shown = 0
        var leftOut: [(name: String, suggestion: String)] = []
        /// Free names the statement differentiates with respect to (`meanFree`).
        var meantFree: Set<String> = []

        var isEmpty: Bool { names.isEmpty && meantFree.isEmpty && isChecking }
    }

    /// Notes that `name`, which has no value, is one slip from a bound name, unless the statement means it free or
    /// has said so already.
    func noteLikelyTypo(_ name: String) {
        guard typoNotes.isChecking, !typoNotes.names.contains(name), !typoNotes.meantFree.contains(name),
              let suggestion = closestBoundName(to: name), suggestion != name else { return }
        typoNotes.names.insert(name)
        if typoNotes.shown < Evaluator.maximumTypoNotes {
            typoNotes.shown += 1
            appendNote(.likelyTypo(name: name, suggestion: suggestion))
        } else {
            typoNotes.leftOut.append((name, suggestion))
            updateMoreTyposNote()
        }
    }

    /// `name`, free, is what a calculus call differentiates `output` with respect to, and occurs in it: a variable, not
    /// a slip, so any note this statement made about it is withdrawn and no later one is made. Unless the bound name
    /// the note suggests takes no part in `output`: then the slip may have been typed twice (diff(weigth^2, weigth)
    /// beside weight = 2), and the note stands. (h11 in diff(w11^2*h11, w11) takes part: w11 is meant.)
    func meanFree(_ name: String, in output: Node) {
        if let suggestion = suggestion(noted: name), !takesPart(suggestion, in: output) { return }
        typoNotes.meantFree.insert(name)
        guard typoNotes.names.remove(name) != nil else { return }
        if let index = typoNotes.leftOut.firstIndex(where: { $0.name == name }) {
            typoNotes.leftOut.remove(at: index)
        } else {
            removeNotes { if case .likelyTypo(name, _) = $0 { true } else { false } }
            typoNotes.shown -= 1
            // The first name left out takes the place shown.
            if !typoNotes.leftOut.isEmpty {
                let next = typoNotes.leftOut.removeFirst()
                typoNotes.shown += 1
                appendNote(.likelyTypo(name: next.name, suggestion: next.suggestion))
            }
        }
        updateMoreTyposNote()
    }

    /// The bound name this statement's note about `name` suggests, if it made one.
    private func suggestion(noted name: String) -> String? {
        guard typoNotes.names.contains(name) else { return nil }
        if let left = typoNotes.leftOut.first(where: { $0.name == name }) { return left.suggestion }
        for note in notes { if case .likelyTypo(name, let suggestion) = note { return suggestion } }
        return nil
    }

    /// Whether the bound name `name` takes part in `output`: its value's node is in the graph.
    private func takesPart(_ name: String, in output: Node) -> Bool {
        guard case .value(let value, _)? = bindings[name], let node = value.node else { return false }
        return output.graph.contains { $0 === node }
    }

    /// Decides about `target` once a calculus call has read it and evaluated `output`: a name with no value that
    /// occurs in the output is the variable, meant free; one that does not occur is most likely a slip (diff(weight^2,
    /// weigth)). (grad decides from the free names it gathers anyway.)
    func judgeFreeTarget(_ target: Target, in output: Node) {
        guard target.node == nil else { return }
        if output.graph.contains(where: { $0.operation == .freeSymbol(target.name) }) {
            meanFree(target.name, in: output)
        } else {
            noteLikelyTypo(target.name)
        }
    }

    /// Runs `body` (reading the targets of a calculus call) without asking "did you mean" of names with no value.
    func withoutTypoChecks<Result>(_ body: () throws(Diagnostic) -> Result) throws(Diagnostic) -> Result {
        let wasChecking = typoNotes.isChecking
        typoNotes.isChecking = false
        defer { typoNotes.isChecking = wasChecking }
        return try body()
    }

    /// The one note counting the names left out, last among the notes (none when none are).
    private func updateMoreTyposNote() {
        removeNotes { if case .moreLikelyTypos = $0 { true } else { false } }
        guard !typoNotes.leftOut.isEmpty else { return }
        let examples = typoNotes.leftOut.prefix(2).map { "'\($0.suggestion)' for '\($0.name)'" }
        appendNote(.moreLikelyTypos(count: typoNotes.leftOut.count,
                                    examples: examples.joined(separator: ", ") + (typoNotes.leftOut.count > 2 ? ", …" : "")))
    }
}
