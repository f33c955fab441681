// Sixty-five everyday derivatives (textbook calculus, losses and activations): the form diff prints, checked
// against the same derivative pasted back, and its length beside SymPy 1.14's simplify(diff(…)) result,
// written here by hand as a reference. SymPy is given gradbook's vocabulary where it has none:
// sigmoid is a SymPy Function whose derivative is sigmoid(u)*(1 - sigmoid(u)), softplus one whose
// derivative is sigmoid(u). Lengths are compared without spaces. Where gradbook's form is longer, the row
// says why (what gradbook does not do yet); the test then checks it is indeed longer, so an improvement
// shows up as a row to update.

@testable import GradbookCore
import Foundation
import Numerics
import Testing

extension Symbolic {
    @Suite struct EverydayDerivativeTests {
        struct Row: CustomTestStringConvertible, Sendable {
            var expression: String
            var variable: String
            var printed: String
            var sympy: String
            var longer: String? = nil

            init(_ expression: String, _ variable: String, _ printed: String, sympy: String, longer: String? = nil) {
                (self.expression, self.variable, self.printed, self.sympy, self.longer) = (expression, variable, printed, sympy, longer)
            }

            var testDescription: String { "d/d\(variable) \(expression)" }
        }

        /// Every name the rows use, at a point inside every row's domain.
        static let point = "at x = 0.7, y = 0.3, z = -0.4, w = 1.3, b = -0.2, t = 0.6, a = 2, c = -1, k = 0.5, z1 = 0.1, z2 = -0.8, w1 = 0.9, w2 = -1.1, x1 = 0.4, x2 = 1.6"

