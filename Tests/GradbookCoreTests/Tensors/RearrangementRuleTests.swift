// The rules of transpose, stack and select, gathered in Graph/Operations/Rearrangement.swift, agree with one
// another: each moves elements, so backprop's vector-Jacobian product must be the exact transpose of forward
// mode's Jacobian-vector product (⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩, here exact up to the order of additions), and the
// recorded backward pass must give backprop's numbers.

import Foundation
import Testing
@testable import GradbookCore

@Suite("transpose, stack and select: the rearranging operations' rules agree")
struct RearrangementRuleTests {
    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// One node of each kind, over random inputs.
    static func nodes() -> [Node] {
        var random = RandomNumbers(seed: 29)
        func tensor(_ shape: [Int]) -> Node { .constant(Tensor(shape: shape, elements: random.uniform(shape.reduce(1, *)))) }
        let matrix = tensor([2, 3]), vector = tensor([3])
        // W[2, :], W[:, [1, 3]] as rows 1-2 and columns 1 and 3, v[[3, 1, 3]] (picked twice), W[1, 2].
        let row = Selection(rows: [1], columns: [0, 1, 2], dropsRows: true, dropsColumns: false, sourceColumns: 3)
        let block = Selection(rows: [0, 1], columns: [0, 2], dropsRows: false, dropsColumns: false, sourceColumns: 3)
        let twice = Selection(rows: [0], columns: [2, 0, 2], dropsRows: true, dropsColumns: false, sourceColumns: 3)
        let one = Selection(rows: [0], columns: [1], dropsRows: true, dropsColumns: true, sourceColumns: 3)
        return [Node.make(.transpose, [matrix]), Node.make(.transpose, [vector]),
                Node.make(.stack, [vector, tensor([3])]), Node.make(.stack, [Node.constant(1.5), Node.constant(-2)]),
                Node.make(.select(row), [matrix]), Node.make(.select(block), [matrix]), Node.make(.select(twice), [vector]),
                Node.make(.select(one), [matrix])]
    }

    @Test("backprop is the transpose of forward mode, and the recorded pass gives backprop's numbers")
    func rulesAgree() {
        var random = RandomNumbers(seed: 31)
        for node in Self.nodes() {
            let g = random.uniform(node.elements.count)
            let tangents = node.inputs.map { random.uniform($0.elements.count) }
            let vjp: [[Double]], jvp: [Double]
            switch node.operation {
            case .transpose:
                vjp = [Transpose.vectorJacobianProduct(node, upstream: g)]
                jvp = Transpose.jacobianVectorProduct(node, tangent: tangents[0])
            case .stack:
                vjp = Stack.vectorJacobianProducts(node, upstream: g)
                jvp = Stack.joined(tangents)
            case .select(let selection):
                vjp = [Select.vectorJacobianProduct(node, selection, upstream: g)]
                jvp = Select.picked(tangents[0], selection)
            default:
                Issue.record("unexpected \(node.operation)")
                continue
            }
            let left = Self.dot(g, jvp), right = zip(vjp, tangents).reduce(0) { $0 + Self.dot($1.0, $1.1) }
            #expect(abs(left - right) <= 1e-14, "\(node.operation): \(left) vs \(right)")
            let upstream: Node = node.isTensor ? .constant(Tensor(shape: node.shape, elements: g)) : .constant(g[0])
            for (position, input) in node.inputs.enumerated() {
                let recorded: Node
                switch node.operation {
                case .transpose: recorded = Transpose.contribution(upstream: upstream, cell: nil)
                case .stack: recorded = Stack.contribution(toInput: position, like: input, upstream: upstream, cell: nil)
                case .select(let selection): recorded = Select.contribution(selection, into: input, upstream: upstream, cell: nil)
                default: continue
                }
                #expect(recorded.shape == input.shape, "\(node.operation): the recorded gradient's shape")
                #expect(recorded.elements == vjp[position], "\(node.operation), input \(position)")
            }
            // The generic rearrangements used for formulas move elements as the forward rule does.
            if case .transpose = node.operation {
                #expect(Transpose.rearranged(node.inputs[0].elements, shape: node.inputs[0].shape) == node.elements)
            }
        }
    }
}
