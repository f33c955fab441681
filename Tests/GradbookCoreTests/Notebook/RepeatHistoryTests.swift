// A long repeat keeps a bounded history: what it holds, what it computes, and what it refuses once history is dropped.

import Foundation
import Testing
@testable import GradbookCore

@Suite("Repeat: bounded history in long loops")
struct RepeatHistoryTests {
    /// A budget small enough that a few hundred repetitions of a scalar loop drop history several times.
    static let smallBudget = 64 << 10

    func notebook(budget: Int = smallBudget) -> Notebook {
        let notebook = Notebook()
        notebook.repeatHistoryBudget = budget
        return notebook
    }

    /// How many nodes the graph of `name`'s value holds.
    func graphSize(of name: String, in notebook: Notebook) -> Int {
        guard case .value(let value, _)? = notebook.bindings[name], let node = value.node else { return -1 }
        return Node.topologicalOrder(from: [node]).count
    }

    @Test("the graph a training loop holds stays the same size however many repetitions run", arguments: [400, 4000])
    func graphStaysBounded(repetitions: Int) {
        let notebook = notebook()
        run("w = 0", "repeat \(repetitions) { w = w - 0.01*grad((w - 3)^2, w) }", in: notebook)
        let size = graphSize(of: "w", in: notebook)
        // 64 KB of history is a few hundred nodes; before, every repetition added about 20 (80,000 for 4,000).
        #expect(size > 0 && size < 2 * RepeatHistoryTests.smallBudget / 160, "\(size) nodes")
    }

    @Test("the loop converges to w = 3 with exactly the values of the loop that keeps all its history")
    func valuesAreUnchanged() {
        let cut = notebook(), whole = notebook(budget: .max)
        for notebook in [cut, whole] { run("w = 0", "repeat 3000 { w = w - 0.01*grad((w - 3)^2, w) }", in: notebook) }
        #expect(graphSize(of: "w", in: cut) < graphSize(of: "w", in: whole) / 10, "history was dropped")
        #expect(results(of: run(":digits 17; w", in: cut)) == results(of: run(":digits 17; w", in: whole)))
        // Each step multiplies w - 3 by 0.98: w = 3(1 - 0.98^3000), which is 3 to the last digit.
        #expect(results(of: run("w == 3", in: cut)) == "true")
    }

    @Test("a matrix loop holds a bounded graph and computes W0 times 0.999 per repetition")
    func matrixLoop() {
        let notebook = notebook()
        run("W0 = randn(10, 10); W = W0", "repeat 2000 { W = W - 0.001*W }", in: notebook)
        #expect(graphSize(of: "W", in: notebook) < 200)
        let error = Double(results(of: run("abs(sum(W) - 0.999^2000*sum(W0)) / sum(abs(W0))", in: notebook))) ?? 1
        #expect(error < 1e-12)
    }

    @Test("the repeat says that it dropped history, and which names it dropped it for")
    func noteSaysSo() {
        let result = run("w = 0; repeat 400 { w = w - 0.01*grad((w - 3)^2, w) }", in: notebook())
        #expect(result.outputs.contains { $0.text.hasPrefix("note: to keep memory bounded, this repeat dropped the history of 'w' up to repetition") })
        #expect(!run("w = 0; repeat 3 { w = w - 0.01*grad((w - 3)^2, w) }", in: notebook()).outputs.contains { $0.text.contains("dropped") })
    }

