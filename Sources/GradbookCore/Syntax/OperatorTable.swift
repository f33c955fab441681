// Operator precedence and associativity in one table (Lua's priority[]).

/// Which operators bind how tightly.
///
/// From loosest to tightest: `at`, `==`, `+ -`, `* / @`, unary `- +`, `^`. Power is right-associative
/// and binds tighter than unary minus, so `-x^2` is `-(x^2)` and `2^-1` is `2^(-1)`; `**` is read as `^`.
enum OperatorTable {
    /// The left-associative levels, loosest first: which tokens spell which operator at that level.
    static let chainLevels: [[(token: Token.Kind, operation: BinaryOperator)]] = [
        [(.plus, .add), (.minus, .subtract)],
        [(.star, .multiply), (.slash, .divide), (.at, .matrixProduct)],
    ]

    static let prefixOperators: [(token: Token.Kind, operation: UnaryOperator)] = [(.minus, .negate), (.plus, .plus)]

    /// The operator `token` spells at chain `level`, if any.
    static func chainOperator(_ token: Token.Kind, level: Int) -> BinaryOperator? {
        chainLevels[level].first { $0.token == token }?.operation
    }

    /// The prefix operator `token` spells, if any.
    static func prefixOperator(_ token: Token.Kind) -> UnaryOperator? {
        prefixOperators.first { $0.token == token }?.operation
    }
}
