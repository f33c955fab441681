// sum, mean and max of a vector or matrix, over everything (axis nil), down the columns (axis 1) or along each
// row (axis 2): every rule of the three reductions in one place (see MatrixProduct.swift for the pattern).
//
// Conventions: a NaN anywhere makes the maximum NaN (as numpy's max does); at a tie the maximum's gradient goes to
// the first largest element (`MaximumRouting`, the convention `:help max` states).

import Foundation

/// The rules of `Node.Operation.sum`, `.mean` and `.max`.
enum Reduction {
    enum Kind { case sum, mean, max }

    /// A number over everything; a row of one per column (axis 1) or a column of one per row (axis 2).
    static func shape(_ input: [Int], axis: Int?) -> [Int]? {
        Shapes.reduced(input, axis: axis)
    }

    static func forward(_ kind: Kind, _ input: TensorForward.Operand, axis: Int?) -> [Double] {
        switch kind {
        case .sum: return TensorForward.reduce(input, axis: axis, start: 0, +)
        case .mean:
            let total = TensorForward.reduce(input, axis: axis, start: 0, +)
            let count = Double(Swift.max(1, input.elements.count / Swift.max(1, total.count)))
            return total.map { $0 / count }
        case .max: return TensorForward.reduce(input, axis: axis, start: -.infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        }
    }

    /// Backprop: a sum hands its gradient to every element it added up, a mean the same divided by their count,
    /// a maximum to the (first) element that was the largest.
    static func vectorJacobianProduct(_ kind: Kind, _ node: Node, axis: Int?, upstream g: [Double]) -> [Double] {
        let input = node.inputs[0]
        switch kind {
        case .sum: return spread(g, over: input, axis: axis)
        case .mean:
            let count = Double(Swift.max(1, input.elements.count / Swift.max(1, g.count)))
            return spread(g, over: input, axis: axis).map { $0 / count }
        case .max:
            var gradient = [Double](repeating: 0, count: input.elements.count)
            for (group, source) in MaximumRouting.sources(of: node, axis: axis).enumerated() {
                if let source { gradient[source] = g[group] }
            }
            return gradient
        }
    }

    /// Forward mode, the mirror of backprop: the tangents of the elements a sum adds up, their mean, or the
    /// tangent of the element that is the maximum.
    static func jacobianVectorProduct(_ kind: Kind, _ node: Node, axis: Int?, tangent t: [Double]) -> [Double] {
        let input = node.inputs[0]
        switch kind {
        case .sum: return gathered(t, over: input, axis: axis, into: node.elements.count)
        case .mean:
            let total = gathered(t, over: input, axis: axis, into: node.elements.count)
            let count = Double(Swift.max(1, input.elements.count / Swift.max(1, node.elements.count)))
            return total.map { $0 / count }
        case .max: return MaximumRouting.sources(of: node, axis: axis).map { source in source.map { t[$0] } ?? 0 }
        }
    }

    /// The recorded (differentiable) backward pass: `vectorJacobianProduct` written with graph operations; the
    /// maximum's mask (1 at the element that was the largest) is a constant, as where the maximum is is fixed near
    /// the point.
    static func contribution(_ kind: Kind, _ node: Node, axis: Int?, upstream g: Node, cell: Int?) -> Node {
        func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node { Node.make(operation, inputs, cell: cell) }
        let input = node.inputs[0]
        // g times ones of the input's shape, a row total as a column so it broadcasts along its row; the sum or
        // mean of one number (cross_entropy's mean over a single example) is that number.
        var spread = g
        if input.isTensor {
            let ones = Node.constant(Tensor(shape: input.shape, repeating: 1), cell: cell)
            var shaped = g
            if let axis, axis != 1, input.shape.count == 2 { shaped = make(.transpose, [make(.stack, [g])]) }
            spread = Node.make(.multiply, shaped, ones, cell: cell)
        }
        switch kind {
        case .sum: return spread
        case .mean:
            let count = Double(Swift.max(1, input.elements.count / Swift.max(1, g.elements.count)))
            return make(.divide, [spread, .constant(count, cell: cell)])
        case .max:
            var mask = [Double](repeating: 0, count: input.elements.count)
            for source in MaximumRouting.sources(of: node, axis: axis) { if let source { mask[source] = 1 } }
            return make(.multiply, [spread, .constant(Tensor(shape: input.shape, elements: mask), cell: cell)])
        }
    }

    /// The formula of each result element from the input's element formulas: their sum (`sum` adds in order),
    /// that over their count, or the maximum as a + relu(b - a), exactly, so it has a formula and a derivative.
    static func elementFormulas(_ kind: Kind, _ input: Node, _ elements: [FormulaID], axis: Int?, store: FormulaStore,
                                sum: ([FormulaID]) -> FormulaID) -> [FormulaID] {
        let groups = groups(of: input, elements, axis: axis)
        switch kind {
        case .sum: return groups.map(sum)
        case .mean: return groups.map { store.divide(sum($0), store.constant(Double($0.count))) }
        case .max:
            return groups.map { group in
                group.dropFirst().reduce(group.first ?? store.constant(-.infinity)) { store.add($0, store.apply(.relu, store.subtract($1, $0))) }
            }
        }
    }

    /// How explain says the gradient passes back.
    static func explanation(_ kind: Kind) -> String {
        switch kind {
        case .sum: return "copied to every element summed"
        case .mean: return "copied to every element, divided by their count"
        case .max: return "sent to the largest element"
        }
    }

    /// The gradient of a sum handed to every element it added up.
    private static func spread(_ g: [Double], over input: Node, axis: Int?) -> [Double] {
        let count = input.elements.count
        guard let axis, input.shape.count == 2 else { return [Double](repeating: g[0], count: count) }
        let columns = input.shape[1]
        return (0..<count).map { index in axis == 1 ? g[index % columns] : g[index / columns] }
    }

    /// A sum's tangent: the tangents of the elements it adds up (the mirror of `spread`).
    private static func gathered(_ t: [Double], over input: Node, axis: Int?, into count: Int) -> [Double] {
        guard let axis, input.shape.count == 2 else { return [t.reduce(0, +)] }
        let columns = input.shape[1]
        var total = [Double](repeating: 0, count: count)
        for index in t.indices { total[axis == 1 ? index % columns : index / columns] += t[index] }
        return total
    }

    /// The element groups a reduction folds: everything, each column (axis 1) or each row (axis 2).
    private static func groups<Element>(of input: Node, _ elements: [Element], axis: Int?) -> [[Element]] {
        guard let axis, input.shape.count == 2 else { return [elements] }
        let rows = input.shape[0], columns = input.shape[1]
        if axis == 1 { return (0..<columns).map { column in (0..<rows).map { elements[$0 * columns + column] } } }
        return (0..<rows).map { row in Array(elements[(row * columns)..<((row + 1) * columns)]) }
    }
}
