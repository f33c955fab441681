// Common factors taken out of sums in every printed derivative (only where that prints shorter), and like
// terms whose coefficients are named constants kept apart. Each expected form was derived by hand (the
// derivative by the product and quotient rules, then the factor taken out) and is checked against the same
// derivative pasted back at a point.

@testable import GradbookCore
import Foundation
import Numerics
import Testing

extension Symbolic {
    @Suite struct CommonFactorTests {
        static let point = "at x = 0.7, t = 0.6"

        static let rows: [(expression: String, printed: String)] = [
            // x^2*e^-x*(3 sin x - x sin x + x cos x): the three product-rule terms share x^2*exp(-x).
            ("diff(x^3*exp(-x)*sin(x), x)", "x^2*exp(-x)*(3*sin(x) - x*sin(x) + x*cos(x))"),
            // the quotient rule's 1/x^2 - log(x)/x^2 over one denominator.
            ("diff(log(x)/x, x)", "(1 - log(x))/x^2"),
            // 2x/(x - 1) - (x^2 + 1)/(x - 1)^2 = (2x(x - 1) - x^2 - 1)/(x - 1)^2 = (x^2 - 2x - 1)/(x - 1)^2.
            ("diff((x^2 + 1)/(x - 1), x)", "(x^2 - 2*x - 1)/(x - 1)^2"),
            // the normal density's second derivative: (x^2 - 1)*phi(x), the constant named once.
            ("diff(exp(-x^2/2)/sqrt(2*pi), x, 2)", "exp(-x^2/2)*(x^2 - 1)/sqrt(2*pi)"),
            // as long factored (x*(2*sin(x) + x*cos(x))) as not: kept as the contract's example shows it.
            ("diff(x^2*sin(x), x)", "2*x*sin(x) + x^2*cos(x)"),
            // sigmoid(-z) = 1 - sigmoid(z) where both appear: the cross-entropy slope sigmoid(z)*(1 - t) - t*sigmoid(-z)
            // is sigmoid(z) - t*sigmoid(z) - t + t*sigmoid(z) = sigmoid(z) - t.
            ("diff(-t*log(sigmoid(x)) - (1 - t)*log(1 - sigmoid(x)), x)", "sigmoid(x) - t"),
            // d/dx sigmoid(x)*sigmoid(-x) = s*s'*(1 - s) - s*s'*(1 - s') = s*s'*(s' - s), with s' = sigmoid(-x).
            ("diff(sigmoid(x)*sigmoid(-x), x)", "sigmoid(x)*sigmoid(-x)*(sigmoid(-x) - sigmoid(x))"),
            // t/(2*pi) + t/3 is not folded into 0.49248827642522863*t.
            ("diff(x*t/(2*pi) + x*t/3, x)", "t/(2*pi) + t/3"),
            ("t/(2*pi) + pi*t^2 + t/3", "pi*t^2 + t/(2*pi) + t/3"),
        ]

        @Test("the printed form, which pastes back to the same value", arguments: rows.indices)
        func printed(_ i: Int) {
            let row = Self.rows[i]
            #expect(Notebook().run(row.expression).outputs.first?.text == row.printed)
            let computed = value("\(row.expression) \(Self.point)")
            let pasted = value("\(row.printed) \(Self.point)")
            #expect(computed != nil && pasted != nil && computed!.isApproximatelyEqual(to: pasted!, relativeTolerance: 1e-12),
                    "\(String(describing: computed)) vs \(String(describing: pasted))")
        }

        @Test("t/(2*pi) + t/3 keeps its value: t*(1/(2*pi) + 1/3)")
        func namedConstantsKeepTheValue() {
            let v = value("t/(2*pi) + t/3 at t = 3")
            #expect(v != nil && v!.isApproximatelyEqual(to: 3 * (1 / (2 * Double.pi) + 1.0 / 3), relativeTolerance: 1e-15))
        }

        @Test("a factored derivative still equals the unfactored one as a function (==)")
        func equalAsFunctions() {
            let text = Notebook().run("diff(x^3*exp(-x)*sin(x), x) == 3*x^2*sin(x)*exp(-x) - x^3*sin(x)*exp(-x) + x^3*cos(x)*exp(-x)").outputs.first?.text
            #expect(text == "true")
        }

        @Test("a long sum, built as nested sums of at most 8 terms, is factored piece by piece into one factor 2")
        func longSum() {
            // d/dw sum of (w*xi - 1)^2 = sum of 2*xi*(w*xi - 1) = 2*(sum of xi*(w*xi - 1)).
            let text = Notebook().run("diff(" + (1...13).map { "(w*x\($0) - 1)^2" }.joined(separator: " + ") + ", w)").outputs.first?.text
            #expect(text == "2*(" + (1...13).map { "x\($0)*(w*x\($0) - 1)" }.joined(separator: " + ") + ")")
        }
    }
}
