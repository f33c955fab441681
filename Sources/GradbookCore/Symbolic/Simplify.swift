// simplify(EXPR) and expand(EXPR): one pass over the DAG, children before parents, each node rebuilt once.
//
// Cost: every node is visited once and looks at no more than `maximumGatheredOperands` operands when it
// gathers a nested sum or product, so simplify is linear in the formula's size (shared parts are
// simplified once). expand multiplies sums out; its result can be exponentially larger than its input
// ((a + b)^20), so each sum it builds is capped at `maximumExpandedTerms` terms and it stops past that.
//
// Every rewrite here holds for all real values where the original is defined, except where noted:
// exp(a)*exp(b) → exp(a + b) can turn an overflow (inf*0) into the finite true value.

import Foundation

extension FormulaStore {
    /// The most operands one sum or product gathers from the sums or products inside it.
    static let maximumGatheredOperands = 64
    /// The most terms one sum may have in `expanded`.
    public static let maximumExpandedTerms = 500

    /// What `simplified` did not do, for a note (each identity that needs a condition it could not check).
    public struct SimplifyNotes: Sendable, Equatable {
        /// exp(log(u)) was kept: it equals u only for u > 0.
        public var keptExpOfLog = false
        /// (u^a)^b with non-integer b was kept: it equals u^(a*b) only for u ≥ 0.
        public var keptPowerOfPower = false
    }

    /// `id` simplified: like terms combined across nested sums, like factors and exponentials merged
    /// (exp(a)*exp(b) → exp(a + b)), sin(u)^2 + cos(u)^2 → 1, log(exp(u)) → u, sqrt(u^2) → abs(u),
    /// and sums that cancel when a constant is multiplied through ((2*(x + 1) - 2*x → 2).
    public func simplified(_ id: FormulaID, notes: inout SimplifyNotes) -> FormulaID {
        simplified([id], notes: &notes)[0]
    }

    /// The always-valid rewrites of `simplified` on every derivative gradbook prints (several formulas
    /// simplified together keep their shared parts shared).
    public func tidied(_ ids: [FormulaID]) -> [FormulaID] {
        var ignored = SimplifyNotes()
        return simplified(ids, notes: &ignored)
    }

    /// `simplified` of several formulas at once, each shared part simplified once.
    ///
    /// Common factors are taken out of sums where that is shorter (`commonFactored`), but that measure
    /// cannot see which parts the printer will name (`where t1 = …`): when a factor was taken out, the
    /// formulas are simplified again without, and the one printed shorter (`printedLength`, which counts
    /// the named parts once) is kept, at the cost of a second pass only where a factor was taken out.
    public func simplified(_ ids: [FormulaID], notes: inout SimplifyNotes) -> [FormulaID] {
        var factored = false
        let result = simplifiedPass(ids, notes: &notes, factoring: true, factored: &factored)
        guard factored, stopReason == nil else { return result }
        var ignored = SimplifyNotes()
        var unused = false
        let plain = simplifiedPass(ids, notes: &ignored, factoring: false, factored: &unused)
        return printedLength(of: result) < printedLength(of: plain) ? result : plain
    }

