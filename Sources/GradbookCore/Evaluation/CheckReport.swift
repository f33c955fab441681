// What check(EXPR, x) and check(EXPR, x, yours) found, and the verdict it supports.

/// The verdict of a check: its first word and the sentence after it.
public struct CheckVerdict: Sendable, Equatable {
    /// `exact`, `fine`, `close`, `agree`, `wrong` or `cannot tell`.
    public var word: String
    public var sentence: String
}

extension CheckVerdict {
    /// "(1e20 + 1) - 1e20 = 0, a number that rounding may have moved by up to 1.1e4 (it lost most of its digits)": a
    /// number from numbers alone that rounding emptied, as the verdicts about it name it.
    static func emptiedNumber(_ lost: (step: String, value: Double, error: Double)) -> String {
        let format = NumberFormat(digits: 2)
        return "\(lost.step) = \(format.text(lost.value)), a number that rounding may have moved by up to \(format.text(lost.error)) \(share(lost))"
    }

    /// How much of such a number rounding may have taken: most of its digits, or (x*(1e20 + 1) - x*1e20, where 1e20 + 1
    /// lost 1 in 1e20) a small part that still moves the slope, since the slope sets it against a number of its size.
    static func share(_ lost: (step: String, value: Double, error: Double)) -> String {
        lost.value != 0 && lost.error < 0x1p-26 * Swift.abs(lost.value) ? "(a small part of it, but enough to move the slope)"
            : "(it lost most of its digits)"
    }

    /// Where every method (and yours) agree on such a number and it moves the slope: `spread` says how far.
    /// `isConstant`: the number is computed from numbers alone, which symbolic's formula holds folded in; otherwise the
    /// formula computes it the same way from the names.
    static func agreeing(_ who: String, on lost: (step: String, value: Double, error: Double), spread: String, isConstant: Bool = true) -> CheckVerdict {
        let symbolic = isConstant ? "symbolic's formula holds the same number" : "symbolic's formula computes it the same way"
        return CheckVerdict(word: "cannot tell", sentence: "\(who), but they read \(emptiedNumber(lost)), and \(symbolic): with it anywhere in that range \(spread), so none can be judged here.")
    }

    /// Where the function has no value at the point (`undefinedStep`): nothing there is a derivative, not the methods'
    /// numbers, not yours. `point` is "x = 3" or "this W".
    static func withoutValue(at point: String, variable: String, step: String, given yours: Bool, isGradient: Bool = false) -> CheckVerdict {
        let what = yours ? "no number, yours included, is one" : "the numbers above are not one"
        return CheckVerdict(word: "cannot tell", sentence: "the function has no value at \(point), where it takes \(step), which is undefined; so it has no \(isGradient ? "gradient" : "derivative") there, and \(what). Set \(variable) to a value where the function is defined and check again.")
    }
}

/// The side-by-side table `check(EXPR, x)` prints.
public struct GradientCheckReport: Sendable {
    public var variable: String
    public var point: Double
    public var formula: String
    /// The call that writes `formula` out (`diff(v, x)`), named where the formula is too long to show above the table;
    /// nil where diff would refuse it as too large to print.
    public var formulaCall: String? = nil
    /// The longest formula the line above the table shows (about a dozen lines of 80 columns); a longer one, a loop's
    /// of thousands of steps, is given by its length.
    public static let longestFormulaShown = 1_000
    public var symbolic: Double
    public var backprop: Double
    public var numeric: NumericDerivative.Estimate
    /// The derivative the person gave, for check(EXPR, x, yours).
    public var yours: Double?
    public var tolerance: GradientCheck.Tolerance
    /// The conventions backprop used at kinks and ties, as sentences (`Evaluator.kinkNote`).
    public var kinksUsed: [Note]
    /// Where the symbolic value is 0 only because a step rounded: then no 0 here is evidence of an exact 0.
    public var roundedZero: RoundedZero? = nil
    /// A bound on the rounding error of the symbolic value at this point (`FormulaEvaluation.boundedValues`); backprop
    /// computes the same steps in another order and rounds about as much.
    public var symbolicRounding: Double = 0
    /// Where a forward value that backprop reads lost most of its digits to rounding (`ForwardRounding`): the step as
    /// written, its value and its error bound. Looked for only when backprop disagrees with the others, or when yours
    /// does and the value is computed from numbers alone (`forwardLossIsConstant`).
    public var forwardLoss: (step: String, value: Double, error: Double)? = nil
    /// Whether that value is computed from numbers alone (1e20 + 1 - 1e20): symbolic's formula then holds the same
    /// rounded number, folded in, so symbolic cannot judge either.
    public var forwardLossIsConstant = false
    /// Where every method agrees on a number from numbers alone that rounding emptied (`forwardLossIsConstant`), the
    /// slopes backprop gives with that number anywhere in its rounding range: the least and the largest.
    public var slopesOverRounding: ClosedRange<Double>? = nil
    /// Symbolic and backprop are the same infinity where no step on the way has an infinite slope (as sqrt has at 0): a
    /// slope on the way overflowed a double (`-1/x^2` at x = 1e-300), and neither number is the slope.
    public var slopeOverflowed = false
    /// A bound on the rounding in backprop's own number (`ForwardRounding.backpropErrorBound`): its sums of large
    /// contributions that cancel, and the values its slopes read. Worked out when backprop disagrees and no value it
    /// reads lost most of its digits (0: not worked out).
    public var backpropRounding: Double = 0
    /// Backprop is inf (a nan has its own rule) where symbolic is finite and a value on backprop's way was lost to
    /// overflow or underflow (log(x^2)/2 at x = 1e-200: x^2 underflows to 0, and log's slope there is inf): its number
    /// is no derivative to judge, as a nan is not.
    public var backpropLostValue = false
    /// Where the point is exactly at a kink (the numeric estimate's reason), the slopes just left and right of it and
    /// their error (`NumericDerivative.oneSidedSlopes`): yours is judged by them, and where they agree the function has
    /// a derivative there whatever gradbook's convention at the kink gives (relu(x) - relu(-x) at 0 is x).
    public var kinkSides: (left: Double, right: Double, error: Double)? = nil
    /// Where the function has no value at the point, the step that has none as it is taken there (`log(-2)`, `1/0`;
    /// `ForwardRounding.firstUndefinedStep`): then there is no derivative to check, whatever numbers the methods give
    /// (x^2 + 0*log(x - 5) at x = 3, where symbolic and backprop both give 6).
    public var undefinedStep: String? = nil

