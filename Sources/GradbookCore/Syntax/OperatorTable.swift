// Operator precedence and associativity in one table (Lua's priority[]).

/// Which operators bind how tightly.
///
/// From loosest to tightest: `at`, `==`, `+ -`, `* / @`, unary `- +`, `^`. Power is right-associative
/// and binds tighter than unary minus, so `-x^2` is `-(x^2)` and `2^-1` is `2^(-1)`; `**` is read as `^`.
enum OperatorTable {
    /// How many left-associative levels there are: 0 is `+ -`, 1 is `* / @` (loosest first).
    static let chainLevelCount = 2

    /// The operator `token` spells at chain `level`, if any. A switch over the token, not a search of a list
    /// of pairs: comparing token kinds (which carry names and numbers) at every level of every operand was a
    /// twentieth of a long script's parse.
    static func chainOperator(_ token: Token.Kind, level: Int) -> BinaryOperator? {
        switch token {
        case .plus: return level == 0 ? .add : nil
        case .minus: return level == 0 ? .subtract : nil
        case .star: return level == 1 ? .multiply : nil
        case .slash: return level == 1 ? .divide : nil
        case .at: return level == 1 ? .matrixProduct : nil
        default: return nil
        }
    }

    /// The prefix operator `token` spells, if any.
    static func prefixOperator(_ token: Token.Kind) -> UnaryOperator? {
        switch token {
        case .minus: return .negate
        case .plus: return .plus
        default: return nil
        }
    }
}
