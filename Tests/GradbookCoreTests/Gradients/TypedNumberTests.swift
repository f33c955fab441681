// A typed number means the decimal typed, which a double holds only to its nearest: 1e150 is 10^150 - 1.9e133, and sin of
// it is not sin(10^150). Where a step magnifies that, check and == cannot tell (found against 60-digit forward mode).

@testable import GradbookCore
import Foundation
import Testing

@Suite("typed numbers a double holds only to its nearest")
struct TypedNumberTests {
    @Test("past 2^53 a double is its decimal only where 5^k divides it: 1e22 and 4e22 are, 1e23, 5e22 and 1e150 are not")
    func wholeNumbersPastTwoToThe53() {
        #expect(TypedNumber.isItsOwnDecimal(1e22) && TypedNumber.isItsOwnDecimal(4e22) && TypedNumber.isItsOwnDecimal(0x1p53))
        #expect(TypedNumber.isItsOwnDecimal(1.5e17) && TypedNumber.isItsOwnDecimal(-123456789e10))
        #expect(!TypedNumber.isItsOwnDecimal(1e23) && !TypedNumber.isItsOwnDecimal(5e22) && !TypedNumber.isItsOwnDecimal(1e150))
        // 2^60 prints as 1.152921504606847e18, which it is not (it ends in ...976).
        #expect(!TypedNumber.isItsOwnDecimal(0x1p60))
        #expect(TypedNumber.rounding(of: 1e150) == Double.ulpOfOne / 2 * 1e150)
        #expect(TypedNumber.rounding(of: 1e20) == 0 && TypedNumber.rounding(of: 3) == 0)
        #expect(TypedNumber.rounding(of: 0.1) > 0 && TypedNumber.rounding(of: .infinity) == 0)
    }

    @Test("the rule agrees with exact decimal arithmetic for whole doubles from 2^53 to 2^100")
    func agreesWithDecimalArithmetic() {
        var generator = SystemRandomNumberGenerator()
        var ownDecimals = 0, others = 0
        for trial in 0..<30_000 {
            // A third short decimals rounded to doubles (digits × 10^k, their own decimals up to k = 22 at most), a third
            // short decimals past 2^53 that are no doubles' own (k up to 29), a third any double in range.
            let digits = Double(Int.random(in: 1...99_999, using: &generator))
            let value: Double
            switch trial % 3 {
            case 0: value = digits * Foundation.pow(10, Double(Int.random(in: 12...22, using: &generator)))
            case 1: value = Double("\(Int(digits))e\(Int.random(in: 12...25, using: &generator))") ?? 0
            default: value = Double(sign: .plus, exponent: Int.random(in: 53...99, using: &generator),
                                    significand: Double.random(in: 1..<2, using: &generator))
            }
            guard value >= 0x1p53, value < 0x1p100 else { continue }
            // The whole number the double is, exactly: its 53-bit significand times a power of two (at most 31 digits).
            let significand = Decimal(value.significandBitPattern | (1 << 52))
            let whole = significand * Foundation.pow(Decimal(2), Int(value.exponent) - 52)
            let isOwn = Decimal(string: value.description) == whole
            if isOwn { ownDecimals += 1 } else { others += 1 }
            #expect(TypedNumber.isItsOwnDecimal(value) == isOwn, "\(whole) prints as \(value)")
        }
        #expect(ownDecimals > 1000 && others > 1000, "\(ownDecimals) own decimals, \(others) others")
    }

    @Test("a bounded function's error stops at its range, and grows with the square of a large argument error")
    func boundedFunctions() {
        // sin at its peak: the linear bound |cos|·e says it barely moves, however large e is.
        let peak = MathFunction.sin.valueError(linear: 0, argumentError: 1, value: 1)
        #expect(peak == 0.5)
        #expect(MathFunction.sin.valueError(linear: 1e133, argumentError: 1.1e134, value: 0.69) == 1.69)
        #expect(MathFunction.sigmoid.valueError(linear: 5, argumentError: 100, value: 0.3) == 0.7)
        #expect(MathFunction.exp.valueError(linear: 5, argumentError: 100, value: 0.3) == 5)
        // sin's slope over ±1.1e134 can be anything in [-1, 1]; tan's has a pole in reach.
        #expect(MathFunction.sin.slopeMovement(at: 1e150, error: 1.1e134, slope: -0.72, value: 0.69) == 1.72)
        #expect(MathFunction.tan.slopeMovement(at: 1e150, error: 1.1e134, slope: 1.5, value: 0.7) == .infinity)
        #expect(MathFunction.tan.slopeMovement(at: 0.3, error: 1e-16, slope: 1.1, value: 0.3) == nil)
    }

