// Why a numeric estimate is not trusted is data (NumericUnreliability), and check and numdiff take their second
// look at an estimate that contradicts the exact slope through one function (SlopeConfirmation.swift).

import Foundation
import Testing
@testable import GradbookCore

@Suite("numeric unreliability and the second look")
struct SecondLookTests {
    /// 1e-20*sin(1e20*x) + x: its slope 1 + cos(1e20*x) turns every 6e-20, far below the spacing of numbers near 1,
    /// so every difference sees the average slope 1.
    static func fastOscillation(at x: Double) -> (output: Node, target: Node) {
        let target = Node.leaf("x", value: x)
        let inner = Node.make(.multiply, [Node.constant(1e20), target])
        let wiggle = Node.make(.multiply, [Node.constant(1e-20), Node.make(.function(.sin), [inner])])
        return (Node.make(.add, [wiggle, target]), target)
    }

    @Test("an estimate at an edge says which edge, as a case: a kink, a pole, a domain's edge")
    func edgesAsCases() {
        let zero = Node.leaf("x", value: 0)
        #expect(NumericDerivative.ridders(of: Node.make(.function(.relu), [zero]), at: zero).unreliability == .atEdge(.kink, of: "a part"))
        #expect(NumericDerivative.ridders(of: Node.make(.function(.log), [zero]), at: zero).unreliability == .atEdge(.pole, of: "a part"))
        #expect(NumericDerivative.ridders(of: Node.make(.function(.sqrt), [zero]), at: zero).unreliability == .atEdge(.domainEdge, of: "a part"))
        let three = Node.leaf("x", value: 3)
        #expect(NumericDerivative.ridders(of: Node.make(.power, [three, Node.constant(2)]), at: three).unreliability == nil)
    }

    @Test("an estimate that agrees with the exact slope stands, for check and for numdiff")
    func agreementStands() {
        let x = Node.leaf("x", value: 3)
        let output = Node.make(.power, [x, Node.constant(2)])
        let estimate = NumericDerivative.ridders(of: output, at: x)
        for asker in [NumericDerivative.Asker.numdiff, .check(symbolic: 6)] {
            guard case .stands = NumericDerivative.secondLook(at: estimate, of: output, at: x, slope: 6, asker: asker,
                                                              tolerance: GradientCheck.Tolerance(), format: NumberFormat()) else {
                Issue.record("x^2 at 3: an estimate of 6 against the slope 6 was looked at again")
                continue
            }
        }
    }

    @Test("a fast oscillation's average does not overrule the slope: unreliable for both askers, and only when the slope is trusted")
    func averageDoesNotOverrule() throws {
        let (output, x) = Self.fastOscillation(at: 1)
        let slope = try #require(Backpropagation(from: output).gradient(of: x))
        #expect(abs(slope - (1 + cos(1e20))) <= 1e-12, "backprop's slope is 1 + cos(1e20)")
        let estimate = NumericDerivative.ridders(of: output, at: x)
        #expect(abs(estimate.derivative - 1) < 1e-6, "every step sees the average slope 1, not \(estimate.derivative)")
        func look(_ asker: NumericDerivative.Asker) -> NumericUnreliability? {
            let outcome = NumericDerivative.secondLook(at: estimate, of: output, at: x, slope: slope, asker: asker,
                                                       tolerance: GradientCheck.Tolerance(), format: NumberFormat())
            if case .unreliable(let reason) = outcome { return reason }
            return nil
        }
        let numdiff = try #require(look(.numdiff), "numdiff let the average 1 contradict the slope")
        #expect(look(.check(symbolic: slope)) == numdiff, "check and numdiff judge the same estimate differently")
        switch numdiff {
        case .averaged, .unconfirmed: break
        default: Issue.record("the reason is neither an average nor unconfirmed: \(numdiff.text)")
        }
        // In check, a symbolic derivative that disagrees with backprop leaves the slope untrusted: the estimate stands.
        #expect(look(.check(symbolic: slope + 1)) == nil)
    }

    @Test("every reason reads as the end of 'the numeric estimate is unreliable here: …'")
    func reasonsAreSentenceParts() {
        let reasons: [NumericUnreliability] = [
            .atEdge(.pole, of: "'1/x'"), .atEdge(.domainEdge, of: "'sqrt(x)'"), .atEdge(.kink, of: "'relu(x)'"),
            .nearEdge(.pole, of: "'1/x'"), .nearEdge(.domainEdge, of: "'sqrt(x)'"), .nearEdge(.kink, of: "'relu(x)'"),
            .noStepSmallEnough, .stepsDisagree, .hiddenByRounding(slope: "2"), .notFiniteNearby(estimate: "inf"),
            .stepReachesEdge(step: "0.1", .pole, of: "'1/x'"), .unconfirmed(slope: "3"),
            .averaged(slope: "3", change: "0.1", second: "1e5", step: "1e-6"), .notFinite,
            .errorBound(error: "0.01", allowance: "0.001"), .errorAboveHalfTolerance,
        ]
        #expect(Set(reasons.map(\.text)).count == reasons.count, "two reasons are worded alike")
        for reason in reasons {
            let text = reason.text
            #expect(!text.hasSuffix("."), "\(text)")
            #expect(text.first.map { $0.isLowercase || $0 == "'" } == true, "\(text)")
            #expect(Note.numericUnreliable(reason: reason).text == "the numeric estimate is unreliable here: \(text).")
        }
    }

    @Test("a note about more unreliable elements counts them in good English: 1 more element, 2 more elements")
    func moreElementsCounted() {
        let two = run("v = [1e308, 1e308]; numdiff(sum(v*2), v)").outputs.map(\.text).joined(separator: "\n")
        #expect(two.contains("unreliable at v[1] (and 1 more element)"), "\(two)")
        let three = run("v = [1e308, 1e308, 1e308]; numdiff(sum(v*2), v)").outputs.map(\.text).joined(separator: "\n")
        #expect(three.contains("unreliable at v[1] (and 2 more elements)"), "\(three)")
    }
}