    /// Whether backprop's number cannot be judged here: a value it reads lost most of its digits, or its own rounding
    /// may be as large as its difference from symbolic.
    public var backpropCannotBeJudged: Bool {
        forwardLoss != nil || backpropLostValue || (symbolic.isFinite && backpropRounding > 0
            && Swift.abs(backprop - symbolic) <= 2 * (backpropRounding + symbolicRounding))
            // With no symbolic number and no numeric referee, rounding beyond the tolerance leaves nothing to judge by: backprop's 0
            // for sin(x)/x at x = 1e-300 is 1e300 - 1e300, and a yours of 0 was "exact" for the slope -3.3e-301.
            || (!symbolic.isFinite && !numericIsReference && backpropRounding > tolerance.allowance(around: backprop))
    }

    /// Whether the numeric estimate can referee: no edge in the way, finite, and settled well inside the tolerance.
    public var numericIsReference: Bool {
        numeric.isReliable(within: tolerance.allowance(around: numeric.derivative))
    }

    /// Why the numeric estimate is not the reference.
    public var numericUnreliability: NumericUnreliability? {
        guard !numericIsReference else { return nil }
        if let reason = numeric.unreliability { return reason }
        if !numeric.derivative.isFinite { return .notFinite }
        let format = NumberFormat(digits: 2)
        return .errorBound(error: format.text(numeric.error), allowance: format.text(tolerance.allowance(around: numeric.derivative)))
    }

    /// The value the others are measured against: numeric when trustworthy, else backprop.
    public var reference: Double { numericIsReference ? numeric.derivative : symbolicIsReference ? symbolic : backprop }

    /// Whether the table measures against symbolic: numeric cannot referee, and backprop read a value that rounding
    /// emptied of its digits (`forwardLoss`).
    public var symbolicIsReference: Bool { !numericIsReference && backpropCannotBeJudged && symbolic.isFinite && !roundingIsShared }

    /// "may be up to 1.8", or, where a slope backprop reads overflows or has a pole within the rounding of the value it
    /// reads (exp of a number known only to ±1e4, tan of x + 1e20), "has no bound".
    var roundingSize: String {
        backpropRounding.isFinite ? "may be up to \(NumberFormat(digits: 2).text(backpropRounding))"
            : "has no bound (a slope it reads overflows, or has a pole, within the rounding of its input)"
    }

    /// Whether `backpropRounding` was found where symbolic and backprop agree and the numeric estimate cannot referee:
    /// symbolic's formula then computes the same way, and is no better a reference.
    public var roundingIsShared = false

    public var verdict: CheckVerdict {
        if let undefinedStep { return .withoutValue(at: "\(variable) = \(NumberFormat().text(point))", variable: variable, step: undefinedStep, given: yours != nil) }
        if let range = slopesOverRounding, let lost = forwardLoss { return verdict(agreeingOn: lost, slopes: range) }
        if slopeOverflowed { return numericIsReference ? verdictByTheNumericEstimateAlone : verdictOfOverflowedSlope }
        return yours.map(verdict(forYours:)) ?? verdictOfMethods
    }

    /// Where every method, and yours, agree on a number from numbers alone that rounding emptied, which moves the slope:
    /// they all follow the rounded computation (symbolic folds the number in), so agreeing proves nothing.
    private func verdict(agreeingOn lost: (step: String, value: Double, error: Double), slopes: ClosedRange<Double>) -> CheckVerdict {
        let format = NumberFormat(digits: 2)
        let given = NumberFormat().text(backprop)
        let methods = numericIsReference ? "all three" : "symbolic and backprop"
        let who = yours == nil ? "\(methods) give \(given)" : "yours agrees with \(methods), which give \(given)"
        // (A value computed from the names is moved by its two ends only, which need not bound the slope: sin's.)
        let spread = !(slopes.lowerBound.isFinite && slopes.upperBound.isFinite) ? "the slope is not known"
            : forwardLossIsConstant ? "the slope is between \(format.text(slopes.lowerBound)) and \(format.text(slopes.upperBound))"
            : "the slope takes values from \(Self.apart(slopes.lowerBound, slopes.upperBound)) at least"
        return .agreeing(who, on: lost, spread: spread, isConstant: forwardLossIsConstant)
    }

    /// "-1.0035 to -0.9987": two numbers with the fewest digits (2 to 6) that tell them apart.
    private static func apart(_ low: Double, _ high: Double) -> String {
        for digits in 2...6 {
            let format = NumberFormat(digits: digits)
            if format.text(low) != format.text(high) || digits == 6 { return "\(format.text(low)) to \(format.text(high))" }
        }
        return ""
    }

    /// Where both methods overflowed to the same infinity and the numeric estimate cannot referee: neither number is the
    /// slope, and nothing else here gives one. (The slope itself may fit in a double: a slope on the way that overflows
    /// can be met by a tiny one further back, as 1/relu(x^8) at x = 8.9e-35 has the slope -2.4e307.)
    private var verdictOfOverflowedSlope: CheckVerdict {
        let format = NumberFormat()
        let checked = yours == nil ? "the slope" : "yours"
        return CheckVerdict(word: "cannot tell", sentence: "symbolic and backprop both give \(format.text(backprop)), but no step on the way has an infinite slope here: a slope on the way is too large for a double (see the note on where the gradient became \(format.text(backprop))), not infinite, so neither number is the slope, and with the numeric estimate unreliable nothing here can check \(checked).")
    }

    /// Where both methods overflowed to the same infinity but the numeric estimate can referee: it is the only number
    /// here, so it judges yours, and the slope alone is not confirmed. (sqrt(cosh(x)/(x*x)*log1p(atan(x))) at x = 1e-150
    /// has the slope -5e224, which the estimate gives; 1/x^2's slope on the way, -2e450, is no double. Both methods were
    /// "wrong" against it, and a right yours "wrong by inf".)
    private var verdictByTheNumericEstimateAlone: CheckVerdict {
        let format = NumberFormat()
        let estimate = numeric.derivative
        let lost = "symbolic and backprop are \(format.text(backprop)) here only because a slope on the way is too large for a double (see the note on where the gradient became \(format.text(backprop))), not infinite"
        guard let yours else {
            return CheckVerdict(word: "cannot tell", sentence: "\(lost), so neither number is the slope; the numeric estimate gives \(format.text(estimate)), and no exact method here can confirm it.")
        }
        guard let band = ElementComparison([yours], [estimate], tolerance: tolerance).band else {
            return CheckVerdict(word: "wrong", sentence: "yours differs from the numeric estimate by \(format.text(Swift.abs(yours - estimate))) (relative \(NumberFormat(digits: 2).text(GradientCheck.relativeError(yours, estimate)))), more than the tolerance \(format.text(tolerance.allowance(around: estimate))); \(lost), and not judged.")
        }
        return CheckVerdict(word: band.word, sentence: "yours agrees with the numeric estimate\(within(band)) (\(band.reason)); \(lost), and not judged.")
    }

