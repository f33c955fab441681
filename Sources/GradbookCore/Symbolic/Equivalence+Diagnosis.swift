// Naming a student's mistake in a derivative: compare the candidate with the derivative taken correctly,
// then with the derivative taken with one typical slip (no inner factor; u'·v' for (u·v)').

extension FormulaStore {
    /// At most this many single places are tried for each slip (student formulas are small).
    static let maximumSlipSites = 16

    /// Whether `candidate` is d`f`/d`v`; when not, where it differs and which slip explains it.
    ///
    /// The slips tried, in order: the chain rule's inner factor dropped (everywhere, then at each single
    /// place), the product rule replaced by u'·v' (likewise), then a flipped sign or a constant factor.
    /// The result's right side is the correct derivative.
    public func diagnoseDerivative(
        candidate: FormulaID, of f: FormulaID, withRespectTo v: Variable,
        seed: UInt64 = EquivalenceSettings.defaultSeed
    ) -> EquivalenceResult {
        let expected = derivative(of: f, withRespectTo: v)
        let result = equivalence(candidate, expected, seed: seed)
        guard !result.isEquivalent, result.basis != .noCommonPoint else { return result }
        for (rule, mistake) in slips(in: f, withRespectTo: v) where stopReason == nil {
            let slipped = derivative(of: f, withRespectTo: v, rule: rule)
            if slipped != expected, equivalence(candidate, slipped, seed: seed).isEquivalent {
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
        for id in order.reversed() where depends[id.index] {
            switch node(id) {
            case .apply(_, let u), .power(let u, _):
                if case .power(_, let e) = node(id), depends[e.index] { continue }
                if variableValue(u) == nil, depends[u.index] {
                    let mistake = Mistake.missingInnerFactor(inner: u, innerDerivative: derivative(of: u, withRespectTo: v))
                    chainSites.append((id, mistake))
                }
            case .multiply(let operands):
                let dependent = operands.filter { depends[$0.index] }
                if dependent.count >= 2 { productSites.append((id, .productOfDerivatives(factors: dependent))) }
            default: break
            }
        }
        var slips: [(DifferentiationRule, Mistake)] = []
        if let outermost = chainSites.first { slips.append((.omittingInnerFactor(at: nil), outermost.1)) }
        slips += chainSites.prefix(Self.maximumSlipSites).map { (.omittingInnerFactor(at: $0.0), $0.1) }
        if let outermost = productSites.first { slips.append((.productOfDerivatives(at: nil), outermost.1)) }
        slips += productSites.prefix(Self.maximumSlipSites).map { (.productOfDerivatives(at: $0.0), $0.1) }
        return slips
    }
}
