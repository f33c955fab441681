// A running repeat holds the session's bindings and reads and binds its names by slot (`Bindings.Slot`):
// what it leaves behind must be exactly what binding name by name would have left.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Repeat: a loop's bindings, read and bound by slot")
struct RepeatBindingTests {
    private func number(_ name: String, in notebook: Notebook) -> Double? {
        guard case .value(.scalar(let node), _)? = notebook.bindings[name] else { return nil }
        return node.value
    }

    @Test("an inner repeat's count reads the value the loop has just bound")
    func innerCountSeesTheLoop() {
        let notebook = Notebook()
        run("n = 1; k = 0", "repeat 3 { n = n + 1; repeat n { k = k + 1 } }", in: notebook)
        // n is 2, 3, 4 in turn: k counts 2 + 3 + 4.
        #expect(number("k", in: notebook) == 9)
        #expect(number("n", in: notebook) == 4)
    }

    @Test("statements of one repetition see each other, in order, and the last one's value stays")
    func statementsInOrder() {
        let notebook = Notebook()
        run("s = 0", "repeat 4 { s = s + 1; s = s * 2 }", in: notebook)
        // 0 → 1 → 2, 2 → 3 → 6, 6 → 7 → 14, 14 → 15 → 30.
        #expect(number("s", in: notebook) == 30)
    }

    @Test("a name the loop only reads while it is unbound stays unbound, and is not listed")
    func readingAnUnboundName() {
        let notebook = Notebook()
        let result = run("repeat 2 { z = q + 1 }", in: notebook)
        #expect(diagnostic(of: result) == nil)
        #expect(notebook.bindings["q"] == nil)
        #expect(notebook.bindings.names == ["z"])
        #expect(notebook.bindings.all.map(\.name) == ["z"])
        run("q = 3", in: notebook)
        #expect(results(of: run("z at q = 3", in: notebook)) == "4")
    }

    @Test("an error in a later repetition leaves every binding as before the loop, new names unbound")
    func errorRollsBack() {
        let notebook = Notebook()
        let result = run("t = 0; w = 5", "repeat 3 { t = t + 1; u = [1, 2][t]; w = w + u }", in: notebook)
        #expect(diagnostic(of: result) != nil)
        #expect(number("t", in: notebook) == 0)
        #expect(number("w", in: notebook) == 5)
        #expect(notebook.bindings["u"] == nil)
        #expect(notebook.bindings.names == ["t", "w"])
        // The session goes on with the bindings it had.
        #expect(results(of: run("t + w", in: notebook)) == "5")
    }

    @Test("names first bound in the loop are listed in the order they were first bound")
    func bindingOrder() {
        let notebook = Notebook()
        run("a = 1", "repeat 2 { c = a; b = c + 1; a = b }", in: notebook)
        #expect(notebook.bindings.names == ["a", "c", "b"])
        #expect(number("a", in: notebook) == 3)
    }

    @Test("a number typed in a loop is one node for the whole loop, and the loop's values and gradient are unchanged")
    func loopConstantsShared() throws {
        let notebook = Notebook()
        run("x = 0.5; v = 0.5", "repeat 100 { v = v*x + 0.1 }", in: notebook)
        guard case .value(.scalar(let v), _)? = notebook.bindings["v"] else { Issue.record("v is not a number"); return }
        // Two nodes a step (v*x and the sum), the one 0.1, and the leaves x and v: 203, where 100 nodes of 0.1 made 302.
        #expect(v.graph.count == 203)
        #expect(v.graph.filter { $0.operation == .constant }.count == 1)
        var (value, slope) = (0.5, 0.0)
        for _ in 0..<100 { (value, slope) = (value * 0.5 + 0.1, slope * 0.5 + value) }
        #expect(v.value == value)
        let gradient = run("grad(v, x)", in: notebook).outputs.first?.text
        #expect(gradient.flatMap(Double.init).map { abs($0 - slope) < 1e-6 } == true, "\(gradient ?? "nothing")")
        // Outside a loop each number is its own node, as before.
        run("w = 0.1 + 0.1*x", in: notebook)
        guard case .value(.scalar(let w), _)? = notebook.bindings["w"] else { Issue.record("w is not a number"); return }
        #expect(w.graph.filter { $0.operation == .constant }.count == 2)
    }
}