        static let rows: [Row] = [
        Row("x^3", "x", "3*x^2", sympy: "3*x^2"),
        Row("x^5 - 3*x^2 + 2*x", "x", "5*x^4 - 6*x + 2", sympy: "5*x^4 - 6*x + 2"),
        Row("sqrt(x)", "x", "1/(2*sqrt(x))", sympy: "1/(2*sqrt(x))"),
        Row("1/x", "x", "-1/x^2", sympy: "-1/x^2"),
        Row("1/x^2", "x", "-2/x^3", sympy: "-2/x^3"),
        Row("1/sqrt(x)", "x", "-1/(2*x^(3/2))", sympy: "-1/(2*x^(3/2))"),
        Row("sin(x)", "x", "cos(x)", sympy: "cos(x)"),
        Row("cos(x)", "x", "-sin(x)", sympy: "-sin(x)"),
        Row("tan(x)", "x", "tan(x)^2 + 1", sympy: "cos(x)^(-2)"),
        Row("exp(x)", "x", "exp(x)", sympy: "exp(x)"),
        Row("log(x)", "x", "1/x", sympy: "1/x"),
        Row("exp(2*x)", "x", "2*exp(2*x)", sympy: "2*exp(2*x)"),
        Row("sin(3*x)", "x", "3*cos(3*x)", sympy: "3*cos(3*x)"),
        Row("cos(x^2)", "x", "-2*x*sin(x^2)", sympy: "-2*x*sin(x^2)"),
        Row("x*sin(x)", "x", "sin(x) + x*cos(x)", sympy: "x*cos(x) + sin(x)"),
        Row("x^2*sin(x)", "x", "2*x*sin(x) + x^2*cos(x)", sympy: "x*(x*cos(x) + 2*sin(x))"),
        Row("x^2*exp(x)", "x", "x*exp(x)*(x + 2)", sympy: "x*(x + 2)*exp(x)"),
        Row("exp(x)*sin(x)", "x", "exp(x)*(sin(x) + cos(x))", sympy: "sqrt(2)*exp(x)*sin(x + pi/4)"),
        Row("sin(x)*cos(x)", "x", "cos(x)^2 - sin(x)^2", sympy: "cos(2*x)", longer: "double-angle formulas are not used: the product rule's two terms stay visible"),
        Row("log(x^2 + 1)", "x", "2*x/(x^2 + 1)", sympy: "2*x/(x^2 + 1)"),
        Row("sqrt(x^2 + 1)", "x", "x/sqrt(x^2 + 1)", sympy: "x/sqrt(x^2 + 1)"),
        Row("1/(1 + x^2)", "x", "-2*x/(x^2 + 1)^2", sympy: "-2*x/(x^2 + 1)^2"),
        Row("x/(x + 1)", "x", "1/(x + 1)^2", sympy: "(x + 1)^(-2)"),
        Row("exp(-x^2/2)", "x", "-x*exp(-x^2/2)", sympy: "-x*exp(-x^2/2)"),
        Row("x*log(x)", "x", "log(x) + 1", sympy: "log(x) + 1"),
        Row("log(sin(x))", "x", "1/tan(x)", sympy: "1/tan(x)"),
        Row("sin(x)^2", "x", "2*sin(x)*cos(x)", sympy: "sin(2*x)", longer: "double-angle formulas are not used: the chain rule's factors 2*sin(x) and cos(x) stay visible"),
        Row("exp(sin(x))", "x", "cos(x)*exp(sin(x))", sympy: "exp(sin(x))*cos(x)"),
        Row("(2*x + 1)^3", "x", "6*(2*x + 1)^2", sympy: "6*(2*x + 1)^2"),
        Row("(x + 1)^2 - x^2", "x", "2", sympy: "2"),
        Row("exp(2*x)*exp(-x)", "x", "exp(x)", sympy: "exp(x)"),
        Row("atan(x)", "x", "1/(x^2 + 1)", sympy: "1/(x^2 + 1)"),
        Row("asin(x)", "x", "1/sqrt(1 - x^2)", sympy: "1/sqrt(1 - x^2)"),
        Row("sinh(x)", "x", "cosh(x)", sympy: "cosh(x)"),
        Row("cosh(x)", "x", "sinh(x)", sympy: "sinh(x)"),
        Row("x^x", "x", "x^x*log(x) + x^x", sympy: "x^x*(log(x) + 1)"),
        Row("2^x", "x", "log(2)*2^x", sympy: "2^x*log(2)"),
        Row("log(log(x))", "x", "1/(x*log(x))", sympy: "1/(x*log(x))"),
        Row("a*x^2 + b*x + c", "x", "2*a*x + b", sympy: "2*a*x + b"),
        Row("exp(x)/(1 + exp(x))", "x", "exp(x)/(exp(x) + 1)^2", sympy: "exp(x)/(exp(2*x) + 2*exp(x) + 1)"),
        Row("sin(x)^2 + cos(x)^2", "x", "0", sympy: "0"),
        Row("log(exp(x))", "x", "1", sympy: "1"),
        Row("sigmoid(x)", "x", "sigmoid(x)*(1 - sigmoid(x))", sympy: "(1 - sigmoid(x))*sigmoid(x)"),
        Row("tanh(x)", "x", "1 - tanh(x)^2", sympy: "cosh(x)^(-2)"),
        Row("relu(x)", "x", "step(x)", sympy: "Heaviside(x)"),
        Row("softplus(x)", "x", "sigmoid(x)", sympy: "sigmoid(x)"),
        Row("x*sigmoid(x)", "x", "sigmoid(x)*(x*(1 - sigmoid(x)) + 1)", sympy: "(-x*(sigmoid(x) - 1) + 1)*sigmoid(x)"),
        Row("(w*x - t)^2", "w", "2*x*(w*x - t)", sympy: "2*x*(-t + w*x)"),
        Row("(y - t)^2/2", "y", "y - t", sympy: "-t + y"),
        Row("abs(y - t)", "y", "sign(y - t)", sympy: "Piecewise((0, Eq(t, y)), ((-t + y)/Abs(t - y), True))"),
        Row("sqrt((y - t)^2 + 1)", "y", "(y - t)/sqrt((y - t)^2 + 1)", sympy: "(-t + y)/sqrt((t - y)^2 + 1)"),
        Row("log(cosh(y - t))", "y", "tanh(y - t)", sympy: "-tanh(t - y)"),
        Row("log(1 + exp(-y*z))", "z", "-y*sigmoid(-y*z)", sympy: "-y/(exp(y*z) + 1)", longer: "sigmoid(-u) is one character longer than 1/(exp(u) + 1)"),
        Row("-t*log(sigmoid(z)) - (1 - t)*log(1 - sigmoid(z))", "z", "sigmoid(z) - t", sympy: "-t + sigmoid(z)"),
        Row("log(sigmoid(z))", "z", "sigmoid(-z)", sympy: "1 - sigmoid(z)"),
        Row("sigmoid(w*x + b)", "w", "x*t1*(1 - t1) where t1 = sigmoid(w*x + b)", sympy: "x*(1 - sigmoid(b + w*x))*sigmoid(b + w*x)"),
        Row("sigmoid(w*x + b)", "b", "t1*(1 - t1) where t1 = sigmoid(w*x + b)", sympy: "(1 - sigmoid(b + w*x))*sigmoid(b + w*x)"),
        Row("tanh(w*x + b)", "w", "x*(1 - tanh(w*x + b)^2)", sympy: "-x*tanh(b + w*x)^2 + x", longer: "x*(1 - tanh(u)^2) is kept factored, one character more than SymPy's expanded form"),
        Row("(sigmoid(w*x + b) - t)^2", "w", "2*x*t1*(1 - t1)*(t1 - t) where t1 = sigmoid(w*x + b)", sympy: "2*x*(t - sigmoid(b + w*x))*(sigmoid(b + w*x) - 1)*sigmoid(b + w*x)"),
        Row("exp(z1)/(exp(z1) + exp(z2))", "z1", "exp(z1 + z2)/(exp(z1) + exp(z2))^2", sympy: "exp(z1 + z2)/(exp(2*z1) + exp(2*z2) + 2*exp(z1 + z2))"),
        Row("log(exp(z1) + exp(z2))", "z1", "exp(z1)/(exp(z1) + exp(z2))", sympy: "exp(z1)/(exp(z1) + exp(z2))"),
        Row("tanh(tanh(x))", "x", "(1 - tanh(x)^2)*(1 - tanh(tanh(x))^2)", sympy: "1/(cosh(x)^2*cosh(tanh(x))^2)", longer: "tanh'(u) is written 1 - tanh(u)^2 (it reuses the forward value), not 1/cosh(u)^2"),
        Row("sigmoid(sigmoid(x))", "x", "sigmoid(x)*sigmoid(sigmoid(x))*(1 - sigmoid(x))*(1 - sigmoid(sigmoid(x)))", sympy: "(sigmoid(x) - 1)*(sigmoid(sigmoid(x)) - 1)*sigmoid(x)*sigmoid(sigmoid(x))"),
        Row("k*w^2/2", "w", "k*w", sympy: "k*w"),
        Row("(w1*x1 + w2*x2 + b - t)^2", "w1", "2*x1*(w1*x1 + w2*x2 + b - t)", sympy: "2*x1*(b - t + w1*x1 + w2*x2)"),
        ]

        @Test("there are at least 60 rows")
        func enoughRows() { #expect(Self.rows.count >= 60) }

        @Test("diff prints the textbook form, which pastes back to the same value", arguments: rows)
        func printedForm(_ row: Row) {
            let result = Notebook().run("diff(\(row.expression), \(row.variable))")
            #expect(result.outputs.first?.text == row.printed)
            let derivative = value("diff(\(row.expression), \(row.variable)) \(Self.point)")
            let pasted = value("\(row.printed) \(Self.point)")
            #expect(derivative != nil && pasted != nil && derivative!.isApproximatelyEqual(to: pasted!, relativeTolerance: 1e-12),
                    "\(String(describing: derivative)) vs \(String(describing: pasted))")
        }

        @Test("no longer than SymPy's simplified form, except where a row says why", arguments: rows)
        func noLongerThanSymPy(_ row: Row) {
            let length = { (text: String) in text.filter { !$0.isWhitespace }.count }
            if row.longer == nil {
                #expect(length(row.printed) <= length(row.sympy), "\(row.printed) is longer than SymPy's \(row.sympy)")
            } else {
                #expect(length(row.printed) > length(row.sympy), "now no longer than SymPy's \(row.sympy): drop the reason")
            }
        }
    }
}
