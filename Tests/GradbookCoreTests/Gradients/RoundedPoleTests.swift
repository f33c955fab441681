// A step that divides by (or takes the logarithm of) a 0 that only rounded to 0 meets a pole that is not there:
// sin(x)/x^2 at x = 1e-300 is 1e300, but x^2 = 1e-600 rounds to 0 and the quotient came out inf. Neither `==`, nor
// `check`, nor a value's note may treat that inf as the value, nor a number another method cancelled to as exact.

@testable import GradbookCore
import Testing

@Suite("Poles met only because a number rounded to 0")
struct RoundedPoleTests {
    private let tiny = "x = 1e-300"

    /// The notes of the last cell of a fresh notebook.
    private func notes(_ cells: String...) -> [String] {
        let notebook = Notebook()
        var last = CellResult(number: 0)
        for cell in cells { last = notebook.run(cell) }
        return last.outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
    }

    @Test("== does not call an inf that a rounded 0 made equal, or unequal, to anything its true value may be")
    func equality() {
        // The true value of sin(x)/x^2 is 1e300: neither true against inf nor false against 1e300.
        for right in ["1e300", "inf"] {
            let said = results(of: run(tiny, "sin(x)/x^2 == \(right)"))
            #expect(said.hasPrefix("cannot tell: the left side is inf only because x^2"), "\(right): \(said)")
        }
        // log(x^2) is -1381.6, not -inf.
        #expect(results(of: run(tiny, "log(x^2) == -inf")).hasPrefix("cannot tell"))
        // 1/x^2 is 1e600 however small x^2 truly is: too large for a double, so inf is its value as a double.
        #expect(results(of: run(tiny, "1/x^2 == inf")) == "true")
        #expect(results(of: run(tiny, "1/x^2 == 1")).hasPrefix("false"))
        // An overflow at the last step keeps its answer, as before.
        #expect(results(of: run("x = 1e200", "exp(x) == inf")) == "true")
    }

    @Test("an infinity is taken as the value only where the true value is beyond a double")
    func beyondDouble() {
        // x^2 overflows at 1e200, and sqrt brings the true value back: 1e200.
        #expect(results(of: run("x = 1e200", "sqrt(x^2) == inf")).hasPrefix("cannot tell: the left side is inf only because x^2"))
        #expect(results(of: run("x = 1e200", "sqrt(x^2 + 1) - x == 0")).hasPrefix("cannot tell"))
        // Taking a number away from an overflow may bring it back: x*x - 1e308 at x = 1.35e154 is 8.2e307.
        #expect(results(of: run("x = 1.35e154", "x*x - 1e308 == 8.225e307")).hasPrefix("cannot tell"))
        #expect(results(of: run("x = 1.35e154", "x*x + 1 == inf")) == "true")
        // A pole's infinity is one whatever steps follow: 0.5/sqrt(x) at 0 is inf, not "perhaps a finite number".
        #expect(results(of: run("x = 0", "0.5*(1/sqrt(x)) == inf")) == "true")
        #expect(results(of: run("x = 0", "sqrt(1/x) == inf")) == "true")
        // exp(x) + 1, and inf over x^2's rounded 0, stay beyond a double.
        #expect(results(of: run("x = 1e200", "exp(x) + 1 == inf")) == "true")
        #expect(results(of: run(tiny, "exp(1/x)/x^2 == 1")).hasPrefix("false"))
        // Element by element through vectors: sqrt(v^2) brings 1e200 back; exp of 1e200 and 1/0 stay beyond a double.
        #expect(results(of: run("v = [1e200, 1]", "sum(sqrt(v^2)) == 1e200 + 1")).hasPrefix("cannot tell"))
        #expect(results(of: run("v = [1e200, 1]", "sum(sqrt(v^2)) == inf")).hasPrefix("cannot tell"))
        #expect(results(of: run("W = [1e-300, 2]", "sum(sin(W)/W^2) == inf")).hasPrefix("cannot tell"))
        #expect(results(of: run("v = [1e200, 1]", "sum(exp(v)) == inf")) == "true")
        #expect(results(of: run("u = [0, 1]", "sum(1/u) == inf")) == "true")
        // diff says when its infinity is no value of the formula, and not when it is one.
        #expect(notes(tiny, "diff(sin(x)/x, x)").contains { $0.contains("-inf is not this formula's value here: 1/x^2 with x = 1e-300 overflowed") })
        #expect(!notes(tiny, "diff(1/x, x)").contains { $0.contains("is not this formula's value") })
        // A number folded from numbers alone that overflowed: sinh(745) is 2.5e323, and sqrt brings it back to 5e161.
        #expect(notes("x = 2.82", "diff(sqrt(sinh(745) - log(x))*x, x)").contains { $0.contains("inf is not this formula's value here: a number in it overflowed") })
        // A true pole says nothing: log's slope at 0.
        #expect(!notes("x = 0", "diff(log(x), x)").contains { $0.contains("is not this formula's value") })
        #expect(!notes("x = 0", "diff(sqrt(x), x)").contains { $0.contains("is not this formula's value") })
        #expect(!notes(tiny, "diff(exp(1/x), x)").contains { $0.contains("is not this formula's value") })
    }

