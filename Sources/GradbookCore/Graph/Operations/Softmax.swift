// softmax(z) and log_softmax(z), over a vector or along each row of a matrix: every rule of the two operations
// in one place (see MatrixProduct.swift for the pattern). The kernels, which subtract the row's largest element
// so no exp overflows, are `TensorForward.softmax` and `.logSoftmax` in Tensors/.

import Foundation

/// The rules of `Node.Operation.softmax` and `.logSoftmax`; `isLog` tells which.
enum Softmax {
    /// The result has the input's shape.
    static func shape(_ input: [Int]) -> [Int] { input }

    /// s = exp(z - max)/Σ exp(z - max), or log s = z - max - log Σ exp(z - max), row by row.
    static func forward(_ input: TensorForward.Operand, isLog: Bool) -> [Double] {
        TensorForward.rowwise(input) { isLog ? TensorForward.logSoftmax($0) : TensorForward.softmax($0) }
    }

    /// Backprop, row by row, from the result `y`: s ∘ (g - Σ g∘s) for softmax, g - exp(y) ∘ Σ g for log_softmax.
    static func vectorJacobianProduct(_ node: Node, upstream g: [Double], isLog: Bool) -> [Double] {
        rowwise(g, node.elements, columns: node.shape.last ?? 1) { g, y in
            if isLog {
                let total = g.reduce(0, +)
                return zip(g, y).map { $0 - Foundation.exp($1) * total }
            }
            let dot = zip(g, y).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(g, y).map { $1 * ($0 - dot) }
        }
    }

    /// Forward mode, row by row, from the result `y`: s ∘ (t - Σ t∘s) for softmax, t - Σ t∘exp(y) for log_softmax.
    static func jacobianVectorProduct(_ node: Node, tangent t: [Double], isLog: Bool) -> [Double] {
        rowwise(t, node.elements, columns: node.shape.last ?? 1) { t, y in
            if isLog {
                let dot = zip(t, y).reduce(0) { $0 + $1.0 * Foundation.exp($1.1) }
                return t.map { $0 - dot }
            }
            let dot = zip(t, y).reduce(0) { $0 + $1.0 * $1.1 }
            return zip(t, y).map { $1 * ($0 - dot) }
        }
    }

    /// The recorded (differentiable) backward pass: `vectorJacobianProduct` written with graph operations.
    static func contribution(_ node: Node, upstream g: Node, isLog: Bool, cell: Int?) -> Node {
        func make(_ operation: Node.Operation, _ inputs: [Node]) -> Node { Node.make(operation, inputs, cell: cell) }
        /// Each row's total of `x` (the whole total for a vector), shaped to broadcast against the result.
        func rowTotals(_ x: Node) -> Node {
            node.shape.count == 2 ? make(.transpose, [make(.stack, [make(.sum(axis: 2), [x])])]) : make(.sum(axis: nil), [x])
        }
        if isLog {
            // g - exp(y) ∘ Σ g, row by row.
            return make(.subtract, [g, make(.multiply, [make(.function(.exp), [node]), rowTotals(g)])])
        }
        // y ∘ (g - Σ g∘y), row by row.
        return make(.multiply, [node, make(.subtract, [g, rowTotals(make(.multiply, [g, node]))])])
    }

    /// The formula of each element from the input's element formulas, `columns` to a row: exp(x)/Σ exp(row), or
    /// x - log(Σ exp(row)); `sum` adds formulas in order.
    static func elementFormulas(_ input: [FormulaID], columns: Int, isLog: Bool, store: FormulaStore,
                                sum: ([FormulaID]) -> FormulaID) -> [FormulaID] {
        stride(from: 0, to: input.count, by: max(1, columns)).flatMap { start in
            let row = Array(input[start..<min(start + columns, input.count)])
            let total = sum(row.map { store.apply(.exp, $0) })
            return row.map { x in isLog ? store.subtract(x, store.apply(.log, total)) : store.divide(store.apply(.exp, x), total) }
        }
    }

    /// Applies `rule` to each row of `x` (a gradient or tangent) beside the same row of the result `y`.
    private static func rowwise(_ x: [Double], _ y: [Double], columns: Int, _ rule: (ArraySlice<Double>, ArraySlice<Double>) -> [Double]) -> [Double] {
        guard columns > 0 else { return x }
        var result: [Double] = []
        result.reserveCapacity(x.count)
        var start = 0
        while start < x.count {
            result += rule(x[start..<(start + columns)], y[start..<(start + columns)])
            start += columns
        }
        return result
    }

    /// How explain says the gradient passes back.
    static func explanation(isLog: Bool) -> String {
        isLog ? "g - softmax(u)*sum(g)" : "through softmax's Jacobian, s*(g - sum(g*s))"
    }
}
