// The shape of each operation's result, given its inputs' shapes (nil when they do not fit).

/// Shape rules, one per operation; the evaluator reports a mismatch before anything is computed.
public enum Shapes {
    public static func shape(of operation: Node.Operation, _ inputs: [[Int]]) -> [Int]? {
        switch operation {
        case .constant, .leaf, .freeSymbol: return inputs.first ?? []
        case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum:
            return Broadcast.shape(inputs[0], inputs[1])
        case .negate, .function, .softmax, .logSoftmax:
            return inputs[0]
        case .matrixProduct:
            return LinearAlgebra.productShape(inputs[0], inputs[1])
        case .transpose:
            return inputs[0].count == 2 ? [inputs[0][1], inputs[0][0]] : inputs[0]
        case .stack:
            guard let first = inputs.first, first.count <= 1, inputs.allSatisfy({ $0 == first }) else { return nil }
            return [inputs.count] + first
        case .sum(let axis), .mean(let axis), .max(let axis):
            return reduced(inputs[0], axis: axis)
        case .select(let selection):
            return selection.shape
        }
    }

    /// The shape after reducing along `axis` (1: down the columns, 2: along the rows; nil: everything).
    static func reduced(_ shape: [Int], axis: Int?) -> [Int]? {
        guard let axis else { return [] }
        switch (shape.count, axis) {
        case (1, 1): return []
        case (2, 1): return [shape[1]]
        case (2, 2): return [shape[0]]
        default: return nil
        }
    }
}
