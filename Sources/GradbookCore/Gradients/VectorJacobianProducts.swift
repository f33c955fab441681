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
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.vectorJacobianProducts(node, upstream: g)
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
}
