// log(1 + exp(u)) and log(sigmoid(u)) in formulas: their derivatives written as sigmoid, and their
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
                if constantValue(one) == 1, case .apply(.exp, let u) = node(other) { return (.softplus, u) }
            }
            return nil
        case .apply(.sigmoid, let u):
            return (.logSigmoid, u)
        default:
            return nil
        }
    }

    /// d(form)/du as a formula of u: sigmoid(u) for softplus, sigmoid(-u) for log-sigmoid.
    func stableDerivativeRule(_ form: ScalarStableForm, at u: FormulaID) -> FormulaID {
        switch form {
        case .softplus: return apply(.sigmoid, u)
        case .logSigmoid: return apply(.sigmoid, negate(u))
        }
    }
}

/// The stable forms of one number (formulas have no vectors, so no log-sum-exp).
enum ScalarStableForm {
    case softplus, logSigmoid

    /// The form's value at u, and its derivative there.
    func value(_ u: Double) -> Double {
        self == .softplus ? StableKernels.softplus(u) : StableKernels.logSigmoid(u)
    }

    func derivative(_ u: Double) -> Double {
        self == .softplus ? MathFunction.logistic(u) : MathFunction.logistic(-u)
    }
}