    /// The derivative where the point is at a kink but the slopes on its two sides agree (within the tolerance and
    /// their error); nil where they do not, or the point is at no kink.
    var derivativeThroughKink: Double? {
        kinkSides.flatMap { NumericDerivative.slopeThroughKink($0, tolerance: tolerance) }
    }

    /// What yours is measured against in the table: backprop, unless it cannot judge (then symbolic, or the numeric
    /// estimate where backprop's number was lost on its way) or the point is a kink whose two sides have one slope (then
    /// that slope).
    public var judgeOfYours: Double {
        derivativeThroughKink ?? (symbolicIsReference || backpropLostValue || slopeOverflowed ? reference : backprop)
    }

    /// Yours where the point is at a kink: against the slope on both sides where they agree; else yours is a fair slope
    /// if it lies between them (no derivative exists there), and no slope of the function if it does not.
    private func verdict(forYours yours: Double, at sides: (left: Double, right: Double, error: Double)) -> CheckVerdict {
        let format = NumberFormat()
        if let slope = derivativeThroughKink {
            let convention = tolerance.accepts(backprop, reference: slope) ? "" : "; backprop's \(format.text(backprop)) is gradbook's convention at the kink, not the derivative"
            guard let band = ElementComparison([yours], [slope], tolerance: tolerance).band else {
                return CheckVerdict(word: "wrong", sentence: "yours differs from the slope on both sides of this point (\(format.text(slope))) by \(format.text(Swift.abs(yours - slope))), more than the tolerance \(format.text(tolerance.allowance(around: slope)))\(convention).")
            }
            return CheckVerdict(word: band.word, sentence: "yours agrees with the slope on both sides of this point (\(format.text(slope))): the function has a derivative here, though it passes through a kink\(convention).")
        }
        let slopes = "the slope is \(format.text(sides.left)) from the left and \(format.text(sides.right)) from the right"
        guard NumericDerivative.isBetweenKinkSlopes(yours, sides, tolerance: tolerance) else {
            return CheckVerdict(word: "wrong", sentence: "yours, \(format.text(yours)), is not between the slopes on the two sides of this kink (\(slopes)), so it is no slope of this function here.")
        }
        // (At a kink backprop's number is gradbook's convention; at a domain edge with two sides, sqrt(x^2) at 0, it is what
        // 0·∞ taken as 0 left, and named as no convention.)
        let atKink: Bool
        if case .atEdge(.kink, _)? = numeric.unreliability { atKink = true } else { atKink = false }
        let asBackprop = !NumericDerivative.isBetweenKinkSlopes(backprop, sides, tolerance: tolerance) ? ","
            : ", as backprop's \(format.text(backprop))\(atKink ? " (gradbook's convention)" : "") is,"
        return CheckVerdict(word: "cannot tell", sentence: "this point is a kink with no derivative (\(slopes)); yours, \(format.text(yours)), is between them\(asBackprop) and any number between them can stand for the slope here.")
    }

    /// Symbolic and backprop against numeric, or against each other when numeric cannot referee.
    private var verdictOfMethods: CheckVerdict {
        let format = NumberFormat()
        // At a kink whose two sides have one slope, that slope is the derivative, whatever the convention gave.
        if let slope = derivativeThroughKink {
            let off = [("symbolic", symbolic), ("backprop", backprop)].filter { !tolerance.accepts($0.1, reference: slope) }
            if !off.isEmpty {
                let given = off.map { "\($0.0) \(format.text($0.1))" }.joined(separator: " and ")
                return CheckVerdict(word: "wrong", sentence: "\(given) \(off.count == 1 ? "comes" : "come") from gradbook's convention at the kinks on the way, but the slope is \(format.text(slope)) on both sides of this point: the function has a derivative here, and it is \(format.text(slope)).")
            }
        }
        guard numericIsReference else {
            // A nan is no value to disagree with: without a numeric referee there is nothing to judge.
            if backpropLostValue {
                return CheckVerdict(word: "cannot tell", sentence: "backprop is \(format.text(backprop)) here, where a value on its way was lost to overflow or underflow (see the notes), and the numeric estimate is unreliable; symbolic gives \(format.text(symbolic)), but nothing can confirm it.")
            }
            let unknown = [("symbolic", symbolic), ("backprop", backprop)].filter { $0.1.isNaN }.map(\.0)
            if !unknown.isEmpty {
                let known = [("symbolic", symbolic), ("backprop", backprop)].first { !$0.1.isNaN }
                let rest = known.map { "; \($0.0) gives \(format.text($0.1)), but nothing can confirm it" } ?? ""
                let subject = unknown.count == 2 ? "symbolic and backprop are" : "\(unknown[0]) is"
                return CheckVerdict(word: "cannot tell", sentence: "\(subject) nan here and the numeric estimate is unreliable\(rest).")
            }
            let comparison = ElementComparison([symbolic], [backprop], tolerance: tolerance)
            // Agreeing where backprop's own rounding is beyond the tolerance (the slopes it reads hold no digits: sin(x + 1e20)
            // at x = 0.3) proves nothing: symbolic's formula computes the same way.
            if comparison.band != nil, backpropRounding > tolerance.allowance(around: backprop), !(symbolic == 0 && backprop == 0 && roundedZero != nil) {
                // (Two numbers that print alike are not shown as a pair of equal-looking numbers.)
                let how = symbolic == backprop ? "both are \(format.text(symbolic))"
                    : format.text(symbolic) == format.text(backprop) ? "both \(format.text(symbolic)) to the digits shown"
                    : "\(format.text(symbolic)) and \(format.text(backprop))"
                return CheckVerdict(word: "cannot tell", sentence: "symbolic and backprop agree (\(how)), but backprop's own rounding at this point (the values its slopes read) \(roundingSize), and symbolic's formula computes the same way, so neither can be judged here; the numeric estimate is unreliable too.")
            }
            if let band = comparison.band {
                var how = symbolic == backprop ? "both are \(format.text(symbolic))" : band.reason
                if symbolic == 0, backprop == 0, let roundedZero {
                    // A 0 that may stand for more than atol is no agreement to speak of.
                    guard let bound = roundedZero.bound, bound <= tolerance.absolute else {
                        return roundedZero.verdict(subject: "symbolic and backprop give", tolerance: tolerance)
                    }
                    how += ", but only by \(roundedZero.source)"
                }
                return CheckVerdict(word: "agree", sentence: "symbolic and backprop agree (\(how)); without a trustworthy numeric estimate, that is all the evidence.")
            }
            if let rounding = roundingVerdict(difference: Swift.abs(symbolic - backprop), { "symbolic and backprop differ by \($0)" }) { return rounding }
            if let lost = forwardLossVerdict("symbolic and backprop disagree: \(format.text(symbolic)) and \(format.text(backprop))") { return lost }
            return CheckVerdict(word: "wrong", sentence: "symbolic and backprop disagree: \(format.text(symbolic)) and \(format.text(backprop)), more than the tolerance allows.")
        }
        // A method that gives nan has no value to be wrong with (a value lost to overflow or underflow is nan with a
        // note): it is left out, and the other is judged alone.
        // (So is a backprop that is inf only because a value on its way was lost.)
        let methods = [("symbolic", symbolic), ("backprop", backpropLostValue ? .nan : backprop)]
        let known = methods.filter { !$0.1.isNaN }
        if known.count < 2 {
            // "backprop is nan here and not judged", or why an infinite backprop is not.
            let left = known.isEmpty ? "symbolic and backprop are nan here"
                : backpropLostValue ? "backprop is \(format.text(backprop)) here only because a value on its way was lost to overflow or underflow (see the notes),"
                : "\(methods.first { $0.1.isNaN }!.0) is nan here"
            guard let (name, value) = known.first else {
                return CheckVerdict(word: "cannot tell", sentence: "\(left), so there is nothing exact to compare with the numeric estimate (\(format.text(numeric.derivative))).")
            }
            guard let band = ElementComparison([value], [numeric.derivative], tolerance: tolerance).band else {
                return CheckVerdict(word: "wrong", sentence: "\(name) differs from the numeric estimate by \(format.text(Swift.abs(value - numeric.derivative))), more than the tolerance \(format.text(tolerance.allowance(around: numeric.derivative))) (\(tolerance.text)); \(left) and not judged.")
            }
            return CheckVerdict(word: band.word, sentence: "\(name) and the numeric estimate agree\(within(band)) (\(band.reason)); \(left) and not judged.")
        }
        let comparison = ElementComparison([symbolic, backprop], [numeric.derivative, numeric.derivative], tolerance: tolerance)
        if let band = comparison.band {
            if band == .exact, symbolic == 0, backprop == 0, numeric.derivative == 0, let roundedZero {
                return roundedZero.verdict(subject: "all three give", tolerance: tolerance)
            }
            return CheckVerdict(word: band.word, sentence: "all three agree\(within(band)) (\(band.reason)).")
        }
        let who = comparison.outside.count == 2 ? "symbolic and backprop differ" : (comparison.outside == [0] ? "symbolic differs" : "backprop differs")
        let worst = comparison.outside.map { Swift.abs([symbolic, backprop][$0] - numeric.derivative) }.max() ?? 0
        if let rounding = roundingVerdict(difference: worst - numeric.error, { "\(who) from the numeric estimate by \($0)" }) {
            return rounding
        }
        if comparison.outside.contains(1), let lost = forwardLossVerdict("\(who) from the numeric estimate by \(format.text(worst))") { return lost }
        // Backprop and the numeric estimate agree on the rounded computation; symbolic, which simplifies the rounding
        // away, is no more wrong than they are (relu(x + 1e20 - 1e20) at x = 2: 0 and 0 against step(x) = 1).
        if comparison.outside == [0], let lost = forwardLoss {
            return CheckVerdict(word: "cannot tell", sentence: Self.roundedComputationSentence(
                symbolic: format.text(symbolic), others: "backprop and the numeric estimate \(format.text(backprop))", lost: lost))
        }
        return CheckVerdict(word: "wrong", sentence: "\(who) from the numeric estimate by \(format.text(worst)), more than the tolerance \(format.text(tolerance.allowance(around: numeric.derivative))) (\(tolerance.text)).")
    }

    /// "cannot tell" instead of "wrong" when the formula's own rounding at this point could make the difference:
    /// 1e12*(sqrt(x^2 + 1) - x) at x = 1e9 has the slope -5e-7, its formula 1e12*(x/sqrt(x^2 + 1) - 1) cancels to 0,
    /// and backprop's sum of ±1e12 rounds to 0.00012; neither is wrong in its rule, and neither is accurate to atol.
    private func roundingVerdict(difference: Double, _ clause: (String) -> String) -> CheckVerdict? {
        guard symbolicRounding.isFinite, symbolicRounding > 0, difference <= 2 * symbolicRounding else { return nil }
        let format = NumberFormat(digits: 2)
        return CheckVerdict(word: "cannot tell", sentence: "\(clause(format.text(Swift.max(difference, 0)))), but the formula's rounding at this point is up to \(format.text(symbolicRounding)), so neither can be judged to the tolerance (\(tolerance.text)).")
    }

    /// Why no method can be judged where backprop and the numeric estimate follow a computation that rounding emptied
    /// and symbolic the maths it simplifies.
    static func roundedComputationSentence(symbolic: String, others: String, lost: (step: String, value: Double, error: Double)) -> String {
        let format = NumberFormat(digits: 2)
        return "symbolic gives \(symbolic) and \(others), but those read \(lost.step) = \(format.text(lost.value)), which rounding may have moved by up to \(format.text(lost.error)) \(CheckVerdict.share(lost)): they follow the rounded computation and symbolic the maths it simplifies, so none can be judged here."
    }

    /// "cannot tell" instead of "wrong" when backprop is the method that differs and a forward value it reads lost most
    /// of its digits to rounding: its number may be off by that alone, though its rules are right.
    private func forwardLossVerdict(_ clause: String) -> CheckVerdict? {
        let format = NumberFormat(digits: 2)
        guard let lost = forwardLoss else {
            if backpropLostValue {
                return CheckVerdict(word: "cannot tell", sentence: "\(clause), but backprop's \(format.text(backprop)) comes from a value lost to overflow or underflow on its way (see the notes), so backprop's number cannot be judged here.")
            }
            guard backpropCannotBeJudged else { return nil }
            return CheckVerdict(word: "cannot tell", sentence: "\(clause), but backprop's own rounding at this point (its sums of contributions that cancel, and the values its slopes read) \(roundingSize), so backprop's number cannot be judged here.")
        }
        if forwardLossIsConstant {
            return CheckVerdict(word: "cannot tell", sentence: "\(clause), but backprop reads \(CheckVerdict.emptiedNumber(lost)), and symbolic's formula holds the same number, so neither can judge yours here.")
        }
        return CheckVerdict(word: "cannot tell", sentence: "\(clause), but backprop reads \(lost.step) = \(format.text(lost.value)), which rounding may have moved by up to \(format.text(lost.error)) \(CheckVerdict.share(lost)), so backprop's number cannot be judged here.")
    }

    /// " within atol = 1e-5" when the absolute tolerance is what let the values agree.
    private func within(_ band: GradientCheck.Band) -> String {
        band == .tiny ? " within atol = \(NumberFormat(digits: 3).text(tolerance.absolute))" : ""
    }

    /// Your derivative against backprop, confirmed by numeric when it can referee.
    private func verdict(forYours yours: Double) -> CheckVerdict {
        if let kinkSides { return verdict(forYours: yours, at: kinkSides) }
        if backprop.isNaN { return verdictWithoutBackprop(forYours: yours) }
        let format = NumberFormat()
        let againstBackprop = ElementComparison([yours], [backprop], tolerance: tolerance)
        let numericAgrees = numericIsReference && tolerance.accepts(backprop, reference: numeric.derivative)
        let confirmation = numericAgrees ? "backprop and the numeric estimate" : "backprop (the numeric estimate \(numericIsReference ? "disagrees with backprop" : "is unreliable here"))"
        let difference = Swift.abs(yours - backprop)
        // Backprop cannot be judged (agreeing with it proves nothing either); symbolic, which rounds little here, still
        // can judge yours: a 2 that matches backprop's rounded 2 is as wrong as a 7.
        if backpropCannotBeJudged {
            if symbolic.isFinite, !forwardLossIsConstant, !tolerance.accepts(yours, reference: symbolic),
               Swift.abs(yours - symbolic) > 2 * symbolicRounding {
                return CheckVerdict(word: "wrong", sentence: "yours differs from symbolic by \(format.text(Swift.abs(yours - symbolic))) (relative \(NumberFormat(digits: 2).text(GradientCheck.relativeError(yours, symbolic)))), more than the tolerance \(format.text(tolerance.allowance(around: symbolic))); \(forwardLoss != nil ? "backprop read a value that rounding emptied of its digits" : backpropLostValue ? "backprop's \(format.text(backprop)) comes from a value lost to overflow or underflow" : "backprop's own rounding here \(roundingSize)"), so it is not the judge here.")
            }
            // Where backprop's number was lost on the way, symbolic and the numeric estimate that confirms it judge yours.
            if backpropLostValue, forwardLoss == nil, symbolic.isFinite, numericIsReference,
               tolerance.accepts(symbolic, reference: numeric.derivative), let band = ElementComparison([yours], [symbolic], tolerance: tolerance).band {
                return CheckVerdict(word: band.word, sentence: "yours agrees with symbolic and the numeric estimate\(within(band)) (\(band.reason)); backprop's \(format.text(backprop)) comes from a value lost to overflow or underflow on its way (see the notes), so it is not the judge here.")
            }
            // Symbolic, where its own rounding is within the tolerance, judges a yours that agrees with it too: sin(x/x) at
            // x = 1e-300 has the formula 0, and backprop's 1e300 - 1e300 made a right 0 "cannot tell".
            if symbolic.isFinite, forwardLoss == nil, !backpropLostValue, 2 * symbolicRounding <= tolerance.allowance(around: symbolic),
               let band = ElementComparison([yours], [symbolic], tolerance: tolerance).band {
                let judge = numericIsReference && tolerance.accepts(symbolic, reference: numeric.derivative) ? "symbolic and the numeric estimate" : "symbolic"
                return CheckVerdict(word: band.word, sentence: "yours agrees with \(judge)\(within(band)) (\(band.reason)); backprop's own rounding here \(roundingSize), so it is not the judge here.")
            }
            let against = difference == 0 ? "yours is backprop's number" : "yours differs from backprop by \(format.text(difference))"
            if let lost = forwardLossVerdict("\(against)\(tolerance.accepts(yours, reference: symbolic) ? " and agrees with symbolic" : "")") {
                return lost
            }
        }
        if let band = againstBackprop.band {
            if band == .exact, yours == 0, backprop == 0, let roundedZero {
                return roundedZero.verdict(subject: "yours and backprop give", tolerance: tolerance)
            }
            return CheckVerdict(word: band.word, sentence: "yours agrees with \(confirmation)\(within(band)) (\(band.reason)).")
        }
        let rest = numericAgrees ? "; the numeric estimate agrees with backprop" : ""
        return CheckVerdict(word: "wrong", sentence: "yours differs from backprop by \(format.text(difference)) (relative \(NumberFormat(digits: 2).text(GradientCheck.relativeError(yours, backprop)))), more than the tolerance \(format.text(tolerance.allowance(around: backprop)))\(rest).")
    }
}

extension GradientCheckReport {
    /// Yours where backprop is nan (0·∞ on the way back: a gradient that is 0 only because a step overflowed meets an
    /// infinite local derivative, see the notes): a nan is no number to differ from, so the numeric estimate judges
    /// yours where it can referee, and otherwise nothing does. `x = 1.7; check(exp(x/log(x - x)), x, 1)` said "yours
    /// differs from backprop by nan (relative nan), more than the tolerance nan".
    fileprivate func verdictWithoutBackprop(forYours yours: Double) -> CheckVerdict {
        let format = NumberFormat()
        guard numericIsReference else {
            let symbolicText = symbolic.isFinite ? "symbolic gives \(format.text(symbolic)) but nothing confirms it" : "symbolic is \(format.text(symbolic))"
            return CheckVerdict(word: "cannot tell", sentence: "backprop is nan here (see the notes), \(symbolicText), and the numeric estimate is unreliable, so nothing can judge yours.")
        }
        let estimate = numeric.derivative
        let judge = tolerance.accepts(symbolic, reference: estimate) ? "the numeric estimate, which symbolic confirms" : "the numeric estimate"
        if let band = ElementComparison([yours], [estimate], tolerance: tolerance).band {
            if band == .exact, yours == 0, estimate == 0, let roundedZero {
                return roundedZero.verdict(subject: "yours and the numeric estimate give", tolerance: tolerance)
            }
            return CheckVerdict(word: band.word, sentence: "yours agrees with \(judge)\(band == .tiny ? " within atol = \(NumberFormat(digits: 3).text(tolerance.absolute))" : "") (\(band.reason)); backprop is nan here and not judged.")
        }
        return CheckVerdict(word: "wrong", sentence: "yours differs from \(judge) by \(format.text(Swift.abs(yours - estimate))) (relative \(NumberFormat(digits: 2).text(GradientCheck.relativeError(yours, estimate)))), more than the tolerance \(format.text(tolerance.allowance(around: estimate))); backprop is nan here and not judged.")
    }
}

/// A derivative whose formula gives 0 at the point only because a step rounded: 1 - tanh(x)^2 at x = 30 (tanh(30)
/// rounds to 1; the derivative is 3.5e-26), -1/x^2 at x = 1e200 (1e-400 is too small for a double). Backprop and the
/// numeric estimate round the same way, so three zeros that agree are no evidence of an exact 0: the verdict says
/// how large the derivative may be instead of calling it exact.
public struct RoundedZero: Sendable, Equatable {
    /// The innermost step of the formula that came out 0 by rounding, as it prints (nil if none is found).
    public var step: String?
    /// A bound on the size of the derivative the 0 stands for (the formula's rounding-error bound), if known.
    public var bound: Double?

