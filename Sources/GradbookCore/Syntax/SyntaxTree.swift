// The syntax tree: statements and expressions, every node keeping the range it was typed at.

/// An expression as typed, before evaluation.
///
/// Left-associative chains (`a + b - c`, `a * b / c`) are stored flat in `.chain`, so a long sum adds
/// breadth, not depth: the tree's depth is bounded by the parser's nesting limit, and walking it
/// recursively cannot overflow the stack.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case name(String)
        case string(String)
        /// `-u` or `+u`.
        case unary(UnaryOperator, Expression)
        /// `u ^ v` (right-associative) and `a == b`.
        case binary(BinaryOperator, Expression, Expression)
        /// `first op1 e1 op2 e2 …`, folded left to right.
        case chain(Expression, [ChainLink])
        /// `name(arguments)`.
        case call(name: String, nameRange: SourceRange, arguments: [Argument])
        /// `base[i]`, `base[i, j]`.
        case index(Expression, [Expression])
        /// `[a, b, c]`.
        case list([Expression])
        /// `EXPR at x = 2, y = 3`.
        case at(Expression, [NamedValue])
        /// Inside an index: `:` (everything) or `a:b` (a through b).
        case slice(Expression?, Expression?)
        /// `net.W1`: a part of a value, by name.
        case member(Expression, String)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case plus = "+"
}

public enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
    case matrixProduct = "@"
    case equal = "=="
}

/// One `op operand` step of a left-associative chain, with the operator's own range for carets.
public struct ChainLink: Sendable, Equatable {
    public var operation: BinaryOperator
    public var operatorRange: SourceRange
    public var operand: Expression
}

/// A call argument, optionally labelled (`seed = 1`).
public struct Argument: Sendable, Equatable {
    public var label: String?
    public var labelRange: SourceRange?
    public var value: Expression
}

/// `name = value`, as in `at x = 2`.
public struct NamedValue: Sendable, Equatable {
    public var name: String
    public var nameRange: SourceRange
    public var value: Expression
}

/// One statement of a cell or script.
public struct Statement: Sendable, Equatable {
    /// Boxed, as `Expression.Kind` is: a loop hands each statement of its body to the evaluator at every
    /// repetition, and copying the parts inline (a name, ranges, an expression) cost more than one reference.
    public indirect enum Kind: Sendable, Equatable {
        case expression(Expression)
        /// `x = EXPR`.
        case assignment(name: String, nameRange: SourceRange, value: Expression)
        /// `f(x, y) = EXPR`.
        case function(name: String, nameRange: SourceRange, parameters: [String], body: Expression)
        /// `:digits 8`.
        case command(name: String, argument: String)
        /// `?diff` or `diff?`.
        case help(topic: String)
        /// `repeat 100 { w = w - 0.1*grad(L(w), w) }`: the block, run `count` times.
        case repeatBlock(count: Expression, body: [Statement])
    }

    public var kind: Kind
    public var range: SourceRange
    /// Ended by `;`: runs without printing its result (errors are still printed).
    public var isSilenced: Bool

    public init(_ kind: Kind, _ range: SourceRange, isSilenced: Bool = false) {
        self.kind = kind
        self.range = range
        self.isSilenced = isSilenced
    }

    /// Whether this is a `repeat` block (read without copying the parts, as a loop asks at every step).
    var isRepeatBlock: Bool {
        if case .repeatBlock = kind { return true }
        return false
    }
}
