// check and == exactly at a kink: yours is judged by the slopes on the two sides, not by gradbook's convention there.

@testable import GradbookCore
import Testing

@Suite("check and == at a kink")
struct KinkCheckTests {
    private func report(_ call: String, at x: Double) throws -> GradientCheckReport { try checkReport("x = \(x)", call) }
    private func tensorReport(_ setup: String, _ call: String) throws -> TensorCheckReport { try tensorCheckReport(setup, call) }

    @Test("the two sides' slopes are measured: -1 and 1 for abs at 0, 0 and 1 for relu, 1 and 1 for relu(x) - relu(-x)")
    func slopesOnTheTwoSides() throws {
        for (formula, left, right) in [("abs(x)", -1.0, 1.0), ("relu(x)", 0, 1), ("relu(x) - relu(-x)", 1, 1), ("abs(sin(x))", -1, 1)] {
            let sides = try #require(try report("check(\(formula), x)", at: 0).kinkSides, "\(formula)")
            #expect(abs(sides.left - left) < 1e-6 && abs(sides.right - right) < 1e-6 && sides.error < 1e-6, "\(formula): \(sides)")
        }
        // Away from a kink there is nothing to measure.
        #expect(try report("check(abs(x), x)", at: 2).kinkSides == nil)
    }

    @Test("where there is no derivative, yours between the two sides' slopes is not wrong, and outside them it is")
    func noDerivative() throws {
        // |x| at 0: the slope is -1 from the left and 1 from the right; a student's 1 (one side's) was called wrong
        // against gradbook's convention 0.
        for yours in ["1", "0.3", "-1", "0"] {
            let found = try report("check(abs(x), x, \(yours))", at: 0)
            #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.hasPrefix("this point is a kink with no derivative"), "\(yours): \(found.verdict)")
        }
        let outside = try report("check(abs(x), x, 2)", at: 0)
        #expect(outside.verdict.word == "wrong" && outside.verdict.sentence.contains("is not between the slopes on the two sides"), "\(outside.verdict)")
        // Without yours, symbolic and backprop still agree on the convention, as before.
        #expect(try report("check(relu(x), x)", at: 0).verdict.word == "agree")
    }

    @Test("where the two sides have one slope, that is the derivative, whatever the convention at the kinks gives")
    func derivativeThroughAKink() throws {
        // relu(x) - relu(-x) is x: its slope at 0 is 1, but each relu's convention gives 0, so symbolic and backprop say 0.
        let methods = try report("check(relu(x) - relu(-x), x)", at: 0)
        #expect(methods.symbolic == 0 && methods.backprop == 0 && methods.numeric.derivative == 1 && methods.numericIsReference)
        #expect(methods.verdict.word == "wrong" && methods.verdict.sentence.contains("the slope is 1 on both sides of this point"), "\(methods.verdict)")
        let right = try report("check(relu(x) - relu(-x), x, 1)", at: 0)
        #expect(right.verdict.word == "exact" && right.verdict.sentence.contains("backprop's 0 is gradbook's convention"), "\(right.verdict)")
        #expect(right.judgeOfYours == 1)
        let conventional = try report("check(relu(x) - relu(-x), x, 0)", at: 0)
        #expect(conventional.verdict.word == "wrong", "\(conventional.verdict)")
    }

    @Test("element by element too: W[1] = 0 in sum(relu(W)) takes any slope from 0 to 1, and in sum(relu(W) - relu(-W)) the slope 1")
    func elementsAtKinks() throws {
        let between = try tensorReport("W = [0, 1]", "check(sum(relu(W)), W, [1, 1])")
        #expect(between.verdict.word == "cannot tell" && between.verdict.sentence.hasPrefix("W[1] is exactly at a kink with no derivative"), "\(between.verdict)")
        #expect(between.verdict.sentence.hasSuffix("; elsewhere yours agrees with backprop."), "\(between.verdict)")
        #expect(between.slip == nil)
        // Yours equal to gradbook's convention there is no more right than any other slope between the sides (as for
        // a number: check(relu(x), x, 0) at 0): it was `exact`, "which the numeric estimate confirms at all 2 elements".
        let convention = try tensorReport("W = [0, 1]", "check(sum(relu(W)), W, [0, 1])")
        #expect(convention.verdict.word == "cannot tell" && convention.verdict.sentence.contains("yours there, 0, is between them"), "\(convention.verdict)")
        let tie = try tensorReport("W = [1, 1]", "check(max(W), W, [1, 0])")
        #expect(tie.verdict.word == "cannot tell" && !tie.verdict.sentence.contains("elsewhere"), "\(tie.verdict)")
        let outside = try tensorReport("W = [0, 1]", "check(sum(relu(W)), W, [2, 1])")
        #expect(outside.verdict.word == "wrong", "\(outside.verdict)")
        // Elsewhere yours is still held to backprop.
        #expect(try tensorReport("W = [0, 1]", "check(sum(relu(W)), W, [1, 3])").verdict.word == "wrong")
        let methods = try tensorReport("W = [0, 1]", "check(sum(relu(W) - relu(-W)), W)")
        #expect(methods.numeric.gradient.elements.allSatisfy { abs($0 - 1) < 1e-6 } && methods.numeric.unreliable.isEmpty)
        #expect(methods.verdict.word == "wrong" && methods.verdict.sentence.contains("is gradbook's convention at the kink, not the derivative"), "\(methods.verdict)")
        let right = try tensorReport("W = [0, 1]", "check(sum(relu(W) - relu(-W)), W, [1, 1])")
        #expect(right.verdict.word == "exact", "\(right.verdict)")
        let conventional = try tensorReport("W = [0, 1]", "check(sum(relu(W) - relu(-W)), W, [0, 1])")
        #expect(conventional.verdict.word == "wrong" && conventional.verdict.sentence.contains("from that slope"), "\(conventional.verdict)")
    }

