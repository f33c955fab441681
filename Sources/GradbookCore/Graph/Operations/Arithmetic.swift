// The elementwise operations + - * / ^, negation, and max(a, b) / min(a, b) of two: their shape, number rule,
// local derivative, tensor forward rule, backprop, forward mode, recorded backward pass, formula and explain's
// wording in one place (see MatrixProduct.swift for the pattern). Two inputs of different shapes are broadcast
// (`Broadcast`): a number goes with every element.
//
// Conventions: max(a, b) (min(a, b)) takes the first input at a tie, and a NaN on either side is passed on;
// the gradient goes to the input that was taken. For u^v, ∂/∂v = u^v·log(u) is taken as 0 when the exponent
// is a constant, so x^2 at x = -1 does not produce log(-1); ∂/∂u is 0 when v = 0.

import Foundation

/// The rules of `Node.Operation.add`, `.subtract`, `.multiply`, `.divide`, `.power`, `.negate`, `.maximum`
/// and `.minimum`; `operation` tells which. Any other operation is not this enum's to answer.
enum Arithmetic {
    /// The result's shape: the input's for negation, else the two inputs broadcast together (nil when they do not fit).
    static func shape(_ inputs: [[Int]]) -> [Int]? {
        inputs.count == 1 ? inputs[0] : Broadcast.shape(inputs[0], inputs[1])
    }

    /// The value at one element, from the inputs' values x (and y; ignored by negation).
    @inline(__always)
    static func value(_ operation: Node.Operation, _ x: Double, _ y: Double) -> Double {
        switch operation {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return SubnormalProducts.value(x, y)
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
        case .divide:
            if position == 0 { return 1 / y }
            // (Where y*y leaves the normal range, -(x/y)/y: x/x at 1e-300 has the slope -1e300 for its denominator, but
            // y*y underflows to 0 and -x/0 made it -inf, and the gradient of x/x -inf for 0.)
            let square = y * y
            return square.isNormal || y == 0 || !y.isFinite ? -x / square : -(x / y) / y
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

    /// The recorded backward pass: the gradient `node` passes to `node.inputs[position]` as graph operations, given
    /// its own gradient `g`; nil where the rule itself makes it 0 (a constant exponent). The same numbers in the
    /// same order as `derivative` on the tape, so the two agree to the last digit.
    static func contribution(of node: Node, toInput position: Int, upstream g: Node, in pass: some RecordedPass) -> Node? {
        let inputs = node.inputs
        switch node.operation {
        case .add: return pass.unbroadcast(g, to: inputs[position])
        case .subtract: return pass.unbroadcast(position == 0 ? g : pass.make(.negate, g), to: inputs[position])
        case .multiply: return pass.unbroadcast(pass.times(g, inputs[1 - position]), to: inputs[position])
        case .divide:
            let (a, b) = (inputs[0], inputs[1])
            let local: Node
            if position == 0 {
                local = pass.make(.divide, pass.constant(1), b)
            } else if !b.isSymbolic, b.elements.contains(where: { $0 != 0 && $0.isFinite && !($0 * $0).isNormal }) {
                // -(a/b)/b where b*b leaves the normal range, as on the tape (`derivative`): grad(x/x, x) at 1e-300 was
                // -inf, b*b having underflowed to 0.
                local = pass.make(.divide, [pass.make(.negate, pass.make(.divide, a, b)), b])
            } else {
                local = pass.make(.divide, [pass.make(.negate, a), pass.make(.multiply, b, b)])
            }
            return pass.unbroadcast(pass.times(g, local), to: inputs[position])
        case .power:
            let (u, v) = (inputs[0], inputs[1])
            let exponentIsConstant = v.operation == .constant
            if position == 0 {
                if exponentIsConstant, !v.isTensor, v.value == 0 { return nil }
                // u^2, the square of every squared error: 2·u is 2·u^1 to the last bit (pow(u, 1) is u), in two
                // nodes where the general rule makes four, and differentiates to the same 2.
                if exponentIsConstant, !v.isTensor, v.value == 2 {
                    return pass.unbroadcast(pass.times(g, pass.make(.multiply, v, u)), to: u)
                }
                let lowered = exponentIsConstant && !v.isTensor ? pass.constant(v.value - 1) : pass.make(.subtract, v, pass.constant(1))
                return pass.unbroadcast(pass.times(g, pass.make(.multiply, v, pass.make(.power, u, lowered))), to: u)
            }
            if exponentIsConstant { return nil }
            if !node.isTensor, node.value == 0, u.value == 0 { return nil }
            return pass.unbroadcast(pass.times(g, pass.make(.multiply, [node, pass.make(.function(.log), u)])), to: v)
        case .negate: return pass.make(.negate, g)
        case .maximum, .minimum:
            // step(b - a) (for min, step(a - b)) is 1 where the second input was taken; the first takes the
            // rest, ties included, as the tape's 0s and 1s do.
            let (a, b) = (inputs[0], inputs[1])
            let difference = node.operation == .maximum ? pass.make(.subtract, b, a) : pass.make(.subtract, a, b)
            let second = pass.make(.function(.step), difference)
            let mask = position == 0 ? pass.make(.subtract, pass.constant(1), second) : second
            return pass.unbroadcast(pass.times(g, mask), to: inputs[position])
        default: return nil
        }
    }

    /// The operation on formulas, as `diff` differentiates and prints it (b is ignored by negation). max(a, b) is
    /// a + relu(b - a) and min(a, b) is a - relu(a - b), exactly: the first input at a tie, as the graph takes it
    /// (d/da = 1 - step(b - a) is 1 there).
    static func formula(_ operation: Node.Operation, _ a: FormulaID, _ b: FormulaID, in store: FormulaStore) -> FormulaID {
        switch operation {
        case .add: return store.add(a, b)
        case .subtract: return store.subtract(a, b)
        case .multiply: return store.multiply(a, b)
        case .divide: return store.divide(a, b)
        case .negate: return store.negate(a)
        case .maximum: return store.add(a, store.apply(.relu, store.subtract(b, a)))
        case .minimum: return store.subtract(a, store.apply(.relu, store.subtract(a, b)))
        default: return store.power(a, b)
        }
    }

    /// How explain words the local derivative of max or min for the input at `position`: 1 for the side taken.
    static func routingExplanation(_ operation: Node.Operation, position: Int, x: Double, y: Double) -> String {
        let taken = takesFirst(operation, x, y) == (position == 0)
        return taken ? "this side was the \(operation == .maximum ? "larger" : "smaller") (the first at a tie), so 1" : "the other side was taken, so 0"
    }
}

/// What the recorded backward pass (`GradientGraph`) lends the elementwise rules: nodes in its cell, its product
/// g·local (which passes nothing where the tape would meet 0·∞), and its sum of a broadcast gradient back onto an
/// input's shape.
protocol RecordedPass {
    func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node
    /// The same without an array (a training loop's `grad` makes several of these per step).
    func make(_ operation: Node.Operation, _ a: Node, _ b: Node) -> Node
    func make(_ operation: Node.Operation, _ a: Node) -> Node
    func constant(_ value: Double) -> Node
    func times(_ g: Node, _ local: Node) -> Node
    func unbroadcast(_ g: Node, to input: Node) -> Node
}
