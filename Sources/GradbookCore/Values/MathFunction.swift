// The builtin functions of one argument: each with its value, its local derivative and a help line.

import Foundation

/// A builtin function of one real argument.
///
/// Each case defines only its own value and its own derivative; the chain rule is applied once, by
/// backpropagation and by symbolic differentiation, for all of them. At the kinks of `relu` and `abs`
/// the derivative is taken to be 0, as PyTorch does; `step` and `sign` exist so that those derivatives
/// can be written as formulas that parse back.
public enum MathFunction: String, CaseIterable, Sendable, Comparable {
    case abs, cos, exp, log, relu, sigmoid, sign, sin, softplus, sqrt, step, tan, tanh

    public static func < (lhs: MathFunction, rhs: MathFunction) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The function's value at `x`.
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .abs: return Swift.abs(x)
        case .cos: return Foundation.cos(x)
        case .exp: return Foundation.exp(x)
        case .log: return Foundation.log(x)
        case .relu: return x > 0 ? x : (x.isNaN ? x : 0)
        case .sigmoid: return MathFunction.logistic(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
        case .sin: return Foundation.sin(x)
        case .softplus: return StableKernels.softplus(x)
        case .sqrt: return x.squareRoot()
        case .step: return x > 0 ? 1 : (x.isNaN ? x : 0)
        case .tan: return Foundation.tan(x)
        case .tanh: return Foundation.tanh(x)
        }
    }

    /// The derivative at `x`, given the function's value `y` there (backprop reuses the forward value).
    ///
    /// sigmoid'(x) = sigmoid(x)·sigmoid(-x), which keeps full relative precision in both tails, where
    /// the textbook y·(1 - y) rounds to 0 once y rounds to 1 (sigmoid'(40) ≈ 4.2e-18, not 0).
    public func derivative(at x: Double, value y: Double) -> Double {
        switch self {
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
        case .cos: return -Foundation.sin(x)
        case .exp: return y
        case .log: return 1 / x
        case .relu: return x > 0 ? 1 : (x.isNaN ? x : 0)
        case .sigmoid: return MathFunction.logistic(x) * MathFunction.logistic(-x)
        case .sign, .step: return x.isNaN ? x : 0
        case .sin: return Foundation.cos(x)
        case .softplus: return MathFunction.logistic(x)
        case .sqrt: return 1 / (2 * y)
        case .tan: return 1 + y * y
        case .tanh: return 1 - y * y
        }
    }

    /// sigmoid(x) = 1/(1 + exp(-x)), evaluated so that neither tail overflows.
    static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let z = Foundation.exp(x)
        return z / (1 + z)
    }

    /// Whether the derivative jumps at 0 (the kink conventions apply there).
    public var hasKinkAtZero: Bool {
        switch self {
        case .abs, .relu, .sign, .step: return true
        default: return false
        }
    }

    /// Whether `x` lies inside the function's real domain (used to pick sample points).
    public func isInDomain(_ x: Double) -> Bool {
        switch self {
        case .log: return x > 0
        case .sqrt: return x >= 0
        case .tan: return Swift.abs(Foundation.cos(x)) > 1e-3
        default: return true
        }
    }
}