    private func simplifiedPass(_ ids: [FormulaID], notes: inout SimplifyNotes, factoring: Bool, factored: inout Bool) -> [FormulaID] {
        var image: [FormulaID: FormulaID] = [:]
        for old in reachable(from: ids) {
            let mapped = { (child: FormulaID) in image[child] ?? child }
            switch node(old) {
            case .constant, .variable: image[old] = old
            case .add(let operands): image[old] = simplifiedSum(gatheredSum(operands.map(mapped)), factoring: factoring, factored: &factored)
            case .multiply(let operands): image[old] = simplifiedProduct(operands.map(mapped), factoring: factoring, factored: &factored)
            case .power(let base, let exponent):
                let (b, e) = (mapped(base), mapped(exponent))
                if case .power(_, let a) = node(b), !(constantValue(a) == 2 && constantValue(e) == 0.5), !(constantValue(e).map { $0.rounded() == $0 } ?? false) { notes.keptPowerOfPower = true }
                if case .apply(.exp, let u) = node(b) { image[old] = apply(.exp, multiply(u, e)) }  // exp(u)^v = exp(u*v): exp(u) > 0
                else if case .power(let u, let two) = node(b), constantValue(two) == 2, constantValue(e) == 0.5 { image[old] = apply(.abs, u) }  // (u^2)^0.5 = |u|
                else { image[old] = power(b, e) }
            case .apply(let f, let argument):
                let u = mapped(argument)
                switch (f, node(u)) {
                case (.log, .apply(.exp, let inner)): image[old] = inner  // log(exp(u)) = u for every real u
                case (.sqrt, .power(let base, let exponent)) where constantValue(exponent) == 2:
                    image[old] = apply(.abs, base)  // sqrt(u^2) = |u|
                case (.exp, .apply(.log, _)):
                    notes.keptExpOfLog = true
                    image[old] = apply(f, u)
                default: image[old] = apply(f, u)
                }
            }
        }
        return ids.map { image[$0] ?? $0 }
    }

    /// `id` with products multiplied out over sums and sums raised to small whole powers expanded
    /// ((x + 1)^2 → x^2 + 2*x + 1), like terms combined; nil when a sum would pass `maximumExpandedTerms`.
    public func expanded(_ id: FormulaID) -> FormulaID? {
        var image: [FormulaID: FormulaID] = [:]
        for old in reachable(from: [id]) {
            let mapped = { (child: FormulaID) in image[child] ?? child }
            let new: FormulaID?
            switch node(old) {
            case .constant, .variable: new = old
            case .add(let operands): new = collectedSum(gatheredSum(operands.map(mapped)))
            case .multiply(let operands): new = expandedProduct(operands.map(mapped))
            case .power(let base, let exponent):
                let (b, e) = (mapped(base), mapped(exponent))
                if let n = constantValue(e), n.rounded() == n, n >= 2, n <= 1000, sumOperandCount(b) > 1 {
                    var result: FormulaID? = b
                    for _ in 1..<Int(n) { result = result.flatMap { expandedProduct([$0, b]) } }
                    new = result
                } else {
                    new = power(b, e)
                }
            case .apply(let f, let argument): new = apply(f, mapped(argument))
            }
            guard let new, stopReason == nil else { return nil }
            image[old] = new
        }
        return image[id] ?? id
    }

    // MARK: Sums

    /// The terms of a sum of `operands`, with the operands of sums inside it taken in (up to the cap).
    private func gatheredSum(_ operands: [FormulaID]) -> [Term] {
        var gathered: [FormulaID] = []
        for operand in operands {
            let inner = sumOperands(operand)
            if inner.count > 1, gathered.count + inner.count + operands.count <= Self.maximumGatheredOperands {
                gathered += inner
            } else {
                gathered.append(operand)
            }
        }
        return gathered.map(term)
    }

    /// `terms` with like terms combined (in one hashed pass), as a sum.
    private func collectedSum(_ terms: [Term]) -> FormulaID? {
        // Each monomial's coefficients: one, or a few when a named constant keeps its own (t/(2*pi) + t/3).
        var order: [FormulaID] = []
        var coefficients: [FormulaID: [Double]] = [:]
        for t in terms {
            if var cs = coefficients[t.monomial] {
                if let i = cs.firstIndex(where: { combinedCoefficient($0, t.coefficient) != nil }) {
                    cs[i] += t.coefficient
                } else {
                    cs.append(t.coefficient)
                }
                coefficients[t.monomial] = cs
            } else {
                coefficients[t.monomial] = [t.coefficient]
                order.append(t.monomial)
            }
        }
        let operands = order.flatMap { m -> [FormulaID] in
            (coefficients[m] ?? []).compactMap { c in c == 0 ? nil : scaled(c, m) }
        }
        guard operands.count <= Self.maximumExpandedTerms else { return nil }
        switch operands.count {
        case 0: return zero
        case 1: return operands[0]
        default: return intern(.add(operands.sorted()))
        }
    }

