// Property tests for derivatives of derivatives: backprop through the backward pass agrees with the
// symbolic second derivative and with numeric differences of the gradient, and keeps the tape's values.

@testable import GradbookCore
import Foundation
import Numerics
import PropertyBased
import Testing

@Suite("Properties of second derivatives of random expressions")
struct HigherDerivativePropertyTests {
    /// grad(grad(f)) and diff(f, x, 2) are two exact computations of f''; they differ only by rounding
    /// in a different order of operations (second derivatives of steep compositions reach 1e4 and more).
    static let exactTolerance = 1e-8
    /// numdiff of grad(f) is Ridders' extrapolation of the gradient's graph: as accurate as numdiff of f.
    static let numericTolerance = 1e-5
    /// Past this magnitude an infinite value and a finite one agree: intermediate steps of one of them overflowed.
    static let overflowEdge = 1e300
    /// Below this magnitude derivatives are compared absolutely: relative error is meaningless near 0.
    static let absoluteFloor = 1e-7

    private func agree(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN == b.isNaN }
        // At the edge of the numbers (1.4e308 against a step that overflowed on the way), one order of the same
        // arithmetic overflows and another does not: both are right about a number this large.
        if a.isInfinite != b.isInfinite { return Swift.abs(a.isInfinite ? b : a) > Self.overflowEdge && (a < 0) == (b < 0) }
        if a.isInfinite || b.isInfinite { return a == b }
        return abs(a - b) <= Self.absoluteFloor || a.isApproximatelyEqual(to: b, relativeTolerance: tolerance)
    }

    @Test("grad(grad(f, x), x) = diff(f, x, 2) ≈ numdiff(grad(f, x), x) at random points")
    func secondDerivativesAgree() async {
        await propertyCheck(count: 150, input: DerivativePropertyTests.recipes, DerivativePropertyTests.coordinates,
                            DerivativePropertyTests.coordinates) { recipe, x, y in
            let f = RandomExpression.build(recipe)
            let point = "at x = \(x), y = \(y)"
            guard let symbolic = value("diff(\(f), x, 2) \(point)"),
                  let (backprop, overflowed) = Self.valueAndOverflow("grad(grad(\(f), x), x) \(point)") else {
                Issue.record("could not evaluate the second derivative of \(f) \(point)")
                return
            }
            // Where f'' overflows, the symbolic form may reach inf while backprop's sum of two opposite infinities
            // makes nan; backprop's notes must then say where the first infinity appeared.
            let bothOverflowed = overflowed && (symbolic.isNaN != backprop.isNaN) && !symbolic.isFinite && !backprop.isFinite
            // An ill-conditioned second derivative (sin((x + 8)^9) near x = 0 is the sine of a number near 1.3e8, and x + 8
            // is already rounded) keeps fewer digits than 1e-8: the two may differ by the rounding either can make.
            let withinRounding = { Swift.abs(symbolic - backprop)
                <= roundingBound("diff(\(f), x, 2)", x: x, y: y) + roundingBound("grad(grad(\(f), x), x)", x: x, y: y) }
            #expect(agree(symbolic, backprop, Self.exactTolerance) || bothOverflowed || withinRounding(),
                    "d²/dx² \(f) \(point): symbolic \(symbolic), backprop \(backprop)")
            guard let numeric = Self.numericEstimate("numdiff(grad(\(f), x), x) \(point)") else {
                // numdiff refuses only an estimate it cannot join to a derivative that is not finite.
                #expect(!backprop.isFinite, "numdiff could not estimate d²/dx² \(f) \(point), whose exact value is \(backprop)")
                return
            }
            if !hasKinkNear(f, x: x, y: y) {
                // numdiff is right, or says how far off it may be: sin(1e92 + x) is constant in floating point, and
                // numdiff's 0 comes with "good only to about ±3.9e78".
                #expect(agree(backprop, numeric.value, Self.numericTolerance) || numeric.bound == .infinity || Swift.abs(backprop - numeric.value) <= numeric.bound,
                        "d²/dx² \(f) \(point): backprop \(backprop), numeric \(numeric.value) ± \(numeric.bound)")
            }
        }
    }

    @Test("the gradient built as a graph has the tape's value, to the last digit")
    func gradientGraphKeepsTheTapesValues() async {
        await propertyCheck(count: 150, input: DerivativePropertyTests.recipes, DerivativePropertyTests.coordinates,
                            DerivativePropertyTests.coordinates) { recipe, x, y in
            let f = RandomExpression.build(recipe)
            guard let (output, targets) = boundGraph(f, x: x, y: y) else {
                Issue.record("could not evaluate \(f) at x = \(x), y = \(y)")
                return
            }
            let tape = Backpropagation(from: output)
            guard let built = GradientGraph(cell: nil).gradients(of: output, withRespectTo: targets) else {
                Issue.record("the gradient graph stopped")
                return
            }
            for (target, gradient) in zip(targets, built) {
                let expected = tape.gradient(of: target) ?? 0
                #expect(gradient.value == expected || (gradient.value.isNaN && expected.isNaN),
                        "d/d\(target.name ?? "?") \(f) at x = \(x), y = \(y): graph \(gradient.value), tape \(expected)")
            }
        }
    }

    /// The value of `code` and whether its notes say a step overflowed on the way (an infinity first produced or
    /// first reached by the gradient).
    static func valueAndOverflow(_ code: String) -> (value: Double, overflowed: Bool)? {
        guard let (value, notes) = numberAndNotes(code) else { return nil }
        let overflowed = notes.contains { note in
            switch note {
            case .gradientFirstBecame, .firstProducedBy, .firstProducedByRoundedZero: return true
            default: return false
            }
        }
        return (value, overflowed)
    }

    /// Whether relu or abs sits within the numeric step of a kink at this point (numeric is then unreliable).
    /// numdiff's number and the error it owns to (infinite when it calls itself unreliable, 0 when it states none).
    static func numericEstimate(_ code: String) -> (value: Double, bound: Double)? {
        guard let (value, notes) = numberAndNotes(code) else { return nil }
        var bound = 0.0
        for note in notes {
            switch note {
            case .numericUnreliable, .numericUnreliableAt: bound = .infinity
            case .numericErrorBound(let text): bound = Swift.max(bound, Double(text) ?? .infinity)
            default: break
            }
        }
        return (value, bound)
    }

    private func hasKinkNear(_ expression: String, x: Double, y: Double) -> Bool {
        guard expression.contains("relu") || expression.contains("abs") else { return false }
        let result = Notebook().run("numdiff(grad(\(expression), x), x) at x = \(x), y = \(y)")
        let kinkNote = Notebook().run("numdiff(\(expression), x) at x = \(x), y = \(y)")
        return (result.outputs + kinkNote.outputs).contains { $0.text.contains("kink") }
    }
}
