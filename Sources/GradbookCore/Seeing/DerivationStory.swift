// explain(diff(EXPR, x)): the symbolic derivative worked out step by step, naming each rule.

/// Tells how `diff` reaches its answer: starting from the whole formula, each step takes one part,
/// names the rule that applies (sum, constant factor, product, quotient, power, exponential, chain,
/// and each builtin's own derivative), writes the rule applied to that part, and gives the part's
/// derivative. Parts are explained once each, outermost first; the last line is the simplified result.
///
/// The steps re-derive each part with `FormulaStore.derivative`, the very engine `diff` uses, so the
/// story cannot disagree with the answer.
struct DerivationStory {
    /// Steps told before the rest is summarised.
    static let stepLimit = 40

    let store: FormulaStore
    let variable: Variable
    private var derivatives: [FormulaID: FormulaID] = [:]

    init(store: FormulaStore, variable: Variable) {
        self.store = store
        self.variable = variable
    }

    private var printer: FormulaPrinter { FormulaPrinter(store: store) }
    private var dx: String { "d/d\(variable.name)" }

    mutating func explanation(of formula: FormulaID, title: String, printedResult: String) -> Explanation {
        var lines: [String] = []
        var explained: Set<FormulaID> = []
        var pending = [formula]
        var hidden = 0, steps = 0
        while let id = pending.popLast() {
            guard !explained.contains(id), derivative(id) != store.zero, store.variableValue(id) != variable else { continue }
            explained.insert(id)
            guard steps < DerivationStory.stepLimit else { hidden += 1; continue }
            let (rule, applied) = self.rule(for: id)
            steps += 1
            let number = steps
            lines.append("\(number < 10 ? " " : "")\(number). \(dx)(\(printer.text(of: id))), \(rule):")
            lines.append("      = \(applied)")
            let result = printer.text(of: derivative(id))
            if result != applied { lines.append("      = \(result)") }
            let children = store.node(id).children.filter { derivative($0) != store.zero && store.variableValue($0) != variable }
            pending.append(contentsOf: children.reversed())
        }
        if hidden > 0 { lines.append("… \(hidden) more part\(hidden == 1 ? "" : "s"), each by the same rules.") }
        if lines.isEmpty { lines.append("the formula does not change with \(variable.name) (or is \(variable.name) itself), so there is nothing to apply.") }
        lines.append("result, simplified: \(title) = \(printedResult)")
        return Explanation(heading: "\(title): the derivative by the rules of differentiation, outermost part first", lines: lines)
    }

    /// The derivative of one part, memoised.
    private mutating func derivative(_ id: FormulaID) -> FormulaID {
        if let known = derivatives[id] { return known }
        let result = store.derivative(of: id, withRespectTo: variable)
        derivatives[id] = result
        return result
    }

    /// `d/dx(u)` for a part, `1` for x itself, nil for a constant part (its derivative is 0).
    private mutating func d(_ id: FormulaID) -> String? {
        if store.variableValue(id) == variable { return "1" }
        if derivative(id) == store.zero { return nil }
        return "\(dx)(\(printer.text(of: id)))"
    }

    private func parenthesised(_ id: FormulaID) -> String {
        let text = printer.text(of: id)
        switch store.view(id) {
        case .add: return "(\(text))"
        default: return text.hasPrefix("-") ? "(\(text))" : text
        }
    }

    /// Chains `factor * d/dx(u)`, leaving out a factor of 1.
    private func times(_ factor: String, _ inner: String) -> String {
        inner == "1" ? factor : "\(factor)*\(inner)"
    }

    /// The rule's name and the rule written out for this part.
    private mutating func rule(for id: FormulaID) -> (String, String) {
        switch store.view(id) {
        case .constant, .variable:
            return ("a constant", "0")
        case .add(let terms):
            let parts = terms.compactMap { d($0) }
            return ("sum rule: the derivative of a sum is the sum of the derivatives", parts.joined(separator: " + "))
        case .multiply(let factors):
            return productRule(factors)
        case .power(let base, let exponent):
            return powerRule(id, base: base, exponent: exponent)
        case .apply(let f, let argument):
            let outer = "\(f.rawValue)'(u) = \(printer.text(of: store.derivativeRule(f, at: store.variable(Variable(name: "u")))))"
            let inner = d(argument) ?? "0"
            let fPrime = printer.text(of: store.derivativeRule(f, at: argument))
            let named = inner == "1" ? "\(f.rawValue)'s rule, \(outer)" : "chain rule, \(f.rawValue)(u)' = \(f.rawValue)'(u)*u' with \(outer)"
            return (named, times(wrapSum(fPrime), inner))
        }
    }

    private func wrapSum(_ text: String) -> String {
        text.contains(" + ") || text.contains(" - ") ? "(\(text))" : text
    }

    private mutating func productRule(_ factors: [FormulaID]) -> (String, String) {
        let dependent = factors.filter { derivative($0) != store.zero }
        if dependent.count == 1, let u = dependent.first {
            let constants = factors.filter { $0 != u }.map(parenthesised).joined(separator: "*")
            return ("constant factor rule, (c*u)' = c*u'", times(constants, d(u) ?? "0"))
        }
        // u * v^-1 is a quotient: (u/v)' = (u'*v - u*v')/v^2.
        if factors.count == 2, let denominatorPower = factors.first(where: { isReciprocal($0) }),
           case .power(let v, _) = store.view(denominatorPower), let u = factors.first(where: { $0 != denominatorPower }) {
            let numerator = "\(times(parenthesised(v), d(u) ?? "0")) - \(times(parenthesised(u), d(v) ?? "0"))"
            return ("quotient rule, (u/v)' = (u'*v - u*v')/v^2", "(\(numerator))/\(parenthesised(v))^2")
        }
        let terms = factors.indices.compactMap { index -> String? in
            guard let derivative = d(factors[index]) else { return nil }
            let others = factors.indices.filter { $0 != index }.map { parenthesised(factors[$0]) }
            return ([derivative == "1" ? nil : derivative] + others.map { Optional($0) }).compactMap { $0 }.joined(separator: "*")
        }
        return ("product rule, (u*v)' = u'*v + u*v'", terms.joined(separator: " + "))
    }

    private func isReciprocal(_ id: FormulaID) -> Bool {
        if case .power(_, let exponent) = store.view(id), store.constantValue(exponent) == -1 { return true }
        return false
    }

    private mutating func powerRule(_ id: FormulaID, base: FormulaID, exponent: FormulaID) -> (String, String) {
        let u = parenthesised(base)
        if let n = store.constantValue(exponent) {
            let lowered = NumberText.standalone(n - 1)
            let factor = n == 2 ? "2*\(u)" : "\(NumberText.standalone(n))*\(u)^\(lowered.hasPrefix("-") ? "(\(lowered))" : lowered)"
            let name = d(base) == "1" ? "power rule, (x^n)' = n*x^(n-1)" : "power rule with the chain rule, (u^n)' = n*u^(n-1)*u'"
            return (name, times(factor, d(base) ?? "0"))
        }
        if store.isConstant(base) {
            return ("exponential rule, (c^u)' = c^u*log(c)*u'", times("\(printer.text(of: id))*log(\(u))", d(exponent) ?? "0"))
        }
        let applied = "\(printer.text(of: id))*(\(times("log(\(u))", d(exponent) ?? "0")) + \(parenthesised(exponent))*\(d(base) ?? "0")/\(u))"
        return ("general power rule, (u^v)' = u^v*(v'*log(u) + v*u'/u)", applied)
    }
}
