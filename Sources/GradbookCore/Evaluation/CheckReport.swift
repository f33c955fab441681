// What check(EXPR, x) and check(EXPR, x, yours) found, and the verdict it supports.

/// The verdict of a check: its first word and the sentence after it.
public struct CheckVerdict: Sendable, Equatable {
    /// `exact`, `fine`, `close`, `agree`, `wrong` or `cannot tell`.
    public var word: String
    public var sentence: String
}

/// The side-by-side table `check(EXPR, x)` prints.
public struct GradientCheckReport: Sendable {
    public var variable: String
    public var point: Double
    public var formula: String
    public var symbolic: Double
    public var backprop: Double
    public var numeric: NumericDerivative.Estimate
    /// The derivative the person gave, for check(EXPR, x, yours).
    public var yours: Double?
    public var tolerance: GradientCheck.Tolerance
    /// The conventions backprop used at kinks and ties, as sentences (`Evaluator.kinkNote`).
    public var kinksUsed: [Note]

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
    public var reference: Double { numericIsReference ? numeric.derivative : backprop }

    public var verdict: CheckVerdict {
        yours.map(verdict(forYours:)) ?? verdictOfMethods
    }

    /// Symbolic and backprop against numeric, or against each other when numeric cannot referee.
    private var verdictOfMethods: CheckVerdict {
        let format = NumberFormat()
        guard numericIsReference else {
            // A nan is no value to disagree with: without a numeric referee there is nothing to judge.
            let unknown = [("symbolic", symbolic), ("backprop", backprop)].filter { $0.1.isNaN }.map(\.0)
            if !unknown.isEmpty {
                let known = [("symbolic", symbolic), ("backprop", backprop)].first { !$0.1.isNaN }
                let rest = known.map { "; \($0.0) gives \(format.text($0.1)), but nothing can confirm it" } ?? ""
                let subject = unknown.count == 2 ? "symbolic and backprop are" : "\(unknown[0]) is"
                return CheckVerdict(word: "cannot tell", sentence: "\(subject) nan here and the numeric estimate is unreliable\(rest).")
            }
            let comparison = ElementComparison([symbolic], [backprop], tolerance: tolerance)
            if let band = comparison.band {
                let how = symbolic == backprop ? "both are \(format.text(symbolic))" : band.reason
                return CheckVerdict(word: "agree", sentence: "symbolic and backprop agree (\(how)); without a trustworthy numeric estimate, that is all the evidence.")
            }
            return CheckVerdict(word: "wrong", sentence: "symbolic and backprop disagree: \(format.text(symbolic)) and \(format.text(backprop)), more than the tolerance allows.")
        }
        let comparison = ElementComparison([symbolic, backprop], [numeric.derivative, numeric.derivative], tolerance: tolerance)
        if let band = comparison.band {
            return CheckVerdict(word: band.word, sentence: "all three agree\(within(band)) (\(band.reason)).")
        }
        let who = comparison.outside.count == 2 ? "symbolic and backprop differ" : (comparison.outside == [0] ? "symbolic differs" : "backprop differs")
        let worst = comparison.outside.map { Swift.abs([symbolic, backprop][$0] - numeric.derivative) }.max() ?? 0
        return CheckVerdict(word: "wrong", sentence: "\(who) from the numeric estimate by \(format.text(worst)), more than the tolerance \(format.text(tolerance.allowance(around: numeric.derivative))) (\(tolerance.text)).")
    }

    /// " within atol = 1e-5" when the absolute tolerance is what let the values agree.
    private func within(_ band: GradientCheck.Band) -> String {
        band == .tiny ? " within atol = \(NumberFormat(digits: 3).text(tolerance.absolute))" : ""
    }

    /// Your derivative against backprop, confirmed by numeric when it can referee.
    private func verdict(forYours yours: Double) -> CheckVerdict {
        let format = NumberFormat()
        let againstBackprop = ElementComparison([yours], [backprop], tolerance: tolerance)
        let numericAgrees = numericIsReference && tolerance.accepts(backprop, reference: numeric.derivative)
        let confirmation = numericAgrees ? "backprop and the numeric estimate" : "backprop (the numeric estimate \(numericIsReference ? "disagrees with backprop" : "is unreliable here"))"
        if let band = againstBackprop.band {
            return CheckVerdict(word: band.word, sentence: "yours agrees with \(confirmation)\(within(band)) (\(band.reason)).")
        }
        let difference = Swift.abs(yours - backprop)
        let rest = numericAgrees ? "; the numeric estimate agrees with backprop" : ""
        return CheckVerdict(word: "wrong", sentence: "yours differs from backprop by \(format.text(difference)) (relative \(NumberFormat(digits: 2).text(GradientCheck.relativeError(yours, backprop)))), more than the tolerance \(format.text(tolerance.allowance(around: backprop)))\(rest).")
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

    /// Backprop against the numeric estimate, judging only the elements where the estimate is trustworthy.
    public var methods: ElementComparison {
        ElementComparison(backprop.elements, numeric.gradient.elements, tolerance: tolerance) { index in
            numeric.unreliable[index] == nil && numeric.gradient.elements[index].isFinite
                && numeric.errors[index] <= tolerance.allowance(around: numeric.gradient.elements[index]) / 2
        }
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
        let methods = methods
        let total = backprop.count
        if let yours = yoursAgainstBackprop {
            guard let band = yours.band else {
                return CheckVerdict(word: "wrong", sentence: "yours differs from backprop in \(yours.outside.count) of \(total) elements (\(tolerance.text)); \(worstText(yours, "yours", "backprop"))")
            }
            let confirmation = methods.agrees ? "backprop, which the numeric estimate confirms" : "backprop (the numeric estimate does not confirm it: see above)"
            return CheckVerdict(word: band.word, sentence: "yours agrees with \(confirmation), at \(total == 1 ? "its one element" : "all \(total) elements") (\(band.reason)).")
        }
        if !methods.outside.isEmpty {
            return CheckVerdict(word: "wrong", sentence: "\(methods.outside.count) of \(total) elements differ by more than the tolerance (\(tolerance.text)); \(worstText(methods, "backprop", "numeric"))")
        }
        guard let band = methods.band else {
            return CheckVerdict(word: "cannot tell", sentence: "the numeric estimate is unreliable at every element, so there is nothing to check backprop against.")
        }
        let judged = total - methods.skipped.count
        let which = methods.skipped.isEmpty ? (total == 1 ? "its one element" : "all \(total) elements") : "the \(judged) of \(total) elements where the numeric estimate is trustworthy"
        let reason = band == .tiny ? "where relative errors are larger, the derivatives are below atol and relative error means little" : band.reason
        return CheckVerdict(word: band.word, sentence: "backprop and numeric agree at \(which) (\(reason)).")
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
