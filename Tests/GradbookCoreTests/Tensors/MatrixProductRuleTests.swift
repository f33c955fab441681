// The rules of a @ b, gathered in Graph/Operations/MatrixProduct.swift, agree with one another: backprop's
// vector-Jacobian product is the transpose of forward mode's Jacobian-vector product (⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩), both
// match finite differences of the forward rule, the recorded backward pass gives backprop's numbers, and the
// element formulas compute the forward value; for every pairing of vectors and matrices.

import Foundation
import Testing
@testable import GradbookCore

@Suite("a @ b: one operation's rules agree")
struct MatrixProductRuleTests {
    /// (left shape, right shape): matrix·matrix, matrix·vector, vector·matrix, vector·vector.
    static let pairings: [([Int], [Int])] = [([2, 3], [3, 4]), ([2, 3], [3]), ([3], [3, 2]), ([3], [3])]

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("backprop, forward mode, finite differences, the recorded pass and the formulas agree", arguments: pairings)
    func rulesAgree(_ pairing: ([Int], [Int])) throws {
        var random = RandomNumbers(seed: 15)
        func tensor(_ shape: [Int]) -> Node {
            .constant(Tensor(shape: shape, elements: random.uniform(shape.reduce(1, *)).map { $0 * 2 - 1 }))
        }
        let (a, b) = (tensor(pairing.0), tensor(pairing.1))
        let shape = try #require(MatrixProduct.shape(a.shape, b.shape))
        let count = shape.reduce(1, *)
        let c = MatrixProduct.forward(a.elements, shape: a.shape, b.elements, shape: b.shape)
        #expect(c.count == count)
        let g = random.uniform(count), ta = random.uniform(a.elements.count), tb = random.uniform(b.elements.count)
        let vjp = MatrixProduct.vectorJacobianProducts(a, b, upstream: g)
        let jvp = MatrixProduct.jacobianVectorProduct(a, b, tangents: ta, tb)
        // ⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩.
        let left = Self.dot(g, jvp), right = Self.dot(vjp[0], ta) + Self.dot(vjp[1], tb)
        #expect(abs(left - right) <= 1e-12 * max(1, abs(left)), "\(left) vs \(right)")
        // The product is bilinear, so a central difference along (ta, tb) is exact up to rounding.
        let h = 1e-3
        let up = MatrixProduct.forward(zip(a.elements, ta).map { $0 + h * $1 }, shape: a.shape, zip(b.elements, tb).map { $0 + h * $1 }, shape: b.shape)
        let down = MatrixProduct.forward(zip(a.elements, ta).map { $0 - h * $1 }, shape: a.shape, zip(b.elements, tb).map { $0 - h * $1 }, shape: b.shape)
        for index in 0..<count {
            #expect(abs((up[index] - down[index]) / (2 * h) - jvp[index]) <= 1e-9, "element \(index)")
        }
        // The recorded backward pass, evaluated, gives the same numbers.
        let upstream: Node = shape.isEmpty ? .constant(g[0]) : .constant(Tensor(shape: shape, elements: g))
        for position in 0..<2 {
            let recorded = MatrixProduct.contribution(a, b, toInput: position, upstream: upstream, cell: nil)
            #expect(recorded.shape == (position == 0 ? a.shape : b.shape))
            for (got, expected) in zip(recorded.elements, vjp[position]) {
                #expect(abs(got - expected) <= 1e-14, "input \(position): \(got) vs \(expected)")
            }
        }
        // The element formulas, built from numbers, are the forward value.
        let formulas = MatrixProduct.elementFormulas(a.elements, shape: a.shape, b.elements, shape: b.shape, multiply: *,
                                                     sum: { $0.dropFirst().reduce($0.first ?? 0, +) }, shouldStop: { false }, zero: 0.0)
        for (got, expected) in zip(formulas, c) { #expect(abs(got - expected) <= 1e-15) }
    }
}
