// Derivatives: every builtin's rule, the power rules (x^x included), n-th derivatives, and reverse
// mode (gradient) agreeing with forward mode.

@testable import GradbookCore
import Foundation
import Testing

extension Symbolic {
    @Suite struct DerivativeTests {
        static let functionRules: [(MathFunction, String)] = [
            (.abs, "sign(x)"), (.cos, "-sin(x)"), (.exp, "exp(x)"), (.log, "1/x"), (.relu, "step(x)"),
            (.sigmoid, "sigmoid(x)*(1 - sigmoid(x))"), (.sign, "0"), (.sin, "cos(x)"), (.softplus, "sigmoid(x)"), (.sqrt, "1/(2*sqrt(x))"),
            (.step, "0"), (.tan, "tan(x)^2 + 1"), (.tanh, "1 - tanh(x)^2"),
            (.acos, "-1/sqrt(1 - x^2)"), (.asin, "1/sqrt(1 - x^2)"), (.atan, "1/(x^2 + 1)"), (.cosh, "sinh(x)"),
            (.elu, "exp(-relu(-x))"), (.erf, "2*exp(-x^2)/sqrt(pi)"), (.erfc, "-2*exp(-x^2)/sqrt(pi)"),
            (.expm1, "exp(x)"), (.gelu, "x*exp(-x^2/2)/sqrt(2*pi) + erfc(-sqrt(2)*x/2)/2"),
            (.log10, "1/(x*log(10))"), (.log1p, "1/(x + 1)"), (.log2, "1/(x*log(2))"), (.sinh, "cosh(x)"),
        ]

        @Test("every builtin has its derivative rule", arguments: functionRules)
        func functionRule(_ f: MathFunction, _ expected: String) {
            let s = Symbols()
            #expect(s.x.apply(f).d(s.x).text == expected)
        }

        @Test("the table covers every builtin")
        func tableIsComplete() {
            #expect(Set(Self.functionRules.map(\.0)) == Set(MathFunction.allCases))
        }

        @Test("every rule matches MathFunction's numeric derivative", arguments: MathFunction.allCases)
        func ruleMatchesNumericDerivative(_ f: MathFunction) {
            let s = Symbols()
            let derivative = s.x.apply(f).d(s.x)
            for x in [0.3, 1.2, 2.5, -0.7] where f.isInDomain(x) {
                let expected = f.derivative(at: x, value: f(x))
                #expect(derivative.value(["x": x]).isClose(to: expected), "\(f)'(\(x))")
            }
        }

        static let cases: [FormulaCase] = [
            FormulaCase("diff(x^2*sin(x), x)", "2*x*sin(x) + x^2*cos(x)") { ($0.x ** 2 * sin($0.x)).d($0.x) },
            FormulaCase("diff(x^3, x)", "3*x^2") { ($0.x ** 3).d($0.x) },
            FormulaCase("diff(x^x, x)", "x^x*log(x) + x^x") { ($0.x ** $0.x).d($0.x) },
            FormulaCase("diff(2^x, x)", "log(2)*2^x") { (2 ** $0.x).d($0.x) },
            FormulaCase("diff(sin(2*x), x)", "2*cos(2*x)") { sin(2 * $0.x).d($0.x) },
            FormulaCase("diff(1/x, x)", "-1/x^2") { (1 / $0.x).d($0.x) },
            FormulaCase("diff((w*x - t)^2, w)", "2*x*(w*x - t)") { (($0.w * $0.x - $0.t) ** 2).d($0.w) },
            FormulaCase("diff(sin(x)*cos(x), x)", "cos(x)^2 - sin(x)^2") { (sin($0.x) * cos($0.x)).d($0.x) },
            FormulaCase("diff(exp(-x^2), x)", "-2*x*exp(-x^2)") { exp(-($0.x ** 2)).d($0.x) },
            FormulaCase("diff(sqrt(x^2 + 1), x)", "x/sqrt(x^2 + 1)") { sqrt($0.x ** 2 + 1).d($0.x) },
            FormulaCase("diff(y*x, x)", "y") { ($0.y * $0.x).d($0.x) },
            FormulaCase("diff(sin(y), x)", "0") { sin($0.y).d($0.x) },
            FormulaCase("diff(x^3, x, 2)", "6*x") { ($0.x ** 3).d($0.x, order: 2) },
            FormulaCase("diff(x^3, x, 4)", "0") { ($0.x ** 3).d($0.x, order: 4) },
            FormulaCase("diff(sin(2*x), x, 4)", "16*sin(2*x)") { sin(2 * $0.x).d($0.x, order: 4) },
            FormulaCase("diff(x^2*sin(x), x, 2)", "2*sin(x) - x^2*sin(x) + 4*x*cos(x)") { ($0.x ** 2 * sin($0.x)).d($0.x, order: 2) },
            FormulaCase("diff(x, x, 0)", "x") { $0.x.d($0.x, order: 0) },
        ]

        @Test("derivatives print as a person writes them", arguments: cases)
        func derivative(_ row: FormulaCase) {
            #expect(row.build(Symbols()).text == row.expected)
        }

        @Test("x^x differentiates by u^v*(v'*log(u) + v*u'/u)")
        func variableExponent() {
            let s = Symbols()
            let d = (s.x ** s.x).d(s.x)
            for x in [0.5, 1.0, 2.0] {
                #expect(d.value(["x": x]).isClose(to: Foundation.pow(x, x) * (Foundation.log(x) + 1)))
            }
        }

        @Test("the gradient (reverse mode) equals forward derivatives, variable by variable")
        func gradientMatchesForward() {
            let s = Symbols()
            let f = s.x ** 2 * sin(s.y) + exp(s.x * s.y) / (s.y ** 2 + 1) + s.x ** s.y
            let variables = [s.x.variable, s.y.variable, s.z.variable]
            let gradient = s.store.gradient(of: f.id, withRespectTo: variables)
            for (v, g) in zip(variables, gradient) {
                let forward = s.store.derivative(of: f.id, withRespectTo: v)
                #expect(s.store.equivalence(g, forward).isEquivalent, "∂/∂\(v)")
            }
            #expect(gradient[2] == s.store.constant(0))
        }

        @Test("a variable used twice receives both contributions (micrograd's +=)")
        func accumulatesAdjoints() {
            let s = Symbols()
            let a = s.x * s.y
            let f = a * a + a  // x^2*y^2 + x*y after simplification, but built through shared a
            let g = s.store.gradient(of: f.id, withRespectTo: [s.x.variable])[0]
            #expect(s.store.evaluate(g, at: [s.x.variable: 2, s.y.variable: 3]) == 2 * 2 * 9 + 3)
        }

        @Test("bound variables with the same name are different variables")
        func boundVariables() {
            let s = Symbols()
            let (x1, x2) = (s.named("x", id: 1), s.named("x", id: 2))
            let f = x1 * x2 ** 2
            #expect(f.d(x1).id == (x2 ** 2).id)
            #expect(f.d(s.x).text == "0")
        }
    }
}
