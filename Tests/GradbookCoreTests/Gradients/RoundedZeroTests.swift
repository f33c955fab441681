// check never calls a 0 exact when rounding made it (RoundedZero), never calls a method wrong for giving nan, and
// the numeric estimate does not referee a formula whose own value was lost to overflow or underflow.

import Foundation
@testable import GradbookCore
import Testing

@Suite("Zeros that rounding made, and values that were lost, in check")
struct RoundedZeroTests {
    private func report(_ setup: String, _ call: String) throws -> GradientCheckReport { try checkReport(setup, call) }
    private func tensorReport(_ setup: String, _ call: String) throws -> TensorCheckReport { try tensorCheckReport(setup, call) }

    @Test("sqrt(x^2 + 1) - x at x = 1e9 gives 0 in all three methods; the verdict says it is rounding, with a bound the true -5e-19 is under")
    func cancellingSlope() throws {
        let found = try report("x = 1e9", "check(sqrt(x^2 + 1) - x, x)")
        #expect(found.symbolic == 0 && found.backprop == 0 && found.numeric.derivative == 0)
        #expect(found.verdict.word == "fine", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("rounding in x/sqrt(x^2 + 1) - 1"), "\(found.verdict)")
        let bound = try #require(found.roundedZero?.bound)
        #expect(bound >= 5e-19 && bound < 1e-13, "\(bound)")
        // Your 0 against it is not exact either.
        let yours = try report("x = 1e9", "check(sqrt(x^2 + 1) - x, x, 0)")
        #expect(yours.verdict.word == "fine", "\(yours.verdict)")
        #expect(yours.verdict.sentence.hasPrefix("yours and backprop give 0, but that 0 comes from rounding"), "\(yours.verdict)")
    }

    @Test("-1/x^2 at x = 1e200 is 1e-400, which a double cannot hold: not exact, and the step that underflowed is named")
    func underflowedDerivative() throws {
        let found = try report("x = 1e200", "check(1/x, x)")
        #expect(found.verdict.word == "fine", "\(found.verdict)")
        let rounded = try #require(found.roundedZero)
        #expect(rounded.step?.contains("x^2") == true, "\(rounded)")
        // 1 - sigmoid(x) at x = 800 and exp(x) at x = -800 underflow too.
        for (setup, call) in [("x = 800", "check(sigmoid(x), x)"), ("x = -800", "check(exp(x), x)"), ("x = -800", "check(softplus(x), x)")] {
            let tail = try report(setup, call)
            #expect(tail.verdict.word == "fine", "\(call) at \(setup): \(tail.verdict)")
            #expect(tail.roundedZero != nil, "\(call) at \(setup)")
        }
    }

    @Test("a rounded 0 with a bound above atol is 'cannot tell', with or without a numeric referee")
    func boundAboveTolerance() throws {
        let wide = RoundedZero(step: "1 - tanh(x)^2", bound: 2.7e-3)
        let verdict = wide.verdict(subject: "all three give", tolerance: GradientCheck.Tolerance())
        #expect(verdict.word == "cannot tell")
        #expect(verdict.sentence.contains("up to 0.0027 in size, more than atol = 1e-5"), "\(verdict)")
        #expect(RoundedZero(step: nil, bound: nil).verdict(subject: "all three give", tolerance: .init()).word == "cannot tell")
        // 1e20*(sqrt(x^2 + 1) - x) at x = 1e9 has the slope -5e-1: f's rounding keeps the numeric estimate from
        // refereeing, and the formula's 0 may stand for anything up to 2.7e5.
        let found = try report("x = 1e9", "check(1e20*(sqrt(x^2 + 1) - x), x)")
        #expect(!found.numericIsReference)
        #expect(found.verdict.word == "cannot tell", "\(found.verdict)")
        #expect(found.verdict.sentence.hasPrefix("symbolic and backprop give 0, but that 0 comes from rounding in x/sqrt(x^2 + 1) - 1"), "\(found.verdict)")
    }

    @Test("where the formula's own rounding could make the difference, symbolic and backprop are not called wrong")
    func roundingIsNotWrong() throws {
        // The slope is -5e-7; the formula cancels to 0 and backprop's sum of ±1e12 rounds to 0.00012.
        let found = try report("x = 1e9", "check(1e12*(sqrt(x^2 + 1) - x), x)")
        #expect(found.symbolic != found.backprop)
        #expect(found.verdict.word == "cannot tell", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("the formula's rounding at this point is up to"), "\(found.verdict)")
        // A wrong answer of yours is still wrong.
        #expect(try report("x = 3", "check(x^2, x, 2*x + 1)").verdict.word == "wrong")
    }

