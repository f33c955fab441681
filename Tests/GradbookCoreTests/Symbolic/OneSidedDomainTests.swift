// `true` for formulas equal only where both are defined says where one of them is not: exp(log(x)) == x
// holds for x > 0 alone. An overflow or underflow is not such a place (log(exp(x)) == x everywhere).

@testable import GradbookCore
import Testing

extension Symbolic {
    @Suite struct OneSidedDomainTests {
        @Test("equal where both are defined: true, with a point where one side is not and the step it cannot take", arguments: [
            ("exp(log(x)) == x", "at x = -1 the left side is not, as it takes log(-1), while the right side is -1."),
            ("log(x^2) == 2*log(x)", "at x = -1 the right side is not, as it takes log(-1), while the left side is 0."),
            ("sqrt(x)^2 == x", "at x = -1 the left side is not, as it takes sqrt(-1)"),
            ("(x^2 - 1)/(x - 1) == x + 1", "at x = 1 the left side is not, as it takes 0^(-1), while the right side is 2."),
            ("sqrt(1 - x^2)^2 == 1 - x^2", "the left side is not, as it takes sqrt("),
            ("log(x*y) == log(x) + log(y)", "the right side is not, as it takes log("),
        ])
        func oneSided(_ comparison: String, _ said: String) {
            let shown = results(of: run(comparison))
            #expect(shown.hasPrefix("true\n  (only where both sides are defined: "), "\(comparison): \(shown)")
            #expect(shown.contains(said), "\(comparison): \(shown)")
        }

        @Test("the same domain on both sides, or a side that only overflows or underflows: a plain true", arguments: [
            "log(exp(x)) == x",  // exp(-1e6) is 0 and its log -inf, but only because doubles end there
            "exp(x)/exp(x) == 1",  // inf/inf at x = 800: an overflow
            "tan(x) == sin(x)/cos(x)",
            "sqrt(x^2) == abs(x)",
            "diff(log(x), x) == 1/x",
            "x^2 == x*x",
        ])
        func bothDefined(_ comparison: String) {
            #expect(results(of: run(comparison)) == "true", "\(comparison)")
        }

        @Test("false and cannot tell are unchanged; a difference is still a difference")
        func otherVerdicts() {
            #expect(results(of: run("asin(sin(x)) == x")).hasPrefix("false"))
            #expect(results(of: run("exp(log(x)) == 2*x")).hasPrefix("false"))
            // The verdict itself is still true, for scripts and lessons that test it.
            let notebook = Notebook()
            run("same = exp(log(x)) == x", in: notebook)
            #expect(results(of: run("same", in: notebook)).hasPrefix("true"))
        }

        @Test("the undefined step is found in the side that is not a number, and only at a domain's edge or a pole")
        func undefinedStep() {
            let s = Symbols()
            let x = Variable(name: "x")
            let logarithm = s.store.apply(.log, s.x.id)
            #expect(s.store.undefinedStep(of: logarithm, at: [x: -2]) == .function(.log, argument: -2))
            #expect(s.store.undefinedStep(of: logarithm, at: [x: 0]) == .function(.log, argument: 0))
            #expect(s.store.undefinedStep(of: logarithm, at: [x: 2]) == nil)
            // exp(x) overflows at 800: not a domain.
            #expect(s.store.undefinedStep(of: s.store.apply(.exp, s.x.id), at: [x: 800]) == nil)
            // log(exp(x)) at -800: the 0 it takes the log of is an underflow.
            #expect(s.store.undefinedStep(of: s.store.apply(.log, s.store.apply(.exp, s.x.id)), at: [x: -800]) == nil)
            #expect(s.store.undefinedStep(of: (1 / s.x).id, at: [x: 0]) == .power(base: 0, exponent: -1))
        }
    }
}
