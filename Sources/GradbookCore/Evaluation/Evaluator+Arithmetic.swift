// Arithmetic on values: + - * / ^ on numbers, formulas, vectors and matrices (broadcast), and @.

extension Evaluator {
    /// The graph operation each elementwise operator makes. A switch, not a dictionary: the operators'
    /// raw values are strings, and hashing one for every + - * / ^ was a noticeable part of a loop step.
    /// The node operation of an elementwise operator (nil for `@` and `==`).
    static func elementwiseOperation(for operation: BinaryOperator) -> Node.Operation? {
        switch operation {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .power: return .power
        case .matrixProduct, .equal: return nil
        }
    }

    func arithmetic(_ operation: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if operation == .matrixProduct { return try matrixProduct(left, right, at: range) }
        guard let nodeOperation = Evaluator.elementwiseOperation(for: operation) else {
            throw .wrongKind(.operatorWithoutOperands(operation.rawValue), at: range)
        }
        // Two numbers (or formulas), the usual case: nothing to broadcast and no size to check.
        if case .scalar(let a) = left, case .scalar(let b) = right, !a.isTensor, !b.isTensor {
            return .scalar(makeNode(nodeOperation, a, b, at: range))
        }
        return try applyElementwise(nodeOperation, [left, right], at: range)
    }

    /// Applies `operation` element by element: to numbers, or to vectors and matrices with
    /// broadcasting (a number goes with every element, a vector with every row).
    func applyElementwise(_ operation: Node.Operation, _ operands: [Value], at range: SourceRange) throws(Diagnostic) -> Value {
        var nodes: [Node] = []
        nodes.reserveCapacity(operands.count)  // one allocation, not two: this runs for every + - * / ^
        for operand in operands {
            guard let node = operand.node else {
                throw .notComputable(source.text(in: range), operand: operand.kindDescription, at: range)
            }
            nodes.append(node)
        }
        if nodes.count == 2 {
            guard let shape = Broadcast.shape(nodes[0].shape, nodes[1].shape) else {
                throw .shapeMismatch(operation.symbol, nodes[0].shape, nodes[1].shape, at: range)
            }
            try checkSymbolicSize(of: nodes, shape: shape, at: range)
        }
        return .scalar(makeNode(operation, nodes, at: range))
    }

    /// `a @ b`: the matrix product, with the shapes checked first.
    func matrixProduct(_ left: Value, _ right: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard let a = left.node, let b = right.node else {
            throw .wrongKind(.matrixProductOperands, at: range)
        }
        guard a.isTensor, b.isTensor else {
            throw .wrongKind(.matrixProductOfNumber, at: range)
        }
        guard let shape = LinearAlgebra.productShape(a.shape, b.shape) else {
            throw .productMismatch(a.shape, b.shape, at: range)
        }
        try checkSymbolicSize(of: [a, b], shape: shape, at: range)
        // rows of a × shared dimension × columns of b (a vector counts as one row or one column).
        let shared = Double(a.shape.last ?? 1), outer = Double(a.shape.count == 2 ? a.shape[0] : 1) * Double(b.shape.count == 2 ? b.shape[1] : 1)
        try checkProductWork(outer * shared, "this product", at: range)
        return .scalar(makeNode(.matrixProduct, [a, b], at: range))
    }
}
