// d/dx and n-th derivatives by forward differentiation over the DAG, memoised per node: each node's
// derivative is built once from its children's, so shared subterms are differentiated once.

/// How a derivative is taken: correctly, or with one of a student's typical slips (used to name a
/// mistake in `diagnoseDerivative`). A slip applies at one node, or everywhere when the node is nil.
enum DifferentiationRule: Equatable {
    case standard
    /// f(u)' written as f'(u), without the chain rule's inner factor u' (also (u^c)' as c·u^(c-1)).
    case omittingInnerFactor(at: FormulaID?)
    /// (u·v)' written as u'·v', the product of the derivatives instead of the product rule.
    case productOfDerivatives(at: FormulaID?)
    /// (1/v)' written as +v'/v² (the quotient rule's minus lost): at a power v^c with c < 0, the sign
    /// of c·v^(c-1) is flipped.
    case flippingQuotientSign(at: FormulaID?)
    /// (u^c)' written as c·u^(c-1+offset)·u': offset 1 keeps the exponent, 2 raises it.
    case shiftingPowerExponent(at: FormulaID?, offset: Double)

    func omitsInnerFactor(at id: FormulaID) -> Bool {
        if case .omittingInnerFactor(let node) = self { return node == nil || node == id }
        return false
    }

    func multipliesDerivatives(at id: FormulaID) -> Bool {
        if case .productOfDerivatives(let node) = self { return node == nil || node == id }
        return false
    }

    func flipsQuotientSign(at id: FormulaID) -> Bool {
        if case .flippingQuotientSign(let node) = self { return node == nil || node == id }
        return false
    }

    /// How far the power rule's exponent is off at `id` (0 when it is taken correctly).
    func powerExponentOffset(at id: FormulaID) -> Double {
        if case .shiftingPowerExponent(let node, let offset) = self, node == nil || node == id { return offset }
        return 0
    }
}

extension FormulaStore {
    /// The `order`-th derivative of `id` with respect to `v` (order 0 is `id` itself).
    ///
    /// Rules: (u + v)' = u' + v'; (c·f1·…·fk)' = Σ c·fi'·∏_{j≠i} fj; (u^c)' = c·u^(c-1)·u';
    /// (u^v)' = u^v·(v'·log(u) + v·u'/u); f(u)' = f'(u)·u' with f' from `derivativeRule`.
    public func derivative(of id: FormulaID, withRespectTo v: Variable, order: Int = 1) -> FormulaID {
        var result = id
        for _ in 0..<max(order, 0) where stopReason == nil {
            result = derivative(of: result, withRespectTo: v, rule: .standard)
        }
        return result
    }

    /// One derivative, each node's built from its children's in ascending (topological) order.
    func derivative(of root: FormulaID, withRespectTo v: Variable, rule: DifferentiationRule) -> FormulaID {
        var d = [FormulaID](repeating: zero, count: root.index + 1)
        for id in reachable(from: [root]) {
            d[id.index] = derivativeStep(id, withRespectTo: v, rule: rule) { d[$0.index] }
        }
        return d[root.index]
    }

    /// The derivative of node `id`, given its children's derivatives `d`.
    private func derivativeStep(
        _ id: FormulaID, withRespectTo v: Variable, rule: DifferentiationRule, _ d: (FormulaID) -> FormulaID
    ) -> FormulaID {
        switch node(id) {
        case .constant: return zero
        case .variable(let w): return w == v ? one : zero
        case .add(let operands): return operands.reduce(zero) { add($0, d($1)) }
        case .multiply(let operands): return productDerivative(id, operands, rule: rule, d)
        case .power(let base, let exponent):
            let (du, dv) = (d(base), d(exponent))
            let inner = rule.omitsInnerFactor(at: id) && dv == zero && du != zero ? one : du
            let viaBase = du == zero ? zero : multiply(slippedPowerPartial(id, base, exponent, rule: rule), inner)
            let viaExponent = dv == zero ? zero : multiply(powerExponentPartial(power: id, base: base), dv)
            return add(viaBase, viaExponent)
        case .apply(.log, let argument) where stableLogarithm(of: argument) != nil:
            // log(1 + exp(u))' = sigmoid(u)·u', not exp(u)/(1 + exp(u))·u' (nan once exp(u) overflows).
            guard let (form, u) = stableLogarithm(of: argument), d(u) != zero else { return zero }
            return multiply(stableDerivativeRule(form, at: u), rule.omitsInnerFactor(at: id) ? one : d(u))
        case .apply(let f, let argument):
            let du = d(argument)
            if du == zero { return zero }
            return multiply(derivativeRule(f, at: argument), rule.omitsInnerFactor(at: id) ? one : du)
        }
    }

    /// ∂(u^c)/∂u = c·u^(c-1), or with the power rule's exponent off, or the quotient's sign flipped.
    private func slippedPowerPartial(
        _ id: FormulaID, _ base: FormulaID, _ exponent: FormulaID, rule: DifferentiationRule
    ) -> FormulaID {
        guard let c = constantValue(exponent) else { return powerBasePartial(base: base, exponent: exponent) }
        let offset = rule.powerExponentOffset(at: id)
        let partial = offset == 0
            ? powerBasePartial(base: base, exponent: exponent)
            : multiply(exponent, power(base, constant(c - 1 + offset)))
        return c < 0 && rule.flipsQuotientSign(at: id) ? negate(partial) : partial
    }

    /// The product rule over all operands that depend on the variable (or the slip u'·v').
    private func productDerivative(
        _ id: FormulaID, _ operands: [FormulaID], rule: DifferentiationRule, _ d: (FormulaID) -> FormulaID
    ) -> FormulaID {
        let dependent = operands.indices.filter { d(operands[$0]) != zero }
        if rule.multipliesDerivatives(at: id), dependent.count >= 2 {
            return operands.indices.reduce(one) { multiply($0, dependent.contains($1) ? d(operands[$1]) : operands[$1]) }
        }
        return dependent.reduce(zero) { add($0, multiply(productPartial(operands, skipping: $1), d(operands[$1]))) }
    }
}