    @Test("a number from numbers alone that rounding emptied excuses yours only as far as it could move the slope")
    func emptiedConstant() throws {
        // (1e20 + 1 - 1e20)*x has the slope 1 as typed; all three read the constant as the 0 it rounded to, and symbolic
        // folded that 0 in too, so a right 1 was called wrong.
        let typed = try report("x = 2", "check((1e20 + 1 - 1e20)*x, x, 1)")
        #expect(typed.verdict.word == "cannot tell", "\(typed.verdict)")
        #expect(typed.verdict.sentence.contains("(1e20 + 1) - 1e20 = 0") && typed.verdict.sentence.contains("symbolic's formula holds the same number"), "\(typed.verdict)")
        // Far outside what the constant's rounding range (0 give or take 1.1e4) can give: wrong.
        #expect(try report("x = 2", "check((1e20 + 1 - 1e20)*x, x, 1e6)").verdict.word == "wrong")
        // 0.1 + 0.2 - 0.3 is 5.6e-17 give or take 3.3e-17: it cannot excuse a 5 for the slope 4.
        #expect(try report("x = 2", "check((0.1 + 0.2 - 0.3)*x + x^2, x, 5)").verdict.word == "wrong")
        #expect(try report("x = 2", "check((0.1 + 0.2 - 0.3)*x + x^2, x, 4)").verdict.word == "exact")
    }

    @Test("all three agreeing on a number from numbers alone that rounding emptied is no evidence, where it moves the slope")
    func agreeingOnAnEmptiedConstant() throws {
        // All three give 0 for (1e20 + 1 - 1e20)*x, whose slope as typed is 1: it was "exact", and so was a yours of 0.
        for call in ["check((1e20 + 1 - 1e20)*x, x)", "check((1e20 + 1 - 1e20)*x, x, 0)"] {
            let found = try report("x = 2", call)
            #expect(found.verdict.word == "cannot tell", "\(call): \(found.verdict)")
            #expect(found.verdict.sentence.contains("(1e20 + 1) - 1e20 = 0") && found.verdict.sentence.contains("the slope is between -"), "\(call): \(found.verdict)")
        }
        // The same for a vector: sum((1e20 + 1 - 1e20)*W) has the gradient [1, 1] as typed; all gave [0, 0], "exact".
        let vector = try tensorReport("W = [1, 2]", "check(sum((1e20 + 1 - 1e20)*W), W)")
        #expect(vector.verdict.word == "cannot tell" && vector.verdict.sentence.contains("(1e20 + 1) - 1e20 = 0"), "\(vector.verdict)")
        #expect(try tensorReport("W = [1, 2]", "check(sum(W*W) + (1e20 + 1 - 1e20), W)").verdict.word == "exact")
        // Where that number does not move the slope, the agreement stands: it is only added.
        #expect(try report("x = 2", "check(x^2 + (1e20 + 1 - 1e20), x)").verdict.word == "exact")
        #expect(try report("x = 2", "check((0.1 + 0.2 - 0.3)*x + x^2, x)").verdict.word == "exact")
    }

