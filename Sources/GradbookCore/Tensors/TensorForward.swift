// The kernels behind the forward rules of operations on vectors and matrices: reductions, row-wise
// maps, softmax. The rule of each operation (which kernel a `Node.Operation` uses) is in
// Graph/Node+TensorForward.swift, so this folder does not name the graph.

import Foundation

/// Kernels of the tensor forward rules, on plain elements and shapes.
enum TensorForward {
    /// An input's elements and shape: a node's, or the re-run values numdiff nudges (`Node.Rerun`).
    struct Operand {
        var elements: [Double]
        var shape: [Int]
    }

    /// Folds `input` with `combine`: everything, down the columns (axis 1) or along each row (axis 2).
    /// Inlined, so `+` is added in place rather than called per element: a numeric check of a 100×100 matrix
    /// re-sums 10,000 elements twice per weight, and the call was three quarters of its time. (The same
    /// left-to-right order, so the same sums to the last bit.)
    @inline(__always)
    static func reduce(_ input: Operand, axis: Int?, start: Double, _ combine: (Double, Double) -> Double) -> [Double] {
        let elements = input.elements
        guard let axis, input.shape.count == 2 else { return [elements.reduce(start, combine)] }
        let rows = input.shape[0], columns = input.shape[1]
        if axis == 1 {
            var result = [Double](repeating: start, count: columns)
            for row in 0..<rows { for column in 0..<columns { result[column] = combine(result[column], elements[row * columns + column]) } }
            return result
        }
        var result = [Double](repeating: start, count: rows)
        for row in 0..<rows { for column in 0..<columns { result[row] = combine(result[row], elements[row * columns + column]) } }
        return result
    }

    /// Applies `f` to each row of a matrix, or to a whole vector.
    static func rowwise(_ input: Operand, _ f: (ArraySlice<Double>) -> [Double]) -> [Double] {
        let elements = input.elements
        let columns = input.shape.last ?? 1
        guard columns > 0 else { return elements }
        var result: [Double] = []
        result.reserveCapacity(elements.count)
        var start = 0
        while start < elements.count {
            result += f(elements[start..<(start + columns)])
            start += columns
        }
        return result
    }

    /// exp(x_i - max) / Σ exp(x_j - max): subtracting the largest keeps exp from overflowing.
    static func softmax(_ x: ArraySlice<Double>) -> [Double] {
        let largest = x.max() ?? 0
        let exps = x.map { Foundation.exp($0 - largest) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// x_i - max - log Σ exp(x_j - max): the logarithm of softmax without ever forming a tiny probability.
    static func logSoftmax(_ x: ArraySlice<Double>) -> [Double] {
        let largest = x.max() ?? 0
        let logTotal = Foundation.log(x.reduce(0) { $0 + Foundation.exp($1 - largest) })
        return x.map { $0 - largest - logTotal }
    }
}
