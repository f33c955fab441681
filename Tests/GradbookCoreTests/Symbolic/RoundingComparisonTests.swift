// == between two numbers counts each side's rounding at the point: a difference rounding could make, or hide, is
// "cannot tell", not false or true (Evaluator.withRounding).

@testable import GradbookCore
import Testing

@Suite("== between numbers, with their rounding")
struct RoundingComparisonTests {
    @Test("where rounding could make or hide the difference, == says it cannot tell", arguments: [
        // The same number written two ways: the left cancels to 0 (its rounding there is about 1e-7), the right is 5e-10.
        "x = 1e9; sqrt(x^2 + 1) - x == 1/(sqrt(x^2 + 1) + x)",
        // 5e-10 against 0: the left side's 0 is rounding.
        "x = 1e9; sqrt(x^2 + 1) - x == 0",
        // The formula x + 1 - x is 1; the number is 0, as 1e16 + 1 rounds to 1e16.
        "x = 1e16; x + 1 - x == 1",
        "x = 1e-9; 1 - cos(x) == x^2/2",
    ])
    func cannotTell(_ code: String) {
        let shown = results(of: run(code))
        #expect(shown.hasPrefix("cannot tell: "), "\(code): \(shown)")
        #expect(shown.contains("rounding at this point could move the left side by up to"), "\(code): \(shown)")
    }

    @Test("where the rounding is far below the tolerance, true and false stand", arguments: [
        ("0.1 + 0.2 == 0.3", "true"), ("x = 3; sin(x)^2 + cos(x)^2 == 1", "true"), ("x = 3; x^2 == 9", "true"),
        ("x = 2; x^2 == 5", "false"), ("x = 30; 1 - tanh(x)^2 == 0", "false"), ("x = 2; diff(x^3, x) == 3*x^2", "true"),
        // Both sides are 0 only by rounding, but they are one formula, so the same real number: true, not cannot tell.
        ("x = 1; (1e-300*x)*1e-300 == 1e-300*(1e-300*x)", "true"), ("x = 1; 1e-300*(1e-300*x) == 1e-300*(1e-300*x)", "true"),
        // Against 0, which the left side only rounds to, it cannot tell.
        ("x = 1; 1e-300*(1e-300*x) == 0", "cannot tell"), ("x = 1; exp(-800*x) == 0", "cannot tell"),
    ])
    func verdictsStand(_ code: String, _ verdict: String) {
        let shown = results(of: run(code))
        #expect(shown.hasPrefix(verdict), "\(code): \(shown)")
    }

    @Test("a side that is inf only because an earlier step overflowed is cannot tell; a true overflow or a pole stays false")
    func overflowedSides() {
        let lost = results(of: run("x = 1e200; sqrt(x^2 + 1) - x == 1/(sqrt(x^2 + 1) + x)"))
        #expect(lost.hasPrefix("cannot tell: the left side is inf only because x^2 with x = 1e200 overflowed"), "\(lost)")
        for stands in ["x = 1e200; x*x == 5", "x = 1000; exp(x) == 1e300", "x = 0; 1/x == 1e300", "x = 0; log(x) == -1e300"] {
            #expect(results(of: run(stands)).hasPrefix("false"), "\(stands)")
        }
    }

    @Test("a number typed below the normal range holds few digits: == against the decimal it stands for cannot tell, not false",
          arguments: ["1e-320*1e300 == 1e-20", "2e-320*1e300 == 2e-20", "x = 3; grad(x*1e-320*1e300, x) == 1e-20"])
    func subnormalTypedNumbers(_ code: String) {
        let shown = results(of: run(code))
        // The typed 1e-320 is 9.99989e-321 as a double (an ulp there is 4.9e-324); times 1e300, up to 4.9e-24 away.
        #expect(shown.hasPrefix("cannot tell: "), "\(code): \(shown)")
        #expect(shown.contains("rounding at this point could move the left side by up to"), "\(code): \(shown)")
        // A difference far beyond that typing still stands.
        #expect(results(of: run("1e-320*1e300 == 2e-20")).hasPrefix("false"))
    }
}
