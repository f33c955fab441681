// The elementwise operations + - * / ^, negation, and max(a, b) / min(a, b) of two: their number rule, local
// derivative, tensor forward rule, backprop and forward mode in one place (see MatrixProduct.swift for the
// pattern). Two inputs of different shapes are broadcast (`Broadcast`): a number goes with every element.
//
// Conventions: max(a, b) (min(a, b)) takes the first input at a tie, and a NaN on either side is passed on;
// the gradient goes to the input that was taken. For u^v, ∂/∂v = u^v·log(u) is taken as 0 when the exponent
// is a constant, so x^2 at x = -1 does not produce log(-1); ∂/∂u is 0 when v = 0.
// Not moved yet: the recorded backward pass (`GradientGraph.contribution`), the element formulas
// (`FormulaBridge+Tensors`) and explain's wording still switch on these operations where they are.

import Foundation

/// The rules of `Node.Operation.add`, `.subtract`, `.multiply`, `.divide`, `.power`, `.negate`, `.maximum`
/// and `.minimum`; `operation` tells which. Any other operation is not this enum's to answer.
enum Arithmetic {
    /// The value at one element, from the inputs' values x (and y; ignored by negation).
    @inline(__always)
    static func value(_ operation: Node.Operation, _ x: Double, _ y: Double) -> Double {
        switch operation {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .power: return power(x, y)
        case .negate: return -x
        case .maximum, .minimum: return takesFirst(operation, x, y) ? x : y
        default: return .nan
        }
    }

    /// The forward rule on vectors and matrices: element by element, broadcast to `shape`.
    static func forward(_ operation: Node.Operation, _ inputs: [TensorForward.Operand], shape: [Int]) -> [Double] {
        if operation == .negate { return inputs[0].elements.map { -$0 } }
        let (a, b) = (inputs[0], inputs[1])
        func combine(_ rule: (Double, Double) -> Double) -> [Double] {
            Tensor.combine(a.elements, shape: a.shape, b.elements, shape: b.shape, result: shape, rule)
        }
        switch operation {
        case .add: return combine(+)
        case .subtract: return combine(-)
        case .multiply: return combine(*)
        case .divide: return combine(/)
        case .power: return combine(power)
        case .maximum, .minimum: return combine { takesFirst(operation, $0, $1) ? $0 : $1 }
        default: return []
        }
    }

    /// ∂out/∂input[position] at one element: inputs x (and y), output `output`. Called for every node by
    /// `BackwardTape.record`, so it allocates nothing.
    @inline(__always)
    static func derivative(_ operation: Node.Operation, withRespectTo position: Int, x: Double, y: Double, output: Double,
                           exponentIsConstant: Bool) -> Double {
        switch operation {
        case .add: return 1
        case .subtract: return position == 0 ? 1 : -1
        case .multiply: return position == 0 ? y : x
        case .divide: return position == 0 ? 1 / y : -x / (y * y)
        case .power:
            if position == 0 { return y == 0 ? 0 : y * power(x, y - 1) }
            if exponentIsConstant { return 0 }
            return output == 0 && x == 0 ? 0 : output * Foundation.log(x)
        case .negate: return -1
        case .maximum, .minimum:
            // 1 for the input that was taken (the first at a tie), 0 for the other.
            return (position == 0) == takesFirst(operation, x, y) ? 1 : 0
        default: return 0
        }
    }

    /// Whether max (or min) of x and y is x: at a tie it is, and a NaN on either side is passed on.
    @inline(__always)
    static func takesFirst(_ operation: Node.Operation, _ x: Double, _ y: Double) -> Bool {
        if x.isNaN { return true }
        if y.isNaN { return false }
        return operation == .maximum ? x >= y : x <= y
    }

    /// u^v, with integer powers of negative numbers computed exactly as a person expects ((-2)^3 = -8).
    @inline(__always)
    static func power(_ u: Double, _ v: Double) -> Double {
        Foundation.pow(u, v)
    }

    /// Backprop: each input's gradient from the result's gradient `g`, the copies of a broadcast input summed.
    static func vectorJacobianProducts(_ node: Node, upstream g: [Double]) -> [[Double]] {
        if node.operation == .negate { return [g.map { -$0 }] }
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
                g[index] * derivative(
                    node.operation, withRespectTo: position, x: x[aIndices[index]], y: y[bIndices[index]], output: out[index],
                    exponentIsConstant: constantExponent)
            }
            return Broadcast.reduce(local, from: shape, to: position == 0 ? a.shape : b.shape)
        }
    }

    /// Forward mode: the result's tangent from the inputs' tangents `t` (one per input, each of its input's shape).
    static func jacobianVectorProduct(_ node: Node, tangents t: [[Double]]) -> [Double] {
        if node.operation == .negate { return t[0].map { -$0 } }
        let (ta, tb) = (t[0], t[1])
        let a = node.inputs[0], b = node.inputs[1]
        let shape = node.shape
        let aIndices = Broadcast.sourceIndices(of: a.shape, in: shape)
        let bIndices = Broadcast.sourceIndices(of: b.shape, in: shape)
        let x = a.elements, y = b.elements, out = node.elements
        let constantExponent = b.operation == .constant
        return out.indices.map { index in
            let (i, j) = (aIndices[index], bIndices[index])
            var tangent = 0.0
            if ta[i] != 0 {
                tangent += derivative(node.operation, withRespectTo: 0, x: x[i], y: y[j], output: out[index],
                                      exponentIsConstant: constantExponent) * ta[i]
            }
            if tb[j] != 0 {
                tangent += derivative(node.operation, withRespectTo: 1, x: x[i], y: y[j], output: out[index],
                                      exponentIsConstant: constantExponent) * tb[j]
            }
            return tangent
        }
    }
}
