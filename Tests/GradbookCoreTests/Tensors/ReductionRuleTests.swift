// The rules of sum, mean and max, gathered in Graph/Operations/Reduction.swift, agree with one another:
// backprop's vector-Jacobian product is the transpose of forward mode's Jacobian-vector product, forward mode
// matches finite differences of the forward rule, the recorded backward pass gives backprop's numbers, and the
// element formulas compute the forward value; over everything, down the columns and along the rows.

import Foundation
import Testing
@testable import GradbookCore

@Suite("sum, mean and max: one operation family's rules agree")
struct ReductionRuleTests {
    static let cases: [(Reduction.Kind, [Int], Int?)] = [.sum, .mean, .max].flatMap { kind in
        [([4], nil), ([2, 3], nil), ([2, 3], 1), ([2, 3], 2)].map { (kind, $0.0, $0.1) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("backprop, forward mode, finite differences, the recorded pass and the formulas agree", arguments: cases)
    func rulesAgree(_ kind: Reduction.Kind, _ shape: [Int], _ axis: Int?) throws {
        var random = RandomNumbers(seed: 23)
        let count = shape.reduce(1, *)
        // Distinct elements (no tie for max), at least 0.3 apart, so a step of 1e-4 changes no maximum.
        let x = (0..<count).map { Double($0) * 0.37 + 0.01 * Double(($0 * 7) % count) }.shuffled(using: &random)
        let input = Node.constant(Tensor(shape: shape, elements: x))
        let operation: Node.Operation = kind == .sum ? .sum(axis: axis) : kind == .mean ? .mean(axis: axis) : .max(axis: axis)
        let node = Node.make(operation, [input])
        #expect(Reduction.shape(shape, axis: axis) == node.shape)
        let forward = { (x: [Double]) in Reduction.forward(kind, TensorForward.Operand(elements: x, shape: shape), axis: axis) }
        #expect(forward(x) == node.elements)
        let g = random.uniform(node.elements.count), t = random.uniform(count)
        let vjp = Reduction.vectorJacobianProduct(kind, node, axis: axis, upstream: g)
        let jvp = Reduction.jacobianVectorProduct(kind, node, axis: axis, tangent: t)
        #expect(abs(Self.dot(g, jvp) - Self.dot(vjp, t)) <= 1e-12, "⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩")
        // Each reduction is linear near x, so a central difference along t is exact up to rounding.
        let h = 1e-4
        let up = forward(zip(x, t).map { $0 + h * $1 }), down = forward(zip(x, t).map { $0 - h * $1 })
        for index in jvp.indices { #expect(abs((up[index] - down[index]) / (2 * h) - jvp[index]) <= 1e-9, "element \(index)") }
        let upstream: Node = node.isTensor ? .constant(Tensor(shape: node.shape, elements: g)) : .constant(g[0])
        let recorded = Reduction.contribution(kind, node, axis: axis, upstream: upstream, cell: nil)
        #expect(recorded.elements.count == count)
        for (got, expected) in zip(recorded.elements, vjp) { #expect(abs(got - expected) <= 1e-15) }
        let store = FormulaStore()
        let variables = (0..<count).map { Variable(name: "x\($0)") }
        let formulas = Reduction.elementFormulas(kind, input, variables.map { store.variable($0) }, axis: axis, store: store,
                                                 sum: { $0.dropFirst().reduce($0[0]) { store.add($0, $1) } })
        let values = Dictionary(uniqueKeysWithValues: zip(variables, x))
        for (formula, expected) in zip(formulas, node.elements) { #expect(abs(store.evaluate(formula, at: values) - expected) <= 1e-14) }
    }
}