    @Test("numdiff exactly at a kink: the slope through it where both sides have one, and nan with the two slopes where they differ")
    func numdiffAtKinks() {
        func notes(_ result: CellResult) -> [String] {
            result.outputs.filter { if case .note = $0.kind { true } else { false } }.map(\.text)
        }
        // relu(x) - relu(-x) is x: its slope at 0 is 1, where differences straddling the kinks gave nan with "the two
        // sides' slopes differ".
        let through = run("x = 0", "numdiff(relu(x) - relu(-x), x)")
        #expect(results(of: through) == "1")
        #expect(notes(through).contains { $0.contains("has the slope 1 on both sides of it") }, "\(notes(through))")
        let none = run("x = 0", "numdiff(abs(x), x)")
        #expect(results(of: none) == "nan")
        #expect(notes(none).contains { $0.contains("no derivative: the slope is -1 from the left and 1 from the right") }, "\(notes(none))")
        // Away from the kink, as before.
        #expect(results(of: run("x = 1", "numdiff(relu(x), x)")) == "1")
        // sqrt(x^2) is |x|: at 0 the edge of sqrt's domain, but defined on both sides, with the slopes -1 and 1.
        let norm = run("x = 0", "numdiff(sqrt(x^2), x)")
        #expect(notes(norm).contains { $0.contains("no derivative: the slope is -1 from the left and 1 from the right") }, "\(notes(norm))")
    }

    @Test("at a domain edge the function is defined on both sides of, with two slopes there, yours is judged by them: sqrt(x^2) at 0 is |x|")
    func domainEdgeWithTwoSides() throws {
        // A yours of 0 was exact against backprop's 0, though |x| has no derivative at 0.
        let between = try report("check(sqrt(x^2), x, 0)", at: 0)
        #expect(between.verdict.word == "cannot tell" && between.verdict.sentence.contains("the slope is -1 from the left and 1 from the right"), "\(between.verdict)")
        #expect(try report("check(sqrt(x^2), x, 3)", at: 0).verdict.word == "wrong")
        #expect(try report("check(sqrt(x^2 + 4), x, 0)", at: 0).verdict.word == "exact")
        // sqrt(x) at 0 is defined on one side only: as before.
        #expect(try report("check(sqrt(x), x)", at: 0).kinkSides == nil)
    }

    @Test("where a vector's backprop is nan (0·∞ in W*sqrt(W) at 0), it judges nothing: yours is not called wrong against it")
    func nanBackpropJudgesNothing() throws {
        // The one-sided slope of W*sqrt(W) at 0 is 0, so yours [0, 1.5] is right; backprop's nan at W[1] called it wrong.
        let right = try tensorReport("W = [0, 1]", "check(sum(W*sqrt(W)), W, [0, 1.5])")
        #expect(right.backprop.elements[0].isNaN)
        #expect(right.verdict.word == "cannot tell" && right.verdict.sentence.hasPrefix("backprop is nan at W[1], and the numeric estimate is unreliable there"), "\(right.verdict)")
        // Elsewhere yours is still held to backprop.
        let wrong = try tensorReport("W = [0, 1]", "check(sum(W*sqrt(W)), W, [0, 7])")
        #expect(wrong.verdict.word == "wrong" && wrong.verdict.sentence.contains("W[2]: yours 7, backprop 1.5"), "\(wrong.verdict)")
    }

    @Test("yours confirmed by the numeric estimate at some elements only is not said to be confirmed at all of them")
    func confirmationNamesItsElements() throws {
        // W^1.5 at 0 is at the edge of its domain: the numeric estimate is unreliable at W[1] and judges only W[2].
        let partly = try tensorReport("W = [0, 1]", "check(sum(W^1.5), W, [0, 1.5])")
        #expect(partly.verdict.word == "exact", "\(partly.verdict)")
        #expect(partly.verdict.sentence.hasPrefix("yours agrees with backprop at all 2 elements, and the numeric estimate confirms it at the 1 where it is trustworthy"), "\(partly.verdict)")
        let fully = try tensorReport("W = [1, 2]", "check(sum(W*W), W, 2*W)")
        #expect(fully.verdict.sentence.hasPrefix("yours agrees with backprop, which the numeric estimate confirms, at all 2 elements"), "\(fully.verdict)")
        let kinked = try tensorReport("W = [0, 1, 2]", "check(sum(W*sqrt(W)), W, [0, 1.5, 1.5*sqrt(2)])")
        #expect(kinked.verdict.word == "cannot tell", "\(kinked.verdict)")
    }

