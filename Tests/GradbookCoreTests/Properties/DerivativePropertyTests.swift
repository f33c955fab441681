// Property tests over random expressions: the three derivatives agree, printed formulas parse back to
// the same function, and simplification never changes a value.

@testable import GradbookCore
import Foundation
import Numerics
import PropertyBased
import Testing

@Suite("Properties of random expressions")
struct DerivativePropertyTests {
    /// Symbolic and backprop derivatives are two exact readings of the same graph; they may differ
    /// only by rounding in a different order of operations.
    static let exactTolerance = 1e-9
    /// Ridders-extrapolated central differences reach about 1e-10 on smooth functions; 1e-5 allows for
    /// steep compositions (exp of exp, high powers, derivatives in the tens of thousands) without admitting a wrong rule, which is off by O(1).
    static let numericTolerance = 1e-5
    /// Below this magnitude derivatives are compared absolutely: relative error is meaningless near 0.
    static let absoluteFloor = 1e-7

    static let recipes = Gen.int(in: 0...400).array(of: 1...9)
    static let coordinates = Gen.double(in: -2...2)

    private func agree(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN == b.isNaN }
        return abs(a - b) <= DerivativePropertyTests.absoluteFloor || a.isApproximatelyEqual(to: b, relativeTolerance: tolerance)
    }

    @Test("symbolic = backprop ≈ numeric at random points")
    func threeDerivativesAgree() async {
        await propertyCheck(count: 200, input: Self.recipes, Self.coordinates, Self.coordinates) { recipe, x, y in
            let expression = RandomExpression.build(recipe)
            let point = "at x = \(x), y = \(y)"
            // Where the formula itself overflows (exp((x^18 - x)/4) at x = 1.5555 is exp(709.8)), numdiff refuses, as it
            // should: there is no slope to compare there.
            guard value("\(expression) \(point)")?.isFinite ?? true else { return }
            guard let symbolic = value("diff(\(expression), x) \(point)"),
                  let backprop = value("grad(\(expression), x) \(point)"),
                  let numeric = HigherDerivativePropertyTests.numericEstimate("numdiff(\(expression), x) \(point)") else {
                Issue.record("could not evaluate \(expression) \(point)")
                return
            }
            // An ill-conditioned derivative (sin(exp(x^9/4)) at x = 1.51 is the cosine of a number near 24,000) keeps
            // fewer digits than 1e-9: the two orders of rounding may differ by its spread over a few ulps of x and y.
            #expect(agree(symbolic, backprop, Self.exactTolerance)
                        || Swift.abs(symbolic - backprop) <= roundingSpread(x: x, y: y) { value("diff(\(expression), x) at x = \($0), y = \($1)") },
                    "d/dx \(expression) \(point): symbolic \(symbolic), backprop \(backprop)")
            if !hasKinkNear(expression, x: x, y: y) {
                // numdiff is right, or says how far off it may be (unreliable: any distance): sin(t^(64/3)) with t
                // = x^2 + 1 at x = -0.89 turns faster than any step can follow, and numdiff says so.
                #expect(agree(backprop, numeric.value, Self.numericTolerance) || numeric.bound == .infinity || Swift.abs(backprop - numeric.value) <= numeric.bound,
                        "d/dx \(expression) \(point): backprop \(backprop), numeric \(numeric.value) ± \(numeric.bound)")
            }
        }
    }

    @Test("the rounding allowances are tiny where a formula is well conditioned and never excuse an infinity")
    func roundingAllowancesStayHonest() {
        // A wrong rewrite is off by O(1); at a well-conditioned point the allowances are a few ulps.
        #expect(roundingSpread(x: 0.7, y: 0.2) { value("sin(x)*y + x^2 at x = \($0), y = \($1)") } < 1e-14)
        #expect(roundingBound("sin(x)*y + x^2", x: 0.7, y: 0.2) < 1e-14)
        // Where the value is not finite, or cannot be evaluated, there is no allowance at all.
        #expect(roundingSpread(x: 0, y: 0) { _, _ in .infinity } == 0)
        #expect(roundingSpread(x: 0, y: 0) { _, _ in nil } == 0)
        #expect(roundingBound("(", x: 0, y: 0) == 0)
    }

    @Test("a printed formula parses back to the same function")
    func printedFormulasParseBack() async {
        await propertyCheck(count: 200, input: Self.recipes, Self.coordinates, Self.coordinates) { recipe, x, y in
            let expression = RandomExpression.build(recipe)
            for formula in [expression, "diff(\(expression), x)"] {
                guard let printed = printedFormula(formula) else {
                    Issue.record("could not print \(formula)")
                    return
                }
                // Without free symbols the output is a number, rounded for display: not a formula.
                if Double(printed) != nil || ["nan", "inf", "-inf"].contains(printed) { continue }
                let point = "at x = \(x), y = \(y)"
                guard let original = value("\(formula) \(point)") else { continue }
                let reparsed = value("\(printed) \(point)")
                // Where the value is ill-conditioned, the printed form's different rounding moves it by up to the
                // value's own spread over a few units in the last place of x and y.
                let agrees = reparsed.map { reparsed in
                    agree(original, reparsed, Self.exactTolerance)
                        || Swift.abs(original - reparsed) <= roundingSpread(x: x, y: y) { value("\(formula) at x = \($0), y = \($1)") }
                }
                #expect(agrees == true,
                        "\(formula) printed as \(printed): \(original) vs \(String(describing: reparsed)) \(point)")
            }
        }
    }

    /// The formula gradbook prints for `code` (with x and y free), `where` clause and all.
    private func printedFormula(_ code: String) -> String? {
        let result = Notebook().run(code)
        guard let output = result.outputs.first, case .result = output.kind else { return nil }
        return output.text
    }

    /// Whether relu or abs sits within the numeric step of a kink at this point (numeric is then unreliable).
    private func hasKinkNear(_ expression: String, x: Double, y: Double) -> Bool {
        guard expression.contains("relu") || expression.contains("abs") else { return false }
        let notebook = Notebook()
        let result = notebook.run("numdiff(\(expression), x) at x = \(x), y = \(y)")
        return result.outputs.contains { $0.text.contains("kink") }
    }
}
