// Constructors that simplify while building: constants fold, neutral elements vanish, like terms
// and like powers collect. Each rule may only change a value where the original is undefined (NaN).
//
// Swell guard: a sum or product absorbs a child's operands only while the result keeps at most
// `maximumFlatOperands` operands; past that the child stays one shared operand. Unbounded flattening
// copies every level of a chain into its parent and makes derivatives quadratic (sympy's failure mode).

import Foundation

extension FormulaStore {
    /// The most operands a sum or product gets by absorbing its children's operands.
    static let maximumFlatOperands = 8

    /// The number `c`. -0 is stored as 0 (they differ only under division by zero, which is undefined).
    public func constant(_ c: Double) -> FormulaID {
        let value = c == 0 ? 0 : (c.isNaN ? Double.nan : c)
        return intern(.constant(bits: value.bitPattern))
    }

    /// The variable `v` as a formula.
    public func variable(_ v: Variable) -> FormulaID { intern(.variable(v)) }

    /// a + b, with 0 + u → u, u + u → 2*u, 3*u - u → 2*u, u - u → 0 and constants folded.
    public func add(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
        if let x = constantValue(a), let y = constantValue(b) { return constant(x + y) }
        if a == zero { return b }
        if b == zero { return a }
        let (left, right) = (term(a), term(b))
        if left.monomial == right.monomial, let c = combinedCoefficient(left.coefficient, right.coefficient) {
            return scaled(c, left.monomial)
        }
        let fits = sumOperandCount(a) + sumOperandCount(b) <= Self.maximumFlatOperands
        let operands = (fits ? sumOperands(a) : [a]) + (fits ? sumOperands(b) : [b])
        return sum(of: operands.map(term))
    }

    /// a - b, built as a + (-1)*b.
    public func subtract(_ a: FormulaID, _ b: FormulaID) -> FormulaID { add(a, negate(b)) }

    /// -a, built as (-1)*a; -(-u) → u.
    public func negate(_ a: FormulaID) -> FormulaID { multiply(minusOne, a) }

    /// a * b, with 1*u → u, 0*u → 0, u*u → u^2, u^2*u^3 → u^5, u/u → 1 and coefficients folded.
    public func multiply(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
        if let x = constantValue(a), let y = constantValue(b) {
            // Folded, 1e-300*1e-300 would be 0, and the formula a plain 0 that the maths is not (the derivative of
            // 1e-300*(1e-300*x) is 1e-600, too small for a double): kept as written, the formula stays true and its
            // evaluation sees the rounding (`FormulaEvaluation.roundedZero`).
            guard x * y != 0 || x == 0 || y == 0 || !x.isFinite || !y.isFinite else { return keptProduct(x, y) }
            return constant(x * y)
        }
        if a == zero || b == zero { return zero }
        if a == one { return b }
        if b == one { return a }
        let (left, right) = (term(a), term(b))
        let product = monomialProduct(left.monomial, right.monomial)
        let c = left.coefficient * right.coefficient * product.coefficient
        // An overflowing (or underflowing) coefficient would change defined values: keep both as they are.
        guard c.isFinite, c != 0 || [left.coefficient, right.coefficient, product.coefficient].contains(0) else {
            return unsimplifiedProduct(a, b)
        }
        return scaled(c, product.monomial)
    }

    /// a / b, built as a * b^-1.
    public func divide(_ a: FormulaID, _ b: FormulaID) -> FormulaID { multiply(a, power(b, minusOne)) }

