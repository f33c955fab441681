// How far a function's value can move when its argument is known only to within an error: what a rounding bound
// needs where the error is large (sin of 1e150, which a double holds only to ±1.1e134).

import Foundation

extension MathFunction {
    /// The values the function takes, where they are bounded: no error in the argument moves sin further than [-1, 1].
    var valueRange: ClosedRange<Double>? {
        switch self {
        case .sin, .cos, .tanh, .erf, .sign: return -1...1
        case .sigmoid, .step: return 0...1
        case .erfc: return 0...2
        case .atan, .asin: return -Double.pi / 2...Double.pi / 2
        case .acos: return 0...Double.pi
        default: return nil
        }
    }

    /// A bound on |f''| over every argument, where there is one. Beyond the linear part f'(x)·d, a change d of the
    /// argument moves the value by at most this times d²/2 (Taylor's remainder): a linear bound alone said sin at its
    /// peak barely moves, however large d is.
    var secondDerivativeBound: Double? {
        switch self {
        case .sin, .cos: return 1
        case .tanh: return 0.7698004  // 4/(3√3), at tanh(x) = ±1/√3
        case .sigmoid: return 0.0962251  // 1/(6√3)
        case .erf, .erfc: return 0.9678828  // (2/√π)·√(2/e), at x = ±1/√2
        case .atan: return 0.6495191  // 3√3/8, at x = ±1/√3
        default: return nil
        }
    }

    /// `linear` (|f'(x)|·error plus the function's own rounding) widened by Taylor's remainder where f'' is bounded,
    /// and never more than the distance from `value` to the far end of the function's range.
    func valueError(linear: Double, argumentError error: Double, value: Double) -> Double {
        var bound = linear
        if let curvature = secondDerivativeBound { bound += curvature * error * error / 2 }
        if let range = valueRange, value.isFinite {
            bound = Swift.min(bound, Swift.max(value - range.lowerBound, range.upperBound - value))
        }
        return bound
    }

    /// A bound on how far the slope f' moves when the argument moves by up to `error` from `x`, for the functions
    /// whose slopes are periodic (sin, cos) and so cannot be bounded by looking at the two ends of the range: sin's
    /// slope at 1e150 ± 1.1e134 can be anything in [-1, 1]. Infinite for tan where a pole may lie within the range.
    /// Nil for the others (their slopes are judged at the ends).
    func slopeMovement(at x: Double, error: Double, slope: Double, value: Double) -> Double? {
        switch self {
        case .sin, .cos:
            // f'' is -f, and |f'''| ≤ 1.
            return Swift.min(Swift.abs(value) * error + error * error / 2, 1 + Swift.abs(slope))
        case .tan:
            // A pole π/2 + kπ is at least |cos x| away (|cos x| = |sin(x - pole)|).
            let cosine = Foundation.cos(x)
            return error >= Swift.abs(cosine) ? .infinity : nil
        default:
            return nil
        }
    }
}
