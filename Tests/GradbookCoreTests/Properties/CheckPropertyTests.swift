// check on random formulas at random points: it never calls a gradient wrong while symbolic and
// backprop, two exact readings of the same graph, agree.

@testable import GradbookCore
import Foundation
import PropertyBased
import Testing

@Suite("Properties of check")
struct CheckPropertyTests {
    static let recipes = Gen.int(in: 0...400).array(of: 1...9)
    /// An outer part with a pole, domain edge or kink (or none), so the points meet them too.
    static let outer = ["A", "1/(A)", "log(abs(A))", "sqrt(abs(A))", "tan(A)", "(A)/(A)", "1/(A)^2", "relu(A)", "abs(A)^0.5"]
    static let outerChoice = Gen.int(in: 0...(outer.count - 1))
    static let mantissa = Gen.double(in: -3...3)
    /// Points from 1e-10 to 1e2 in size: near 0 the poles and edges of the outer parts are close.
    static let exponent = Gen.int(in: -10...2)

    /// check's report for `expression` at x, y, or nil when check refused (a free name, a failed statement).
    private func report(_ expression: String, x: Double, y: Double) -> GradientCheckReport? {
        let notebook = Notebook()
        notebook.run("x = \(x); y = \(y)")
        let source = SourceText("check(\(expression), x)")
        guard case .success(let statement)? = Parser.statements(in: source).first else { return nil }
        let evaluator = Evaluator(bindings: notebook.bindings, source: source, cell: 2)
        guard case .check(let report)? = try? evaluator.execute(statement) else { return nil }
        return report
    }

    @Test("the harness reads check's report")
    func harnessWorks() throws {
        let found = try #require(self.report("1/(x^2 + y)", x: 3, y: 1))
        #expect(found.verdict.word == "exact")
        #expect(abs(found.backprop - -6.0 / 100) <= 1e-15)
    }

    @Test("rounding inside the formula counts against the numeric estimate: no false 'wrong' where its value moves in stairs")
    func roundingNoiseIsCounted() throws {
        // log(1 + u^4) with u^4 = 1.7e-11 keeps about five digits; steps of 1e-8 measured its stairs, 16 % off,
        // and the tableau called that precise (found by noFalseAlarm). The exact derivative is 2.30802e14.
        let found = try #require(report("1/(log(((((x) + (2))*(x))^2)^2 + 1))", x: -0.0010164184046900595, y: 0))
        #expect(found.verdict.word != "wrong", "\(found.verdict)")
        #expect(!found.numericIsReference || abs(found.numeric.derivative - 2.30802e14) <= found.numeric.error)
        // The bound: far above ε·|f| there, a few ε·|f| for a well-conditioned formula.
        let notebook = Notebook()
        notebook.run("x = -0.0010164184046900595; f = log((((x + 2)*x)^2)^2 + 1); g = sin(x)*x + 3")
        func bound(_ name: String) -> Node? {
            if case .value(let value, _)? = notebook.bindings[name] { return value.node }
            return nil
        }
        let x = try #require(bound("x")), f = try #require(bound("f")), g = try #require(bound("g"))
        let noisy = try #require(NumericDerivative.roundingNoise(of: f, movingWith: x))
        #expect(noisy > 1e5 * 2.2e-16 * abs(f.value), "\(noisy) for f = \(f.value)")
        let calm = try #require(NumericDerivative.roundingNoise(of: g, movingWith: x))
        #expect(calm < 10 * 2.2e-16 * abs(g.value), "\(calm) for g = \(g.value)")
    }

    @Test("no false alarm: 'wrong' only when symbolic and backprop themselves disagree, or numeric reliably does")
    func noFalseAlarm() async {
        await propertyCheck(count: 1000, input: Self.recipes, Self.outerChoice, Self.mantissa, Self.exponent, Self.mantissa) { recipe, choice, m, k, y in
            let expression = Self.outer[choice].replacingOccurrences(of: "A", with: RandomExpression.build(recipe))
            let x = m * pow(10, Double(k))
            guard let report = report(expression, x: x, y: y) else { return }
            let methodsAgree = report.tolerance.accepts(report.symbolic, reference: report.backprop)
            guard report.verdict.word == "wrong", methodsAgree else { return }
            // Both overflowed on the way (1/relu(x^8) at x = 8.9e-35: relu(x^8)^2 underflows, so both are -inf)
            // while a trusted, finite numeric estimate measures the slope (-2.4e307): "wrong" is then the truth.
            // Where backprop is finite, trustedNumericAgrees holds the numeric estimate to it instead.
            if !report.backprop.isFinite, report.numericIsReference, report.numeric.derivative.isFinite { return }
            // At a kink whose two sides have one slope (relu(u) - relu(-u) at u = 0), the conventions symbolic and
            // backprop share are not that slope, and the one-sided slopes that measured it say so.
            if report.derivativeThroughKink != nil { return }
            // Symbolic and backprop agree: "wrong" is a false alarm unless the numeric estimate is finite,
            // trusted, and far outside the tolerance of both.
            Issue.record("false alarm on d/dx \(expression) at x = \(x), y = \(y): symbolic \(report.symbolic), backprop \(report.backprop), numeric \(report.numeric.derivative) ± \(report.numeric.error)")
        }
    }

    @Test("a trusted numeric estimate agrees with backprop wherever the derivative is finite")
    func trustedNumericAgrees() async {
        await propertyCheck(count: 200, input: Self.recipes, Self.outerChoice, Self.mantissa, Self.exponent, Self.mantissa) { recipe, choice, m, k, y in
            let expression = Self.outer[choice].replacingOccurrences(of: "A", with: RandomExpression.build(recipe))
            let x = m * pow(10, Double(k))
            guard let report = report(expression, x: x, y: y), report.numericIsReference, report.backprop.isFinite,
                  report.derivativeThroughKink == nil else { return }
            #expect(report.tolerance.accepts(report.backprop, reference: report.numeric.derivative),
                    "d/dx \(expression) at x = \(x), y = \(y): backprop \(report.backprop), numeric \(report.numeric.derivative) ± \(report.numeric.error)")
        }
    }
}
