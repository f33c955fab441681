// Arithmetic on values: + - * / ^ on numbers, formulas, vectors and matrices (broadcast), @, and A == B.

extension Evaluator {
    private static let operations: [BinaryOperator: Node.Operation] = [
        .add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide, .power: .power,
    ]

    func arithmetic(_ operation: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        if operation == .matrixProduct { return try matrixProduct(left, right, at: range) }
        guard let nodeOperation = Evaluator.operations[operation] else {
            throw .wrongKind("'\(operation.rawValue)'", expected: "used between two expressions", at: range)
        }
        return try applyElementwise(nodeOperation, [left, right], at: range)
    }

    /// Applies `operation` element by element: to numbers, or to vectors and matrices with
    /// broadcasting (a number goes with every element, a vector with every row).
    func applyElementwise(_ operation: Node.Operation, _ operands: [Value], at range: SourceRange) throws(Diagnostic) -> Value {
        var nodes: [Node] = []
        for operand in operands {
            guard let node = operand.node else {
                throw .wrongKind("'\(source.text(in: range))' works on numbers, vectors and matrices; \(operand.kindDescription)",
                                 expected: "shown, not computed with", at: range)
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
            throw .wrongKind("both sides of '@'", expected: "vectors or matrices", at: range)
        }
        guard a.isTensor, b.isTensor else {
            throw .wrongKind("both sides of '@'", expected: "vectors or matrices (use * to multiply by a number)", at: range)
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

    /// `A == B`: numeric equality for numbers; for formulas, whether they are the same function.
    func compare(_ leftExpression: Expression, _ rightExpression: Expression, at range: SourceRange) throws(Diagnostic) -> Value {
        let left = try node(leftExpression, role: "the left side of '=='")
        let right = try node(rightExpression, role: "the right side of '=='")
        if left.isTensor || right.isTensor {
            guard left.shape == right.shape else {
                return .comparison(Comparison(isEqual: false, explanation: "the left side is \(Tensor.noun(left.shape)) and the right side \(Tensor.noun(right.shape))."))
            }
            if left.isSymbolic || right.isSymbolic { return .comparison(try compareElements(left, right, at: range)) }
            let equal = zip(left.elements, right.elements).allSatisfy { NumberFormat.areEqual($0, $1) }
            return .comparison(Comparison(isEqual: equal))
        }
        let context = derivativeContext(rightExpression, isOnRight: true) ?? derivativeContext(leftExpression, isOnRight: false)
        if !left.isSymbolic, !right.isSymbolic {
            let numbers = Comparison(isEqual: NumberFormat.areEqual(left.value, right.value), leftValue: left.value, rightValue: right.value)
            // A side that does not use the variable is a number to check the derivative's value against.
            guard let context, let variable = context.variable,
                  (context.isOnRight ? left : right).graph.contains(where: { $0 === variable }) else { return .comparison(numbers) }
            return .comparison(try compareAsFunctions(left, right, numbers, context, variable, at: range))
        }
        return .comparison(try compareFormulas(left, right, derivativeSide: context, at: range))
    }

    /// A derivative worked out by hand, checked against `diff(f, w)` with every name bound: the numbers
    /// at this point are compared, and so are the two sides as functions of w (the other names held at
    /// their values), so a slip is named and agreement at one lucky point is not taken for a proof.
    /// When the formulas would be too large to compare, the numbers alone decide.
    private func compareAsFunctions(_ left: Node, _ right: Node, _ numbers: Comparison, _ context: DerivativeContext,
                                    _ variable: Node, at range: SourceRange) throws(Diagnostic) -> Comparison {
        var functions: Comparison
        do {
            functions = try compareFormulas(left, right, derivativeSide: context, at: range)
        } catch where error.message != Diagnostic.interrupted(at: range).message {
            return numbers
        }
        guard !functions.isEqual else { return numbers.isEqual ? functions : numbers }
        let name = context.variableName, here = "\(name) = \(NumberFormat().text(variable.value))"
        if numbers.isEqual {
            let chance = "They agree at \(here) by chance: as functions of \(name) they differ."
            functions.explanation = [chance, functions.explanation].compactMap { $0 }.joined(separator: "\n  ")
            return functions
        }
        // Where they differ, this point is the one to show: the person chose it.
        functions.counterexample = [(name, variable.value)]
        functions.leftValue = left.value
        functions.rightValue = right.value
        return functions
    }

    /// Two vectors or matrices of the same shape, at least one of formulas: the same function element
    /// by element. The first element that differs is named, with a point where it does.
    private func compareElements(_ left: Node, _ right: Node, at range: SourceRange) throws(Diagnostic) -> Comparison {
        let rows = left.shape.count == 2 ? left.shape[0] : 1, columns = left.shape.last ?? 1
        for row in 0..<rows {
            for column in 0..<columns {
                try checkInterruption(at: range)
                let selection = Selection(rows: [row], columns: [column], dropsRows: true, dropsColumns: true, sourceColumns: columns)
                let a = Node.make(.select(selection), [left], cell: cell), b = Node.make(.select(selection), [right], cell: cell)
                var comparison: Comparison
                if a.isSymbolic || b.isSymbolic {
                    comparison = try compareFormulas(a, b, derivativeSide: nil, at: range)
                } else {
                    comparison = Comparison(isEqual: NumberFormat.areEqual(a.value, b.value), leftValue: a.value, rightValue: b.value)
                }
                guard comparison.isEqual else {
                    comparison.element = left.shape.count == 2 ? "[\(row + 1), \(column + 1)]" : "[\(column + 1)]"
                    return comparison
                }
            }
        }
        return Comparison(isEqual: true)
    }
}
