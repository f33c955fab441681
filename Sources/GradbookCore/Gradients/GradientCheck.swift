// Comparing derivatives: an absolute and a relative tolerance together, and the usual verdict bands.

/// How far two derivatives are apart, and what that means.
///
/// A derivative passes against a reference r when |d − r| ≤ atol + rtol·|r| (the test of
/// `torch.autograd.gradcheck` and numpy's `isclose`). The relative part judges ordinary values; the
/// absolute part keeps tiny derivatives (tanh'(15) ≈ 3.7e-13, where rounding noise is a large fraction
/// of the value) from being called wrong. CS231n's bands of relative error still describe how close.
public enum GradientCheck {
    /// |a − b| / max(|a|, |b|), and 0 when both are 0 (two zeros agree perfectly).
    public static func relativeError(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        let scale = max(Swift.abs(a), Swift.abs(b))
        return Swift.abs(a - b) / scale
    }

    /// The absolute and relative tolerance of a check (`check(L, W, rtol = 1e-3, atol = 1e-5)`).
    public struct Tolerance: Sendable, Equatable {
        /// rtol: a right gradient is off by rounding (1e-10 relative and less); a wrong rule by a
        /// factor, a sign or a missing term (10% and more). 1e-3 is torch.autograd.gradcheck's default.
        public var relative = 1e-3
        /// atol: below it, differences are rounding noise of the function's value, not of the
        /// derivative. 1e-5 is gradcheck's default.
        public var absolute = 1e-5

        public init(relative: Double = 1e-3, absolute: Double = 1e-5) {
            self.relative = relative
            self.absolute = absolute
        }

        /// How far a value may be from `reference`: atol + rtol·|reference|.
        public func allowance(around reference: Double) -> Double {
            absolute + relative * Swift.abs(reference)
        }

        /// Whether `value` is within tolerance of `reference` (equal infinities agree; NaN never does).
        public func accepts(_ value: Double, reference: Double) -> Bool {
            if value == reference { return true }
            guard value.isFinite, reference.isFinite else { return false }
            return Swift.abs(value - reference) <= allowance(around: reference)
        }

        /// How the tolerance reads in a table heading.
        public var text: String {
            let format = NumberFormat(digits: 3)
            return "atol = \(format.text(absolute)), rtol = \(format.text(relative))"
        }
    }

    /// How close two derivatives that pass the tolerance are: CS231n's bands of relative error.
    public enum Band: Equatable, Sendable {
        /// ≤ 1e-7: agreement to the precision of the numeric estimate.
        case exact
        /// < 1e-4: fine for anything but the most demanding use.
        case fine
        /// Relative error above 1e-4 but the difference is below atol: the derivative is so small that
        /// rounding noise is a large part of it.
        case tiny
        /// Within tolerance with a relative error of 1e-4 or more: possibly a kink or a subtle bug.
        case close

        public init(relativeError: Double, difference: Double, tolerance: Tolerance) {
            if relativeError <= 1e-7 {
                self = .exact
            } else if relativeError < 1e-4 {
                self = .fine
            } else if difference <= tolerance.absolute {
                self = .tiny
            } else {
                self = .close
            }
        }

        /// The verdict's first words.
        public var word: String {
            switch self {
            case .exact: return "exact"
            case .fine, .tiny: return "fine"
            case .close: return "close"
            }
        }

        /// Why the band applies, after "verdict: WORD: … agree".
        public var reason: String {
            switch self {
            case .exact: return "relative error at most 1e-7"
            case .fine: return "relative error below 1e-4"
            case .tiny: return "relative error means little for a derivative this small"
            case .close: return "within tolerance, but a relative error of 1e-4 or more can mean a kink or a subtle bug"
            }
        }
    }
}