    /// A sum of `terms` simplified: like terms combined, the Pythagorean identity applied, and a constant
    /// multiplied into an inner sum when that makes terms cancel (the result then has fewer terms).
    private func simplifiedSum(_ terms: [Term], factoring: Bool, factored: inout Bool) -> FormulaID {
        let plain = pythagorean(terms)
        var spread: [Term] = []
        var spreads = false
        for t in plain {
            if case .add(let inner) = node(t.monomial), inner.count + spread.count <= Self.maximumGatheredOperands,
               inner.allSatisfy({ Self.multipliesFaithfully(term($0).coefficient, t.coefficient) }) {
                spreads = true
                spread += inner.map { var u = term($0); u.coefficient *= t.coefficient; return u }
            } else {
                spread.append(t)
            }
        }
        let first = collectedSum(plain) ?? sum(of: plain)
        var chosen = first
        if spreads, let second = collectedSum(pythagorean(spread)), sumOperandCount(second) < sumOperandCount(first) { chosen = second }
        guard factoring else { return chosen }
        if let complemented = complementedSigmoids(chosen), writtenLength(complemented) < writtenLength(chosen) {
            factored = true
            chosen = complemented
        }
        guard let common = commonFactored(chosen) else { return chosen }
        factored = true
        return common
    }

    /// c*m*sin(u)^2 + c*m*cos(u)^2 → c*m, and c*m - c*m*sin(u)^2 → c*m*cos(u)^2 (and with sin, cos swapped).
    private func pythagorean(_ terms: [Term]) -> [Term] {
        // For each term with a factor sin(u)^2 or cos(u)^2: its other factors, u, and which one.
        struct Square: Hashable {
            var rest: FormulaID
            var argument: FormulaID
            var isSine: Bool
        }
        var squares: [Square: Int] = [:]
        for (i, t) in terms.enumerated() {
            for (rest, argument, isSine) in trigSquares(in: t.monomial) {
                squares[Square(rest: rest, argument: argument, isSine: isSine)] = i
            }
        }
        guard !squares.isEmpty else { return terms }
        var result = terms
        var removed = Set<Int>()
        var plainIndex: [FormulaID: Int] = [:]
        for (i, t) in terms.enumerated() where plainIndex[t.monomial] == nil { plainIndex[t.monomial] = i }
        for (square, i) in squares.sorted(by: { $0.value < $1.value }) where !removed.contains(i) {
            let c = terms[i].coefficient
            var partner = square
            partner.isSine.toggle()
            if let j = squares[partner], j != i, !removed.contains(j), terms[j].coefficient == c {
                // c*m*sin(u)^2 + c*m*cos(u)^2 = c*m
                removed.formUnion([i, j])
                result.append(Term(coefficient: c, monomial: square.rest))
            } else if let j = plainIndex[square.rest], j != i, !removed.contains(j), terms[j].coefficient == -c {
                // c*m - c*m*sin(u)^2 = c*m*cos(u)^2
                removed.formUnion([i, j])
                let other = power(apply(square.isSine ? .cos : .sin, square.argument), constant(2))
                result.append(Term(coefficient: -c, monomial: multiply(square.rest, other)))
            }
        }
        return removed.isEmpty ? terms : result.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
    }