    @Test("history is measured only once it could be over the budget, and a loop that keeps all of it is cut where measuring every repetition cuts it")
    func cutWhereEveryRepetitionWouldCutIt() {
        // Each repetition of v = v*x + 0.1 holds two nodes of 176 estimated bytes (the 0.1 is one node for the
        // whole loop, 160 bytes, made in the first repetition). Measured after every repetition, the 64 KB budget
        // is passed after repetition 186 (160 + 186·352 > 65,536) and again 187 repetitions later, at 373.
        let result = run("x = 0.5; v = 0.5", "repeat 400 { v = v*x + 0.1 }", in: notebook())
        #expect(result.outputs.contains { $0.text.contains("dropped the history of 'v' up to repetition 373") },
                "\(result.outputs.map(\.text))")
        // A loop whose values are released as it goes (each y replaces the last) holds little, whatever it makes.
        let released = notebook()
        let quiet = run("x = 0.5", "repeat 2000 { y = x*x + 1 }", in: released)
        #expect(!quiet.outputs.contains { $0.text.contains("dropped") }, "\(quiet.outputs.map(\.text))")
    }

    @Test("the running count of bytes made is never less than what the nodes made stand for, whatever their inputs and shape")
    func bytesMadeIsAnUpperBound() {
        let before = estimatedBytesMade()
        let x = Node.leaf("x", value: 2), w = Node.leaf("w", tensor: Tensor(shape: [3, 4], elements: Array(repeating: 1, count: 12)))
        let made = [x, w, Node.constant(1), Node.make(.negate, x), Node.make(.add, x, x), Node.make(.stack, [x, x, x, x]),
                    Node.make(.multiply, [w, x]), Node.make(.sum(axis: nil), [w])]
        // (Other tests make nodes at the same time, which only adds to the difference.)
        #expect(estimatedBytesMade() - before >= made.reduce(0) { $0 + $1.estimatedBytes })
        #expect(made.allSatisfy { $0.estimatedBytes <= bytesOfPlainNode || $0.inputCount > 2 || $0.isTensor })
    }

    @Test("a short loop keeps its whole history: grad(w, lr) through three steps is 6·3·0.98²")
    func shortLoopIsExact() {
        let result = run("lr = 0.01; w = 0; repeat 3 { w = w - lr*grad((w - 3)^2, w) }; grad(w, lr) == 18*0.98^2", in: notebook())
        #expect(results(of: result) == "true")
    }

    @Test("a derivative that would need dropped history is refused, with the loop and the repetition named",
          arguments: ["grad(w, lr)", "grad(w, x)", "numdiff(w, lr)", "diff(w, x)", "backward(w)", "check(w, x)", "graph(w)",
                      "explain(backward(w))", "w at x = 3", "grad(w + lr, lr)", "diff(x*w, x) == w"])
    func refused(call: String) {
        let notebook = notebook()
        run("lr = 0.01; x = 2; w = 0", "repeat 500 { w = w - lr*grad((w*x - 3)^2, w) }", in: notebook)
        let result = run(call, in: notebook)
        let message = diagnostic(of: result)?.message ?? "no error: \(results(of: result))"
        #expect(message.contains("would need the history of w up to repetition"), "\(message)")
        #expect(message.contains("of the repeat in In [2], which was dropped to keep memory bounded."), "\(message)")
    }

    @Test("at with a name the loop bound itself is refused once that part of the history is dropped")
    func atWithLoopName() {
        let notebook = notebook()
        run("w = 0", "repeat 500 { c = 3; w = w - 0.01*grad((w - c)^2, w) }", in: notebook)
        let message = diagnostic(of: run("w at c = 5", in: notebook))?.message ?? ""
        #expect(message.contains("would need the history of"), "\(message)")
    }

    @Test("derivatives with respect to values made since the cut stay exact, second derivatives too")
    func laterDerivativesAreExact() throws {
        let notebook = notebook()
        run("lr = 0.01; x = 2; w = 0", "repeat 500 { w = w - lr*grad((w*x - 3)^2, w) }", in: notebook)
        let w = try #require(Double(results(of: run(":digits 17; w", in: notebook))))
        let first = try #require(Double(results(of: run("grad((w*x - 3)^2, w)", in: notebook))))
        #expect(abs(first - 2 * (w * 2 - 3) * 2) <= 1e-12)
        #expect(results(of: run("grad(grad(w^3, w), w)", in: notebook)) == results(of: run("6*w", in: notebook)))
    }

    @Test("a value whose history was dropped is still marked stale when a name it was made from is rebound")
    func staleMarkSurvives() {
        let notebook = notebook()
        run("x = 2; w = x", "repeat 2000 { w = w*0.999 }", in: notebook)
        #expect(graphSize(of: "w", in: notebook) < 2000, "history was dropped")
        run("x = 3", in: notebook)
        #expect(results(of: run("w", in: notebook)).contains("(stale: computed from the old x"))
    }

    @Test("graph(w) draws the leaf that stands for the dropped history as such")
    func graphSaysSo() {
        let notebook = notebook()
        run("w = 0", "repeat 400 { w = w - 0.01*grad((w - 3)^2, w) }", in: notebook)
        let drawn = results(of: run("graph(w, depth = 64)", in: notebook))
        #expect(drawn.contains("w (leaf, history up to repetition "), "\(drawn)")
    }

    @Test("values whose history was dropped get no stale mark they do not deserve")
    func noFalseStaleMarks() {
        let notebook = notebook()
        run("k = 0; j = 0", "repeat 3000 { k = k + 1; j = j + 1 }", in: notebook)
        #expect(graphSize(of: "k", in: notebook) < 3000, "history was dropped")
        #expect(results(of: run("k", in: notebook)) == "3000")
        #expect(results(of: run("j", in: notebook)) == "3000")
    }

    @Test("Ctrl-C after history was dropped still stops the loop with whole repetitions kept")
    func interruptionAfterCut() {
        let notebook = notebook()
        run("k = 0; j = 0", in: notebook)
        let result = run("repeat 10000000 { k = k + 1; j = j + k }", in: notebook, pressingCtrlCAfter: 300)
        #expect(result.outputs.contains { $0.text.contains("repeat was interrupted after") })
        #expect(results(of: run("j == k*(k + 1)/2", in: notebook)) == "true")
    }
}