    @Test("diff(f, x) == yours: a formula that differs from diff only at a kink is true, with the reason; a number at a kink is judged by the two sides")
    func derivativesCompared() {
        // d/dx max(x, 0): gradbook's tie convention gives 1 at x = 0, the textbook step(x) gives 0; elsewhere they agree.
        let formula = results(of: run("diff(max(x, 0), x) == step(x)"))
        #expect(formula.hasPrefix("true\n  (except at x = 0, a kink"), "\(formula)")
        // Not for formulas that are not derivatives: step(x) and 1 - step(-x) are different functions at 0.
        #expect(results(of: run("step(x) == 1 - step(-x)")).hasPrefix("false"))
        // A derivative that differs on a whole interval is still false (relu(x - 4) at 4.04), however narrow: step(x - 1e-7)
        // is 0 on (0, 1e-7), where relu's slope is 1, which a look a millionth to each side passed as a kink.
        #expect(results(of: run("diff(relu(x - 4), x) == 0")).hasPrefix("false"))
        #expect(results(of: run("diff(relu(x), x) == step(x - 1e-7)")).hasPrefix("false"))
        // At a bound x exactly at a kink.
        #expect(results(of: run("x = 0", "diff(relu(x) - relu(-x), x) == 1")).hasPrefix("true\n  (at x = 0 the function passes through a kink but has the slope 1"))
        #expect(results(of: run("x = 0", "diff(relu(x) - relu(-x), x) == 0")).hasPrefix("false\n  0 is not the derivative"))
        #expect(results(of: run("x = 0", "diff(abs(x), x) == 1")).hasPrefix("cannot tell: x = 0 is a kink with no derivative"))
        #expect(results(of: run("x = 0", "diff(abs(x), x) == 2")).hasPrefix("false\n  2 is no slope of the function here"))
        // Away from a kink, numbers are numbers.
        #expect(results(of: run("x = 3", "diff(abs(x), x) == 1")) == "true")
    }

    @Test("grad at a kink the function passes through with one slope says that its number is the conventions', not the derivative")
    func gradNote() {
        func notes(_ code: String) -> [String] {
            run("x = 0", code).outputs.compactMap { if case .note = $0.kind { return $0.text } else { return nil } }
        }
        #expect(notes("grad(relu(x) - relu(-x), x)").contains { $0.hasPrefix("note: the function itself has the slope 1 on both sides of x = 0") })
        // A true kink (no derivative) keeps only the convention's note.
        #expect(!notes("grad(relu(x), x)").contains { $0.contains("the function itself has the slope") })
        #expect(notes("grad(relu(x), x)").contains { $0.contains("was taken at its kink") })
        // Not inside repeat, where a step at a kink would measure the slopes again at every step.
        #expect(!notes("repeat 2 { g = grad(relu(x) - relu(-x), x) }").contains { $0.contains("the function itself has the slope") })
    }

    @Test("past the 400 elements looked at closely, a difference across a kink is no estimate: zeros(500) under relu is not 'wrong'")
    func manyElementsAtKinks() throws {
        // Elements 401 on took the quick central difference across relu's kink, 0.5, as a settled estimate, and the
        // verdict called backprop's 0 wrong at 100 of them.
        let methods = try tensorReport("W = zeros(500)", "check(sum(relu(W)), W)")
        #expect(methods.numeric.unreliable.count == 500, "\(methods.numeric.unreliable.count)")
        #expect(methods.verdict.word == "cannot tell", "\(methods.verdict)")
        let between = try tensorReport("W = zeros(500)", "check(sum(relu(W)), W, ones(500))")
        #expect(between.verdict.word == "cannot tell" && between.verdict.sentence.contains("(and 499 more such elements)"), "\(between.verdict)")
        // More elements at kinks than are measured: yours is not held to the convention at them, nor judged.
        let many = try tensorReport("W = zeros(1100)", "check(sum(relu(W)), W, ones(1100))")
        #expect(many.unmeasuredKinks.count == 1100)
        #expect(many.verdict.word == "cannot tell" && many.verdict.sentence.contains("too many to measure"), "\(many.verdict)")
        // An element past the 400 that is near a kink, not at it, still gets backprop's true slope judged.
        let near = try tensorReport("W = zeros(500) + 1e-6", "check(sum(relu(W)), W)")
        #expect(near.verdict.word != "wrong", "\(near.verdict)")
    }
}
