// 1 - sigmoid(u) is recognised among nodes in one place (Node.isOneMinusSigmoid) and computed in one place
// (StableKernels.oneMinusSigmoid); every pass that computes the difference asks them.

import Foundation
import Testing
@testable import GradbookCore

@Suite("1 - sigmoid(u), one rule")
struct OneMinusSigmoidTests {
    /// sigmoid(-u) written out independently of gradbook's kernels: exp(-u)/(1 + exp(-u)), exact enough for u > 0.
    static func expected(_ u: Double) -> Double { exp(-u) / (1 + exp(-u)) }

    @Test("the recognition: the number 1 minus sigmoid of one operand, and nothing else")
    func recognition() {
        let u = Node.leaf("u", value: 40)
        let sigmoid = Node.make(.function(.sigmoid), [u])
        #expect(Node.isOneMinusSigmoid(.constant(1), sigmoid))
        #expect(!Node.isOneMinusSigmoid(.constant(2), sigmoid))
        #expect(!Node.isOneMinusSigmoid(.constant(Tensor(shape: [2], elements: [1, 1])), sigmoid))
        #expect(!Node.isOneMinusSigmoid(.constant(1), Node.make(.function(.exp), [u])))
        #expect(Node.make(.subtract, [.constant(1), sigmoid]).complementedSigmoid === sigmoid)
        #expect(Node.make(.subtract, [.constant(1), Node.make(.function(.tanh), [u])]).complementedSigmoid == nil)
    }

    @Test("numbers, elements, and log(1 - sigmoid(u)) all keep the digits that subtracting from 1 loses")
    func everyPassKeepsDigits() throws {
        // Step by step, 1 - sigmoid(40) is 0: sigmoid(40) rounds to 1.
        #expect(1 - 1 / (1 + exp(-40.0)) == 0)
        let number = try #require(value("1 - sigmoid(u) at u = 40"))
        #expect(number.isApproximatelyEqual(to: Self.expected(40), relativeTolerance: 1e-14), "\(number)")
        let elements = try #require(value("sum(1 - sigmoid([40, 41]))"))
        #expect(elements.isApproximatelyEqual(to: Self.expected(40) + Self.expected(41), relativeTolerance: 1e-14), "\(elements)")
        let logarithm = try #require(value("log(1 - sigmoid(u)) at u = 40"))
        #expect(logarithm.isApproximatelyEqual(to: log(Self.expected(40)), relativeTolerance: 1e-14), "\(logarithm)")
    }
}
