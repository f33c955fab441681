// The session's number format (:digits) reaches every number the evaluator writes, not just results.

import Testing
@testable import GradbookCore

@Suite("the session's number format")
struct SessionFormatTests {
    static func text(of result: CellResult) -> String { result.outputs.map(\.text).joined(separator: "\n") }

    @Test("after :digits 3, explain(backward(y)) writes 3 digits, as y and graph(y) do")
    func explanationUsesDigits() {
        let notebook = Notebook()
        let explained = Self.text(of: run(":digits 3", "x = 1.23456; y = x^2 + 3*x", "explain(backward(y))", in: notebook))
        #expect(explained.contains("2.47"), "\(explained)")
        #expect(explained.contains("5.47"), "\(explained)")
        #expect(!explained.contains("2.46912") && !explained.contains("5.46912"), "\(explained)")
        #expect(results(of: notebook.run("y")) == "5.23")
        // The default stays six digits.
        let fresh = Self.text(of: run("x = 1.23456; y = x^2 + 3*x", "explain(backward(y))"))
        #expect(fresh.contains("5.46912"), "\(fresh)")
    }

    @Test("after :digits 3, a note's numbers and a plot's title use 3 digits")
    func notesAndTitlesUseDigits() {
        let notebook = Notebook()
        let noted = Self.text(of: run(":digits 3", "x = -1.23456; y = sqrt(x)*2", in: notebook))
        #expect(noted.contains("with x = -1.23."), "\(noted)")
        let plotted = Self.text(of: notebook.run("plot(x^2, x, 0.123456, 1)"))
        #expect(plotted.contains("x from 0.123 to 1"), "\(plotted)")
    }
}
