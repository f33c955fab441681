// Where a step has no value at finite inputs: the maths is undefined there, not the doubles too small or too large.

/// A step that has no value at a finite input: a function outside its domain (log(-1), sqrt(-1), asin(2)) or at its
/// pole (log(0)), a power that is undefined (a negative number to a fractional power, 0 to a negative one), or a
/// division by an exact 0. Unlike an overflow (exp(800)) or an underflow, which are limits of doubles, such a step
/// makes the formula undefined at that point in the maths too, so it has no derivative there either.
public enum UndefinedOperation: Equatable, Sendable {
    case function(MathFunction, argument: Double)
    case power(base: Double, exponent: Double)
    /// `numerator / 0`.
    case quotient(numerator: Double)
}

extension MathFunction {
    /// Whether `x`, known to within `error`, lies outside the function's domain by more than that (sqrt of a -1e-17
    /// that rounding may have moved below 0 is not).
    public func isOutsideDomain(_ x: Double, byMoreThan error: Double) -> Bool {
        switch self {
        case .log, .log10, .log2, .sqrt: -x > error
        case .log1p: -1 - x > error
        case .asin, .acos: Swift.abs(x) - 1 > error
        default: false
        }
    }

    /// Whether the function is infinite at `x` because `x` is its pole (log(0), log1p(-1)), not because it overflowed.
    public func hasPole(at x: Double) -> Bool {
        switch self {
        case .log, .log10, .log2: x == 0
        case .log1p: x == -1
        default: false
        }
    }
}
