// One commit path: every binding records how it was made, whether a statement ran alone, in a cell of
// several, from a :load'ed file or in a repeat (after `x = 1; repeat 3 { x = x + 1 }`, :info x said
// "made by x = 1").

import Foundation
import Testing
@testable import GradbookCore

@Suite("Every binding records how it was made", .serialized)
struct CommitRecordTests {
    private func info(_ name: String, in notebook: Notebook) -> String {
        notebook.run(":info \(name)").outputs.map(\.text).joined(separator: "\n")
    }

    private func definition(_ name: String, in notebook: Notebook) -> Notebook.Definition? {
        notebook.session.definitions[name]
    }

    @Test("a repeat records the statement that last bound each name, its loop and its cell")
    func repeatRecords() throws {
        let notebook = Notebook()
        run("x = 1", "repeat 3 { x = x + 1 }", in: notebook)
        let record = try #require(definition("x", in: notebook))
        #expect(record.text == "x = x + 1")
        #expect(record.formula == "x + 1")
        #expect(record.cell == 2)
        #expect(record.loop == "repeat 3 { … }")
        #expect(info("x", in: notebook).contains("made by x = x + 1 in repeat 3 { … }   (In [2])"))
    }

    @Test(":info lists the first values a value was computed from and counts the rest by name, after a long loop")
    func infoAfterALongLoop() throws {
        let notebook = Notebook()
        run("x = 0.5", "h = 1", "repeat 3000 { h = h*0.999 + x; g = h*2 }", in: notebook)
        let shown = info("g", in: notebook)
        let line = try #require(shown.split(separator: "\n").first { $0.hasPrefix("  computed from") })
        #expect(line.count < 400, "\(line)")
        #expect(line.hasPrefix("  computed from h = 1 (In [2]), x = 0.5 (In [1]), h = 1.499 (In [3])"), "\(line)")
        // h's first value and the 3,000 the loop made, less the eleven listed; x is listed.
        #expect(line.hasSuffix("… and 2,990 more (2,990 of h)"), "\(line)")
        // A short history is listed in full, as before.
        let few = Notebook()
        run("a = 2", "b = 3", "c = a*b + a", in: few)
        #expect(info("c", in: few).contains("  computed from a = 2 (In [1]), b = 3 (In [2])\n"), "\(info("c", in: few))")
    }

    @Test("in a script, a stale mark leaves out the script's cell number and :info names the script's line")
    func scriptsNameLines() throws {
        let notebook = Notebook()
        let result = notebook.run("# a comment\nx = 2\ny = x^2\nx = 3\ny\n:info y", sourceName: "st.gb")
        let shown = result.outputs.map(\.text)
        #expect(shown.contains("4  (stale: computed from the old x)"), "\(shown)")
        #expect(shown.contains { $0.contains("made by y = x^2   (line 3 of st.gb)") }, "\(shown)")
        #expect(!shown.joined().contains("In [1]"))
        // At the prompt, cells keep their numbers.
        let repl = Notebook()
        run("x = 2", "y = x^2", "x = 3", in: repl)
        #expect(repl.run("y").outputs.map(\.text) == ["4  (stale: computed from the old x, In [2])"])
        #expect(info("y", in: repl).contains("made by y = x^2   (In [2])"))
    }

    @Test("of two statements of a block binding one name, the one that ran last is recorded, also in an inner repeat")
    func lastBinderWins() throws {
        let notebook = Notebook()
        run("k = 0; j = 0", "repeat 2 { k = 5; repeat 2 { k = k + 1 }; j = k }", in: notebook)
        #expect(definition("k", in: notebook)?.text == "k = k + 1")
        #expect(definition("j", in: notebook)?.text == "j = k")
        run("repeat 2 { k = k + 1; k = 2*k }", in: notebook)
        #expect(definition("k", in: notebook)?.text == "k = 2*k")
        #expect(definition("k", in: notebook)?.cell == 3)
    }

    @Test("a repeat that binds nothing, or runs no repetition, leaves the records as they were")
    func emptyLoopsRecordNothing() throws {
        let notebook = Notebook()
        run("x = 1", "repeat 0 { x = x + 1 }", "repeat 2 { x + 1 }", in: notebook)
        #expect(definition("x", in: notebook)?.text == "x = 1")
        #expect(definition("x", in: notebook)?.cell == 1)
    }

    @Test("a repeat that fails changes no record, as it changes no binding")
    func failedLoopRecordsNothing() {
        let notebook = Notebook()
        let result = run("x = 1", "repeat 3 { x = x + 1; y = [1, 2] @ [1, 2, 3] }", in: notebook)
        #expect(diagnostic(of: result) != nil)
        #expect(definition("x", in: notebook)?.text == "x = 1")
        #expect(definition("y", in: notebook) == nil)
    }