    @Test("a subnormal typed or computed exactly keeps its logarithm: 1e-320 holds 11 bits, and x*2 of it loses none")
    func subnormalLogarithms() {
        // The double 1e-320 is 1e-320 - 1.1e-325, so log of it is 1.1e-5 from log(1e-320) = -736.8272297580946: not false.
        #expect(results(of: run("log(1e-320) == -736.8272297580946")).hasPrefix("cannot tell"))
        #expect(results(of: run("x = 0.24", "log(sigmoid(exp(x)) + sinh(x)/log(1e-320)) == -0.2476570033185643")).hasPrefix("cannot tell"))
        // x*2 and x*1 are exact below the normal range too, so log of them is a number, not nan.
        #expect(results(of: run("x = 1e-320", "log(x*2)")) == "-736.134")
        #expect(results(of: run("log(1e-320*1)")) == "-736.827")
        #expect(LostValues.isExactBelowNormal(.multiply, 1e-320, 2, 1e-320 * 2))
        #expect(LostValues.isExactBelowNormal(.divide, 1e-320, 4, 1e-320 / 4))
        #expect(!LostValues.isExactBelowNormal(.multiply, 1e-320, 0.3, 1e-320 * 0.3))
        #expect(!LostValues.isExactBelowNormal(.divide, 1e-320, 3, 1e-320 / 3))
        // One that rounded is still nan, with the note.
        #expect(results(of: run("x = 1e-320", "log(x*0.3)")) == "nan")
    }

    @Test("the note on where an inf came from says when it may stand for a finite number")
    func provenance() {
        #expect(notes(tiny, "sin(x)/x^2").contains {
            $0.contains("inf first produced by sin(x)/x^2") && $0.contains("the true result may be a finite number")
        })
        #expect(!notes(tiny, "1/x^2").contains { $0.contains("may be a finite number") })
    }

    @Test("check leaves out a symbolic number that a step of its formula overflowed to, and judges nothing by a cancelled backprop")
    func symbolicOverflow() {
        // The slope of sin(x)/x at 1e-300 is -x/3 = -3.3e-301. Its formula overflows at x^-2; backprop's 1e300 - 1e300 is 0.
        let check = results(of: run(tiny, "check(sin(x)/x, x)"))
        #expect(check.contains("verdict: cannot tell"), "\(check)")
        #expect(!check.contains("wrong"))
        #expect(notes(tiny, "check(sin(x)/x, x)").contains { $0.contains("symbolic is nan here: its formula cos(x)/x - sin(x)/x^2 gives -inf only because") })
        // A yours of 0, backprop's own number, was "exact".
        let yours = results(of: run(tiny, "check(sin(x)/x, x, 0)"))
        #expect(yours.contains("verdict: cannot tell: yours is backprop's number, but backprop's own rounding"), "\(yours)")
        // Far from the underflow all three agree as before.
        #expect(results(of: run("x = 0.5", "check(sin(x)/x, x)")).contains("verdict: exact"))
    }

    @Test("a gradient 0 that backprop's sums cancelled to, where the formula itself overflows, says what it may stand for")
    func cancelledZeroWithoutFormula() {
        for call in ["grad(sin(x)/x, x)", "grad(sin(x)/x, [x])", "backward(sin(x)/x)"] {
            #expect(notes(tiny, call).contains { $0.contains("the gradient 0 for x comes from rounding at this point, not from the maths: the derivative may be any number up to") }, "\(call)")
        }
        // An exact 0 says nothing: x/x is 1 for every x but 0.
        #expect(notes(tiny, "grad(x/x, x)").isEmpty)
        #expect(notes("x = 3", "grad(x - x, x)").isEmpty)
    }

    @Test("where backprop cancels but symbolic's formula is exact, symbolic judges yours")
    func symbolicJudgesWhereBackpropCancels() {
        // sin(x/x) has the formula 0; backprop's 1/x - x/x^2 is 1e300 - 1e300.
        #expect(results(of: run(tiny, "check(sin(x/x), x, 0)")).contains("verdict: exact: yours agrees with symbolic"))
        #expect(results(of: run(tiny, "check(sin(x/x), x, 1)")).contains("verdict: wrong: yours differs from symbolic by 1"))
    }

    @Test("the gradient graph of a quotient takes -(a/b)/b where b*b leaves the normal range, as the backward pass does")
    func quotientGraph() {
        #expect(results(of: run(tiny, "grad(x/x, x)")) == "0")
        #expect(results(of: run(tiny, "g = grad(x/x, x)", "g")) == "0")
        #expect(results(of: run("x = 1e200", "grad(1e300/x, x)")) == "-1e-100")
        // Where b*b is normal the formula is the textbook one, and differentiates again.
        #expect(results(of: run("x = 2", "grad(grad(1/x, x), x)")) == "0.25")
    }
}
