// Each operation's own partial derivatives, as formulas of its operands: one table, read by both
// forward differentiation and the reverse (adjoint) sweep. The chain rule is applied by them, once.

extension FormulaStore {
    /// f'(u) for each builtin f, as a formula of its argument u (without the inner factor u').
    ///
    /// At the kinks of abs and relu the derivative is 0 (sign(0) = step(0) = 0), as in PyTorch; the
    /// derivatives of sign and step are 0 everywhere they are defined.
    func derivativeRule(_ f: MathFunction, at u: FormulaID) -> FormulaID {
        switch f {
        case .abs: return apply(.sign, u)  //                          |u|'      = sign(u)
        case .cos: return negate(apply(.sin, u))  //                   cos'(u)   = -sin(u)
        case .exp: return apply(.exp, u)  //                           exp'(u)   = exp(u)
        case .log: return divide(one, u)  //                           log'(u)   = 1/u
        case .relu: return apply(.step, u)  //                         relu'(u)  = step(u)
        case .sigmoid: return multiply(apply(.sigmoid, u), apply(.sigmoid, negate(u)))  // σ(u)·σ(-u)
        case .sign, .step: return zero  //                             0 (a jump has no slope)
        case .sin: return apply(.cos, u)  //                           sin'(u)   = cos(u)
        case .softplus: return apply(.sigmoid, u)  //                  softplus'(u) = sigmoid(u)
        case .sqrt: return divide(one, multiply(constant(2), apply(.sqrt, u)))  // 1/(2·sqrt(u))
        case .tan: return add(one, power(apply(.tan, u), constant(2)))  //       1 + tan(u)^2
        case .tanh: return subtract(one, power(apply(.tanh, u), constant(2)))  // 1 - tanh(u)^2
        }
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
