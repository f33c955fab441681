@testable import GradbookCore
import Foundation
import Testing

@Suite("Numeric derivatives")
struct NumericDerivativeTests {
    /// Ridders' extrapolation on smooth functions should reach about 1e-10 relative; 1e-9 leaves room
    /// for the worst of these cases without letting a plain central difference (≈1e-6 at best) pass.
    static let extrapolatedTolerance = 1e-9

    @Test("Ridders' method agrees with the exact derivative", arguments: [
        ("sin(x)", 0.7, cos(0.7)), ("exp(x)", 1.5, exp(1.5)), ("x^3", 2.0, 12.0), ("log(x)", 0.3, 1 / 0.3),
        ("tanh(x)", 0.4, 1 - tanh(0.4) * tanh(0.4)), ("x^x", 1.7, pow(1.7, 1.7) * (log(1.7) + 1)),
    ])
    func extrapolated(_ formula: String, _ point: Double, _ exact: Double) throws {
        let estimate = try #require(value("numdiff(\(formula), x) at x = \(point)"))
        #expect(abs(estimate - exact) <= NumericDerivativeTests.extrapolatedTolerance * abs(exact), "\(formula): \(estimate) vs \(exact)")
    }

    /// The shrunk input of DerivativePropertyTests' seed I+1CJg8C3wAXT3QX2rTTQuShzd/5qHY9PHMPqnzp++M=: f is
    /// 3.5e92 at x = 0, so steps of x's size change nothing, and numdiff said 0.
    @Test("a huge f whose rounding hides small steps still gives its slope: x + exp(exp(27/4)/4) at x = 0 is 1, not 0")
    func hugeValueHidesSmallSteps() throws {
        let estimate = try #require(value("numdiff(x + (exp((exp(((3)^3)/4))/4)), x) at x = 0.0, y = 0.0"))
        #expect(abs(estimate - 1) <= 1e-9, "\(estimate)")
        #expect(abs((value("numdiff(5*x + 1e200, x) at x = 3") ?? 0) - 5) <= 5e-9)
        // A slope too small to rise above f's rounding at any safe step is not invented: numdiff keeps its
        // small-step 0 and says how little it is worth.
        let notebook = Notebook()
        let shown = notebook.run("numdiff(sin(x) + exp(exp(27/4)/4), x) at x = 0").outputs.map(\.text)
        #expect(shown.contains { $0.contains("good only to about") }, "\(shown)")
    }

    @Test("an explicit step shows truncation error when large and rounding error when tiny")
    func explicitStep() throws {
        let exact = cos(1.0)
        let large = try #require(value("numdiff(sin(x), x, 0.5) at x = 1"))
        let good = try #require(value("numdiff(sin(x), x, 1e-5) at x = 1"))
        let tiny = try #require(value("numdiff(sin(x), x, 1e-13) at x = 1"))
        #expect(abs(large - exact) > 1e-3)
        #expect(abs(good - exact) < 1e-9)
        #expect(abs(tiny - exact) > 1e-5)
    }

    @Test("a step never reaches across a kink: near one it shrinks, at one the estimate is unreliable")
    func kinks() {
        let near = Node.leaf("x", value: 1e-6)
        let estimate = NumericDerivative.ridders(of: Node.make(.function(.relu), [near]), at: near)
        #expect(estimate.unreliability == nil)
        #expect(abs(estimate.derivative - 1) <= 1e-9, "relu' at 1e-6 is 1, not \(estimate.derivative)")
        let at = Node.leaf("x", value: 0)
        #expect(NumericDerivative.ridders(of: Node.make(.function(.relu), [at]), at: at).unreliability != nil)
    }

    @Test("at x = ±inf or nan there is no step: the estimate is nan and says why, and it ends (x = -inf hung)",
          arguments: ["-inf", "inf", "nan"])
    func pointNotFinite(_ point: String) {
        let notebook = Notebook()
        let result = notebook.run("x = \(point); numdiff(1/x, x)")
        let texts = result.outputs.map(\.text)
        #expect(texts.first == "nan", "\(texts)")
        #expect(texts.contains { $0.contains("the point is \(point), not a number a step can be taken from on either side") }, "\(texts)")
        let check = notebook.run("check(1/(x + sin(x^4)), x)").outputs.map(\.text).joined(separator: "\n")
        #expect(check.contains("verdict: cannot tell"), "\(check)")
    }

    @Test("an element at a kink or at -inf leaves the others' estimates alone: each nudge is judged by what it moves")
    func oneElementAtAnEdge() {
        let notebook = Notebook()
        // d/dv sum(relu(v)) at [0, 1]: v[1] sits on relu's kink (no estimate); v[2] moves only relu(v[2]), slope 1.
        #expect(notebook.run("v = [0, 1]; numdiff(sum(relu(v)), v)").outputs.first?.text == "[nan, 1]")
        // d/dW sum(1/W) at [-inf, 1]: no step from -inf; W[2]'s is -1/1² = -1 (this hung before).
        #expect(notebook.run("W = [-inf, 1]; numdiff(sum(1/W), W)").outputs.first?.text == "[nan, -1]")
        // A nudge that moves the value at the kink still has no safe step: max([1, 1, 0]) at its tie.
        #expect(notebook.run("m = [1, 1, 0]; numdiff(max(m), m)").outputs.first?.text == "[nan, nan, 0]")
    }

    @Test("the note names the element at the edge, not the vector's first element")
    func noteNamesTheElement() {
        let notebook = Notebook()
        let texts = notebook.run("v = [0, 1]; numdiff(sum(relu(v - 1)), v)").outputs.map(\.text)
        #expect(texts.first == "[0, nan]", "\(texts)")
        #expect(texts.contains { $0.contains("unreliable at v[2]: relu(v[2] - 1) is exactly at its kink") }, "\(texts)")
        let matrix = notebook.run("W = [[1, 2], [0, 3]]; numdiff(sum(sqrt(W)), W, 0.5)").outputs.map(\.text).joined(separator: "\n")
        #expect(matrix.contains("sqrt(W[2, 1])"), "\(matrix)")
    }

    @Test("near a division by 0 the note names the division, not a pole the formula may not have: sin(x)/x has none")
    func divisionNearZero() throws {
        let near = try checkReport("x = 1e-9", "check(sin(x)/x, x)")
        let reason = try #require(near.numeric.unreliability?.text)
        #expect(reason == "sin(x)/x divides by a number so close to 0 that differences cannot resolve it", "\(reason)")
        // A logarithm's pole is still called one.
        let log = try checkReport("x = 0", "check(log(x), x)")
        #expect(log.numeric.unreliability?.text == "log(x) has a pole at this point", "\(String(describing: log.numeric.unreliability))")
    }
}
