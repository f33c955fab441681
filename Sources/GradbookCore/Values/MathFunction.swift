// The builtin functions of one argument: each with its value, its local derivative and a help line.

import Foundation

/// A builtin function of one real argument.
///
/// Each case defines only its own value and its own derivative; the chain rule is applied once, by
/// backpropagation and by symbolic differentiation, for all of them. At the kinks of `relu` and `abs`
/// the derivative is taken to be 0, as PyTorch does; `step` and `sign` exist so that those derivatives
/// can be written as formulas that parse back.
public enum MathFunction: String, CaseIterable, Sendable, Comparable {
    case abs, acos, asin, atan, cos, cosh, elu, erf, erfc, exp, expm1, gelu, log, log10, log1p, log2, relu, sigmoid, sign,
         sin, sinh, softplus, sqrt, step, tan, tanh

    public static func < (lhs: MathFunction, rhs: MathFunction) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The function's value at `x`.
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .abs: return Swift.abs(x)
        case .acos: return Foundation.acos(x)
        case .asin: return Foundation.asin(x)
        case .atan: return Foundation.atan(x)
        case .cos: return Foundation.cos(x)
        case .cosh: return Foundation.cosh(x)
        case .elu: return x > 0 ? x : Foundation.expm1(x)  // expm1 keeps the digits of elu(-1e-10)
        case .erf: return Foundation.erf(x)
        case .erfc: return Foundation.erfc(x)
        case .exp: return Foundation.exp(x)
        case .expm1: return Foundation.expm1(x)
        case .gelu: return MathFunction.gelu(x)
        case .log: return Foundation.log(x)
        case .log10: return Foundation.log10(x)
        case .log1p: return Foundation.log1p(x)
        case .log2: return Foundation.log2(x)
        case .relu: return x > 0 ? x : (x.isNaN ? x : 0)
        case .sigmoid: return MathFunction.logistic(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
        case .sin: return Foundation.sin(x)
        case .sinh: return Foundation.sinh(x)
        case .softplus: return StableKernels.softplus(x)
        case .sqrt: return x.squareRoot()
        case .step: return x > 0 ? 1 : (x.isNaN ? x : 0)
        case .tan: return Foundation.tan(x)
        case .tanh: return Foundation.tanh(x)
        }
    }

    /// 2/√π, erf's slope at 0; 1/√2 and 1/√(2π), of the standard normal distribution; 1/ln 2 and 1/ln 10.
    static let twoOverRootPi = 1.1283791670955126
    static let rootHalf = 0.7071067811865476
    static let oneOverRootTwoPi = 0.3989422804014327
    static let log2e = 1.4426950408889634
    /// log(10): log10's derivative is 1/(x*log(10)), which prints with the constant's name (0.4342944819032518, the
    /// Double nearest 1/log(10), is not 1/log(10) computed in Double, so it printed as a decimal).
    static let logOf10 = Foundation.log(10.0)
    /// e as the predefined name `e` holds it (Bindings.predefined), for formulas that write it by name.
    static let e = 2.718281828459045

    /// gelu(x) = x·Φ(x), Φ the standard normal distribution function, written with erfc so the left tail
    /// keeps its digits (1 + erf(-7) is 0 in doubles; erfc(7) is 4.2e-23).
    static func gelu(_ x: Double) -> Double {
        if x == -.infinity { return 0 }
        return 0.5 * x * Foundation.erfc(-x * rootHalf)
    }

    /// The derivative at `x`, given the function's value `y` there (backprop reuses the forward value).
    ///
    /// sigmoid'(x) = sigmoid(x)·(1 - sigmoid(x)), with 1 - sigmoid(x) taken as sigmoid(-x): subtracting from 1
    /// would round to 0 once sigmoid(x) rounds to 1 (sigmoid'(40) ≈ 4.2e-18, not 0).
    /// Each returns the numbers `localDerivative` builds in the backward pass, in the same order.
    public func derivative(at x: Double, value y: Double) -> Double {
        switch self {
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0))
        case .acos: return -(1 / (1 - x * x).squareRoot())
        case .asin: return 1 / (1 - x * x).squareRoot()
        case .atan: return 1 / (1 + x * x)
        case .cos: return -Foundation.sin(x)
        case .cosh: return Foundation.sinh(x)
        case .elu: return Foundation.exp(-MathFunction.positivePart(-x))
        case .erf: return MathFunction.twoOverRootPi * Foundation.exp(-(x * x))
        case .erfc: return -(MathFunction.twoOverRootPi * Foundation.exp(-(x * x)))
        case .exp: return y
        case .expm1: return Foundation.exp(x)
        case .gelu:
            // Φ(x) + x·φ(x).
            return 0.5 * Foundation.erfc(-(MathFunction.rootHalf * x)) + x * (MathFunction.oneOverRootTwoPi * Foundation.exp(-(0.5 * (x * x))))
        case .log: return 1 / x
        case .log10: return 1 / (x * MathFunction.logOf10)
        case .log1p: return 1 / (1 + x)
        case .log2: return MathFunction.log2e / x
        case .relu: return x > 0 ? 1 : (x.isNaN ? x : 0)
        case .sigmoid: return MathFunction.logisticSlope(x)
        case .sign, .step: return x.isNaN ? x : 0
        case .sin: return Foundation.cos(x)
        case .sinh: return Foundation.cosh(x)
        case .softplus: return MathFunction.logistic(x)
        case .sqrt: return 1 / (2 * y)
        case .tan: return 1 + y * y
        case .tanh: return StableKernels.tanhSlope(x, tanh: y)
        }
    }

    private static func positivePart(_ x: Double) -> Double { x > 0 ? x : (x.isNaN ? x : 0) }

    /// f'(u) as a formula of u and f(u), the one statement of each rule that symbolic differentiation and the
    /// differentiable backward pass both build (nil: 0 everywhere it is defined, the jumps of sign and step).
    ///
    /// At the kinks of abs and relu the derivative is 0 (sign(0) = step(0) = 0), as in PyTorch; elu's slope
    /// is 1 on both sides of 0, so exp(-relu(-u)) holds there too.
    public var localDerivative: LocalDerivative? {
        let u = LocalDerivative.argument
        let one = LocalDerivative.constant(1)
        switch self {
        case .abs: return .apply(.sign, u)
        case .acos: return .negate(.divide(one, .apply(.sqrt, .subtract(one, .square(u)))))
        case .asin: return .divide(one, .apply(.sqrt, .subtract(one, .square(u))))
        case .atan: return .divide(one, .add(one, .square(u)))
        case .cos: return .negate(.apply(.sin, u))
        case .cosh: return .apply(.sinh, u)
        case .elu: return .apply(.exp, .negate(.apply(.relu, .negate(u))))
        case .erf: return .multiply(.constant(MathFunction.twoOverRootPi), .apply(.exp, .negate(.square(u))))
        case .erfc: return .negate(.multiply(.constant(MathFunction.twoOverRootPi), .apply(.exp, .negate(.square(u)))))
        case .exp: return .value
        case .expm1: return .apply(.exp, u)
        case .gelu:
            let cumulative = LocalDerivative.multiply(.constant(0.5), .apply(.erfc, .negate(.multiply(.constant(MathFunction.rootHalf), u))))
            let density = LocalDerivative.multiply(.constant(MathFunction.oneOverRootTwoPi), .apply(.exp, .negate(.multiply(.constant(0.5), .square(u)))))
            return .add(cumulative, .multiply(u, density))
        case .log: return .divide(one, u)
        case .log10: return .divide(one, .multiply(u, .constant(MathFunction.logOf10)))
        case .log1p: return .divide(one, .add(one, u))
        case .log2: return .divide(.constant(MathFunction.log2e), u)
        case .relu: return .apply(.step, u)
        // The textbook σ(u)(1 - σ(u)); 1 - sigmoid(u) is computed as sigmoid(-u) wherever it is evaluated
        // (Node.stableComplement, FormulaEvaluation), so it keeps its digits in the tails.
        case .sigmoid: return .multiply(.value, .subtract(one, .value))
        case .sign, .step: return nil
        case .sin: return .apply(.cos, u)
        case .sinh: return .apply(.cosh, u)
        case .softplus: return .apply(.sigmoid, u)
        case .sqrt: return .divide(one, .multiply(.constant(2), .value))
        case .tan: return .add(one, .square(.value))
        // 1 - tanh(u)^2 is computed from u once tanh(u) nears ±1 (StableKernels.tanhSlope), wherever it is evaluated.
        case .tanh: return .subtract(one, .square(.value))
        }
    }

    /// sigmoid(x) = 1/(1 + exp(-x)), evaluated so that neither tail overflows.
    static func logistic(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let z = Foundation.exp(x)
        return z / (1 + z)
    }

    /// sigmoid(x)·sigmoid(-x), bit for bit as the two calls give it, with one exp: both halves are made from
    /// exp(-|x|) (`logistic` takes the exponential of the negative side), and a product is the same either way
    /// round. Every backward pass through a sigmoid computes one.
    static func logisticSlope(_ x: Double) -> Double {
        let e = Foundation.exp(-Swift.abs(x))
        return (1 / (1 + e)) * (e / (1 + e))
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
        case .log, .log2, .log10: return x > 0
        case .log1p: return x > -1
        case .acos, .asin: return Swift.abs(x) < 1
        case .sqrt: return x >= 0
        case .tan: return Swift.abs(Foundation.cos(x)) > 1e-3
        default: return true
        }
    }

    /// Where the function's derivative is defined and finite, for picking sample points (the table test):
    /// an interval of typical arguments, inside the domain.
    public var sampleRange: ClosedRange<Double> {
        switch self {
        case .log, .log2, .log10, .sqrt: return 0.05...4
        case .log1p: return -0.95...4
        case .acos, .asin: return -0.95...0.95
        default: return -4...4
        }
    }

    /// The points where the function's real domain ends (log u at u = 0, asin u at ±1), for numeric steps and
    /// `==`'s sampling to stay clear of and look on both sides of; kinks are `hasKinkAtZero`, tan's poles are its own.
    public var domainEdges: [Double] {
        switch self {
        case .log, .log2, .log10, .sqrt: return [0]
        case .log1p: return [-1]
        case .acos, .asin: return [-1, 1]
        default: return []
        }
    }
}
