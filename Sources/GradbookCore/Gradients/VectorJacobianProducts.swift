// Backprop through vectors and matrices: each operation's vector-Jacobian product.
//
// Convention: `upstream` holds d(output)/d(node) with the node's shape (one element for a number);
// each rule returns, for every input, d(output)/d(input) with that input's shape. Broadcasting is
// undone by `Broadcast.reduce`, which sums the gradients of the copies.

import Foundation

enum VectorJacobianProducts {
    /// The gradient contributions of `node`'s inputs, given the gradient `upstream` of `node`.
    static func contributions(of node: Node, upstream g: [Double]) -> [[Double]] {
        let inputs = node.inputs
        switch node.operation {
        case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum:
            return elementwiseBinary(node, g)
        case .negate:
            return [g.map { -$0 }]
        case .function(let function):
            let x = inputs[0].elements, y = node.elements
            return [(0..<g.count).map { g[$0] * function.derivative(at: x[$0], value: y[$0]) }]
        case .matrixProduct:
            return MatrixProduct.vectorJacobianProducts(inputs[0], inputs[1], upstream: g)
        case .transpose: return [Transpose.vectorJacobianProduct(node, upstream: g)]
        case .stack: return Stack.vectorJacobianProducts(node, upstream: g)
        case .sum(let axis): return [Reduction.vectorJacobianProduct(.sum, node, axis: axis, upstream: g)]
        case .mean(let axis): return [Reduction.vectorJacobianProduct(.mean, node, axis: axis, upstream: g)]
        case .max(let axis): return [Reduction.vectorJacobianProduct(.max, node, axis: axis, upstream: g)]
        case .softmax, .logSoftmax:
            return [Softmax.vectorJacobianProduct(node, upstream: g, isLog: node.operation == .logSoftmax)]
        case .select(let selection): return [Select.vectorJacobianProduct(node, selection, upstream: g)]
        case .constant, .leaf, .freeSymbol:
            return []
        }
    }

    /// Elementwise a ∘ b with broadcasting: each element's local derivative, then the copies summed.
    private static func elementwiseBinary(_ node: Node, _ g: [Double]) -> [[Double]] {
        let a = node.inputs[0], b = node.inputs[1]
        let shape = node.shape
        // The common cases of a training step, without per-element index arrays.
        switch node.operation {
        case .add:
            return [Broadcast.reduce(g, from: shape, to: a.shape), Broadcast.reduce(g, from: shape, to: b.shape)]
        case .subtract:
            return [Broadcast.reduce(g, from: shape, to: a.shape), Broadcast.reduce(g.map { -$0 }, from: shape, to: b.shape)]
        case .multiply where a.shape == b.shape:
            let x = a.elements, y = b.elements
            return [(0..<g.count).map { g[$0] * y[$0] }, (0..<g.count).map { g[$0] * x[$0] }]
        default:
            break
        }
        let out = node.elements
        let aIndices = Broadcast.sourceIndices(of: a.shape, in: shape)
        let bIndices = Broadcast.sourceIndices(of: b.shape, in: shape)
        let x = a.elements, y = b.elements
        let constantExponent = b.operation == .constant
        return [0, 1].map { position in
            let local = (0..<g.count).map { index in
                g[index] * node.operation.elementDerivative(
                    withRespectTo: position, x: x[aIndices[index]], y: y[bIndices[index]], output: out[index],
                    exponentIsConstant: constantExponent)
            }
            return Broadcast.reduce(local, from: shape, to: position == 0 ? a.shape : b.shape)
        }
    }

}