    /// a ^ b, with u^0 → 1, u^1 → u, 1^u → 1, (u^a)^n → u^(a*n) and (u*v)^n → u^n*v^n for integer n.
    ///
    /// Only integer exponents distribute or merge: (u^2)^0.5 is |u|, not u, and (u*v)^0.5 is not
    /// u^0.5*v^0.5 when both are negative. sqrt(u)^2 stays as it is (it is u only for u ≥ 0).
    public func power(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
        if let x = constantValue(a), let y = constantValue(b) {
            // A nonzero number to a finite power is 0 only by underflow (1e-200^2): kept, as in `multiply`.
            guard Foundation.pow(x, y) != 0 || x == 0 || !x.isFinite || !y.isFinite else { return intern(.power(a, b)) }
            return constant(Foundation.pow(x, y))
        }
        if b == zero || a == one { return one }  // pow(u, 0) and pow(1, u) are 1 even for NaN u
        if b == one { return a }
        if let n = constantValue(b), n.rounded() == n {
            if case .power(let base, let exponent) = node(a) { return power(base, multiply(exponent, b)) }
            if let distributed = distributedPower(a, n) { return distributed }
        }
        return intern(.power(a, b))
    }

    /// f(a), folded when a is a constant.
    public func apply(_ f: MathFunction, _ a: FormulaID) -> FormulaID {
        if let x = constantValue(a) {
            // A function that is 0 where it is not exactly 0 underflowed (exp(-800)): kept, as in `multiply`.
            guard f(x) != 0 || !x.isFinite || FormulaEvaluation.isExact(f, at: x, value: 0) else { return intern(.apply(f, a)) }
            return constant(f(x))
        }
        return intern(.apply(f, a))
    }

    /// (c * u1 * … * uk)^n → c^n * u1^n * … * uk^n for an integer n, when no ui is itself a product
    /// (so one call never walks down a chain of nested products).
    private func distributedPower(_ a: FormulaID, _ n: Double) -> FormulaID? {
        guard case .multiply(let operands) = node(a) else { return nil }
        guard !operands.contains(where: { if case .multiply = node($0) { true } else { false } }) else { return nil }
        var result = one
        for operand in operands {
            let factor = constantValue(operand).map { constant(Foundation.pow($0, n)) } ?? power(operand, constant(n))
            if let c = constantValue(factor), !c.isFinite || c == 0 { return nil }
            result = multiply(result, factor)
        }
        return result
    }

    /// a * b kept as a two-operand product (a constant first), used when folding would overflow.
    /// x*y kept as a product of two numbers, because it would round to 0: their sizes in one order and the sign outside,
    /// so the same product written any way is one formula, and 2e-300*(1e-300*x) - 1e-300*(2e-300*x) has the derivative
    /// 0 that the maths has, not a difference of two rounded zeros.
    private func keptProduct(_ x: Double, _ y: Double) -> FormulaID {
        let (p, q) = (constant(Swift.abs(x)), constant(Swift.abs(y)))
        let sizes = intern(.multiply([Swift.min(p, q), Swift.max(p, q)]))
        return (x < 0) != (y < 0) ? scaled(-1, sizes) : sizes
    }

    private func unsimplifiedProduct(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
        let operands = isConstant(b) || (!isConstant(a) && b < a) ? [b, a] : [a, b]
        return intern(.multiply(operands))
    }

    /// x + y, or nil when two finite numbers would sum to an infinity.
    func finiteSum(_ x: Double, _ y: Double) -> Double? {
        let s = x + y
        return s.isFinite || !x.isFinite || !y.isFinite ? s : nil
    }

    /// The coefficient of like terms c*u + d*u taken together, or nil when they stay apart: when c + d
    /// would overflow, and when c or d is a named constant and c + d has no short spelling, so
    /// t/(2*pi) + t/3 stays as written instead of becoming 0.49248827642522863*t (a monomial then has at
    /// most one term per named constant besides one plain coefficient, so sums stay bounded).
    func combinedCoefficient(_ c: Double, _ d: Double) -> Double? {
        guard let s = finiteSum(c, d) else { return nil }
        // closedForm first: a few comparisons, where namedConstant spells the number out.
        let named = { (x: Double) in NumberText.closedForm(Swift.abs(x)) != nil && NumberText.namedConstant(x) != nil }
        if named(c) || named(d), !NumberText.hasShortSpelling(s) { return nil }
        return s
    }
}
