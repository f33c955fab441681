// How sums and products see their operands: a term is coefficient × monomial, a factor is base ^ exponent.
// Like terms are terms with the same monomial id; like factors are factors with the same base id.

extension FormulaStore {
    /// A summand split as `coefficient * monomial`; a constant c is `c * 1` (monomial `one`).
    struct Term {
        var coefficient: Double
        var monomial: FormulaID
    }

    /// A multiplicand split as `base ^ exponent`; a plain u is `u ^ 1`.
    struct Factor {
        var base: FormulaID
        var exponent: FormulaID
        /// The operand it came from, while its exponent is unchanged (so it need not be rebuilt).
        var original: FormulaID? = nil
    }

    /// `id` as coefficient × monomial: 3*x*y is 3 × (x*y), 5 is 5 × 1, sin(x) is 1 × sin(x).
    func term(_ id: FormulaID) -> Term {
        switch node(id) {
        case .constant(let bits):
            return Term(coefficient: Double(bitPattern: bits), monomial: one)
        case .multiply(let operands):
            // A product of numbers only is one kept from folding to 0 (1e-300*1e-300, `multiply`): a factor of its own.
            guard let c = constantValue(operands[0]), !operands.allSatisfy(isConstant) else { return Term(coefficient: 1, monomial: id) }
            return Term(coefficient: c, monomial: monomial(of: id, operands))
        default:
            return Term(coefficient: 1, monomial: id)
        }
    }

    /// `id` as base ^ exponent.
    func factor(_ id: FormulaID) -> Factor {
        if case .power(let base, let exponent) = node(id) { return Factor(base: base, exponent: exponent, original: id) }
        return Factor(base: id, exponent: one, original: id)
    }

    /// Whether a·b is as nonzero and as finite as a and b are: a coefficient folded from them keeps what they are
    /// (1e-300·1e-300 rounds to 0, and a term with it would vanish from a formula whose maths it is part of).
    static func multipliesFaithfully(_ a: Double, _ b: Double) -> Bool {
        let product = a * b
        return (product != 0 || a == 0 || b == 0) && (product.isFinite || !a.isFinite || !b.isFinite)
    }

    /// c * m for a monomial m, without re-examining m's factors (they are already simplified).
    func scaled(_ c: Double, _ monomial: FormulaID) -> FormulaID {
        if monomial == one { return constant(c) }
        if c == 0 { return zero }
        if c == 1 { return monomial }
        if case .multiply(let operands) = node(monomial), !isConstant(operands[0]) {
            return intern(.multiply([constant(c)] + operands))
        }
        return intern(.multiply([constant(c), monomial]))
    }

    func sumOperandCount(_ id: FormulaID) -> Int {
        if case .add(let operands) = node(id) { return operands.count }
        return 1
    }

    func sumOperands(_ id: FormulaID) -> [FormulaID] {
        if case .add(let operands) = node(id) { return operands }
        return [id]
    }

    /// The sum of `terms`, like terms collected: 2*u + 3*u → 5*u, and terms that cancel dropped.
    func sum(of terms: [Term]) -> FormulaID {
        var collected: [Term] = []
        for t in terms {
            if let i = collected.firstIndex(where: { $0.monomial == t.monomial && combinedCoefficient($0.coefficient, t.coefficient) != nil }),
                let c = combinedCoefficient(collected[i].coefficient, t.coefficient)
            {
                collected[i].coefficient = c
            } else {
                collected.append(t)
            }
        }
        let operands = collected.map { scaled($0.coefficient, $0.monomial) }.filter { $0 != zero }
        switch operands.count {
        case 0: return zero
        case 1: return operands[0]
        default: return intern(.add(operands.sorted()))
        }
    }

    /// The product of two monomials (no coefficients), like factors merged: x^2 * x*y → x^3*y.
    ///
    /// A merged factor may fold to a number (u * u^-1 → 1), which is returned as the coefficient.
    ///
    /// The factors are gathered on the call stack and the operands in one array made to size: a gradient's tidying
    /// multiplies thousands of monomials, and the five arrays each product made and dropped (the operands joined, the
    /// factors grown, the operands grown, then sorted into a copy) were most of its time.
    func monomialProduct(_ a: FormulaID, _ b: FormulaID) -> Term {
        if a == one { return Term(coefficient: 1, monomial: b) }
        if b == one { return Term(coefficient: 1, monomial: a) }
        let (countA, countB) = (productOperandCount(a), productOperandCount(b))
        let fits = countA + countB <= Self.maximumFlatOperands
        return withUnsafeTemporaryAllocation(of: Factor.self, capacity: fits ? countA + countB : 2) { factors in
            var count = 0
            func absorb(_ operand: FormulaID) {
                let f = factor(operand)
                var i = 0
                while i < count, factors[i].base != f.base { i += 1 }
                if i < count {
                    factors[i].exponent = add(factors[i].exponent, f.exponent)
                    factors[i].original = nil
                } else {
                    factors.initializeElement(at: count, to: f)
                    count += 1
                }
            }
            if fits {
                forEachProductOperand(of: a, absorb)
                forEachProductOperand(of: b, absorb)
            } else {
                absorb(a)
                absorb(b)
            }
            var coefficient = 1.0
            var operands: [FormulaID] = []
            operands.reserveCapacity(count)
            for f in factors[..<count] {
                if let original = f.original {
                    operands.append(original)
                    continue
                }
                let t = term(power(f.base, f.exponent))
                coefficient *= t.coefficient
                if t.monomial != one { operands.append(t.monomial) }
            }
            // (Factor is plain data: nothing to deinitialize.)
            switch operands.count {
            case 0: return Term(coefficient: coefficient, monomial: one)
            case 1: return Term(coefficient: coefficient, monomial: operands[0])
            default:
                operands.sort()
                return Term(coefficient: coefficient, monomial: intern(.multiply(operands)))
            }
        }
    }

    /// How many factors the monomial `id` has: a product's operands (it has no coefficient), or `id` itself.
    private func productOperandCount(_ id: FormulaID) -> Int {
        if case .multiply(let operands) = node(id), !isConstant(operands[0]) { return operands.count }
        return 1
    }

    /// Calls `body` with each factor of the monomial `id`, as `productOperandCount` counts them.
    private func forEachProductOperand(of id: FormulaID, _ body: (FormulaID) -> Void) {
        if case .multiply(let operands) = node(id), !isConstant(operands[0]) {
            for operand in operands { body(operand) }
        } else {
            body(id)
        }
    }
}
