// "Did you mean": asked of a name with no value only where it may be a slip, and at most a few times a statement.

@testable import GradbookCore
import Testing

@Suite("Did you mean: when a statement asks, and how often")
struct TypoNoteTests {
    /// The notes of a cell, without their "note: ".
    func notes(_ result: CellResult) -> [String] {
        result.outputs.filter { if case .note = $0.kind { true } else { false } }
            .map { $0.text.hasPrefix("note: ") ? String($0.text.dropFirst(6)) : $0.text }
    }

    func typoNotes(_ result: CellResult) -> [String] {
        notes(result).filter { $0.contains("did you mean") }
    }

    @Test("a name with no value that is differentiated with respect to, and occurs, is a variable, not a slip")
    func differentiatedNameIsMeantFree() {
        let notebook = Notebook()
        run("h11 = 2", in: notebook)
        // Reading w11 in the expression makes the note; naming it as the variable withdraws it.
        for code in ["diff(w11^2*h11, w11)", "grad(w11^2*h11, [w11])", "grad(w11^2*h11, w11)", "explain(diff(w11^2*h11, w11))",
                     "jacobian([w11*h11, w11^2], [w11])", "hessian(w11^3*h11, [w11])"] {
            let result = run(code, in: notebook)
            #expect(diagnostic(of: result) == nil, "\(code)")
            #expect(typoNotes(result).isEmpty, "\(code): \(notes(result))")
        }
        // The same name outside a derivative is still asked about.
        #expect(typoNotes(run("f = w11^2*h11", in: notebook)) == ["'w11' has no value, so it is a free symbol here; did you mean 'h11'?"])
        // A bound value made from free names, differentiated with respect to them all: no note for any.
        let chain = (1...30).map { "h\($0 + 11) = tanh(w\($0 + 11)*h\($0 + 10) + b\($0 + 11))" }.joined(separator: "; ")
        run(chain, in: notebook)
        let names = (12...41).flatMap { ["w\($0)", "b\($0)"] }.joined(separator: ", ")
        let gradient = run("grad(h41, [\(names)])", in: notebook)
        #expect(diagnostic(of: gradient) == nil)
        #expect(typoNotes(gradient).isEmpty, "\(notes(gradient))")
    }

    @Test("a name with no value that does not occur is still most likely a slip")
    func absentNameIsStillASlip() {
        let notebook = Notebook()
        run("weight = 2; W = 3", in: notebook)
        // Also a slip typed twice: the bound name it is near takes no part in what is differentiated.
        for code in ["diff(weight^2, weigth)", "explain(diff(weight^2, weigth))", "jacobian([weight*x, x^2], [weigth])",
                     "diff(weigth^2, weigth)", "grad(weigth^2, [weigth])", "grad(3*weigth, weigth)"] {
            #expect(typoNotes(run(code, in: notebook)) == ["'weigth' has no value, so it is a free symbol here; did you mean 'weight'?"], "\(code)")
        }
        let slip = diagnostic(of: run("grad(weight^2, [weigth])", in: notebook))
        #expect(slip?.message == "'weigth' has no value — did you mean weight?")
        // The hint's call is the one typed with the bound name in its place (it works: weight has a value), and the
        // reminder about case comes only where case is the difference.
        #expect(slip?.hint == "`grad(weight^2, [weight])` uses weight, or give 'weigth' a value first.")
        #expect(results(of: run("grad(weight^2, [weight])", in: notebook)) == "[4]")
        #expect(diagnostic(of: run("grad(W^2, [x, w])", in: notebook))?.hint
                == "names are case-sensitive: `grad(W^2, [x, W])` uses W, or give 'w' a value first.")
        // A call too long to repeat is not: the name alone.
        let long = (1...30).map { "z\($0)" }.joined(separator: ", ")
        #expect(diagnostic(of: run("grad(weight^2, [\(long), weigth])", in: notebook))?.hint == "write weight, or give 'weigth' a value first.")
    }

    @Test("a statement shows three notes, then one counting the rest with the first two of them")
    func manySlipsAreCounted() {
        let notebook = Notebook()
        run((11...20).map { "h\($0) = \($0)" }.joined(separator: "; "), in: notebook)
        let many = typoNotes(run("f = w11 + w12 + w13 + w14 + w15*w15 + w16", in: notebook))
        #expect(many == ["'w11' has no value, so it is a free symbol here; did you mean 'h11'?",
                         "'w12' has no value, so it is a free symbol here; did you mean 'h12'?",
                         "'w13' has no value, so it is a free symbol here; did you mean 'h13'?",
                         "3 more names have no value, so they are free symbols here, each one slip from a bound name; did you mean 'h14' for 'w14', 'h15' for 'w15', …?"])
        let one = typoNotes(run("f = w11 + w12 + w13 + w14", in: notebook))
        #expect(one.last == "one more name has no value, so it is a free symbol here, one slip from a bound name; did you mean 'h14' for 'w14'?")
        #expect(one.count == 4)
        // A variable among those shown gives its place to the first counted one.
        let withdrawn = typoNotes(run("diff(w11 + w12*h12 + w13 + w14 + w15, w12)", in: notebook))
        #expect(withdrawn == ["'w11' has no value, so it is a free symbol here; did you mean 'h11'?",
                              "'w13' has no value, so it is a free symbol here; did you mean 'h13'?",
                              "'w14' has no value, so it is a free symbol here; did you mean 'h14'?",
                              "one more name has no value, so it is a free symbol here, one slip from a bound name; did you mean 'h15' for 'w15'?"])
        // A variable among those counted leaves the count.
        let counted = typoNotes(run("diff(w11 + w12 + w13 + w14 + w15*h15, w15)", in: notebook))
        #expect(counted.count == 4)
        #expect(counted.last == "one more name has no value, so it is a free symbol here, one slip from a bound name; did you mean 'h14' for 'w14'?")
        let thousands = typoNotes(run((1_000...2_200).map { "h\($0) = 1" }.joined(separator: "; "),
                                      "f = " + (1_000...2_200).map { "w\($0)" }.joined(separator: " + "), in: notebook))
        #expect(thousands.last?.hasPrefix("1,198 more names have no value") == true, "\(String(describing: thousands.last))")
    }

    @Test("each statement of a loop asks afresh: what one statement meant free, the next may have mistyped")
    func eachStatementAsksAfresh() {
        let notebook = Notebook()
        run("h11 = 2", in: notebook)
        let loop = run("repeat 2 { d = diff(w11*h11, w11); f = w11 + h11 }", in: notebook)
        #expect(typoNotes(loop) == ["'w11' has no value, so it is a free symbol here; did you mean 'h11'?"], "\(notes(loop))")
        let inDiffOnly = run("repeat 2 { d = diff(w11*h11, w11) }", in: notebook)
        #expect(typoNotes(inDiffOnly).isEmpty, "\(notes(inDiffOnly))")
    }
}
