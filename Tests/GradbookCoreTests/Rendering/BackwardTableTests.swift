// backward(EXPR)'s table: every leaf's gradient at a glance, and no flood of rows after a loop.

@testable import GradbookCore
import Testing

@Suite("The backward table")
struct BackwardTableTests {
    @Test("after a loop of 2,000 passes the table shows 40 rows: the leaf, then the intermediates nearest the output")
    func longTablesAreCut() {
        let text = results(of: run("w = 0.5; repeat 2000 { w = sin(w) }; backward(w)"))
        let lines = text.components(separatedBy: "\n")
        let rows = lines.filter { $0.contains("leaf") || $0.contains("intermediate  ") }
        #expect(rows.count == ValueRenderer.maximumBackwardRows)
        #expect(rows.first?.hasPrefix("w (earlier)  leaf") == true, "\(text)")
        #expect(lines.contains("… 1,960 earlier intermediates"), "\(text)")
        #expect(lines.last == "(2000 rows in all; graph(w) and explain(backward(w)) walk the rest)")
        // The output is not a row of its own, so every row named w is an earlier value of w.
        #expect(!rows.contains { $0.hasPrefix("w  ") })
    }

    @Test("a leaf's 0 that the pass's own rounding made says so, as grad's does; an exact 0 says nothing")
    func roundedZeroRows() {
        let cell = run("x = 3", "backward(x*1e20 - x*1e20 + x)")
        let notes = cell.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        #expect(notes.contains { $0.contains("the gradient 0 for x comes from rounding, not from the maths: the derivative's formula gives 1 here") }, "\(notes)")
        let exact = run("x = 3; y = 2", "backward(relu(-x)*y)")
        #expect(!exact.outputs.contains { if case .note = $0.kind { return true } else { return false } })
    }

    @Test("a vector's gradient 0s that backprop's own rounding made say so, with the formula's value; exact 0s say nothing")
    func cancelledVectorZeros() {
        let cell = run("W = [1, 2]", "grad(sum(W*1e20 - W*1e20 + W), W)")
        #expect(results(of: cell) == "[0, 0]")
        let notes = cell.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        #expect(notes.contains { $0.contains("the gradient 0 for W[1] (and 1 more element) comes from rounding, not from the maths: the derivative's formula gives 1") }, "\(notes)")
        let table = run("W = [1, 2]", "backward(sum(W*1e20 - W*1e20 + W))")
        #expect(table.outputs.contains { $0.text.contains("the gradient 0 for W[1] (and 1 more element) comes from rounding") })
        let relu = run("W = [1, -1, 2, -2]", "grad(sum(relu(W)*W), W)")
        #expect(!relu.outputs.contains { if case .note = $0.kind { return true } else { return false } })
    }

    @Test("with more leaves than fit, the first leaves are shown and the rest counted")
    func manyLeaves() {
        let names = (1...60).map { "a\($0)" }
        let text = results(of: run(names.map { "\($0) = 1" }.joined(separator: "; ") + "; s = " + names.joined(separator: " + ") + "; backward(s)"))
        let lines = text.components(separatedBy: "\n")
        #expect(lines.filter { $0.contains(" leaf ") }.count == ValueRenderer.maximumBackwardRows)
        #expect(lines.contains("… 20 more leaves"), "\(text)")
    }

    @Test("a number computed from constants alone has no table, and says why")
    func noLeaves() {
        #expect(results(of: run("backward(2*3)")) == "backward pass from 2*3 = 6\nno named values: it is computed from numbers alone, so there is nothing to pass a gradient back to.")
    }

    @Test("a short table is unchanged: every leaf and named intermediate")
    func shortTables() {
        let text = results(of: run("x = 0.5; y = sin(x)*x; z = y + x; backward(z)"))
        #expect(text.contains("x     leaf ") && text.contains("y     intermediate"))
        #expect(!text.contains("…") && !text.contains("rows in all"))
    }
}