    /// "rounding in 1 - tanh(x)^2".
    var source: String { step.map { "rounding in \($0)" } ?? "rounding" }

    /// The verdict when `subject` ("all three give") 0 and this is why: fine when the bound is within atol.
    func verdict(subject: String, tolerance: GradientCheck.Tolerance) -> CheckVerdict {
        let start = "\(subject) 0, but that 0 comes from \(source), not from the maths"
        let atol = "atol = \(NumberFormat(digits: 3).text(tolerance.absolute))"
        guard let bound else {
            return CheckVerdict(word: "cannot tell", sentence: "\(start), and how large the derivative may be is not known.")
        }
        let size = "the derivative may be any number up to \(NumberFormat(digits: 2).text(bound)) in size"
        if bound <= tolerance.absolute {
            return CheckVerdict(word: "fine", sentence: "\(start): \(size), within \(atol).")
        }
        return CheckVerdict(word: "cannot tell", sentence: "\(start): \(size), more than \(atol).")
    }
}

/// `check(loss, W)` and `check(loss, W, yours)` for a vector or matrix W: element by element.
public struct TensorCheckReport: Sendable {
    public var variable: String
    public var backprop: Tensor
    public var numeric: NumericDerivative.TensorEstimate
    public var yours: Tensor?
    public var tolerance: GradientCheck.Tolerance
    /// The slip that explains all of yours against backprop, when one does.
    public var slip: GradientSlip?
    /// Where the function has no value at this point, the step that has none as it is taken (`GradientCheckReport`).
    public var undefinedStep: String? = nil
    /// Where every method agrees on a number from numbers alone that rounding emptied (`forwardLoss`), the element whose
    /// gradient that number's rounding range moves most beyond the tolerance, and the least and largest it gives there.
    public var gradientOverRounding: (element: Int, low: Double, high: Double)? = nil
    /// Elements where backprop and numeric both give 0 and nothing shows that 0 is exact (`Evaluator.zerosNotShownExact`).
    public var zerosNotShownExact: [Int] = []
    /// Where a forward value that backprop reads lost most of its digits to rounding (`ForwardRounding`), as in
    /// `CheckReport`: looked for only where backprop is not confirmed or yours differs from it.
    public var forwardLoss: (step: String, value: Double, error: Double)? = nil
    /// The symbolic partials, element by element, and a bound on each one's rounding: worked out only where backprop
    /// cannot judge yours (`forwardLoss`), for up to 64 elements.
    public var symbolic: Tensor? = nil
    public var symbolicRounding: [Double] = []
    /// Elements where backprop is further from symbolic than symbolic's own rounding and the tolerance allow, and the
    /// numeric estimate, where it can be trusted, agrees with symbolic: backprop's own rounding (sums of contributions that
    /// cancel) left its number off there, and symbolic judges yours (`symbolic` then holds the partials).
    public var backpropOffByRounding: [Int] = []
    /// The elements exactly at a kink, with the slopes on its two sides and their error (`NumericDerivative.oneSidedSlopes`):
    /// where they agree, the numeric estimate holds that slope; where they differ, yours is judged by them.
    public var kinkSides: [Int: (left: Double, right: Double, error: Double)] = [:]
    /// Elements at kinks whose sides were not measured, there being more than `NumericDerivative.largestKinkCount`:
    /// yours is not judged against backprop's convention there.
    public var unmeasuredKinks: [Int] = []

