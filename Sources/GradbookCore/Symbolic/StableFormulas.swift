// log(1 + exp(u)), log(sigmoid(u)) and log(1 - sigmoid(u)) in formulas: their derivatives written as sigmoid, and their
// values computed stably, to match what the graph computes (Graph/Node+StableForms.swift).

extension FormulaStore {
    /// The stable form `log(argument)` makes, and its operand u, if any.
    ///
    /// The textbook derivative of log(1 + exp(u)) is exp(u)/(1 + exp(u)), which is inf/inf = nan at
    /// u = 800; written sigmoid(u) it is 1 there, and it is what a person would write anyway.
    func stableLogarithm(of argument: FormulaID) -> (form: ScalarStableForm, operand: FormulaID)? {
        switch node(argument) {
        case .add(let operands) where operands.count == 2:
            for (one, other) in [(operands[0], operands[1]), (operands[1], operands[0])] {
                guard constantValue(one) == 1 else { continue }
                if case .apply(.exp, let u) = node(other) { return (.softplus, u) }
                if let u = negatedSigmoidOperand(other) { return (.logOneMinusSigmoid, u) }
            }
            return nil
        case .apply(.sigmoid, let u):
            return (.logSigmoid, u)
        default:
            return nil
        }
    }

    /// u, when `id` is 1 - sigmoid(u): evaluated as sigmoid(-u), which keeps the digits that subtracting from 1
    /// loses once sigmoid(u) is close to 1 (σ' = σ(1 - σ) at u = 40 is 4.2e-18, not 0).
    func complementedSigmoidOperand(_ id: FormulaID) -> FormulaID? {
        guard case .add(let operands) = node(id), operands.count == 2 else { return nil }
        for (one, other) in [(operands[0], operands[1]), (operands[1], operands[0])] where constantValue(one) == 1 {
            if let u = negatedSigmoidOperand(other) { return u }
        }
        return nil
    }

    /// u and the sign, when `id` is 1 - tanh(u)^2 or its negation -1 + tanh(u)^2 (how -(1 - tanh(u)^2) is stored):
    /// evaluated from u (`StableKernels.tanhSlope`), which keeps the digits that subtracting from 1 loses once tanh(u)
    /// is close to ±1 (tanh'(30) is 3.5e-26, not 0).
    func squaredTanh(_ id: FormulaID) -> (operand: FormulaID, negated: Bool)? {
        guard case .add(let operands) = node(id), operands.count == 2 else { return nil }
        for (minusOne, square) in [(operands[0], operands[1]), (operands[1], operands[0])] where constantValue(minusOne) == -1 {
            if case .power(let base, let exponent) = node(square), constantValue(exponent) == 2,
               case .apply(.tanh, let u) = node(base) { return (u, true) }
        }
        return positiveSquaredTanh(operands).map { ($0, false) }
    }

    private func positiveSquaredTanh(_ operands: [FormulaID]) -> FormulaID? {
        for (one, other) in [(operands[0], operands[1]), (operands[1], operands[0])] where constantValue(one) == 1 {
            guard case .multiply(let factors) = node(other), factors.count == 2 else { continue }
            for (sign, square) in [(factors[0], factors[1]), (factors[1], factors[0])] where constantValue(sign) == -1 {
                if case .power(let base, let exponent) = node(square), constantValue(exponent) == 2,
                   case .apply(.tanh, let u) = node(base) { return u }
            }
        }
        return nil
    }

    /// u, when `id` is -sigmoid(u) (how 1 - sigmoid(u) stores its second term).
    private func negatedSigmoidOperand(_ id: FormulaID) -> FormulaID? {
        guard case .multiply(let factors) = node(id), factors.count == 2 else { return nil }
        for (sign, other) in [(factors[0], factors[1]), (factors[1], factors[0])] {
            if constantValue(sign) == -1, case .apply(.sigmoid, let u) = node(other) { return u }
        }
        return nil
    }

    /// d(form)/du as a formula of u: sigmoid(u) for softplus, sigmoid(-u) for log-sigmoid, -sigmoid(u)
    /// for log(1 - sigmoid(u)).
    func stableDerivativeRule(_ form: ScalarStableForm, at u: FormulaID) -> FormulaID {
        switch form {
        case .softplus: return apply(.sigmoid, u)
        case .logSigmoid: return apply(.sigmoid, negate(u))
        case .logOneMinusSigmoid: return negate(apply(.sigmoid, u))
        }
    }
}

/// The stable forms of one number (formulas have no vectors, so no log-sum-exp).
enum ScalarStableForm {
    case softplus, logSigmoid, logOneMinusSigmoid

    /// The form's value at u, and its derivative there.
    func value(_ u: Double) -> Double {
        switch self {
        case .softplus: return StableKernels.softplus(u)
        case .logSigmoid: return StableKernels.logSigmoid(u)
        case .logOneMinusSigmoid: return StableKernels.logSigmoid(-u)
        }
    }

    func derivative(_ u: Double) -> Double {
        switch self {
        case .softplus: return MathFunction.logistic(u)
        case .logSigmoid: return MathFunction.logistic(-u)
        case .logOneMinusSigmoid: return -MathFunction.logistic(u)
        }
    }
}
