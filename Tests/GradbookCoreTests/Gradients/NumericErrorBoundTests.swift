// numdiff's stated error bound is a promise: it covers the exact slope, or the estimate says it is unreliable.

import Foundation
import Testing
@testable import GradbookCore

@Suite("numeric error bounds")
struct NumericErrorBoundTests {
    @Test("the tableau's rounding gain bounds how far rounding in f moves its estimate, extrapolations included")
    func roundingGainBoundsNoise() {
        // A slope of exactly 2 seen through rounding of size ε that alternates in sign from one step to the
        // next: everything the estimate moves from 2 is rounding, and the extrapolations amplify it.
        let epsilon = 1e-9
        for firstStep in [1e-1, 1e-3, 1e-5] {
            var calls = 0
            let tableau = NumericDerivative.extrapolate({ h in
                calls += 1
                return 2 + (calls.isMultiple(of: 2) ? epsilon : -epsilon) / h
            }, firstStep: firstStep)
            let moved = abs(tableau.derivative - 2)
            #expect(moved <= epsilon * tableau.roundingGain * (1 + 1e-9), "step \(firstStep): moved \(moved), gain says \(epsilon * tableau.roundingGain)")
            // The step alone would not have covered it once the tableau extrapolated.
            if moved > epsilon / firstStep * 1.4 { #expect(tableau.roundingGain > 1.4 / firstStep) }
        }
    }

    @Test("numdiff of sin(exp((9 - x)^2/4)) near 0 (a sine of 6e8): its bound covers the exact slope, or it is marked unreliable")
    func boundCoversSlopeOfLargeSine() throws {
        // At x = -1.6e-6 the estimate was 211058966 "± 22000" while the slope is 211085298.8 (found by the
        // randomized suites): the rounding inside the formula was taken where cos is 0.075, a step away it is 1.
        for k in -4...4 {
            let x = -1.6123817215531639e-06 + Double(k) * 7.3e-7
            let formula = "sin(exp((9 - x)^2/4))"
            let exact = try #require(value("grad(\(formula), x) at x = \(x)"))
            let (estimate, notes) = try #require(numberAndNotes("numdiff(\(formula), x) at x = \(x)"))
            let unreliable = notes.contains { if case .numericUnreliable = $0 { return true } else { return false } }
            let bound = notes.lazy.compactMap { note -> Double? in
                if case .numericErrorBound(let text) = note { return Double(text) } else { return nil }
            }.first
            if unreliable { continue }
            let promised = bound ?? 1e-6 * abs(exact)
            #expect(abs(estimate - exact) <= promised, "x = \(x): \(estimate) ± \(promised) against the slope \(exact)")
        }
    }

    @Test("the rounding of sin and cos is carried with their largest slope, 1, wherever their slope is at x")
    func oscillationCarriesFullRounding() throws {
        // cos(g) is 0.075 at this point, so the rounding of g (about 4e-6) would be carried as 3e-7; a step away
        // the sine is steep and carries all of it.
        let x = Node.leaf("x", value: -1.6123817215531639e-06)
        let nine = Node.constant(9)
        let inner = Node.make(.function(.exp), [Node.make(.divide, [Node.make(.power, [Node.make(.subtract, [nine, x]), Node.constant(2)]), Node.constant(4)])])
        let sine = Node.make(.function(.sin), [inner])
        let innerNoise = try #require(NumericDerivative.roundingNoise(of: inner, movingWith: x))
        let noise = try #require(NumericDerivative.roundingNoise(of: sine, movingWith: x))
        #expect(abs(cos(inner.value)) < 0.1)
        #expect(noise >= innerNoise)
    }
}

extension NumericErrorBoundTests {
    @Test("a numeric gradient over a matrix states for each element an error that covers backprop's gradient",
          arguments: ["sum(tanh(W @ x)^2)", "sum(tanh(W * c)^2)", "sum(exp(W / 3) * c)", "sum(sin(4*W)^3)", "sum(log(1 + W^2))"])
    func tensorErrorsCoverBackprop(_ expression: String) throws {
        let setUp = "W = randn(6, 5, seed = 3); x = randn(5, 1, seed = 4); c = randn(6, 1, seed = 5); out = " + expression
        let nodes = try #require(boundNodes("out", "W", after: setUp), "could not evaluate \(expression)")
        let (output, w) = (nodes[0], nodes[1])
        let numeric = try NumericDerivative.tensorEstimate(of: output, at: w, interruption: nil, range: SourceRange(0, 0))
        let exact = try #require(Backpropagation(from: output).tensorGradient(of: w))
        for index in exact.elements.indices where numeric.unreliable[index] == nil {
            let gap = abs(numeric.gradient.elements[index] - exact.elements[index])
            // Backprop's own rounding: a few units in the last place of the gradient.
            let allowance = numeric.errors[index] + 1e-14 * max(1, abs(exact.elements[index]))
            #expect(gap <= allowance, "\(expression), element \(index): numeric \(numeric.gradient.elements[index]) ± \(numeric.errors[index]), backprop \(exact.elements[index])")
        }
    }
}
