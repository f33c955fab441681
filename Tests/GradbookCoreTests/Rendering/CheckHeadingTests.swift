// The line above check's table that shows symbolic's formula.

import Testing
@testable import GradbookCore

@Suite("check's formula line")
struct CheckHeadingTests {
    @Test("a formula of thousands of steps is named by its length and by the call that writes it out, which does")
    func longFormulaIsSummarised() throws {
        let notebook = Notebook()
        _ = run("x = 0.9; v = 0.5", "repeat 3000 { v = v*x + 0.1 }", in: notebook)
        let shown = results(of: run("check(v, x)", in: notebook))
        let line = try #require(shown.split(separator: "\n").first { $0.hasPrefix("symbolic: ") }, "\(shown.prefix(300))")
        #expect(line.hasSuffix(" characters long, too long to show here; diff(v, x) writes it out"), "\(line)")
        #expect(shown.contains("verdict: exact"), "\(shown.prefix(500))")
        #expect(shown.utf8.count < 1_000, "the check printed \(shown.utf8.count) bytes")
        // The call it names writes the formula, as long as it says.
        let said = try #require(Int(line.split(separator: " ")[3].replacingOccurrences(of: ",", with: "")), "\(line)")
        let written = results(of: run("diff(v, x)", in: notebook))
        let formula = try #require(written.split(separator: "\n").first)
        #expect(formula.count == said && said > GradientCheckReport.longestFormulaShown)
        // A formula short enough is written in the line itself.
        let short = results(of: run("check(sin(x)*x, x)", in: notebook))
        #expect(short.contains("symbolic: x*cos(x) + sin(x)") || short.contains("symbolic: sin(x) + x*cos(x)"), "\(short)")
    }

    @Test("an earlier value of a name rebound since is written as its number, as diff writes it, so the line pastes back")
    func earlierValueWrittenAsNumber() throws {
        let notebook = Notebook()
        _ = run("x = 0.9; v = 0.5", "repeat 3 { v = v*x + 0.1 }", in: notebook)
        let checked = run("check(v, x)", in: notebook)
        let line = try #require(results(of: checked).split(separator: "\n").first { $0.hasPrefix("symbolic: ") })
        let written = try #require(results(of: run("diff(v, x)", in: notebook)).split(separator: "\n").first)
        #expect(line == "symbolic: " + written)
        #expect(!line.contains("v"), "\(line)")
        let notes = checked.outputs.filter { if case .note = $0.kind { true } else { false } }.map(\.text)
        #expect(notes.contains { $0.contains("writes the earlier v as its value, 0.5") }, "\(notes)")
        #expect(results(of: checked).contains("verdict: exact"))
        // Pasted back, the formula has the slope check measured.
        let slope = try #require(value(String(line.dropFirst("symbolic: ".count)).replacingOccurrences(of: "x", with: "0.9")))
        #expect(abs(slope - 1.495) < 1e-12, "\(slope)")
    }
}