    /// The elements at a kink whose two sides have one slope: the numeric estimate holds it, and it is the derivative.
    var kinksWithDerivative: [Int] {
        kinkSides.filter { numeric.unreliable[$0.key] == nil }.keys.sorted()
    }

    /// The elements at a kink whose two sides have different slopes: there is no derivative there.
    var kinksWithoutDerivative: [Int] {
        kinkSides.filter { numeric.unreliable[$0.key] != nil }.keys.sorted()
    }

    /// Backprop against the numeric estimate, judging only the elements where the estimate is trustworthy.
    public var methods: ElementComparison {
        ElementComparison(backprop.elements, numeric.gradient.elements, tolerance: tolerance, isTrusted: numericIsTrustworthy)
    }

    /// Whether the numeric estimate of an element is one to judge by: not unreliable, finite, and precise well within
    /// the tolerance.
    func numericIsTrustworthy(_ index: Int) -> Bool {
        numeric.unreliable[index] == nil && numeric.gradient.elements[index].isFinite
            && numeric.errors[index] <= tolerance.allowance(around: numeric.gradient.elements[index]) / 2
    }

    /// Yours against backprop, element by element.
    public var yoursAgainstBackprop: ElementComparison? {
        yours.map { ElementComparison($0.elements, backprop.elements, tolerance: tolerance) }
    }

