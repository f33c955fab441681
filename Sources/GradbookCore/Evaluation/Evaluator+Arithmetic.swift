// Arithmetic on values: + - * / ^ on numbers and formulas, elementwise on lists, and A == B.

extension Evaluator {
    private static let operations: [BinaryOperator: Node.Operation] = [
        .add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide, .power: .power,
    ]

    func arithmetic(_ operation: BinaryOperator, _ left: Value, _ right: Value, at range: SourceRange) throws(Diagnostic) -> Value {
        guard let nodeOperation = Evaluator.operations[operation] else {
            throw .unsupported("the matrix product '@'", at: range, hint: "it arrives with vectors and matrices; use * for numbers.")
        }
        return try applyElementwise(nodeOperation, [left, right], at: range)
    }

    /// Applies `operation` to numbers, or element by element when some operands are lists (a number
    /// operand is used with every element).
    func applyElementwise(_ operation: Node.Operation, _ operands: [Value], at range: SourceRange) throws(Diagnostic) -> Value {
        var length: Int?
        for operand in operands {
            switch operand {
            case .scalar, .derivative: continue
            case .vector(let nodes):
                if let known = length, known != nodes.count {
                    throw Diagnostic(range, "'\(operation.symbol)' needs lists of the same length, but got lengths \(known) and \(nodes.count).")
                }
                length = nodes.count
            default:
                throw .wrongKind("'\(source.text(in: range))' works on numbers and formulas; \(operand.kindDescription)", expected: "shown, not computed with", at: range)
            }
        }
        func element(_ operand: Value, _ index: Int) -> Node {
            switch operand {
            case .vector(let nodes): return nodes[index]
            default: return operand.node ?? .constant(.nan)
            }
        }
        guard let length else {
            return .scalar(makeNode(operation, operands.map { element($0, 0) }, at: range))
        }
        return .vector((0..<length).map { index in makeNode(operation, operands.map { element($0, index) }, at: range) })
    }

    /// `A == B`: numeric equality for numbers; for formulas, whether they are the same function.
    func compare(_ leftExpression: Expression, _ rightExpression: Expression, at range: SourceRange) throws(Diagnostic) -> Value {
        let left = try scalar(leftExpression, role: "the left side of '=='")
        let right = try scalar(rightExpression, role: "the right side of '=='")
        if !left.isSymbolic, !right.isSymbolic {
            return .comparison(Comparison(isEqual: NumberFormat.areEqual(left.value, right.value), leftValue: left.value, rightValue: right.value))
        }
        let context = derivativeContext(rightExpression, isOnRight: true) ?? derivativeContext(leftExpression, isOnRight: false)
        return .comparison(try compareFormulas(left, right, derivativeSide: context, at: range))
    }
}
