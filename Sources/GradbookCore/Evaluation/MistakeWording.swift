// The kind words gradbook says when a hand-derived derivative is wrong and a typical slip explains it.

extension EquivalenceResult {
    /// The same verdict with the two sides exchanged (the candidate was on the other side of `==`).
    var swapped: EquivalenceResult {
        EquivalenceResult(isEquivalent: isEquivalent, counterexample: counterexample, leftValue: rightValue,
                          rightValue: leftValue, likelyMistake: likelyMistake, basis: basis)
    }
}

/// Sentences naming a `Mistake`, written for a learner: what went wrong and what the rule says.
enum MistakeWording {
    static func sentence(for mistake: Mistake, candidateIsLeft: Bool, printer: FormulaPrinter) -> String {
        let side = candidateIsLeft ? "left" : "right"
        let other = candidateIsLeft ? "right" : "left"
        switch mistake {
        case .flippedSign:
            return "The \(side) side is the \(other) side with its sign flipped: check the signs, for example the derivative of cos is -sin."
        case .constantFactor(let factor):
            let k = NumberFormat(digits: 6).text(factor)
            return "The \(side) side is \(k) times the \(other) side everywhere: a constant factor is off (an exponent brought down, or a 2 from a square?)."
        case .constantOffset(let offset):
            let c = NumberFormat(digits: 6).text(Swift.abs(offset))
            return "The \(side) side is the \(other) side \(offset > 0 ? "plus" : "minus") \(c) everywhere: a constant term is missing or extra (the 1 in tanh' = 1 - tanh^2, say)."
        case .missingInnerFactor(let inner, let innerDerivative):
            return "It looks like the chain rule's inner factor is missing: the derivative of f(\(printer.text(of: inner))) is f'(\(printer.text(of: inner))) times the inner derivative \(printer.text(of: innerDerivative))."
        case .productOfDerivatives(let factors):
            let names = factors.map { printer.text(of: $0) }
            let u = names.first ?? "u", v = names.dropFirst().first ?? "v"
            return "It looks like the product rule was applied as a product of derivatives: the derivative of (\(u))*(\(v)) is u'*v + u*v', not u'*v'."
        }
    }
}