    /// An element as a person indexes it: `W[2, 1]` (1-based).
    public func position(_ index: Int) -> String {
        variable + backprop.elementPosition(index)
    }
}

extension TensorCheckReport {
    public var verdict: CheckVerdict {
        if let undefinedStep { return .withoutValue(at: "this \(variable)", variable: variable, step: undefinedStep, given: yours != nil, isGradient: true) }
        if let move = gradientOverRounding, let lost = forwardLoss {
            let format = NumberFormat(digits: 2)
            let who = yours == nil ? "backprop and numeric agree"
                : yoursAgainstBackprop?.agrees == false ? "yours differs from backprop, which numeric agrees with"
                : "yours, backprop and numeric agree"
            let spread = move.low.isFinite && move.high.isFinite ? "between \(format.text(move.low)) and \(format.text(move.high))" : "not known"
            return .agreeing(who, on: lost, spread: "the gradient at \(position(move.element)) is \(spread)")
        }
        let methods = methods
        let total = backprop.count
        if var yours = yoursAgainstBackprop, let mine = self.yours {
            if let bySymbolic = verdictBySymbolic(yours) { return bySymbolic }
            let format = NumberFormat()
            // At a kink whose two sides have one slope, yours is held to that slope, not to gradbook's convention there;
            // at one with no derivative, yours is a fair slope anywhere between the two sides' slopes.
            // (Every such element, not only where yours differs from backprop: a yours equal to the convention there is
            // no more right than any other number between the slopes, as for a number.)
            let through = kinksWithDerivative
            let excused = kinksWithoutDerivative.filter { element in
                guard let sides = kinkSides[element] else { return false }
                return NumericDerivative.isBetweenKinkSlopes(mine.elements[element], sides, tolerance: tolerance)
            }
            // (Too many kinks to measure: yours is not judged at any of them, equal to the convention or not.)
            let unmeasured = unmeasuredKinks
            // Where backprop is nan (0·∞ in an elementwise step, W*sqrt(W) at 0), it judges nothing: the numeric estimate
            // does where it is trustworthy, and elsewhere yours is not judged (a right 0 was called wrong against the nan).
            let nanBackprop = backprop.elements.indices.filter { backprop.elements[$0].isNaN && !kinkSides.keys.contains($0) }
            let nanByNumeric = nanBackprop.filter(numericIsTrustworthy)
            let nanUnjudged = nanBackprop.filter { !numericIsTrustworthy($0) }
            // Where backprop's own rounding left it off (`backpropOffByRounding`), symbolic judges: yours within symbolic's own
            // rounding of it but not within the tolerance is not judged either way.
            let off = backpropOffByRounding.filter { _ in symbolic != nil && symbolicRounding.count == backprop.count }
            let withinSymbolicRounding = off.filter { element in
                let (value, reference) = (mine.elements[element], symbolic?.elements[element] ?? 0)
                return !tolerance.accepts(value, reference: reference) && Swift.abs(value - reference) <= tolerance.allowance(around: reference) + 2 * symbolicRounding[element]
            }
            if !through.isEmpty || !excused.isEmpty || !unmeasured.isEmpty || !nanBackprop.isEmpty || !off.isEmpty {
                var judge = backprop.elements
                for element in through + nanByNumeric { judge[element] = numeric.gradient.elements[element] }
                for element in off { judge[element] = symbolic?.elements[element] ?? judge[element] }
                for element in excused + unmeasured + nanUnjudged + withinSymbolicRounding { judge[element] = mine.elements[element] }
                yours = ElementComparison(mine.elements, judge, tolerance: tolerance)
            }
            let offText = off.first.map { first in
                let more = off.count > 1 ? " and \(Diagnostic.grouped(off.count - 1)) more" : ""
                return "at \(position(first))\(more), backprop's own rounding (its sums of contributions that cancel) leaves it \(NumberFormat().text(Swift.abs(backprop.elements[first] - (symbolic?.elements[first] ?? 0)))) from symbolic's \(NumberFormat().text(symbolic?.elements[first] ?? 0))\(numericIsTrustworthy(first) ? ", which the numeric estimate confirms" : ""), so symbolic is the judge there"
            }
            guard let band = yours.band else {
                let atKinks = yours.outside.contains(where: through.contains) ? " or, at a kink with one slope on both sides, from that slope" : ""
                let bySymbolic = yours.outside.contains(where: off.contains) ? " or, where backprop's own rounding left it off, from symbolic" : ""
                let differs = "yours differs from backprop\(atKinks)\(bySymbolic) in \(yours.outside.count) of \(total) elements (\(tolerance.text))"
                if let lost = forwardLossVerdict(differs) { return lost }
                let judgeName = yours.worst.map(through.contains) == true ? "the slope on both sides of the kink there"
                    : yours.worst.map(off.contains) == true ? "symbolic (backprop's own rounding left it off there)"
                    : yours.worst.map(nanByNumeric.contains) == true ? "the numeric estimate (backprop is nan there)" : "backprop"
                return CheckVerdict(word: "wrong", sentence: "\(differs); \(worstText(yours, "yours", judgeName))")
            }
            // (What the rest of the elements say, if there is a rest: here yours agrees there.)
            let notJudged = Set(unmeasured.isEmpty ? excused : unmeasured)
            let elsewhere = notJudged.count == total ? ""
                : through.isEmpty ? "; elsewhere yours agrees with backprop"
                : "; elsewhere yours agrees with backprop, or, at a kink with one slope on both sides, with that slope"
            if let first = unmeasured.first {
                let more = unmeasured.count > 1 ? " and \(Diagnostic.grouped(unmeasured.count - 1)) more" : ""
                return CheckVerdict(word: "cannot tell", sentence: "\(Diagnostic.grouped(unmeasured.count)) elements are exactly at kinks (\(position(first))\(more)), too many to measure the slopes on their two sides, and backprop's number there is gradbook's convention, so yours is not judged at them\(elsewhere).")
            }
            if let first = withinSymbolicRounding.first {
                return CheckVerdict(word: "cannot tell", sentence: "\(offText ?? ""); yours at \(position(first)) is within symbolic's own rounding there (up to \(NumberFormat(digits: 2).text(symbolicRounding[first]))) but not within the tolerance of it, so it is not judged there.")
            }
            if let first = nanUnjudged.first {
                let more = nanUnjudged.count > 1 ? " (and \(Diagnostic.grouped(nanUnjudged.count - 1)) more)" : ""
                let rest = nanUnjudged.count == total ? "" : "; elsewhere yours agrees with backprop"
                return CheckVerdict(word: "cannot tell", sentence: "backprop is nan at \(position(first))\(more), and the numeric estimate is unreliable there, so nothing can judge yours there\(rest).")
            }
            if let first = excused.first, let sides = kinkSides[first] {
                let more = excused.count > 1 ? " (and \(excused.count - 1) more such element\(excused.count == 2 ? "" : "s"))" : ""
                return CheckVerdict(word: "cannot tell", sentence: "\(position(first))\(more) is exactly at a kink with no derivative (the slope is \(format.text(sides.left)) from the left and \(format.text(sides.right)) from the right): yours there, \(format.text(mine.elements[first])), is between them, as backprop's \(format.text(backprop.elements[first])) (gradbook's convention) is, and any number between them can stand for the slope\(elsewhere).")
            }
            // Agreeing with a backprop that read a value rounding emptied is no evidence either (a 2 for the slope 4).
            if !methods.agrees, let lost = forwardLossVerdict("yours agrees with backprop") { return lost }
            let conventions = through.filter { !tolerance.accepts(backprop.elements[$0], reference: numeric.gradient.elements[$0]) }
            if let first = conventions.first {
                return CheckVerdict(word: band.word, sentence: "yours agrees with backprop, and at \(position(first)), a kink with one slope on both sides, with that slope (\(format.text(numeric.gradient.elements[first]))), where backprop's \(format.text(backprop.elements[first])) is gradbook's convention at the kink, not the derivative (\(band.reason)).")
            }
            if let offText {
                let agreement = off.count == total ? "yours agrees with symbolic" : "yours agrees with backprop where backprop can judge, and with symbolic where it cannot"
                return CheckVerdict(word: band.word, sentence: "\(agreement): \(offText) (\(band.reason)).")
            }
            let judged = total - methods.skipped.count
            let every = total == 1 ? "its one element" : "all \(total) elements"
            // (The numeric estimate confirms only the elements where it is trustworthy: say which, not "all".)
            let sentence = !methods.agrees ? "yours agrees with backprop (the numeric estimate does not confirm it: see above), at \(every)"
                : methods.skipped.isEmpty ? "yours agrees with backprop, which the numeric estimate confirms, at \(every)"
                : judged == 0 ? "yours agrees with backprop at \(every), but the numeric estimate is unreliable at every element, so nothing confirms it"
                : "yours agrees with backprop at \(every), and the numeric estimate confirms it at the \(judged) where it is trustworthy"
            return CheckVerdict(word: band.word, sentence: "\(sentence) (\(band.reason)).")
        }
        if let first = backpropOffByRounding.first, let symbolic {
            let more = backpropOffByRounding.count > 1 ? " and \(Diagnostic.grouped(backpropOffByRounding.count - 1)) more" : ""
            let format = NumberFormat()
            let confirmed = numericIsTrustworthy(first) ? ", which the numeric estimate confirms" : ""
            return CheckVerdict(word: "cannot tell", sentence: "at \(position(first))\(more) backprop gives \(format.text(backprop.elements[first])) and symbolic \(format.text(symbolic.elements[first]))\(confirmed): backprop's own rounding there (its sums of contributions that cancel) leaves its number off by more than the tolerance, so backprop cannot be judged there.")
        }
        if !methods.outside.isEmpty {
            if let lost = forwardLossVerdict("\(methods.outside.count) of \(total) elements differ between backprop and the numeric estimate") {
                return lost
            }
            // Where an element is a kink with one slope on both sides, say why backprop is off there.
            let convention = methods.outside.first(where: kinksWithDerivative.contains).map { element in
                " At \(position(element)) the function passes through a kink but has one slope on both sides (\(NumberFormat().text(numeric.gradient.elements[element]))): backprop's \(NumberFormat().text(backprop.elements[element])) is gradbook's convention at the kink, not the derivative."
            } ?? ""
            return CheckVerdict(word: "wrong", sentence: "\(methods.outside.count) of \(total) elements differ by more than the tolerance (\(tolerance.text)); \(worstText(methods, "backprop", "numeric"))\(convention)")
        }
        guard let band = methods.band else {
            return CheckVerdict(word: "cannot tell", sentence: "the numeric estimate is unreliable at every element, so there is nothing to check backprop against.")
        }
        if let lost = forwardLoss, let symbolic, symbolicRounding.count == symbolic.count {
            let bySymbolic = ElementComparison(backprop.elements, symbolic.elements, tolerance: tolerance)
            if bySymbolic.outside.contains(where: { Swift.abs(backprop.elements[$0] - symbolic.elements[$0]) > 2 * symbolicRounding[$0] }) {
                let format = NumberFormat()
                return CheckVerdict(word: "cannot tell", sentence: GradientCheckReport.roundedComputationSentence(
                    symbolic: TensorText(format: format).summary(symbolic),
                    others: "backprop and the numeric estimate agree on \(TensorText(format: format).summary(backprop))", lost: lost))
            }
        }
        let judged = total - methods.skipped.count
        let which = methods.skipped.isEmpty ? (total == 1 ? "its one element" : "all \(total) elements") : "the \(judged) of \(total) elements where the numeric estimate is trustworthy"
        let reason = band == .tiny ? "where relative errors are larger, the derivatives are below atol and relative error means little" : band.reason
        if band == .exact, let first = zerosNotShownExact.first {
            // Two zeros agree perfectly, but a 0 that rounding made is no exact derivative (RoundedZero).
            let more = zerosNotShownExact.count > 1 ? " and \(zerosNotShownExact.count - 1) more" : ""
            return CheckVerdict(word: "fine", sentence: "backprop and numeric agree at \(which) (\(reason)), but at \(position(first))\(more) both are 0, and nothing shows that 0 is exact rather than a derivative too small for a double or lost to rounding.")
        }
        return CheckVerdict(word: band.word, sentence: "backprop and numeric agree at \(which) (\(reason)).")
    }

