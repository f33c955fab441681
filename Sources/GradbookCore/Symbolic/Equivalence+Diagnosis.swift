// Naming a student's mistake in a derivative: compare the candidate with the derivative taken correctly,
// then with the derivative taken with one typical slip (no inner factor; u'·v' for (u·v)'; the quotient
// rule's minus; the power rule's exponent). A slip is named only when it explains the whole difference:
// the candidate must be the slipped derivative everywhere, not just differ where it does.

extension FormulaStore {
    /// At most this many single places are tried for each slip (student formulas are small).
    static let maximumSlipSites = 16
    /// Slips are looked for only in functions up to this size: each one tried is a whole comparison, and
    /// a formula this large was not differentiated by hand.
    static let maximumSlipFunctionSize = 500

    /// Whether `candidate` is d`f`/d`v`; when not, where it differs and which slip explains it.
    ///
    /// First a constant term off (A = B + c everywhere: the plainest account of the difference, as
    /// for softmax cross-entropy without its target's -1); then the slips, in order: the chain rule's
    /// inner factor dropped (everywhere, then at each single place), the product rule replaced by
    /// u'·v' (likewise), the quotient rule's sign, the power rule's exponent; then a flipped sign or a
    /// constant factor. `anchor` holds the person's values of bound names, compared first.
    /// The result's right side is the correct derivative.
    public func diagnoseDerivative(
        candidate: FormulaID, of f: FormulaID, withRespectTo v: Variable, anchor: [Variable: Double] = [:],
        seed: UInt64 = EquivalenceSettings.defaultSeed
    ) -> EquivalenceResult {
        let expected = derivative(of: f, withRespectTo: v)
        // (A derivative's value at a kink is a convention: a candidate that differs only there is not wrong.)
        let result = equivalence(candidate, expected, anchor: anchor, seed: seed, stoppingAtDifference: false, passingKinks: true)
        guard result.verdict == .different else { return result }
        if case .constantOffset = result.likelyMistake { return result }
        guard size(of: [f]) <= Self.maximumSlipFunctionSize else { return result }
        for (rule, mistake) in slips(in: f, withRespectTo: v) where stopReason == nil {
            let slipped = derivative(of: f, withRespectTo: v, rule: rule)
            if slipped != expected,
               equivalence(candidate, slipped, anchor: anchor, seed: seed, stoppingAtDifference: true).isEquivalent {
                return result.with(mistake: mistake)
            }
        }
        return result
    }

    /// Each slip worth trying for `f`, with the mistake it stands for.
    private func slips(in f: FormulaID, withRespectTo v: Variable) -> [(DifferentiationRule, Mistake)] {
        let order = reachable(from: [f])
        let depends = dependence(in: order, on: [v], top: f)
        var chainSites: [(FormulaID, Mistake)] = [], productSites: [(FormulaID, Mistake)] = []
        var quotientSites: [(FormulaID, Mistake)] = [], powerSites: [(DifferentiationRule, Mistake)] = []
        for id in order.reversed() where depends[id.index] {
            switch node(id) {
            case .apply(_, let u), .power(let u, _):
                if case .power(_, let e) = node(id), depends[e.index] { continue }
                if variableValue(u) == nil, depends[u.index] {
                    let mistake = Mistake.missingInnerFactor(inner: u, innerDerivative: derivative(of: u, withRespectTo: v))
                    chainSites.append((id, mistake))
                }
                if case .power(let base, let e) = node(id), let c = constantValue(e), c != 1, depends[base.index] {
                    let correct = powerBasePartial(base: base, exponent: e)
                    for offset in [1.0, 2.0] {
                        let written = multiply(e, power(base, constant(c - 1 + offset)))
                        powerSites.append((.shiftingPowerExponent(at: id, offset: offset),
                                           .powerRule(power: id, correct: correct, written: written)))
                    }
                }
            case .multiply(let operands):
                let dependent = operands.filter { depends[$0.index] }
                if dependent.count >= 2 { productSites.append((id, .productOfDerivatives(factors: dependent))) }
                for operand in dependent where dependent.count >= 2 {
                    if case .power(let denominator, let e) = node(operand), let c = constantValue(e), c < 0 {
                        quotientSites.append((operand, .quotientSign(denominator: denominator)))
                    }
                }
            default: break
            }
        }
        var slips: [(DifferentiationRule, Mistake)] = []
        if let outermost = chainSites.first { slips.append((.omittingInnerFactor(at: nil), outermost.1)) }
        slips += chainSites.prefix(Self.maximumSlipSites).map { (.omittingInnerFactor(at: $0.0), $0.1) }
        if let outermost = productSites.first { slips.append((.productOfDerivatives(at: nil), outermost.1)) }
        slips += productSites.prefix(Self.maximumSlipSites).map { (.productOfDerivatives(at: $0.0), $0.1) }
        slips += quotientSites.prefix(Self.maximumSlipSites).map { (.flippingQuotientSign(at: $0.0), $0.1) }
        slips += powerSites.prefix(2 * Self.maximumSlipSites)
        return slips
    }
}
