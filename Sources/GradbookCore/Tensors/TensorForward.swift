// The forward rule of every operation on vectors and matrices.

import Foundation

/// Computes a tensor operation's result from its inputs' values.
enum TensorForward {
    /// The result of `operation` on `inputs`, whose result has shape `shape` (a number when `[]`).
    static func apply(_ operation: Node.Operation, _ inputs: [Node], shape: [Int]) -> (value: Double, tensor: Tensor?) {
        let elements = compute(operation, inputs.map { Operand(elements: $0.elements, shape: $0.shape) }, shape: shape)
        if shape.isEmpty { return (elements.first ?? .nan, nil) }
        return (.nan, Tensor(shape: shape, elements: elements))
    }

    /// An input's elements and shape: a node's, or the re-run values numdiff nudges (`Node.Rerun`).
    struct Operand {
        var elements: [Double]
        var shape: [Int]
    }

    /// The elements of `operation` applied to `inputs`, for a result of shape `shape` (`[]`: one number).
    ///
    /// Every operation is handled here, without a default case, so a new operation cannot be added
    /// without its forward rule (which numdiff's re-run relies on too).
    static func compute(_ operation: Node.Operation, _ inputs: [Operand], shape: [Int]) -> [Double] {
        switch operation {
        case .add: return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape, +)
        case .subtract: return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape, -)
        case .multiply: return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape, *)
        case .divide: return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape, /)
        case .power:
            return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape, Node.Operation.power)
        case .negate: return inputs[0].elements.map { -$0 }
        case .maximum, .minimum:
            return Tensor.combine(inputs[0].elements, shape: inputs[0].shape, inputs[1].elements, shape: inputs[1].shape, result: shape) {
                Node.Operation.takesFirst(operation, $0, $1) ? $0 : $1
            }
        case .function(let function): return inputs[0].elements.map { function($0) }
        case .matrixProduct:
            let (m, k, n) = LinearAlgebra.dimensions(inputs[0].shape, inputs[1].shape)
            return LinearAlgebra.multiply(inputs[0].elements, inputs[1].elements, m: m, k: k, n: n)
        case .transpose:
            let input = inputs[0]
            guard input.shape.count == 2 else { return input.elements }
            return LinearAlgebra.transpose(input.elements, rows: input.shape[0], columns: input.shape[1])
        case .stack: return inputs.flatMap(\.elements)
        case .sum(let axis): return reduce(inputs[0], axis: axis, start: 0, +)
        case .mean(let axis):
            let total = reduce(inputs[0], axis: axis, start: 0, +)
            let count = Double(max(1, inputs[0].elements.count / max(1, total.count)))
            return total.map { $0 / count }
        // A NaN anywhere makes the maximum NaN (as numpy's max does), rather than being skipped.
        case .max(let axis): return reduce(inputs[0], axis: axis, start: -.infinity) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        case .softmax: return rowwise(inputs[0]) { softmax($0) }
        case .logSoftmax: return rowwise(inputs[0]) { logSoftmax($0) }
        case .select(let selection):
            let source = inputs[0].elements
            return selection.sourceIndices.map { source[$0] }
        case .constant, .leaf, .freeSymbol: return inputs.first?.elements ?? []
        }
    }

    /// Folds `input` with `combine`: everything, down the columns (axis 1) or along each row (axis 2).
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
