// explain, diff and :help write each function's derivative the same way: all from the symbolic rule.

import Testing
import Numerics
@testable import GradbookCore

@Suite("derivative wording agrees everywhere")
struct ExplanationRuleTests {
    static let smooth: [MathFunction] = MathFunction.allCases.filter { ![.sign, .step].contains($0) }

    @Test("explain(backward(f(x))) writes f'(u) as diff(f(u), u) does", arguments: smooth)
    func explanationMatchesDiff(_ function: MathFunction) {
        let notebook = Notebook()
        let derivative = results(of: notebook.run("diff(\(function.rawValue)(u), u)"))
        let explained = notebook.run("x = 0.5; explain(backward(\(function.rawValue)(x)))").outputs.map(\.text).joined(separator: "\n")
        #expect(explained.contains("\(function.rawValue)'(u) = \(derivative)"), "\(explained) vs \(derivative)")
    }

    @Test("sigmoid' is the textbook sigmoid(u)*(1 - sigmoid(u)) in explain, diff, :help and LaTeX alike")
    func sigmoidAgrees() {
        let explained = Notebook().run("x = 0.5; explain(backward(sigmoid(x)))").outputs.map(\.text).joined(separator: "\n")
        #expect(explained.contains("sigmoid'(u) = sigmoid(u)*(1 - sigmoid(u))"), "\(explained)")
        #expect(!explained.contains("sigmoid(-"))
        #expect(results(of: run("diff(sigmoid(x), x)")) == "sigmoid(x)*(1 - sigmoid(x))")
        #expect(Help.text(for: "sigmoid").contains("its derivative is sigmoid(x)*(1 - sigmoid(x))"))
        #expect(results(of: run("latex(diff(sigmoid(x), x))")) == "\\sigma\\left(x\\right) \\cdot \\left(1 - \\sigma\\left(x\\right)\\right)")
    }

    @Test("the textbook form keeps its digits: pasted back, 1 - sigmoid(u) is sigmoid(-u), in graphs, formulas and numdiff")
    func complementKeepsItsDigits() {
        for u in [-40.0, -5, 0.5, 20, 40, 700] {
            let expected = MathFunction.logistic(u) * MathFunction.logistic(-u)
            // Typed as a graph, as a derivative's formula evaluated at a point, and as grad's recorded pass.
            let typed = value("sigmoid(x)*(1 - sigmoid(x)) at x = \(u)")
            let formula = value("diff(sigmoid(x), x) at x = \(u)")
            let recorded = value("grad(sigmoid(x), x) at x = \(u)")
            for (what, got) in [("typed", typed), ("diff", formula), ("grad", recorded)] {
                #expect(got == expected, "\(what) at u = \(u): \(String(describing: got)) vs \(expected)")
            }
        }
        // numdiff re-runs the graph the same way: d/du (1 - sigmoid(u)) at u = 40 is -4.2e-18, not 0.
        let slope = value("numdiff(1 - sigmoid(u), u) at u = 40") ?? 0
        #expect(slope < 0 && slope.isApproximatelyEqual(to: -4.248354255291589e-18, relativeTolerance: 1e-4), "\(slope)")
    }

    @Test("a help summary's 'its derivative is …' is what diff prints", arguments: Builtin.table.filter { $0.theme == .elementwise })
    func helpMatchesDiff(_ builtin: Builtin) {
        guard let start = builtin.summary.range(of: "its derivative is ") else { return }
        let written = String(builtin.summary[start.upperBound...]).components(separatedBy: " (")[0].trimmingCharacters(in: ["."])
        #expect(!written.isEmpty)
        #expect(written == results(of: run("diff(\(builtin.name)(x), x)")), "\(builtin.name): \(written)")
    }
}
