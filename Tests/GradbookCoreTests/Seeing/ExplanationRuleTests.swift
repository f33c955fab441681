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

    @Test("every function's f'(u) in an explanation is the printed symbolic rule, diff(f(u), u)", arguments: MathFunction.allCases)
    func functionRuleIsTheSymbolicRule(_ function: MathFunction) {
        let derivative = results(of: run("diff(\(function.rawValue)(u), u)"))
        let rule = LocalRule.functionRule(function)
        // relu's line adds what step(u) means; every other line is the rule alone.
        #expect(function == .relu ? rule == derivative + ", 1 if u > 0 else 0" : rule == derivative, "\(function): \(rule) vs \(derivative)")
    }

    /// Each arithmetic operation, written as a learner types it, with the operand explain differentiates by.
    static let operations: [(operation: Node.Operation, position: Int, typed: String, by: String)] = [
        (.add, 0, "a + b", "a"), (.add, 1, "a + b", "b"), (.subtract, 0, "a - b", "a"), (.subtract, 1, "a - b", "b"),
        (.multiply, 0, "a*b", "a"), (.multiply, 1, "a*b", "b"), (.divide, 0, "a/b", "a"), (.divide, 1, "a/b", "b"),
        (.power, 0, "a^n", "a"), (.power, 1, "a^b", "b"), (.negate, 0, "-a", "a"),
    ]

    @Test("an arithmetic operation's local derivative in explain is diff's, for each operand")
    func operationRuleIsTheSymbolicRule() {
        for (operation, position, typed, by) in Self.operations {
            let derivative = results(of: run("diff(\(typed), \(by))"))
            #expect(!derivative.isEmpty && !derivative.contains("error"))
            #expect(LocalRule.operandRule(operation, position: position) == "d(\(typed))/d\(by) = \(derivative)", "\(typed) by \(by)")
        }
        // Checked by hand: the rules a learner should see.
        #expect(LocalRule.operandRule(.divide, position: 1) == "d(a/b)/db = -a/b^2")
        #expect(LocalRule.operandRule(.multiply, position: 0) == "d(a*b)/da = b")
        #expect(LocalRule.operandRule(.subtract, position: 1) == "d(a - b)/db = -1")
    }

    @Test("explain(backward(…)) shows the symbolic rule beside each number and each vector step")
    func explanationShowsTheRule() {
        let scalar = Notebook().run("a = 2; b = 3; explain(backward(a/b))").outputs.map(\.text).joined(separator: "\n")
        #expect(scalar.contains("(d(a/b)/da = 1/b)"), "\(scalar)")
        #expect(scalar.contains("(d(a/b)/db = -a/b^2)"), "\(scalar)")
        let vector = Notebook().run("v = [1, 2]; explain(backward(sum(v^3)))").outputs.map(\.text).joined(separator: "\n")
        #expect(vector.contains("times \(LocalRule.operandRule(.power, position: 0)), element by element"), "\(vector)")
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