    /// Yours judged by symbolic where backprop cannot be (a value it reads lost its digits): wrong where an element
    /// differs from symbolic by more than the tolerance and its rounding, else cannot tell, saying whether it agrees with
    /// symbolic or is only within symbolic's rounding of it.
    private func verdictBySymbolic(_ againstBackprop: ElementComparison) -> CheckVerdict? {
        guard forwardLoss != nil, let symbolic, let mine = yours, symbolicRounding.count == symbolic.count else { return nil }
        let bySymbolic = ElementComparison(mine.elements, symbolic.elements, tolerance: tolerance)
        let total = backprop.count
        let beyondRounding = bySymbolic.outside.filter { Swift.abs(mine.elements[$0] - symbolic.elements[$0]) > 2 * symbolicRounding[$0] }
        if !beyondRounding.isEmpty {
            return CheckVerdict(word: "wrong", sentence: "yours differs from symbolic in \(beyondRounding.count) of \(total) elements (\(tolerance.text)); \(worstText(bySymbolic, "yours", "symbolic")) Backprop read a value that rounding emptied of its digits, so it is not the judge here.")
        }
        let withBackprop = againstBackprop.agrees ? "yours agrees with backprop" : "yours differs from backprop in \(againstBackprop.outside.count) of \(total) elements"
        // (Within symbolic's own rounding is not agreeing: sin(W + 1e20)'s partials are known only to ±8.5e3.)
        let withSymbolic = bySymbolic.agrees ? "agrees with symbolic" : "is within symbolic's own rounding of it"
        return forwardLossVerdict("\(withBackprop) and \(withSymbolic)")
    }

