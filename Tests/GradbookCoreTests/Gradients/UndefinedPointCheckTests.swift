// check at a point where the function has no value: there is no derivative there, whatever the methods give.

@testable import GradbookCore
import Testing

@Suite("check where the function has no value")
struct UndefinedPointCheckTests {
    private func report(_ call: String, at x: Double) throws -> GradientCheckReport { try checkReport("x = \(x)", call) }

    @Test("a step outside its domain or at its pole leaves no derivative to check: yours is neither exact nor wrong")
    func noValueNoDerivative() throws {
        // Each was a confident verdict before: x^2 + 0*log(x - 5) at 3 was "exact" (symbolic and backprop both give 6),
        // log(x) at -3 called a 1 "wrong" against -1/3, 1/x at 0 called a 5 "wrong" by inf with the tolerance inf,
        // and log(x) at 0 had symbolic and backprop "agree" that it was inf.
        let cases: [(call: String, x: Double, step: String)] = [
            ("check(x^2 + 0*log(x - 5), x, 6)", 3, "log(-2)"),
            ("check(x^2 + 0*log(x - 5), x)", 3, "log(-2)"),
            ("check(log(x), x, 1)", -3, "log(-3)"),
            ("check(sqrt(x), x, 1)", -3, "sqrt(-3)"),
            ("check(x^0.5, x)", -3, "(-3)^0.5"),
            ("check(1/x, x, 5)", 0, "1/0"),
            ("check(log(x), x)", 0, "log(0)"),
            ("check(log(x - 2), x, 1)", 2, "log(0)"),
            ("check(x^2 + 0/0, x)", 3, "0/0"),
            ("check(asin(x), x)", 2, "asin(2)"),
            ("check(x^-1, x)", 0, "0^(-1)"),
            ("check(x/x, x, 0)", 0, "0/0"),
            // A step with no value that a later one hides behind a number: exp(-inf) is 0, sigmoid(inf) is 1, and
            // x/log(0) is -0. The first two were "exact" and "wrong by nan", the third "wrong by nan" for a 1.
            ("check(exp(-1/x^2), x, 0)", 0, "(-1)/0"),
            ("check(exp(-1/x^2), x)", 0, "(-1)/0"),
            ("check(sigmoid(1/x), x, 0)", 0, "1/0"),
            ("check(exp(x/log(x - x)), x, 1)", 1.7, "log(0)"),
        ]
        for (call, x, step) in cases {
            let found = try report(call, at: x)
            #expect(found.undefinedStep == step, "\(call): \(String(describing: found.undefinedStep))")
            #expect(found.verdict.word == "cannot tell", "\(call): \(found.verdict)")
            #expect(found.verdict.sentence.contains("has no value at x = ") && found.verdict.sentence.contains("where it takes \(step), which is undefined"), "\(call): \(found.verdict.sentence)")
        }
    }

    @Test("the table names no reference and shows no error where there is no derivative to measure one from")
    func tableWithoutDerivative() {
        // Backprop's 0 at x = 0 (exp(-inf)) was the "(reference)", and yours, 0, had "relative error 0": confirmed at a glance.
        let table = results(of: run("x = 0; check(exp(-1/x^2), x, 0)"))
        #expect(!table.contains("(reference)"), "\(table)")
        #expect(table.contains("yours        0               —") && table.contains("backprop     0               —"), "\(table)")
        // Where the function is defined, the reference is named as before.
        #expect(results(of: run("x = 1; check(exp(-1/x^2), x, 0)")).contains("(reference)"))
    }

    @Test("a value that is not finite only because doubles overflowed is no undefined point: the verdicts stand")
    func overflowIsNotUndefined() throws {
        // exp(800) - exp(800) + x is x; it is nan only because exp(800) is inf as a double.
        let overflow = try report("check(exp(800) - exp(800) + x, x, 1)", at: 0)
        #expect(overflow.undefinedStep == nil)
        #expect(overflow.verdict.word == "exact", "\(overflow.verdict)")
        // A finite value is not looked into, and a point where the function is defined keeps its verdicts.
        #expect(try report("check(log(x), x, 1)", at: 1).verdict.word == "exact")
        #expect(try report("check(log(x), x, 2)", at: 1).verdict.word == "wrong")
        #expect(try report("check(x^2 + 0*log(x - 5), x, 12)", at: 6).verdict.word == "exact")
    }

