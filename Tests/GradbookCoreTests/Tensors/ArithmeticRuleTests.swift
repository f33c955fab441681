// The rules of the elementwise operations (+ - * / ^, negation, max and min of two), gathered in
// Graph/Operations/Arithmetic.swift, agree with one another: backprop's vector-Jacobian product is the transpose of
// forward mode's Jacobian-vector product, forward mode matches finite differences of the forward rule, the recorded
// backward pass gives backprop's numbers, the formulas compute the forward value and their symbolic derivatives the
// local derivatives backprop uses; for numbers, vectors, matrices and a number or a row broadcast over them.

import Foundation
import Testing
@testable import GradbookCore

@Suite("+ - * / ^, negation, max and min: one operation's rules agree")
struct ArithmeticRuleTests {
    static let operations: [Node.Operation] = [.add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum]
    /// The two inputs' shapes: alike, a number with a vector or matrix on either side, a row over a matrix.
    static let shapes: [([Int], [Int])] = [([], []), ([3], [3]), ([2, 3], []), ([], [3]), ([2, 3], [3]), ([2, 3], [2, 3])]
    static let cases: [(Node.Operation, [Int], [Int])] = operations.flatMap { operation in
        shapes.map { (operation, $0.0, operation == .negate ? $0.0 : $0.1) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    @Test("backprop, forward mode, finite differences, the recorded pass and the formulas agree", arguments: cases)
    func rulesAgree(_ operation: Node.Operation, _ shapeA: [Int], _ shapeB: [Int]) throws {
        var random = RandomNumbers(seed: 23)
        // Positive bases for ^ (log(u) in ∂/∂v); b below or above every a, so max and min take each side somewhere
        // and are nowhere near a tie, and never near 0, so a/b's derivatives stay moderate.
        let x = random.uniform(shapeA.reduce(1, *)).map { 0.5 + 1.5 * $0 }
        let y = random.uniform(shapeB.reduce(1, *)).enumerated().map { $0 % 2 == 0 ? 0.3 + 0.15 * $1 : 2.2 + $1 }
        func leaf(_ name: String, _ shape: [Int], _ values: [Double]) -> Node {
            shape.isEmpty ? Node.leaf(name, value: values[0]) : Node.leaf(name, tensor: Tensor(shape: shape, elements: values))
        }
        let a = leaf("a", shapeA, x), b = leaf("b", shapeB, y)
        let unary = operation == .negate
        let inputs = unary ? [a] : [a, b]
        let node = Node.make(operation, inputs)
        let shape = try #require(Arithmetic.shape(inputs.map(\.shape)))
        #expect(shape == node.shape)

        // The forward rule and the number rule give the node's value.
        let operands = inputs.map { TensorForward.Operand(elements: $0.elements, shape: $0.shape) }
        let forward = { (x: [Double], y: [Double]) in
            Arithmetic.forward(operation, unary ? [TensorForward.Operand(elements: x, shape: shapeA)]
                               : [TensorForward.Operand(elements: x, shape: shapeA), TensorForward.Operand(elements: y, shape: shapeB)], shape: shape)
        }
        #expect(Arithmetic.forward(operation, operands, shape: shape) == node.elements)
        let aIndices = Broadcast.sourceIndices(of: shapeA, in: shape), bIndices = unary ? aIndices : Broadcast.sourceIndices(of: shapeB, in: shape)
        for index in node.elements.indices {
            #expect(Arithmetic.value(operation, x[aIndices[index]], unary ? 0 : y[bIndices[index]]) == node.elements[index])
        }

        // ⟨g, J·t⟩ = ⟨Jᵀ·g, t⟩, over both inputs at once.
        let count = node.elements.count
        let g = random.uniform(count), ta = random.uniform(x.count), tb = unary ? [] : random.uniform(y.count)
        let vjp = Arithmetic.vectorJacobianProducts(node, upstream: g)
        let jvp = Arithmetic.jacobianVectorProduct(node, tangents: unary ? [ta] : [ta, tb])
        #expect(vjp.count == inputs.count)
        #expect(Swift.abs(Self.dot(g, jvp) - (Self.dot(vjp[0], ta) + (unary ? 0 : Self.dot(vjp[1], tb)))) <= 1e-12)

        // Central differences along (ta, tb): error O(h²).
        let h = 1e-5
        let up = forward(zip(x, ta).map { $0 + h * $1 }, zip(y, tb).map { $0 + h * $1 })
        let down = forward(zip(x, ta).map { $0 - h * $1 }, zip(y, tb).map { $0 - h * $1 })
        for index in 0..<count {
            #expect(Swift.abs((up[index] - down[index]) / (2 * h) - jvp[index]) <= 1e-7 * Swift.max(1, Swift.abs(jvp[index])), "element \(index)")
        }

        // The recorded backward pass, evaluated, gives backprop's numbers.
        let upstream = shape.isEmpty ? Node.constant(g[0]) : Node.constant(Tensor(shape: shape, elements: g))
        for position in inputs.indices {
            let recorded = try #require(Arithmetic.contribution(of: node, toInput: position, upstream: upstream, in: GradientGraph(cell: nil)))
            #expect(recorded.shape == inputs[position].shape)
            for (got, expected) in zip(recorded.elements, vjp[position]) { #expect(Swift.abs(got - expected) <= 1e-14 * Swift.max(1, Swift.abs(expected))) }
        }

        // The formula of two variables computes the number rule, and its symbolic derivatives are the local
        // derivatives backprop multiplies by.
        let store = FormulaStore()
        let (u, v) = (Variable(name: "u"), Variable(name: "v"))
        let formula = Arithmetic.formula(operation, store.variable(u), store.variable(v), in: store)
        for index in 0..<count {
            let (p, q) = (x[aIndices[index]], unary ? 0 : y[bIndices[index]])
            let at: [Variable: Double] = [u: p, v: q]
            let output = Arithmetic.value(operation, p, q)
            #expect(Swift.abs(store.evaluate(formula, at: at) - output) <= 1e-14 * Swift.max(1, Swift.abs(output)))
            let variables: [Variable] = unary ? [u] : [u, v]
            for position in variables.indices {
                let variable = variables[position]
                let symbolic = store.evaluate(store.derivative(of: formula, withRespectTo: variable), at: at)
                let local = Arithmetic.derivative(operation, withRespectTo: position, x: p, y: q, output: output, exponentIsConstant: false)
                #expect(Swift.abs(symbolic - local) <= 1e-12 * Swift.max(1, Swift.abs(local)), "\(operation) ∂/∂\(variable.name) at \(p), \(q)")
            }
        }
    }

    @Test("max and min take the first input at a tie, in the number rule, backprop and the formula alike")
    func ties() {
        for operation in [Node.Operation.maximum, .minimum] {
            #expect(Arithmetic.takesFirst(operation, 2, 2))
            #expect(Arithmetic.derivative(operation, withRespectTo: 0, x: 2, y: 2, output: 2, exponentIsConstant: false) == 1)
            #expect(Arithmetic.derivative(operation, withRespectTo: 1, x: 2, y: 2, output: 2, exponentIsConstant: false) == 0)
            let store = FormulaStore()
            let (u, v) = (Variable(name: "u"), Variable(name: "v"))
            let formula = Arithmetic.formula(operation, store.variable(u), store.variable(v), in: store)
            // relu's kink convention (relu'(0) = 0) makes the formula's derivative the same 1 and 0 at the tie.
            #expect(store.evaluate(store.derivative(of: formula, withRespectTo: u), at: [u: 2, v: 2]) == 1)
            #expect(store.evaluate(store.derivative(of: formula, withRespectTo: v), at: [u: 2, v: 2]) == 0)
            #expect(Arithmetic.routingExplanation(operation, position: 0, x: 2, y: 2).contains("the first at a tie"))
        }
    }

    @Test("the square's recorded rule (2·u, two nodes) gives backprop's numbers to the last bit, and differentiates to 2")
    func squareRule() throws {
        for value in [-3.5, -0.0, 1e-200, 0.1, 7, 1e200, .infinity, .nan] {
            let u = Node.leaf("u", value: value)
            let square = Node.make(.power, u, Node.constant(2))
            let g = Node.constant(0.3)
            let recorded = try #require(Arithmetic.contribution(of: square, toInput: 0, upstream: g, in: GradientGraph(cell: nil)))
            let local = Arithmetic.derivative(.power, withRespectTo: 0, x: value, y: 2, output: square.value, exponentIsConstant: true)
            let expected = 0.3 * local
            #expect(recorded.value == expected || (recorded.value.isNaN && expected.isNaN), "u = \(value): \(recorded.value) against \(expected)")
            if value.isFinite, abs(value) < 1e100 {
                let second = try #require(GradientGraph(cell: nil).gradients(of: recorded, withRespectTo: [u])?.first)
                #expect(second.value == 0.6, "d/du of 0.3·2u at u = \(value): \(second.value)")
            }
        }
        let w = Node.leaf("w", tensor: Tensor(shape: [3], elements: [-2, 0.5, 4]))
        let squares = Node.make(.power, [w, Node.constant(2)])
        let upstream = Node.constant(Tensor(shape: [3], elements: [1, -1, 0.25]))
        let recorded = try #require(Arithmetic.contribution(of: squares, toInput: 0, upstream: upstream, in: GradientGraph(cell: nil)))
        #expect(recorded.elements == Arithmetic.vectorJacobianProducts(squares, upstream: [1, -1, 0.25])[0])
        #expect(recorded.elements == [-4, -1, 2])
    }
}
