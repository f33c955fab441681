// The shape of each operation's result, given its inputs' shapes (nil when they do not fit).

extension Shapes {
    /// The shape of `operation`'s result on inputs of shapes `inputs`; nil when they do not fit.
    public static func shape(of operation: Node.Operation, _ inputs: [[Int]]) -> [Int]? {
        switch operation {
        case .constant, .leaf, .freeSymbol: return inputs.first ?? []
        case .add, .subtract, .multiply, .divide, .power, .maximum, .minimum, .negate:
            return Arithmetic.shape(inputs)
        case .function:
            return inputs[0]
        case .softmax, .logSoftmax:
            return Softmax.shape(inputs[0])
        case .matrixProduct:
            return MatrixProduct.shape(inputs[0], inputs[1])
        case .transpose:
            return Transpose.shape(inputs[0])
        case .stack:
            return Stack.shape(inputs)
        case .sum(let axis), .mean(let axis), .max(let axis):
            return Reduction.shape(inputs[0], axis: axis)
        case .select(let selection):
            return Select.shape(selection)
        }
    }
}
