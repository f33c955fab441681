// Forward mode through vectors and matrices: the Jacobian-vector product, one pass for one direction.
//
// Each node carries a tangent of its own shape (d node / dε when the input moves as input + ε·direction).
// Every rule is the transpose of the matching vector-Jacobian product in VectorJacobianProducts.swift:
// what backprop sums over copies, forward mode copies; what backprop routes back, forward mode routes on.

import Foundation

extension ForwardMode {
    /// The tangent of `output` when `input` moves along `direction` (input's shape, row by row): J·v.
    /// Returns one element for a number. `shouldStop` is asked between nodes; nil means it said stop.
    static func jacobianVectorProduct(of output: Node, withRespectTo input: Node, direction: [Double],
                                      shouldStop: () -> Bool = { false }) -> [Double]? {
        var tangents: [ObjectIdentifier: [Double]] = [ObjectIdentifier(input): direction]
        for node in output.graph where node !== input && !node.inputs.isEmpty {
            if shouldStop() { return nil }
            // log(1 + exp(u)) and the other stable forms whose steps overflowed: u's tangent in one stable step.
            if let form = node.stableForm, form.stepsBreak, !form.steps.contains(where: { $0 === input }) {
                if let u = tangents[ObjectIdentifier(form.operand)] {
                    let local = form.localDerivatives
                    tangents[ObjectIdentifier(node)] = local.count == node.elements.count
                        ? zip(local, u).map(*) : [zip(local, u).reduce(0) { $0 + $1.0 * $1.1 }]
                }
                continue
            }
            let incoming = node.inputs.map { tangents[ObjectIdentifier($0)] }
            guard incoming.contains(where: { $0 != nil }) else { continue }
            tangents[ObjectIdentifier(node)] = tangent(of: node, incoming)
        }
        return tangents[ObjectIdentifier(output)] ?? [Double](repeating: 0, count: output.elements.count)
    }

    /// A node's tangent from its inputs' tangents (nil: the input does not move).
    private static func tangent(of node: Node, _ incoming: [[Double]?]) -> [Double] {
        let inputs = node.inputs
        let zero: (Int) -> [Double] = { [Double](repeating: 0, count: inputs[$0].elements.count) }
        let t = incoming.indices.map { incoming[$0] ?? zero($0) }
        switch node.operation {
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.jacobianVectorProduct(node, tangents: t)
        case .function(let function):
            let x = inputs[0].elements, y = node.elements
            return x.indices.map { function.derivative(at: x[$0], value: y[$0]) * t[0][$0] }
        case .matrixProduct:
            return MatrixProduct.jacobianVectorProduct(inputs[0], inputs[1], tangents: t[0], t[1])
        case .transpose: return Transpose.jacobianVectorProduct(node, tangent: t[0])
        case .stack: return Stack.joined(t)
        case .sum(let axis): return Reduction.jacobianVectorProduct(.sum, node, axis: axis, tangent: t[0])
        case .mean(let axis): return Reduction.jacobianVectorProduct(.mean, node, axis: axis, tangent: t[0])
        case .max(let axis): return Reduction.jacobianVectorProduct(.max, node, axis: axis, tangent: t[0])
        case .softmax, .logSoftmax:
            return Softmax.jacobianVectorProduct(node, tangent: t[0], isLog: node.operation == .logSoftmax)
        case .select(let selection): return Select.picked(t[0], selection)
        case .constant, .leaf, .freeSymbol:
            return [Double](repeating: 0, count: node.elements.count)
        }
    }
}
