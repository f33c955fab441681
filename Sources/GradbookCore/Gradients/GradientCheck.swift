// Comparing derivatives: relative error and the usual gradient-check verdict bands.

/// How far two derivatives are apart, and what that means.
public enum GradientCheck {
    /// |a − b| / max(|a|, |b|), and 0 when both are 0 (two zeros agree perfectly).
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        let scale = max(Swift.abs(a), Swift.abs(b))
        return Swift.abs(a - b) / scale
    }

    /// The gradient-check bands (CS231n's): how much to trust an analytic derivative.
    public enum Verdict: Equatable, Sendable {
        /// ≤ 1e-7: agreement to the precision of the numeric estimate.
        case exact
        /// < 1e-4: fine for anything but the most demanding use.
        case fine
        /// 1e-4 … 1e-2: possibly a kink or a subtle bug.
        case suspicious
        /// > 1e-2: the derivatives disagree.
        case wrong

        public init(relativeError: Double) {
            if relativeError.isNaN { self = .wrong } else if relativeError <= 1e-7 { self = .exact } else if relativeError < 1e-4 {
                self = .fine
            } else if relativeError <= 1e-2 { self = .suspicious } else { self = .wrong }
        }

        /// The verdict when the numeric estimate is not meaningful (a kink lies within its step).
        public var sentenceWithoutNumeric: String {
            switch self {
            case .exact: return "exact: symbolic and backprop agree (relative error at most 1e-7)."
            case .fine: return "fine: symbolic and backprop agree to within 1e-4."
            case .suspicious: return "suspicious: symbolic and backprop differ by between 1e-4 and 1e-2."
            case .wrong: return "wrong: symbolic and backprop disagree by more than 1e-2."
            }
        }

        public var sentence: String {
            switch self {
            case .exact: return "exact: all three agree (relative error at most 1e-7)."
            case .fine: return "fine: they agree to within 1e-4."
            case .suspicious: return "suspicious: they differ by between 1e-4 and 1e-2; look for a kink or a bug."
            case .wrong: return "wrong: they disagree by more than 1e-2."
            }
        }
    }
}
