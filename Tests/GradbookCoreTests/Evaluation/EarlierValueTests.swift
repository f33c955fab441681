// A formula names only what its names mean now: after `repeat 3 { v = v*x + 0.1 }`, `diff(v, x)` printed
// `x*(v*x + 0.1) + …  = 1.495 at x = 0.9, v = 0.5`, where `v` was the value before the loop; typed back, the
// formula read the new v (0.6355) and gave another number. And after `c = c*c + c`, `diff(c^2, c)` said
// `= 4 at c = 1`, the leaf's value, though the c it differentiated by is 2.

import Testing
@testable import GradbookCore

@Suite("Formulas write earlier values of rebound names as numbers")
struct EarlierValueTests {
    /// The formula and the number of a derivative's result, and the value line's point.
    private func shown(_ result: CellResult) throws -> (formula: String, value: String) {
        let lines = results(of: result).split(separator: "\n").map(String.init)
        let valueLine = try #require(lines.last { $0.hasPrefix("  = ") })
        return (lines[0], String(valueLine.dropFirst(4)))
    }

    @Test("after a loop, diff's formula pastes back to the value it shows, and a note says why v is a number")
    func loopPastesBack() throws {
        let notebook = Notebook()
        run("x = 0.9; v = 0.5; repeat 3 { v = v*x + 0.1 }", in: notebook)
        let result = notebook.run("diff(v, x)")
        let (formula, value) = try shown(result)
        #expect(!formula.contains("v"), "\(formula)")
        #expect(value == "1.495 at x = 0.9")
        // v = ((0.5x + 0.1)x + 0.1)x + 0.1, so dv/dx = 1.5x² + 0.2x + 0.1 = 1.495 at x = 0.9.
        #expect(results(of: notebook.run(formula)) == "1.495")
        #expect(result.outputs.contains { $0.text.contains("the formula writes the earlier v as its value, 0.5") })
        // simplify likewise: its formula, typed back, is v's value.
        let (simplified, simplifiedValue) = try shown(notebook.run("simplify(v)"))
        #expect(!simplified.contains("v"), "\(simplified)")
        #expect(simplifiedValue == "0.6355 at x = 0.9")
        #expect(results(of: notebook.run(simplified)) == "0.6355")
    }

    @Test("a name that stands for an intermediate is listed with its own value, not its leaf's")
    func intermediateValue() throws {
        let notebook = Notebook()
        run("c = 1; c = c*c + c", in: notebook)
        let (formula, value) = try shown(notebook.run("diff(c^2, c)"))
        #expect(formula == "2*c")
        #expect(value == "4 at c = 2")
    }

    @Test("names still bound to what the formula read stay names, with no note; at x = … is such a name too")
    func currentNamesStay() throws {
        let notebook = Notebook()
        let result = run("x = 2", "y = 3", "diff(x^2*y, x)", in: notebook)
        #expect(try shown(result) == ("2*x*y", "12 at x = 2, y = 3"))
        #expect(!result.outputs.contains { if case .note = $0.kind { true } else { false } })
        // Inside `at`, x is the x of `at`, not an earlier one.
        let scoped = notebook.run("diff(x^3, x) at x = 1")
        #expect(results(of: scoped) == "3")
        #expect(!scoped.outputs.contains { if case .note = $0.kind { true } else { false } })
    }
}