    /// "cannot tell" instead of a verdict that rests on backprop, when a forward value it reads lost most of its digits.
    private func forwardLossVerdict(_ clause: String) -> CheckVerdict? {
        guard let lost = forwardLoss else { return nil }
        let format = NumberFormat(digits: 2)
        return CheckVerdict(word: "cannot tell", sentence: "\(clause), but backprop reads \(lost.step) = \(format.text(lost.value)), which rounding may have moved by up to \(format.text(lost.error)) \(CheckVerdict.share(lost)), so backprop's numbers cannot be judged here.")
    }

    /// "the worst, W[2, 1]: yours 0.5, backprop 1, difference 0.5 (relative 0.5)."; the worst element
    /// when all agree.
    func worstText(_ comparison: ElementComparison, _ valuesName: String, _ referenceName: String) -> String {
        guard let worst = comparison.worst, let difference = comparison.worstDifference else { return "" }
        let format = NumberFormat()
        let worstWord = comparison.outside.isEmpty ? "worst element" : "the worst,"
        return "\(worstWord) \(position(worst)): \(valuesName) \(format.text(comparison.values[worst])), \(referenceName) \(format.text(comparison.reference[worst])), difference \(format.text(difference.absolute)) (relative \(NumberFormat(digits: 2).text(difference.relative)))."
    }
}