    @Test("Ctrl-C in the first repetition undoes its record with its binding")
    func interruptedRepetitionRecordsNothing() {
        let notebook = Notebook()
        run("z = 5", in: notebook)
        let interruption = notebook.interruption
        // The derivative takes seconds; the request comes well before it ends. Nothing is timed: the
        // assertions are on the bindings and records, which only the interruption leaves this way.
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.2)
            interruption.request()
        }
        let result = run("repeat 1 { z = 1; w = 2; diff(t^t^t^t^t, t, 20) }", in: notebook)
        #expect(result.outputs.contains { $0.text.contains("repeat was interrupted after 0 of 1") })
        #expect(results(of: run("z", in: notebook)) == "5")
        #expect(definition("z", in: notebook)?.text == "z = 5")
        #expect(definition("w", in: notebook) == nil)
    }

    @Test("each statement of a cell of several records its own text, formula and cell")
    func severalStatements() {
        let notebook = Notebook()
        run("s = 1; t = s + 1; u = t*s", in: notebook)
        #expect(definition("t", in: notebook)?.text == "t = s + 1")
        #expect(definition("u", in: notebook)?.formula == "t*s")
        #expect(info("u", in: notebook).contains("made by u = t*s   (In [1])"))
    }

    @Test(":load records each binding with its file and line, a loop in the file too")
    func loadRecords() throws {
        let folder = try temporaryFolder("commit-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        try "p = 3\nq = p*2\nrepeat 2 { p = p + q }\n".write(to: folder.appendingPathComponent("a.gb"), atomically: true, encoding: .utf8)
        let notebook = Notebook(workingDirectory: folder)
        run(":load a.gb", in: notebook)
        #expect(info("q", in: notebook).contains("made by q = p*2   (In [1], line 2 of a.gb)"))
        #expect(info("p", in: notebook).contains("made by p = p + q in repeat 2 { … }   (In [1], line 3 of a.gb)"))
    }

    @Test("a statement that rebinds a name as a side effect records it: train(net, …) is how net got its weights")
    func sideEffectBindings() {
        let notebook = Notebook()
        run("net = mlp(2, [1], seed = 1); data = dataset([[0, 0], [1, 1]], [[0], [1]])", "train(net, data, epochs = 2);", in: notebook)
        #expect(definition("net", in: notebook)?.text == "train(net, data, epochs = 2)")
        #expect(definition("net", in: notebook)?.cell == 2)
    }

    @Test("a loop records each statement's calculus results with what its last repetition read, for two statements in turn")
    func loopDerivations() throws {
        let notebook = Notebook()
        run("w = 2", "repeat 3 { g = grad((w - 3)^2, w); d = diff(w^2, w); w = w - 0.1*g }", in: notebook)
        func node(_ name: String) -> Node? {
            if case .value(let value, _)? = notebook.session.bindings[name] { return value.node }
            return nil
        }
        let g = try #require(node("g")), d = try #require(node("d")), w = try #require(node("w"))
        let gRead = try #require(notebook.session.derivedNodes.sources(of: g))
        let dRead = try #require(notebook.session.derivedNodes.sources(of: d))
        // Both read the w of the third repetition: 2, then 2 - 0.1·2(2 - 3) = 2.2, then 2.2 - 0.1·2(2.2 - 3) = 2.36.
        let second = 2.2 - 0.1 * (2 * (2.2 - 3))
        // (Each read w twice: in its expression and as the name it differentiates by.)
        let read = try #require(gRead.first)
        #expect(gRead.allSatisfy { $0 === read } && !dRead.isEmpty && dRead.allSatisfy { $0 === read } && read !== w)
        #expect(abs(read.value - second) < 1e-12 && abs(g.value - 2 * (second - 3)) < 1e-12, "\(read.value) \(g.value)")
    }

    @Test("a value a loop made that is stale is named by :recompute, not re-run from one statement")
    func recomputeNamesLoops() {
        let notebook = Notebook()
        run("a = 2", "repeat 2 { L = (a - 3)^2; a = a - 0.1*grad(L, a) }", "m = a + 1", "a = 7", in: notebook)
        let text = run(":recompute", in: notebook).outputs.map(\.text).joined(separator: "\n")
        #expect(text.contains("recomputed m (In [3]: m = a + 1)"))
        #expect(text.contains("not recomputed, made in a repeat: L (L = (a - 3)^2 in repeat 2 { … }, In [2])"))
        #expect(info("L", in: notebook).contains("Run its cell again to update it"))
        #expect(results(of: run("m", in: notebook)) == "8")
    }
}
