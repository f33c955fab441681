// The statements of one cell or script share one evaluator, prepared afresh for each (`Notebook.run`): nothing of
// one statement may reach the next except through the bindings.

import Foundation
@testable import GradbookCore
import Testing

@Suite("One evaluator for a cell's statements")
struct CellEvaluatorTests {
    private func notes(of result: CellResult) -> [String] {
        result.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
    }

    @Test("a command between statements applies to the statements after it")
    func commandBetweenStatements() {
        let result = run("x = 2/3\n:digits 3\nx")
        #expect(results(of: result) == "0.667")
    }

    @Test("after a failed statement, the next one runs with the bindings as they were")
    func afterAnError() {
        let notebook = Notebook()
        let result = run("a = 1; b = [1, 2][5]; c = a + 1; c", in: notebook)
        #expect(diagnostic(of: result) != nil)
        #expect(results(of: result) == "2")
        #expect(notebook.bindings["b"] == nil)
    }

    @Test("a statement's notes are its own: the next statement does not repeat them")
    func notesStayWithTheirStatement() {
        let result = run("y = 1e308*10; z = 1; w = 2")
        #expect(notes(of: result).filter { $0.contains("inf first produced by 1e308*10") }.count == 1)
    }

    @Test("names an `at` bound in one statement are not bound in the next")
    func atDoesNotLeak() {
        let notebook = Notebook()
        // (A cell shows its last expression's value.)
        #expect(results(of: run("f = x^2 at x = 3; g = x + 1; g", in: notebook)) == "x + 1")
        #expect(results(of: run("f", in: notebook)) == "9")
    }
}
