// max, min, clip, leaky_relu, norm and prod: builtins made of graph operations that already have every
// pass (forward, backprop, numeric, symbolic, explanation), so each is stated here once.

import Foundation

extension Evaluator {
    /// The builtins of this file, or nil for any other name.
    func callExtremaFunction(_ name: String, _ arguments: [Argument], at range: SourceRange) throws(Diagnostic) -> Value? {
        switch name {
        case "max", "min", "clip", "leaky_relu", "norm", "prod": break
        default: return nil
        }
        var slope = 0.01
        var positional: [Expression] = []
        for argument in arguments {
            if let label = argument.label {
                guard label == "slope", name == "leaky_relu", let labelRange = argument.labelRange else {
                    throw .unknownLabel(label, function: name, at: argument.labelRange ?? range)
                }
                let node = try scalar(argument.value, role: .slope)
                // max(slope*x, x) is leaky_relu only for slopes from 0 to 1; above 1 it would be another function.
                guard !node.isSymbolic, node.value >= 0, node.value <= 1 else {
                    throw .wrongKind(.slope(typed: source.text(in: argument.value.range)), at: labelRange)
                }
                slope = node.value
            } else {
                positional.append(argument.value)
            }
        }
        switch name {
        case "max", "min": return try extremum(name == "max" ? .maximum : .minimum, positional, at: range)
        case "clip":
            try checkCount(name, positional, expected: 3, at: range, hint: "usage: clip(x, low, high), for example `clip(x, -1, 1)`")
            let x = try evaluate(positional[0]), low = try evaluate(positional[1]), high = try evaluate(positional[2])
            // min(max(x, low), high): x is first in both, so at x = low or x = high the gradient goes to x, as
            // PyTorch's clamp sends it.
            return try applyElementwise(.minimum, [try applyElementwise(.maximum, [x, low], at: range), high], at: range)
        case "leaky_relu":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: leaky_relu(x, slope = 0.01), for example `leaky_relu(-2, slope = 0.1)`")
            let x = try evaluate(positional[0])
            // max(slope*x, x): slope*x first, so at x = 0 the slope is `slope`, as in PyTorch.
            let scaled = try applyElementwise(.multiply, [.scalar(.constant(slope, cell: cell)), x], at: range)
            return try applyElementwise(.maximum, [scaled, x], at: range)
        case "norm":
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: norm(v), for example `norm([3, 4])`")
            let v = try node(positional[0], role: .argument(of: "norm"))
            // sqrt(sum(v^2)), the Euclidean (for a matrix, Frobenius) length; of a number, its absolute value.
            guard v.isTensor else { return .scalar(makeNode(.function(.abs), [v], at: range)) }
            let squares = makeNode(.power, [v, .constant(2, cell: cell)], at: range)
            return .scalar(makeNode(.function(.sqrt), [makeNode(.sum(axis: nil), [squares], at: range)], at: range))
        default:
            try checkCount(name, positional, expected: 1, at: range, hint: "usage: prod(v), for example `prod([1, 2, 3])`")
            let v = try node(positional[0], role: .argument(of: "prod"))
            guard v.elements.count <= Evaluator.largestProduct else {
                throw .wrongKind(.prodTooLong(typed: source.text(in: positional[0].range), limit: Evaluator.largestProduct, count: v.elements.count),
                                 at: positional[0].range)
            }
            return .scalar(try product(of: v, at: range))
        }
    }

    /// max(v), max(W, 1), max(W, 2) reduce; max(a, b) is the larger of a and b, element by element with
    /// broadcasting (max(v, 0)); min likewise. A second argument typed as 1 or 2 after a vector or matrix is
    /// a dimension, as for sum and mean.
    private func extremum(_ operation: Node.Operation, _ positional: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        let name = operation.symbol
        try checkCount(name, positional, within: 1...2,
                       usage: "\(name)(v), \(name)(W, dimension) or \(name)(a, b), for example `\(name)([1, 2, 3])`, `\(name)([[1, 2], [3, 4]], 1)` or `\(name)(x, 0)`", at: range)
        let input = try evaluate(positional[0])
        guard let first = input.node else { return try applyElementwise(operation, [input], at: range) }
        if positional.count == 2 {
            if first.isTensor, case .number(let n) = positional[1].kind, n == 1 || n == 2 {
                return .scalar(reduce(operation, first, axis: try dimension(positional[1], of: first), at: range))
            }
            return try applyElementwise(operation, [input, try evaluate(positional[1])], at: range)
        }
        if !first.isTensor { return .scalar(first) }
        return .scalar(reduce(operation, first, axis: nil, at: range))
    }

    /// The largest element (of each column or row); the smallest is -max(-v), so it shares max's rules
    /// (the first of equal elements takes the gradient).
    private func reduce(_ operation: Node.Operation, _ input: Node, axis: Int?, at range: SourceRange) -> Node {
        guard operation == .minimum else { return makeNode(.max(axis: axis), [input], at: range) }
        let negated = makeNode(.negate, [input], at: range)
        return makeNode(.negate, [makeNode(.max(axis: axis), [negated], at: range)], at: range)
    }

    /// The most elements prod multiplies: each is two nodes of the graph, and backprop through each pick fills
    /// an array of the whole vector, so the cost grows as the square of the count.
    static let largestProduct = 1_000

    /// The product of every element, as a chain of products of the elements picked one by one, so the
    /// derivative is the product rule's, exact where an element is 0 (no division by the product).
    private func product(of v: Node, at range: SourceRange) throws(Diagnostic) -> Node {
        guard v.isTensor else { return v }
        let columns = v.shape.last ?? 1
        let count = v.shape.reduce(1, *)
        var result: Node?
        for index in 0..<count {
            if index % 1024 == 0 { try checkInterruption(at: range) }
            let selection = Selection(rows: [v.shape.count == 2 ? index / columns : 0], columns: [index % columns],
                                      dropsRows: true, dropsColumns: true, sourceColumns: columns)
            let element = makeNode(.select(selection), [v], at: range)
            result = result.map { makeNode(.multiply, [$0, element], at: range) } ?? element
        }
        return result ?? .constant(1, cell: cell)
    }
}
