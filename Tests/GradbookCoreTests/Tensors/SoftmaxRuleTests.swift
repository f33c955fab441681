// The rules of softmax and log_softmax, gathered in Graph/Operations/Softmax.swift, agree with one another:
// backprop's vector-Jacobian product is the transpose of forward mode's Jacobian-vector product, forward mode
// matches finite differences of the forward rule, the recorded backward pass gives backprop's numbers, and the
// element formulas compute the forward value; over a vector and along the rows of a matrix.

import Foundation
import Testing
@testable import GradbookCore

@Suite("softmax and log_softmax: one operation's rules agree")
struct SoftmaxRuleTests {
    static let cases: [([Int], Bool)] = [([4], false), ([4], true), ([2, 3], false), ([2, 3], true)]

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("backprop, forward mode, finite differences, the recorded pass and the formulas agree", arguments: cases)
    func rulesAgree(_ shape: [Int], _ isLog: Bool) throws {
        var random = RandomNumbers(seed: 19)
        let count = shape.reduce(1, *)
        let z = random.uniform(count).map { $0 * 4 - 2 }
        let input = Node.constant(Tensor(shape: shape, elements: z))
        let node = Node.make(isLog ? .logSoftmax : .softmax, [input])
        #expect(Softmax.shape(shape) == node.shape)
        let forward = { (z: [Double]) in Softmax.forward(TensorForward.Operand(elements: z, shape: shape), isLog: isLog) }
        #expect(forward(z) == node.elements)
        let g = random.uniform(count), t = random.uniform(count)
        let vjp = Softmax.vectorJacobianProduct(node, upstream: g, isLog: isLog)
        let jvp = Softmax.jacobianVectorProduct(node, tangent: t, isLog: isLog)
        // ⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩.
        #expect(abs(Self.dot(g, jvp) - Self.dot(vjp, t)) <= 1e-12)
        // Central differences along t: error O(h²) ≈ 1e-8 here.
        let h = 1e-4
        let up = forward(zip(z, t).map { $0 + h * $1 }), down = forward(zip(z, t).map { $0 - h * $1 })
        for index in 0..<count { #expect(abs((up[index] - down[index]) / (2 * h) - jvp[index]) <= 1e-6, "element \(index)") }
        // The recorded backward pass, evaluated, gives backprop's numbers.
        let recorded = Softmax.contribution(node, upstream: .constant(Tensor(shape: shape, elements: g)), isLog: isLog, cell: nil)
        for (got, expected) in zip(recorded.elements, vjp) { #expect(abs(got - expected) <= 1e-14) }
        // The element formulas of variables, evaluated at z, are the forward value.
        let store = FormulaStore()
        let variables = (0..<count).map { Variable(name: "z\($0)") }
        let formulas = Softmax.elementFormulas(variables.map { store.variable($0) }, columns: shape.last ?? 1, isLog: isLog, store: store,
                                               sum: { $0.dropFirst().reduce($0[0]) { store.add($0, $1) } })
        let values = Dictionary(uniqueKeysWithValues: zip(variables, z))
        for (formula, expected) in zip(formulas, node.elements) { #expect(abs(store.evaluate(formula, at: values) - expected) <= 1e-14) }
    }
}
