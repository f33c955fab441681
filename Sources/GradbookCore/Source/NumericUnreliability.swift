// Why a numeric derivative cannot be trusted, as data, and the one place each reason is worded.
//
// `NumericDerivative` (Ridders' estimate, a tensor's elements, numdiff's explicit step), the second look of
// `SlopeConfirmation.swift` and check's report say which reason applies and with what (a part of the formula as
// `describe` names it, a number already in the session's format); `text` says it, after "the numeric estimate is
// unreliable here: " (`Note.numericUnreliable`, `.numericUnreliableAt`, `.numericNotReference`).

/// Why a numeric estimate of a derivative is not trusted.
public enum NumericUnreliability: Sendable, Equatable {
    /// Where a formula stops being smooth (`NumericDerivative.Edge`).
    public enum Edge: Sendable, Equatable {
        /// log u at 0, tan at π/2, u^-1 at 0.
        case pole
        /// u/v at v = 0: a pole (1/x), or 0/0 where u is 0 too (sin(x)/x at 0 has no pole), so named by the division.
        case zeroDivisor
        /// sqrt u at 0, asin at ±1.
        case domainEdge
        /// relu, abs, step, sign at 0; max of two at a tie.
        case kink
    }

    /// The point is exactly at `part`'s edge.
    case atEdge(Edge, of: String)
    /// The point is so close to `part`'s edge that no step can resolve the slope.
    case nearEdge(Edge, of: String)
    /// No first step is safe, and no edge explains why.
    case noStepSmallEnough
    /// Steps of very different sizes tell different stories.
    case stepsDisagree
    /// Small steps see no change, but the largest ones see `slope` (rounding inside the formula hides small steps).
    case hiddenByRounding(slope: String)
    /// The formula is not finite within the smallest step tried; `estimate` is what the steps gave.
    case notFiniteNearby(estimate: String)
    /// numdiff(EXPR, x, h): the step `step` reaches past or close to `part`'s edge.
    case stepReachesEdge(step: String, Edge, of: String)
    /// The estimate contradicts the exact `slope`, and no step short enough to follow the formula rises above
    /// its rounding (`NumericDerivative.localSlope` found none).
    case unconfirmed(slope: String)
    /// The estimate contradicts the exact `slope`, but the second derivative `second` changes the slope by
    /// `change` within the shortest usable step `step`, so differences measure an average of it.
    case averaged(slope: String, change: String, second: String, step: String)
    /// The estimate itself is not finite.
    case notFinite
    /// The point itself is ±inf or nan (`value`): there is no step to either side of it.
    case pointNotFinite(value: String)
    /// The formula's own value at the point lost part of itself to a number too large or too small for a double
    /// (at `part`, `LostValues`): differences of such values measure the rounding, not the slope.
    case valueLost(at: String)
    /// check: the estimate's error bound `error` is more than half the tolerance's allowance `allowance`.
    case errorBound(error: String, allowance: String)
    /// check of a tensor: an element whose error estimate is larger than half the tolerance.
    case errorAboveHalfTolerance
    /// A vector's or matrix's element past the first `NumericDerivative.maximumRefinedElements` looked at closely,
    /// whose quick steps reach across an edge: `atIt` when the point is exactly at one (no step is safe), so the
    /// central differences straddle it and measure nothing (relu at 0 gave 0.5).
    case edgeNotLookedAt(Edge, atIt: Bool, refined: Int)

    /// The reason as a sentence part, after "the numeric estimate is unreliable here: ".
    public var text: String {
        switch self {
        case .atEdge(.pole, let part): return "\(part) has a pole at this point"
        case .atEdge(.zeroDivisor, let part): return "\(part) divides by 0 at this point"
        case .atEdge(.domainEdge, let part): return "this point is at the edge of \(part)'s domain"
        case .atEdge(.kink, let part): return "\(part) is exactly at its kink, where the two sides' slopes differ"
        case .nearEdge(.pole, let part): return "\(part) is so close to its pole that differences cannot resolve it"
        case .nearEdge(.zeroDivisor, let part): return "\(part) divides by a number so close to 0 that differences cannot resolve it"
        case .nearEdge(.domainEdge, let part): return "\(part) is so close to the edge of its domain that differences cannot resolve it"
        case .nearEdge(.kink, let part): return "\(part) is so close to its kink that differences cannot resolve it"
        case .noStepSmallEnough: return "no step is small enough"
        case .stepsDisagree: return "estimates from steps of different sizes disagree (the formula changes faster than the steps can follow)"
        case .hiddenByRounding(let slope):
            return "small steps see no change at all, but larger ones see a slope of about \(slope) (rounding inside the formula hides small steps)"
        case .notFiniteNearby(let estimate): return "the formula is not finite within the smallest step tried (the estimate is \(estimate))"
        case .stepReachesEdge(let step, let edge, let part):
            let what: String
            switch edge {
            case .pole: what = "the pole of \(part)"
            case .zeroDivisor: what = "where \(part) divides by 0"
            case .domainEdge: what = "the edge of \(part)'s domain"
            case .kink: what = "the kink of \(part)"
            }
            return "a step of \(step) reaches past or close to \(what)"
        case .unconfirmed(let slope):
            return "it contradicts the exact slope \(slope), and no step short enough to follow the formula rises above its rounding, so the differences may be averaging a change faster than their steps"
        case .averaged(let slope, let change, let second, let step):
            return "it contradicts the exact slope \(slope), but the second derivative here is \(second), so the slope changes by about \(change) within a step of \(step) and differences measure an average of it"
        case .notFinite: return "it is not finite"
        case .pointNotFinite(let value): return "the point is \(value), not a number a step can be taken from on either side"
        case .valueLost(let part):
            return "the formula's own value at this point is not a number gradbook can give (at \(part) a result was too large or too small for a double), so differences of it measure the rounding, not the slope"
        case .errorBound(let error, let allowance):
            return "its error bound (\(error), from the spread of Ridders' extrapolations and the rounding inside the formula) is more than half the tolerance (\(allowance))"
        case .errorAboveHalfTolerance: return "its error estimate is larger than half the tolerance"
        case .edgeNotLookedAt(let edge, let atIt, let refined):
            let what = edge == .pole ? "a pole" : edge == .zeroDivisor ? "a division by 0" : edge == .domainEdge ? "the edge of a domain" : "a kink"
            let place = atIt ? "this point is exactly at \(what)" : "the steps would reach across \(what) close by"
            return "\(place), and only the first \(Diagnostic.grouped(refined)) such elements are looked at closely"
        }
    }
}