    @Test("check: all three agreeing on sin of the double 1e150 is no evidence for the slope as typed",
          arguments: [("x = 2", "check(x*sin(1e150), x)"), ("x = 2", "check(x*sin(1e150), x, -0.9507438768)"),
                      ("x = 1e150", "check(sin(x), x)"), ("x = 2", "check(sin(1e150*x), x)"), ("x = 2", "check(x*sin(1e23), x)")])
    func checkOfAMagnifiedTypedNumber(_ setup: String, _ call: String) throws {
        // x*sin(1e150) was "exact" on 0.690631 (sin(10^150) is -0.950744), and -0.9507438768 for it "wrong".
        let found = try checkReport(setup, call)
        #expect(found.verdict.word == "cannot tell", "\(call): \(found.verdict)")
    }

    @Test("a typed number behind a value of the names is no evidence either, though the numeric estimate referees",
          arguments: ["check(sqrt(softplus(cos(1e300))^exp(sin(x))), x)", "check(sqrt(softplus(cos(1e300))^exp(sin(x))), x, -0.16706219472344555)"])
    func typedNumberBehindANamedValue(_ call: String) throws {
        // The worst value, the power, is one of x, which the numeric estimate varies; cos(1e300), which it reads as
        // rounded, is what moves the slope (-0.176546 computed, -0.167062 as typed). Was "exact", and the truth "wrong".
        let found = try checkReport("x = 1.07", call)
        #expect(found.verdict.word == "cannot tell" && found.verdict.sentence.contains("cos(1e300)"), "\(call): \(found.verdict)")
    }

    @Test("where the double is the decimal, or the magnification is small, the verdicts stand")
    func exactTypedNumbersStand() throws {
        #expect(try checkReport("x = 2", "check(x*sin(1e22), x)").verdict.word == "exact")
        #expect(try checkReport("x = 0.3", "check(sin(x)*exp(x) + 0.1*x, x)").verdict.word == "exact")
        #expect(try checkReport("x = 0.3", "check(sin(x)*exp(x) + 0.1*x, x, 2)").verdict.word == "wrong")
        // 1/x at 1e-200: x's rounding moves it by 1.1e184, not by inf (its slope, -1e400, is no double).
        #expect(try checkReport("x = 1e-200", "check(log(x^2)/2, x, 2/x)").verdict.word == "wrong")
    }

    @Test("== cannot tell where a side's typed number, magnified, could make the difference")
    func equality() {
        #expect(results(of: run("sin(1e150) == -0.9507438768")).hasPrefix("cannot tell: "))
        #expect(results(of: run("sin(1e22) == sin(1e22)")) == "true")
        #expect(results(of: run("1e23 == 10^23")) == "true")
        #expect(results(of: run("0.1 + 0.2 == 0.3")) == "true")
        // Numbers alone that rounded, which the formula folds into one number: the first was false, the second true.
        #expect(results(of: run("1e20 + 1 - 1e20 == 1")).hasPrefix("cannot tell: the sides are 0 and 1"))
        #expect(results(of: run("(1e20 + 1) - 1e20 == 0")).hasPrefix("cannot tell: both sides are 0"))
        #expect(results(of: run("sin(1e150) == sin(1e150 + 1)")).hasPrefix("cannot tell: "))
        // A typed exponent's rounding moves a power too: 1e8^1.63 is 1.1e13, which 1.63's 1.8e-16 moves by 0.04.
        #expect(results(of: run("exp(cos(1e8^1.63)) == 0.8638677394395139")).hasPrefix("cannot tell: "))
        // Folding that rounded nothing keeps the same formula true however each side rounds.
        #expect(results(of: run("x = 2; (1e-300*x)*1e-300 == 1e-300*(1e-300*x)")) == "true")
        // A typed number's own rounding, a sliver of the other side's, is not named.
        #expect(!results(of: run("sin(1e150) == -0.9507438768")).contains("the right side by"))
    }

    @Test("== between vectors: an element that typed numbers and steps on numbers alone could move, or that is inf only by an overflow, is cannot tell")
    func vectorEquality() {
        // [1e20 + 1 - 1e20, 2] is [1, 2] as typed; as doubles its first element is 0.
        #expect(results(of: run("[1e20 + 1 - 1e20, 2] == [1, 2]")).hasPrefix("cannot tell: at [1] the sides are 0 and 1"))
        #expect(results(of: run("[1e20 + 1 - 1e20, 2] == [0, 2]")).hasPrefix("cannot tell: at [1] both sides are 0"))
        #expect(results(of: run("x = 1e-300", "[sin(x)/x^2, 1] == [1e300, 1]")).hasPrefix("cannot tell: the left side's element [1] is inf"))
        // What rounds little, or is truly beyond a double, keeps its answer.
        #expect(results(of: run("[0.1 + 0.2, 1] == [0.3, 1]")) == "true")
        #expect(results(of: run("[exp(1000), 1] == [inf, 1]")) == "true")
        #expect(results(of: run("W = [1, 2]", "grad(sum(W^2), W) == W")).hasPrefix("false"))
    }
}