    @Test("a vector's check, and a number's through a vector, where the function has no value")
    func throughVectors() throws {
        let found = try tensorCheckReport("W = [-1, 2]", "check(sum(log(W)), W, [1, 0.5])")
        // Was "wrong: yours differs from backprop in 1 of 2 elements" against backprop's -1 for log at -1.
        #expect(found.undefinedStep == "log(-1)")
        #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.hasPrefix("the function has no value at this W, where it takes log(-1)"), "\(found.verdict)")
        let number = try report("check(sum(log([x, 2])), x)", at: -1)
        #expect(number.undefinedStep == "log(-1)" && number.verdict.word == "cannot tell", "\(number.verdict)")
    }

    @Test("== with diff or grad on one side where the function has no value: cannot tell, as check says")
    func equalityWithoutValue() {
        // Was true: grad's number 6 equals 6, though x^2 + 0*log(x - 5) has no value at x = 3.
        let said = results(of: run("x = 3", "grad(x^2 + 0*log(x - 5), x) == 6"))
        #expect(said.hasPrefix("cannot tell: the function has no value at x = 3, where it takes log(-2)"), "\(said)")
        #expect(results(of: run("x = 0", "diff(1/x, x) == 5")).hasPrefix("cannot tell: the function has no value at x = 0, where it takes 1/0"))
        // Where it has a value, the numbers are compared as before.
        #expect(results(of: run("x = 6", "grad(x^2 + 0*log(x - 5), x) == 12")).hasPrefix("true"))
        // And as functions, with a free name, the derivative is still the formula's: 1/x is log's wherever both are defined.
        #expect(results(of: run("x = 0", "diff(log(x), x) == 1/x")).hasPrefix("true"))
    }

    @Test("an input that rounding may have moved outside the domain is not taken as undefined")
    func roundingIsNotUndefined() throws {
        // 0.1 + 0.2 - 0.3 is 5.6e-17 as computed, and -5.6e-17 the other way round: rounding, not the maths, put it below 0.
        let rounded = try report("check(sqrt(0.3 - 0.1 - 0.2) + x, x, 1)", at: 1)
        #expect(rounded.undefinedStep == nil, "\(String(describing: rounded.undefinedStep))")
        #expect(ForwardRounding.firstUndefinedStep(in: Node.constant(1)) == nil)
        // x^2 underflows to 0 at x = 1e-200: log of it is -inf, but that 0 is no pole of the maths.
        #expect(try report("check(log(x^2)/2, x)", at: 1e-200).undefinedStep == nil)
    }

    @Test("the first undefined step is found in the graph as typed, not in its simplified formula")
    func foundInTheGraph() {
        let x = Node.leaf("x", value: 3)
        // 0*log(x - 5) simplifies to 0 as a formula; the graph still takes log(-2).
        let shifted = Node.make(.subtract, [x, Node.constant(5)])
        let output = Node.make(.add, [Node.make(.power, [x, Node.constant(2)]), Node.make(.multiply, [Node.constant(0), Node.make(.function(.log), [shifted])])])
        #expect(ForwardRounding.firstUndefinedStep(in: output) == .function(.log, argument: -2))
        #expect(ForwardRounding.firstUndefinedStep(in: Node.make(.divide, [x, Node.make(.subtract, [x, x])])) == .quotient(numerator: 3))
    }

    @Test("where backprop is nan but the function has a value, yours is judged by the numeric estimate, never 'by nan'")
    func yoursWithoutBackprop() throws {
        // exp(-exp(x)) at 1000: exp(1000) overflows, and backprop meets 0·∞ on the way back; the numeric estimate, 0,
        // is the slope (-e^1000·e^(-e^1000) is far below any double). "yours differs from backprop by nan" said nothing.
        let right = try report("check(exp(-exp(x)), x, 0)", at: 1000)
        #expect(right.backprop.isNaN && right.undefinedStep == nil)
        #expect(right.verdict.word == "exact" && right.verdict.sentence.contains("yours agrees with the numeric estimate"), "\(right.verdict)")
        let wrong = try report("check(exp(-exp(x)), x, 1)", at: 1000)
        #expect(wrong.verdict.word == "wrong" && wrong.verdict.sentence.contains("differs from the numeric estimate by 1"), "\(wrong.verdict)")
        for verdict in [right.verdict, wrong.verdict] {
            #expect(!verdict.sentence.contains("nan (relative nan)") && verdict.sentence.contains("backprop is nan here and not judged"))
        }
    }
}
