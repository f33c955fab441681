// check where a name is lost in a sum with a much larger number (x + 1e20 at x = 0.3 is 1e20): every method follows the
// rounded computation, so agreeing proves nothing and a right yours must not be called wrong.

@testable import GradbookCore
import Testing

@Suite("check where a name is absorbed by a larger number")
struct AbsorbedNameCheckTests {
    private func verdict(_ call: String, at x: Double) throws -> CheckVerdict { try checkReport("x = \(x)", call).verdict }

    @Test("the slope read at x + 1e20 holds nothing of x: symbolic and backprop agreeing is no evidence, and yours is not judged",
          arguments: [
            // Each was "agree" (on cos(1e20) for cos(1e20 + 0.3)) or "wrong" for a yours that the maths gives.
            "check(sin(x + 1e20), x)", "check(sin(x + 1e20), x, 0.7)", "check(cos(1e20 - x), x, 0.8)",
            "check(cos(cos(1e20 - x)), x)", "check(cos(cos(1e20 - x)), x, 0.43240169912233994)",
          ])
    func absorbed(_ call: String) throws {
        let found = try verdict(call, at: 0.3)
        #expect(found.word == "cannot tell", "\(call): \(found)")
        #expect(found.sentence.contains("rounding"), "\(call): \(found.sentence)")
    }

    @Test("where the slope read overflows or has a pole within the rounding of its input, backprop's rounding has no bound: cannot tell",
          arguments: ["check(exp(710*cos(x + 1e20)), x)", "check(exp(710*cos(x + 1e20)), x, 1)", "check(tan(x + 1e20), x)",
                      "check(tan(x + 1e20), x, 1)"])
    func unboundedRounding(_ call: String) throws {
        // cos(x + 1e20) can be anything in [-1, 1], so exp of 710 times it anything up to overflow; tan of x + 1e20 (±8e3)
        // anything at all. Both were "agree", and a yours "wrong" against them.
        let found = try verdict(call, at: 0.3)
        #expect(found.word == "cannot tell" && found.sentence.contains("has no bound (a slope it reads overflows, or has a pole"), "\(call): \(found)")
    }

    @Test("where a slope reads a value known only to ±1e4, backprop's rounding is bounded by what the values can be: cannot tell")
    func boundedByTheRange() throws {
        // exp(x)/1e-20 at x = -0.7 is 5e19, known to ±1e4; cos of it is anything in [-1, 1], and expm1's slope there at most
        // e. Both were "agree", and the true slope (-5.57e19, by 60-digit forward mode) was called wrong. (Before the
        // function's range bounded cos's error, its ±1e4 went on to expm1, whose slope overflowed there: "no bound".)
        for call in ["check(expm1(cos(exp(x)/(1e-10)^2)), x)", "check(expm1(cos(exp(x)/(1e-10)^2)), x, -5.569808412922261e+19)"] {
            let found = try checkReport("x = -0.7", call)
            #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.contains("may be up to"), "\(call): \(found.verdict)")
            #expect(found.backpropRounding > 1e20 && found.backpropRounding.isFinite, "\(found.backpropRounding)")
        }
        // Symbolic and backprop differ in the last bits there, and print alike: not "(6.26258e19 and 6.26258e19)".
        let sentence = try verdict("check(expm1(cos(exp(x)/(1e-10)^2)), x)", at: -0.7).sentence
        #expect(sentence.contains("(both 6.26258e19 to the digits shown)"), "\(sentence)")
    }

    @Test("a product or sum that is exact rounds nothing: 1e20*x at x = 1 is 1e20, and the verdicts stand")
    func exactStepsStand() throws {
        // cos(1e20) is cos of the double 1e20 exactly: 1 + cos(1e20) = 1.76397 is the slope.
        #expect(try verdict("check(1e-20*sin(1e20*x) + x, x)", at: 1).word == "agree")
        #expect(ForwardRounding.isExact(.multiply, 1e20, 1, 1e20) && !ForwardRounding.isExact(.add, 0.3, 1e20, 0.3 + 1e20))
        #expect(ForwardRounding.isExact(.subtract, 0.75, 0.5, 0.25) && !ForwardRounding.isExact(.multiply, 0.1, 3, 0.1 * 3))
        // Where x survives the sum (x + 1e10 keeps x to 1e-6), the numeric estimate confirms: fine.
        #expect(try verdict("check(sin(x + 1e10), x)", at: 0.3).word == "fine")
        #expect(try verdict("check(sin(x + 1e10), x, 1)", at: 0.3).word == "wrong")
    }

    @Test("for a vector, yours within symbolic's own rounding is said to be that, not to agree with symbolic")
    func vectorWithinSymbolicRounding() throws {
        // sin(W + 1e20)'s partials are known only to ±8.5e3: [0.1, 0.2] is within that of cos(1e20), not in agreement.
        let far = try tensorCheckReport("W = [0.3, 0.5]", "check(sum(sin(W + 1e20)), W, [0.1, 0.2])").verdict
        #expect(far.word == "cannot tell" && far.sentence.contains("is within symbolic's own rounding of it"), "\(far)")
        #expect(!far.sentence.contains("agrees with symbolic"), "\(far)")
        let same = try tensorCheckReport("W = [0.3, 0.5]", "check(sum(sin(W + 1e20)), W, cos(W + 1e20))").verdict
        #expect(same.word == "cannot tell" && same.sentence.contains("agrees with symbolic"), "\(same)")
    }
}
