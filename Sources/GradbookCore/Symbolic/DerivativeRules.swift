// Each operation's own partial derivatives, as formulas of its operands: one table, read by both
// forward differentiation and the reverse (adjoint) sweep. The chain rule is applied by them, once.

extension FormulaStore: LocalDerivativeBuilder {
    /// a^2.
    public func square(_ a: FormulaID) -> FormulaID { power(a, constant(2)) }

    /// f'(u) for each builtin f, as a formula of its argument u (without the inner factor u'), built from
    /// the function's one statement of its rule (`MathFunction.localDerivative`).
    ///
    /// At the kinks of abs and relu the derivative is 0 (sign(0) = step(0) = 0), as in PyTorch; the
    /// derivatives of sign and step are 0 everywhere they are defined.
    func derivativeRule(_ f: MathFunction, at u: FormulaID) -> FormulaID {
        guard let rule = f.localDerivative else { return zero }
        return rule.build(self, argument: u) { apply(f, u) }
    }

    /// ∂(u^v)/∂u = v·u^(v-1). For a constant c this is c·u^(c-1): d(x^3) = 3*x^2.
    func powerBasePartial(base u: FormulaID, exponent v: FormulaID) -> FormulaID {
        multiply(v, power(u, add(v, minusOne)))
    }

    /// ∂(u^v)/∂v = u^v·log(u), given the node `u^v` itself so the result shares it.
    func powerExponentPartial(power node: FormulaID, base u: FormulaID) -> FormulaID {
        multiply(node, apply(.log, u))
    }

    /// ∂(c·f1·…·fk)/∂fi = c·∏_{j≠i} fj: the product of every operand but the one at `skipped`.
    func productPartial(_ operands: [FormulaID], skipping skipped: Int) -> FormulaID {
        var result = one
        for (j, operand) in operands.enumerated() where j != skipped { result = multiply(result, operand) }
        return result
    }

    /// The local partial derivative of node `id` with respect to its child at position `position` of
    /// `Node.children` (each position separately, so a child used twice gets two contributions).
    func localPartial(of id: FormulaID, childAt position: Int) -> FormulaID {
        switch node(id) {
        case .constant, .variable: return zero
        case .add: return one  // ∂(u1 + … + uk)/∂ui = 1
        case .multiply(let operands): return productPartial(operands, skipping: position)
        case .power(let base, let exponent):
            return position == 0
                ? powerBasePartial(base: base, exponent: exponent)
                : powerExponentPartial(power: id, base: base)
        case .apply(let f, let argument): return derivativeRule(f, at: argument)
        }
    }
}
