// The kind words gradbook says when a hand-derived derivative is wrong and a typical slip explains it.

extension EquivalenceResult {
    /// The same verdict with the two sides exchanged (the candidate was on the other side of `==`).
    var swapped: EquivalenceResult {
        var result = EquivalenceResult(verdict: verdict, counterexample: counterexample, leftValue: rightValue,
                                       rightValue: leftValue, likelyMistake: likelyMistake, basis: basis)
        result.valueAtAnchor = valueAtAnchor
        result.differsOnlyAtKink = differsOnlyAtKink.map { ($0.point, $0.right, $0.left) }
        result.definedOnOneSideOnly = definedOnOneSideOnly.map { .init(point: $0.point, left: $0.right, right: $0.left, undefinedStep: $0.undefinedStep) }
        return result
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
            return "The sides differ by exactly the constant \(c) everywhere (the \(side) side is the \(other) side \(offset > 0 ? "plus" : "minus") \(c)): a constant term is missing or extra, such as the 1 in tanh' = 1 - tanh^2, or the target's -1 in the gradient of softmax cross-entropy."
        case .missingInnerFactor(let inner, let innerDerivative):
            return "It looks like the chain rule's inner factor is missing: the derivative of f(\(printer.text(of: inner))) is f'(\(printer.text(of: inner))) times the inner derivative \(printer.text(of: innerDerivative))."
        case .productOfDerivatives(let factors):
            let names = factors.map { printer.text(of: $0) }
            let u = names.first ?? "u", v = names.dropFirst().first ?? "v"
            return "It looks like the product rule was applied as a product of derivatives: the derivative of (\(u))*(\(v)) is u'*v + u*v', not u'*v'."
        case .quotientSign(let denominator):
            return "It looks like the quotient rule's minus became a plus: the derivative of u/v is (u'*v - u*v')/v^2, here with v = \(printer.text(of: denominator))."
        case .powerRule(let power, let correct, let written):
            var chain = ""
            if case .power(let base, _) = printer.store.node(power), printer.store.variableValue(base) == nil { chain = " times the inner derivative" }
            return "It looks like the power rule's exponent is off: the derivative of \(printer.text(of: power)) is \(printer.text(of: correct))\(chain) (the exponent drops by one), not \(printer.text(of: written))."
        }
    }
}