    /// Each factor sin(u)^2 or cos(u)^2 of `monomial`, with the product of its other factors.
    private func trigSquares(in monomial: FormulaID) -> [(FormulaID, FormulaID, Bool)] {
        let factors: [FormulaID]
        if case .multiply(let operands) = node(monomial) { factors = operands } else { factors = [monomial] }
        var found: [(FormulaID, FormulaID, Bool)] = []
        for (k, f) in factors.enumerated() {
            guard case .power(let base, let exponent) = node(f), constantValue(exponent) == 2,
                  case .apply(let function, let u) = node(base), function == .sin || function == .cos else { continue }
            var rest = one
            for (j, g) in factors.enumerated() where j != k { rest = multiply(rest, g) }
            found.append((rest, u, function == .sin))
        }
        return found
    }

    // MARK: Products

    /// A product of `operands` simplified: nested products taken in, like factors merged (through
    /// `multiply`) and every exp(u) multiplied into one exp of the sum of the u.
    private func simplifiedProduct(_ operands: [FormulaID], factoring: Bool, factored: inout Bool) -> FormulaID {
        var factors: [FormulaID] = []
        for operand in operands {
            if case .multiply(let inner) = node(operand), factors.count + inner.count + operands.count <= Self.maximumGatheredOperands {
                factors += inner
            } else {
                factors.append(operand)
            }
        }
        var exponents: [Term] = []
        var result = one
        for f in factors {
            if case .apply(.exp, let u) = node(f) { exponents.append(term(u)) } else { result = multiply(result, f) }
        }
        result = namedQuotients(result)
        guard !exponents.isEmpty else { return result }
        return multiply(result, apply(.exp, exponents.count == 1 ? scaled(exponents[0].coefficient, exponents[0].monomial) : simplifiedSum(exponents, factoring: factoring, factored: &factored)))
    }

    /// sin(u)/cos(u) → tan(u), cos(u)/sin(u) → 1/tan(u), sinh(u)/cosh(u) → tanh(u) among a product's factors.
    private func namedQuotients(_ product: FormulaID) -> FormulaID {
        guard case .multiply(let operands) = node(product) else { return product }
        var factors = operands
        var changed = false
        let pairs: [(MathFunction, MathFunction, MathFunction, Double)] = [
            (.sin, .cos, .tan, 1), (.cos, .sin, .tan, -1), (.sinh, .cosh, .tanh, 1), (.cosh, .sinh, .tanh, -1),
        ]
        for (numerator, denominator, quotient, exponent) in pairs {
            for i in factors.indices {
                guard case .apply(numerator, let u) = node(factors[i]),
                      let inverse = existing(.apply(denominator, u)).flatMap({ existing(.power($0, minusOne)) }),
                      let j = factors.firstIndex(of: inverse) else { continue }
                factors[i] = power(apply(quotient, u), constant(exponent))
                factors[j] = one
                changed = true
            }
        }
        return changed ? factors.reduce(one) { multiply($0, $1) } : product
    }

    /// The product of `operands` with every sum among them multiplied out; nil past the term cap.
    private func expandedProduct(_ operands: [FormulaID]) -> FormulaID? {
        var terms = [Term(coefficient: 1, monomial: one)]
        for operand in operands {
            let summands = sumOperands(operand).map(term)
            guard terms.count * summands.count <= Self.maximumExpandedTerms * 4 else { return nil }
            var next: [Term] = []
            next.reserveCapacity(terms.count * summands.count)
            for t in terms {
                for s in summands {
                    let product = monomialProduct(t.monomial, s.monomial)
                    let partial = t.coefficient * s.coefficient
                    guard Self.multipliesFaithfully(t.coefficient, s.coefficient), Self.multipliesFaithfully(partial, product.coefficient) else {
                        // (1e-300*x + 1)^2's x^2 term is 1e-600*x^2: kept as a product, not folded to a 0 that drops it.
                        next.append(term(multiply(scaled(t.coefficient, t.monomial), scaled(s.coefficient, s.monomial))))
                        continue
                    }
                    next.append(Term(coefficient: partial * product.coefficient, monomial: product.monomial))
                }
            }
            guard stopReason == nil else { return nil }
            terms = next
        }
        return collectedSum(terms)
    }
}