    @Test("a number from numbers alone that lost only a small part of itself still excuses yours, and voids agreement, where the slope sets it against a number of its size")
    func slightlyRoundedConstant() throws {
        // x*(1e20 + 1) - x*1e20 has the slope 1 as typed. 1e20 + 1 rounds to 1e20, a loss of 1 in 1e20 (far from "most of
        // its digits"), but the slope is the difference of the two: all three gave 0, a right 1 was wrong and a 0 exact.
        let right = try report("x = 3", "check(x*(1e20 + 1) - x*1e20, x, 1)")
        #expect(right.verdict.word == "cannot tell", "\(right.verdict)")
        #expect(right.verdict.sentence.contains("1e20 + 1 = 1e20") && right.verdict.sentence.contains("a small part of it, but enough to move the slope"),
                "\(right.verdict)")
        // sin(x*(1e16 + 1) - x*1e16) has the slope cos(3) = -0.99 as typed. All three read 1e16 + 1 as 1e16 and give 0, and
        // the reruns at the ends of that number's rounding range round as badly (backprop gave 0.5 and -0.25 there, each
        // good to about 1e16): a right -0.99 was wrong, because -0.99 lay outside [-0.25, 0.5].
        let typedSlope = try report("x = 3", "check(sin(x*(1e16 + 1) - x*1e16), x, cos(3))")
        #expect(typedSlope.verdict.word == "cannot tell" && typedSlope.verdict.sentence.contains("1e16 + 1 = 1e16"), "\(typedSlope.verdict)")
        // sin(1e17*(x*(0.1 + 0.2) - 0.3*x)) has the slope 0 as typed (0.1 + 0.2 - 0.3 is 0); the double 0.1 + 0.2 is 0.3 +
        // 5.6e-17, backprop read x's value emptied, symbolic judged with 4.13, and a right 0 was wrong.
        let typedZero = try report("x = 1", "check(sin(1e17*(x*(0.1 + 0.2) - 0.3*x)), x, 0)")
        #expect(typedZero.verdict.word == "cannot tell" && typedZero.verdict.sentence.contains("0.1 + 0.2"), "\(typedZero.verdict)")
        let zero = try report("x = 3", "check(x*(1e20 + 1) - x*1e20, x, 0)")
        #expect(zero.verdict.word == "cannot tell" && zero.verdict.sentence.contains("the slope is between -"), "\(zero.verdict)")
        // (Without yours, backprop's own rounding there, up to 1.5e5, already says so.)
        #expect(try report("x = 3", "check(x*(1e20 + 1) - x*1e20, x)").verdict.word == "cannot tell")
        // Where the gradient that reaches the number is 0 (the square of a difference that came out 0): moving it still moves the slope.
        #expect(try report("x = 3", "check((x*(1e20 + 1) - x*1e20)^2, x, 6)").verdict.word == "cannot tell")
        // Where backprop's own rounding leaves symbolic the judge (6 here, backprop 0), symbolic holds the same number: a right 7
        // was wrong.
        #expect(try report("x = 3", "check(x*(1e20 + 1) - x*1e20 + x^2, x, 7)").verdict.word == "cannot tell")
        // Far outside what it could give (the slope between -16,384 and 16,384): wrong.
        #expect(try report("x = 3", "check(x*(1e20 + 1) - x*1e20, x, 1e6)").verdict.word == "wrong")
        // A number that rounded by a little and is not set against another leaves the verdicts as they were.
        #expect(try report("x = 3", "check(x*0.1*3, x, 0.3)").verdict.word == "exact")
        #expect(try report("x = 3", "check(x*0.1*3, x, 0.4)").verdict.word == "wrong")
        // The same for a vector: sum(v*(1e20 + 1) - v*1e20) has the gradient [1, 1] as typed.
        for yours in ["[1, 1]", "[0, 0]"] {
            let vector = try tensorReport("v = [3, 2]", "check(sum(v*(1e20 + 1) - v*1e20), v, \(yours))")
            #expect(vector.verdict.word == "cannot tell" && vector.verdict.sentence.contains("1e20 + 1 = 1e20"), "\(yours): \(vector.verdict)")
        }
        #expect(try tensorReport("v = [3, 2]", "check(sum(v*(1e20 + 1) - v*1e20), v, [1, 1])").verdict.sentence.contains("yours differs from backprop"))
        #expect(try tensorReport("v = [3, 2]", "check(sum(v*0.1*3), v, [0.4, 0.3])").verdict.word == "wrong")
    }

    @Test("both methods overflowing to one infinity is a slope too large for a double, not an infinite one")
    func overflowedSlope() throws {
        // 1/x at 1e-300 has the slope -1e600: symbolic and backprop "agreed" it was -inf.
        let found = try report("x = 1e-300", "check(1/x, x)")
        #expect(found.slopeOverflowed && found.verdict.word == "cannot tell", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("a slope on the way is too large for a double"), "\(found.verdict)")
        // Neither number is the slope, so neither judges yours, finite or not.
        #expect(try report("x = 1e-300", "check(1/x, x, -1)").verdict.word == "cannot tell")
        #expect(try report("x = 1e-300", "check(1/x, x, -inf)").verdict.word == "cannot tell")
        // Where the numeric estimate is reliable it is the only number there: 1/relu(x^8) at 8.9e-35 has the slope
        // -2.4e307, which fits in a double though a slope on the way does not. It judges yours; the slope alone no exact
        // method confirms. (Both were "wrong" against it, and a right yours "wrong by inf (relative nan)".)
        let referee = try report("x = 8.856009451866996e-35", "check(1/relu(((x^2)^2)^2), x)")
        #expect(referee.slopeOverflowed && referee.numericIsReference && referee.verdict.word == "cannot tell", "\(referee.verdict)")
        #expect(referee.verdict.sentence.contains("the numeric estimate gives -2.38752e307"), "\(referee.verdict)")
        let estimate = referee.numeric.derivative
        let right = try report("x = 8.856009451866996e-35", "check(1/relu(((x^2)^2)^2), x, \(estimate))")
        #expect(right.verdict.word == "exact" && right.verdict.sentence.hasPrefix("yours agrees with the numeric estimate"), "\(right.verdict)")
        #expect(right.judgeOfYours == estimate)
        let off = try report("x = 8.856009451866996e-35", "check(1/relu(((x^2)^2)^2), x, \(estimate * 1.2))")
        #expect(off.verdict.word == "wrong" && off.verdict.sentence.hasPrefix("yours differs from the numeric estimate"), "\(off.verdict)")
        // The same found against 60-digit truth: the slope of sqrt(cosh(x)/(x*x)*log1p(atan(x))) at 1e-150 is -5e224.
        let truth = try report("x = 1e-150", "check(sqrt(cosh(x)/(x*x)*log1p(atan(x))), x, -5e224)")
        #expect(truth.slopeOverflowed && truth.verdict.word == "exact", "\(truth.verdict)")
        // So where the function's value overflowed too: exp(2*x) at 400 is e^800, its slope 2e^800.
        #expect(try report("x = 400", "check(exp(2*x), x)").slopeOverflowed)
        #expect(try report("x = 1e-160", "check(1/x^2, x)").verdict.word == "cannot tell")
        // A function with no value is told apart first: log(x) at 0 is undefined, not an overflow.
        #expect(try report("x = 0", "check(log(x), x)").verdict.sentence.hasPrefix("the function has no value"))
        // sqrt at 0 has an infinite slope in the maths, and its verdict stands.
        let edge = try report("x = 0", "check(sqrt(x), x)")
        #expect(!edge.slopeOverflowed && edge.verdict.word == "agree", "\(edge.verdict)")
        #expect(try !report("x = 1", "check(asin(x), x)").slopeOverflowed)
    }

    @Test("an exact 0 is still exact", arguments: [
        ("x = 0", "check(x^2, x)"), ("x = -1", "check(relu(x), x)"), ("x = 2", "check((x - 2)^2, x)"),
        ("x = 0.5", "check(x^2 - x, x)"), ("x = 4", "check((sqrt(x) - 2)^2, x)"), ("x = 0.1", "check(x^2 - 0.2*x, x)"),
        ("x = 0", "check(sin(x)*x, x)"), ("x = 1.5", "check(x*(x - 3), x, 2*x - 3)"), ("x = 1", "check(log(x)^2 + x^3 - 3*x, x)"),
    ])
    func exactZeros(_ setup: String, _ call: String) throws {
        let found = try report(setup, call)
        #expect(found.symbolic == 0, "\(call) at \(setup): \(found.symbolic)")
        #expect(found.roundedZero == nil, "\(call) at \(setup)")
        #expect(found.verdict.word != "cannot tell", "\(call) at \(setup): \(found.verdict)")
    }

    @Test("a method that gives nan is left out, not called wrong; the numeric estimate does not referee a lost value")
    func lostValuesAreNotJudged() throws {
        // 1e300*exp(x) at x = -800 is 3.6e-48, but exp(-800) underflowed: symbolic is nan with its note. The verdict
        // said "wrong: symbolic differs from the numeric estimate by nan".
        let scaled = try report("x = -800", "check(1e300*exp(x), x)")
        #expect(scaled.symbolic.isNaN)
        #expect(scaled.verdict.word == "cannot tell", "\(scaled.verdict)")
        // 3e300*x^3 at x = 1e-200 has the slope 9e-100, and x^3 underflows: the numeric estimate was 5.9e278 and,
        // as the reference, made symbolic and backprop "wrong".
        let cubed = try report("x = 1e-200", "check(3e300*x^3, x)")
        #expect(cubed.verdict.word == "cannot tell", "\(cubed.verdict)")
        #expect(!cubed.numericIsReference)
        guard case .valueLost(let part)? = cubed.numeric.unreliability else {
            Issue.record("unreliability: \(String(describing: cubed.numeric.unreliability))")
            return
        }
        #expect(part == "x^3")
    }

    @Test("a vector's element where backprop and numeric both give a rounded 0 keeps the verdict from 'exact'", arguments: [
        ("W = [1e200, 1]", "check(sum(1/W), W)"), ("v = [-800, 0]", "check(sum(exp(v)), v)"), ("v = [1e9, 1]", "check(sum(sqrt(v^2 + 1) - v), v)"),
    ])
    func tensorRoundedZeros(_ setup: String, _ call: String) throws {
        let found = try tensorReport(setup, call)
        #expect(found.zerosNotShownExact == [0], "\(call)")
        #expect(found.verdict.word == "fine", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("both are 0, and nothing shows that 0 is exact"), "\(found.verdict)")
    }

    @Test("a relu that is off, a row of W @ x behind one, or a dead unit's outgoing weight is an exact 0 and the verdict stays 'exact'", arguments: [
        ("v = [-1, 2]", "check(sum(relu(v)), v)"), ("W = [[1, -2], [3, 4]]; x = [1, 1]", "check(sum(relu(W @ x)), W)"),
        ("net = mlp(2, [8, 8, 1], act = relu, seed = 2); d = moons(40, seed = 1); L = mse(net(d.X), d.Y)", "check(L, net.W3)"),
    ])
    func tensorExactZeros(_ setup: String, _ call: String) throws {
        let found = try tensorReport(setup, call)
        #expect(found.backprop.elements.contains(0))
        #expect(found.zerosNotShownExact.isEmpty, "\(call)")
        #expect(found.verdict.word == "exact", "\(found.verdict)")
    }

    @Test("diff's value says when its 0 is rounding, and not when it is exact")
    func diffNotes() {
        func notes(_ code: String) -> [String] {
            run(code).outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        }
        #expect(notes("x = 1e9; diff(sqrt(x^2 + 1) - x, x)").contains {
            $0.hasPrefix("note: this 0 comes from rounding in x/sqrt(x^2 + 1) - 1") && $0.contains("up to 2.7e-15 in size")
        })
        #expect(notes("x = 1e200; diff(1/x, x)").contains { $0.hasPrefix("note: this 0 comes from rounding in 1/x^2") })
        #expect(!notes("x = 0; diff(x^2, x)").contains { $0.contains("comes from rounding") })
        #expect(!notes("x = 2; diff((x - 2)^2, x)").contains { $0.contains("comes from rounding") })
    }

    @Test("numdiff's 0 says how small the slope may be, not that it is 0")
    func numericZeroNote() {
        func notes(_ code: String) -> [String] {
            run(code).outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        }
        let saturated = notes("x = 30; numdiff(tanh(x), x)")
        #expect(saturated.contains { $0.contains("did not change over any step tried") && $0.contains("smaller than about") }, "\(saturated)")
        #expect(notes("x = 1e200; numdiff(1/x, x)").contains { $0.contains("too small for these steps to see") })
        #expect(!notes("x = 3; numdiff(x^2, x)").contains { $0.contains("did not change") })
    }

    @Test("numdiff of a vector or matrix names its elements whose 0 only says the slope is too small to see")
    func numericZeroElementsNote() {
        func notes(_ code: String) -> [String] {
            run(code).outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        }
        let one = notes("W = [1, 2, 3]; numdiff(sum(W*[1, 0, 2]), W)")
        #expect(one.contains { $0.hasPrefix("note: the numeric estimate at W[2] is 0 because the formula's value did not change over any step tried")
            && $0.contains("smaller than about") && $0.hasSuffix("not that it is exactly 0.") }, "\(one)")
        let matrix = notes("W = [[1, 2], [3, 4]]; numdiff(sum(W*[[0, 1], [0, 0]]), W)")
        #expect(matrix.contains { $0.contains("at W[1, 1] (and 2 more elements) is 0") }, "\(matrix)")
        // Saturated: the value does not move at x = 30, so its element is named too, beside a plain one.
        let saturated = notes("W = [30, 0.5]; numdiff(sum(tanh(W)), W)")
        #expect(saturated.contains { $0.contains("at W[1] is 0") }, "\(saturated)")
        // No zero, or a formula: nothing to say.
        #expect(!notes("W = [1, 2]; numdiff(sum(W^2), W)").contains { $0.contains("did not change") })
        #expect(!notes("W = [1, -2]; numdiff(sum(W*W*W), W)").contains { $0.contains("did not change") })
    }

    @Test("grad's 0 for a number says when it is rounding, and not when it is exact or a limit at inf")
    func gradNotes() {
        func notes(_ code: String) -> [String] {
            run(code).outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        }
        #expect(notes("x = 1e9; grad(sqrt(x^2 + 1) - x, x)").contains {
            $0.hasPrefix("note: the gradient 0 for x comes from rounding in x/sqrt(x^2 + 1) - 1")
        })
        // The backward pass names the step as typed, and bounds what its local derivative -1/x^2 lost.
        #expect(notes("x = 1e200; grad(1/x, [x])").contains { $0.contains("the gradient 0 for x comes from rounding in 1/x at") && $0.contains("10^-400") })
        for exact in ["x = 0; grad(x^2, x)", "x = -1; grad(relu(x), x)", "x = 3; grad(x - x, x)", "y = 1e308*10; grad(log(y), y)"] {
            #expect(!notes(exact).contains { $0.contains("comes from rounding") }, "\(exact)")
        }
        // Not inside repeat, where each step would pay for a formula.
        #expect(!notes("x = 1e9; repeat 2 { g = grad(sqrt(x^2 + 1) - x, x) }").contains { $0.contains("comes from rounding") })
    }

    @Test("numbers that fold to 0 by underflow are kept as written: check's verdict is not 'exact', and diff's formula is not a bare 0", arguments: [
        ("x = 1", "1e-300*(1e-300*x)", "1e-300*1e-300"),
        ("x = 1", "exp(-800)*x^2", "2*x*exp(-800)"),
        ("x = 1", "1e-200^2*x", "1e-200^2"),
        ("x = 0.5", "sin(x)*1e-300*1e-300", "1e-300*cos(x)*1e-300"),
    ])
    func foldedUnderflow(_ setup: String, _ function: String, _ formula: String) throws {
        // Each derivative is a positive number too small for a double (1e-600, 2·e^-800), which folding once made "0".
        let found = try report(setup, "check(\(function), x)")
        #expect(found.verdict.word == "fine", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("comes from rounding"), "\(found.verdict)")
        let shown = run(setup, "diff(\(function), x)")
        #expect(results(of: shown).hasPrefix(formula), "\(results(of: shown))")
        #expect(shown.outputs.contains { $0.text.hasPrefix("note: this 0 comes from rounding in") })
        // The formula pastes back: it parses, and gives the double the derivative gives (0).
        #expect(results(of: run(setup, formula)) == "0")
    }

    @Test("backprop that reads a forward value rounding emptied of its digits is not judged: (x + 1e20 - 1e20)*x at x = 2 is cannot tell, not wrong")
    func forwardValuesThatLostTheirDigits() throws {
        // The maths is x^2, slope 4; x + 1e20 rounds to 1e20, so the forward value is 0 and backprop gives 2.
        let found = try report("x = 2", "check((x + 1e20 - 1e20)*x, x)")
        #expect(found.symbolic == 4 && found.backprop == 2)
        // The table then measures against symbolic, not the backprop it cannot judge.
        #expect(found.symbolicIsReference && found.reference == 4)
        #expect(found.verdict.word == "cannot tell", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("backprop reads (x + 1e20) - 1e20 = 0, which rounding may have moved by up to"), "\(found.verdict)")
        // Your 4 is the maths: not called wrong against backprop's 2.
        let yours = try report("x = 2", "check((x + 1e20 - 1e20)*x, x, 4)")
        #expect(yours.verdict.word == "cannot tell" && yours.verdict.sentence.contains("agrees with symbolic"), "\(yours.verdict)")
        // Your 2 matches backprop's rounded 2 but not the slope: wrong, not exact.
        let matched = try report("x = 2", "check((x + 1e20 - 1e20)*x, x, 2)")
        #expect(matched.verdict.word == "wrong" && matched.verdict.sentence.hasPrefix("yours differs from symbolic by 2"), "\(matched.verdict)")
        // Your 7 is wrong by symbolic, which rounds nothing here.
        let wrong = try report("x = 2", "check((x + 1e20 - 1e20)*x, x, 7)")
        #expect(wrong.verdict.word == "wrong" && wrong.verdict.sentence.hasPrefix("yours differs from symbolic by 3"), "\(wrong.verdict)")
        // Where nothing lost its digits, a wrong answer is still wrong, and a right one right.
        #expect(try report("x = 2", "check(x^2, x, 5)").verdict.word == "wrong")
        #expect(try report("x = 2", "check(sin(x)*exp(x), x)").verdict.word == "exact")
        #expect(ForwardRounding.worstLoss(in: Node.make(.multiply, [.leaf("x", value: 3), .leaf("y", value: 0.1)])) == nil)
    }

    @Test("backprop's own rounding: x*1e20 - x*1e20 + x adds 1e20, -1e20 and 1 into x's gradient and gives 0 for 1; cannot tell, and yours is judged by symbolic")
    func backpropsOwnRounding() throws {
        let found = try report("x = 3", "check(x*1e20 - x*1e20 + x, x)")
        #expect(found.symbolic == 1 && found.backprop == 0)
        // No value backprop's slopes read lost its digits (the products' slopes are 1e20 and x), so none is named.
        #expect(found.forwardLoss == nil)
        #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.contains("backprop's own rounding at this point"), "\(found.verdict)")
        #expect(found.backpropRounding >= 1 && found.backpropRounding < 1e6, "\(found.backpropRounding)")
        let right = try report("x = 3", "check(x*1e20 - x*1e20 + x, x, 1)")
        // (Symbolic's formula rounds little here, so it judges a yours that agrees with it.)
        #expect(right.verdict.word == "exact" && right.verdict.sentence.hasPrefix("yours agrees with symbolic"), "\(right.verdict)")
        let matched = try report("x = 3", "check(x*1e20 - x*1e20 + x, x, 0)")
        #expect(matched.verdict.word == "wrong" && matched.verdict.sentence.hasPrefix("yours differs from symbolic by 1"), "\(matched.verdict)")
        // The bound itself: within a few ulps for a product, and nil outside the graph.
        let x = Node.leaf("x", value: 3), y = Node.leaf("y", value: 0.1)
        let product = Node.make(.multiply, [x, Node.make(.function(.sin), [y])])
        let bound = try #require(ForwardRounding.backpropErrorBound(of: product, at: y))
        #expect(bound > 0 && bound < 1e-14, "\(bound)")
        #expect(ForwardRounding.backpropErrorBound(of: product, at: Node.leaf("z", value: 1)) == nil)
    }

    @Test("a backprop that overflowed on its way back is left out, and symbolic with the numeric estimate judge yours")
    func backpropOverflowedOnTheWayBack() throws {
        // exp(p) with p = (1e-300*sqrt(x))^(tanh(x) - expm1(x)): exp(p) = 2.4e45 reaches the power, whose slope -2.1e300
        // makes it -inf, though the slope at x is 2.2e49 (60-digit forward mode: 2.23511165859132e49). Was "wrong" for
        // that slope, "by inf (relative nan), more than the tolerance inf".
        let f = "exp((1e-300*sqrt(x))^(tanh(x) - expm1(x)))"
        let plain = try report("x = 0.11", "check(\(f), x)")
        #expect(plain.backprop == -.infinity && plain.backpropLostValue)
        #expect(plain.verdict.word == "exact" && plain.verdict.sentence.hasPrefix("symbolic and the numeric estimate agree"), "\(plain.verdict)")
        #expect(plain.verdict.sentence.contains("backprop is -inf here only because a value on its way was lost"), "\(plain.verdict)")
        let right = try report("x = 0.11", "check(\(f), x, 2.235111658591315e49)")
        #expect(right.verdict.word == "exact" && right.verdict.sentence.hasPrefix("yours agrees with symbolic and the numeric estimate"), "\(right.verdict)")
        #expect(right.judgeOfYours == right.numeric.derivative)
        let wrong = try report("x = 0.11", "check(\(f), x, 3e49)")
        #expect(wrong.verdict.word == "wrong" && wrong.verdict.sentence.hasPrefix("yours differs from symbolic"), "\(wrong.verdict)")
    }

    @Test("a backprop that is inf only because a value on its way was lost is left out, as a nan is: log(x^2)/2 at x = 1e-200")
    func backpropInfFromALostValue() throws {
        // x^2 underflows to 0, log's slope there is inf; the slope 1/x = 1e200 is finite, and symbolic gives it.
        let found = try report("x = 1e-200", "check(log(x^2)/2, x)")
        #expect(found.symbolic == 1e200 && found.backprop == .infinity && found.backpropLostValue)
        #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.hasPrefix("backprop is inf here, where a value on its way was lost"), "\(found.verdict)")
        let right = try report("x = 1e-200", "check(log(x^2)/2, x, 1/x)")
        #expect(right.verdict.word == "cannot tell" && right.verdict.sentence.contains("agrees with symbolic"), "\(right.verdict)")
        let wrong = try report("x = 1e-200", "check(log(x^2)/2, x, 2/x)")
        #expect(wrong.verdict.word == "wrong" && wrong.verdict.sentence.hasPrefix("yours differs from symbolic"), "\(wrong.verdict)")
        // An infinite slope that is the maths (sqrt at 0) is not a lost value.
        let edge = try report("x = 0", "check(sqrt(x), x)")
        #expect(!edge.backpropLostValue && edge.verdict.word == "agree", "\(edge.verdict)")
    }

    @Test("the same for a vector, element by element: sum((W + 1e20 - 1e20)*W) is cannot tell, and yours is judged by symbolic, not backprop")
    func vectorForwardValuesThatLostTheirDigits() throws {
        // The maths is sum(W^2), gradient 2W = [4, 6]; backprop reads the rounded 0s and gives W, the numeric estimate
        // 0 (the rounded function is flat). Before, "wrong", set backprop against the numeric 0.
        let found = try tensorReport("W = [2, 3]", "check(sum((W + 1e20 - 1e20)*W), W)")
        #expect(found.backprop.elements == [2, 3] && found.numeric.gradient.elements == [0, 0])
        #expect(found.verdict.word == "cannot tell", "\(found.verdict)")
        #expect(found.verdict.sentence.contains("backprop reads (W[1] + 1e20) - 1e20 = 0, which rounding may have moved by up to"), "\(found.verdict)")
        // Symbolic, which simplifies the rounding away, is worked out element by element to judge yours.
        #expect(found.symbolic?.elements == [4, 6])
        // Your [4, 6] is the maths: not wrong, and no "slip" (twice backprop) is read into it.
        let right = try tensorReport("W = [2, 3]", "check(sum((W + 1e20 - 1e20)*W), W, 2*W)")
        #expect(right.verdict.word == "cannot tell" && right.slip == nil, "\(right.verdict)")
        #expect(right.verdict.sentence.hasPrefix("yours differs from backprop in 2 of 2 elements and agrees with symbolic, but"), "\(right.verdict)")
        // Your [2, 3] matches backprop's rounded numbers: wrong by symbolic, not exact; so is a slip in one element.
        let matched = try tensorReport("W = [2, 3]", "check(sum((W + 1e20 - 1e20)*W), W, W)")
        #expect(matched.verdict.word == "wrong" && matched.verdict.sentence.hasPrefix("yours differs from symbolic in 2 of 2 elements"), "\(matched.verdict)")
        let slipped = try tensorReport("W = [2, 3]", "check(sum((W + 1e20 - 1e20)*W), W, [4, 7])")
        #expect(slipped.verdict.word == "wrong" && slipped.verdict.sentence.contains("the worst, W[2]: yours 7, symbolic 6"), "\(slipped.verdict)")
        // Through a matrix product and through picking an element, the loss is found too; its step is named.
        let product = try tensorReport("W = [2, 3]; M = [[1, 2], [3, 4]]", "check(sum(tanh(M @ (W + 1e20 - 1e20))), W)")
        #expect(product.verdict.word == "cannot tell", "\(product.verdict)")
        let picked = try tensorReport("W = [2, 3]", "check(sum(((W + 1e20 - 1e20)*W)[2]), W)")
        #expect(picked.verdict.word == "cannot tell" && picked.verdict.sentence.contains("(W[2] + 1e20) - 1e20"), "\(picked.verdict)")
        // Backprop and the numeric estimate agreeing on the rounded computation do not make symbolic wrong, nor the
        // rounded 0s exact: relu(W + 1e20 - 1e20) reads the emptied values for its slope (the gradient it passes back
        // to them is 0, so they are found as read by relu, not by their own gradient).
        let scalar = try report("x = 2", "check(relu(x + 1e20 - 1e20), x)")
        #expect(scalar.backprop == 0 && scalar.numeric.derivative == 0 && scalar.symbolic == 1)
        #expect(scalar.verdict.word == "cannot tell" && scalar.verdict.sentence.contains("they follow the rounded computation"), "\(scalar.verdict)")
        let flat = try tensorReport("W = [2, 3]", "check(sum(relu(W + 1e20 - 1e20)), W)")
        #expect(flat.symbolic?.elements == [1, 1], "\(String(describing: flat.symbolic))")
        #expect(flat.verdict.word == "cannot tell" && flat.verdict.sentence.hasPrefix("symbolic gives [1, 1] and backprop and the numeric estimate agree on [0, 0]"), "\(flat.verdict)")
        // Where nothing lost its digits, a wrong answer is still wrong (with its slip), and agreement still agrees.
        let wrong = try tensorReport("W = [2, 3]", "check(sum(W*W), W, 3*W)")
        #expect(wrong.verdict.word == "wrong" && wrong.slip != nil, "\(wrong.verdict)")
        #expect(try tensorReport("W = [2, 3]; M = [[1, 2], [3, 4]]", "check(sum(tanh(M @ W)), W)").verdict.word == "fine")
        // The bound itself: nothing lost in a plain product of a matrix and a vector; the emptied element found after one.
        let w = Node.leaf("w", tensor: Tensor(shape: [2], elements: [2, 3]))
        let m = Node.leaf("m", tensor: Tensor(shape: [2, 2], elements: [1, 2, 3, 4]))
        #expect(ForwardRounding.worstLoss(in: Node.make(.sum(axis: nil), [Node.make(.matrixProduct, [m, w])])) == nil)
        let big = Node.constant(1e20)
        let emptied = Node.make(.subtract, [Node.make(.add, [Node.make(.matrixProduct, [m, w]), big]), big])
        let loss = try #require(ForwardRounding.worstLoss(in: Node.make(.sum(axis: nil), [emptied])))
        #expect(loss.node === emptied && loss.value == 0 && loss.error > 1e4, "\(loss.value) \(loss.error)")
    }

    @Test("a vector's backprop that its own rounding left off (W*1e20 - W*1e20 + W gives 0s for 1s) is judged by symbolic, element by element")
    func vectorBackpropsOwnRounding() throws {
        let setup = "W = [1e-300, 1]", f = "sum(W*1e20 - W*1e20 + W)"
        let found = try tensorReport(setup, "check(\(f), W)")
        #expect(found.backprop.elements == [0, 0] && found.symbolic?.elements == [1, 1] && found.backpropOffByRounding == [0, 1])
        #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.contains("backprop's own rounding there"), "\(found.verdict)")
        // The right [1, 1] was wrong against backprop's 0s, and a [0, 0] that matches them exact.
        let right = try tensorReport(setup, "check(\(f), W, [1, 1])")
        #expect(right.verdict.word == "exact" && right.verdict.sentence.hasPrefix("yours agrees with symbolic: at W[1] and 1 more"), "\(right.verdict)")
        let matched = try tensorReport(setup, "check(\(f), W, [0, 0])")
        #expect(matched.verdict.word == "wrong" && matched.verdict.sentence.contains("symbolic (backprop's own rounding left it off there) 1"), "\(matched.verdict)")
        let slipped = try tensorReport(setup, "check(\(f), W, [1, 2])")
        #expect(slipped.verdict.word == "wrong" && slipped.verdict.sentence.contains("the worst, W[2]: yours 2"), "\(slipped.verdict)")
        // Where backprop is accurate, nothing changes: symbolic is not even worked out.
        let plain = try tensorReport("V = [3, 4]", "check(sum(V^2), V, 2*V)")
        #expect(plain.verdict.word == "exact" && plain.backpropOffByRounding.isEmpty && plain.symbolic == nil)
    }

    @Test("expand and simplify keep a term whose coefficient would fold to 0, and their note speaks of the value, not a derivative")
    func expandKeepsVanishingTerms() {
        // (1e-300*x + 1)^2 = 1e-600*x^2 + 2e-300*x + 1: the x^2 term stays (at x = 1e300 the three terms are 1, 2 and 1).
        for call in ["expand((1e-300*x + 1)*(1e-300*x + 1))", "expand((1e-300*x + 1)^2)"] {
            let shown = results(of: run("x = 1", call))
            #expect(shown.hasPrefix("1e-300*x*x*1e-300 + 2e-300*x + 1"), "\(call): \(shown)")
            #expect(results(of: run("x = 1e300", String(shown.prefix { $0 != "\n" }))) == "4", "\(call) pasted back at x = 1e300")
        }
        let simplified = run("x = 1", "simplify(1e-300*(1e-300*x + 1e-300))")
        #expect(simplified.outputs.contains { $0.text.contains("comes from rounding in 1e-300*1e-300") && $0.text.contains("the value may be any number") },
                "\(simplified.outputs.map(\.text))")
    }

    @Test("folding still folds what it keeps exactly: exact zeros, cancelling products, and numbers that round but do not vanish")
    func exactFoldsStay() {
        #expect(results(of: run("x = 1", "diff(relu(-3)*x + sin(0)*x + x, x)")) == "1")
        // 2e-300·1e-300 written in either order is one formula, so the difference is the maths' exact 0.
        let cancelled = run("x = 1", "diff(2e-300*(1e-300*x) - 1e-300*(2e-300*x), x)")
        #expect(results(of: cancelled) == "0")
        #expect(!cancelled.outputs.contains { $0.text.contains("comes from rounding") })
        let store = FormulaStore()
        #expect(store.multiply(store.constant(1e-300), store.constant(1e-300)) != store.zero)
        #expect(store.multiply(store.constant(0), store.constant(5)) == store.zero)
        #expect(store.constantValue(store.multiply(store.constant(0.1), store.constant(3))) == 0.1 * 3)
        #expect(store.constantValue(store.multiply(store.constant(1e-300), store.constant(1e-10))) == 1e-310)
        #expect(store.constantValue(store.power(store.constant(1e-200), store.constant(2))) == nil)
        #expect(store.constantValue(store.apply(.exp, store.constant(-800))) == nil)
        #expect(store.apply(.sin, store.constant(0)) == store.zero)
        #expect(store.apply(.relu, store.constant(-3)) == store.zero)
    }
}
