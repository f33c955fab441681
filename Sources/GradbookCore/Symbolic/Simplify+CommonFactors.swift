// Common factors taken out of a sum, as a person does: x^2*exp(x) + 2*x*exp(x) → x*exp(x)*(x + 2), and
// 1/(x + 1) - x/(x + 1)^2 → 1/(x + 1)^2 (the common denominator, after which the rest cancels).
//
// Always valid: a factor is taken out only when every term has it, either as the same formula or as the same
// base raised to whole numbers (u^2 and u^-1 give u^-1*(u^3 + 1)), and u^j*u^k = u^(j + k) holds for whole j
// and k wherever both sides are defined. The rewrite is kept only when the result is written shorter (by
// `writtenLength`, an estimate of the printed characters without spaces), so 2*x*sin(x) + x^2*cos(x)
// (as long as x*(2*sin(x) + x*cos(x))) stays as it is.
//
// Bounded: a sum of at most `maximumFactoredTerms` terms of at most `maximumFactoredFactors` factors each is
// looked at; what is left after taking the factors out is multiplied out only when that is small
// (`maximumFactoredTerms` terms), so each sum costs a bounded amount of work and simplify stays linear.

import Foundation

extension FormulaStore {
    /// The most terms a sum may have for its common factors to be looked for.
    static let maximumFactoredTerms = 12
    /// The most factors a term may have for its common factors to be looked for.
    static let maximumFactoredFactors = 12

    /// `sum` with the factors common to all its terms taken out, when that is written shorter; nil otherwise.
    func commonFactored(_ sum: FormulaID) -> FormulaID? {
        guard case .add(let operands) = node(sum), operands.count >= 2, operands.count <= Self.maximumFactoredTerms else { return nil }
        let terms = operands.map(term)
        let factorLists = terms.map { t -> [Factor] in
            if t.monomial == one { return [] }
            if case .multiply(let inner) = node(t.monomial) { return inner.map(factor) }
            return [factor(t.monomial)]
        }
        guard factorLists.allSatisfy({ $0.count <= Self.maximumFactoredFactors }) else { return nil }

        // The common factors: a base with a whole-number exponent in every term (the smallest exponent is
        // taken out), or the very same factor in every term.
        var common: [(base: FormulaID, exponent: Double?, original: FormulaID)] = []
        for f in factorLists[0] {
            if let k0 = wholeExponent(f) {
                var k = k0
                let everywhere = factorLists.dropFirst().allSatisfy { list in
                    guard let g = list.first(where: { $0.base == f.base }), let j = wholeExponent(g) else { return false }
                    k = Swift.min(k, j)
                    return true
                }
                if everywhere, k != 0 { common.append((f.base, k, f.original ?? power(f.base, f.exponent))) }
            } else if let original = f.original, factorLists.dropFirst().allSatisfy({ list in list.contains { $0.original == original } }) {
                common.append((f.base, nil, original))
            }
        }
        // A whole-number factor of every coefficient (2*a + 4*b → 2*(a + 2*b)).
        // and -1 when every coefficient is negative (-a - b → -(a + b)).
        let divisor = commonDivisor(terms.map(\.coefficient)) * (terms.allSatisfy { $0.coefficient < 0 } ? -1 : 1)
        guard !common.isEmpty || divisor != 1 else { return nil }

        // What is left of each term.
        var rests: [FormulaID] = []
        for (t, list) in zip(terms, factorLists) {
            var rest = constant(t.coefficient / divisor)
            for f in list {
                if let j = wholeExponent(f), let k = common.first(where: { $0.exponent != nil && $0.base == f.base })?.exponent {
                    if j != k { rest = multiply(rest, power(f.base, constant(j - k))) }
                } else if !common.contains(where: { $0.exponent == nil && $0.original == f.original }) {
                    rest = multiply(rest, f.original ?? power(f.base, f.exponent))
                }
            }
            rests.append(rest)
        }
        // Only numbers left: the terms are like terms kept apart on purpose (t/(2*pi) + t/3).
        guard !rests.allSatisfy(isConstant) else { return nil }
        var outside = constant(divisor)
        for c in common { outside = multiply(outside, c.exponent.map { power(c.base, constant($0)) } ?? c.original) }

        // The rest as a sum, and multiplied out when that is small (so 1/(x + 1) - x/(x + 1)^2 cancels to 1).
        // The rest as it is is preferred (x*(1 - sigmoid(x)) + 1 reads better than x - x*sigmoid(x) + 1).
        let length = writtenLength(sum)
        // A rest c*(a + b) counts as c*a + c*b, so 1 - u - (1 - v) is v - u.
        let restTerms = rests.flatMap { rest -> [Term] in
            let t = term(rest)
            let inner = sumOperands(t.monomial)
            guard inner.count > 1, inner.allSatisfy({ Self.multipliesFaithfully(term($0).coefficient, t.coefficient) }) else { return [t] }
            return inner.map { var u = term($0); u.coefficient *= t.coefficient; return u }
        }
        let plain = multiply(outside, self.sum(of: restTerms))
        if writtenLength(plain) < length { return plain }
        if let expanded = expandedRest(rests).map({ multiply(outside, $0) }), writtenLength(expanded) < length { return expanded }
        return nil
    }

    /// `sum` with each factor sigmoid(-u) written 1 - sigmoid(u) where sigmoid(u) is a factor too, multiplied
    /// out and like terms combined, so the cross-entropy slope sigmoid(z)*(1 - t) - t*sigmoid(-z) is
    /// sigmoid(z) - t; nil when there is no such pair, or the sum is too large to look at (the caller keeps the
    /// result only when it is shorter).
    func complementedSigmoids(_ sum: FormulaID) -> FormulaID? {
        guard case .add(let operands) = node(sum), operands.count <= Self.maximumFactoredTerms else { return nil }
        var arguments = Set<FormulaID>()
        for operand in operands {
            for f in productFactors(operand) { if case .apply(.sigmoid, let u) = node(f) { arguments.insert(u) } }
        }
        var complements: [FormulaID: FormulaID] = [:]  // sigmoid(-u) → 1 - sigmoid(u)
        for w in arguments where term(w).coefficient < 0 {
            let u = negate(w)
            if arguments.contains(u) { complements[apply(.sigmoid, w)] = subtract(one, apply(.sigmoid, u)) }
        }
        guard !complements.isEmpty else { return nil }
        // Sums among the factors multiplied out first, so a sigmoid(-u) inside one becomes a factor too.
        var terms: [Term] = []
        for operand in operands {
            guard let once = multipliedOut(operand, [:]) else { return nil }
            for product in once {
                guard let twice = multipliedOut(product, complements) else { return nil }
                terms += twice.map(term)
            }
            guard terms.count <= Self.maximumFactoredTerms * 2 else { return nil }
        }
        let result = self.sum(of: terms)
        // A sigmoid(-u) left elsewhere (in a power, in a function) would mix both forms: keep the sum as it was.
        let left = Set(complements.keys)
        return reachable(from: [result]).contains(where: left.contains) ? nil : result
    }

    /// The product `operand` multiplied out over the sums among its factors, each factor first replaced as
    /// `replacing` says; nil past `maximumFactoredTerms` products.
    private func multipliedOut(_ operand: FormulaID, _ replacing: [FormulaID: FormulaID]) -> [FormulaID]? {
        var products = [one]
        for f in productFactors(operand) {
            let parts = sumOperands(replacing[f] ?? f)
            guard products.count * parts.count <= Self.maximumFactoredTerms else { return nil }
            products = products.flatMap { p in parts.map { multiply(p, $0) } }
        }
        return products
    }

    /// The sum of `rests` multiplied out, each product's exponentials merged, like terms combined; nil when
    /// nothing is multiplied out or it would pass `maximumFactoredTerms` terms.
    private func expandedRest(_ rests: [FormulaID]) -> FormulaID? {
        guard rests.contains(where: { r in productFactors(r).contains { sumOperandCount($0) > 1 } }) else { return nil }
        var terms: [Term] = []
        for r in rests {
            let factors = productFactors(r)
            guard factors.reduce(1, { $0 * sumOperandCount($1) }) <= Self.maximumFactoredTerms else { return nil }
            var products = [one]
            for f in factors {
                products = products.flatMap { p in sumOperands(f).map { multiply(p, $0) } }
            }
            terms += products.map { term(mergedExponentials($0)) }
        }
        guard terms.count <= Self.maximumFactoredTerms * 2 else { return nil }
        return sum(of: terms)
    }

    /// `product` with its exponentials multiplied into one: exp(x)*exp(x) → exp(2*x), exp(a)^2*exp(b) → exp(2*a + b).
    private func mergedExponentials(_ product: FormulaID) -> FormulaID {
        var exponents: [Term] = []
        var result = one
        var raised = false
        for f in productFactors(product) {
            if case .apply(.exp, let u) = node(f) {
                exponents.append(term(u))
            } else if case .power(let b, let e) = node(f), case .apply(.exp, let u) = node(b) {
                exponents.append(term(multiply(u, e)))  // exp(u)^v = exp(u*v): exp(u) > 0
                raised = true
            } else {
                result = multiply(result, f)
            }
        }
        guard exponents.count >= 2 || raised else { return product }
        return multiply(result, apply(.exp, sum(of: exponents)))
    }

    /// The operands of a product (its coefficient included), or the formula itself.
    private func productFactors(_ id: FormulaID) -> [FormulaID] {
        if case .multiply(let operands) = node(id) { return operands }
        return [id]
    }

    /// The exponent of `f` when it is a whole number (1 for a plain factor).
    private func wholeExponent(_ f: Factor) -> Double? {
        guard let k = constantValue(f.exponent), k.rounded() == k, Swift.abs(k) < 1e6 else { return nil }
        return k
    }

    /// The largest whole number dividing every coefficient when all are whole numbers, their size when all
    /// have the same size (x^2/sqrt(2*pi) - 1/sqrt(2*pi) → (x^2 - 1)/sqrt(2*pi)), 1 otherwise.
    private func commonDivisor(_ coefficients: [Double]) -> Double {
        let size = Swift.abs(coefficients[0])
        if size.isFinite, size != 0, coefficients.allSatisfy({ Swift.abs($0) == size }) { return size }
        guard coefficients.allSatisfy({ $0.rounded() == $0 && Swift.abs($0) < 1e9 && $0 != 0 }) else { return 1 }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let g = coefficients.map { Int(Swift.abs($0)) }.reduce(0, gcd)
        return g > 1 ? Double(g) : 1
    }

    // MARK: Written length

    /// About how many characters `id` takes written out without spaces, capped at `lengthCap` (a shared part
    /// counts at each use, as the text repeats it unless it is named). Iterative, each node measured once.
    func writtenLength(_ id: FormulaID) -> Int {
        if let known = writtenLengths[id] { return known }
        var stack = [id]
        while let x = stack.last {
            if writtenLengths[x] != nil { stack.removeLast(); continue }
            let missing = node(x).children.filter { writtenLengths[$0] == nil }
            if !missing.isEmpty { stack += missing; continue }
            stack.removeLast()
            writtenLengths[x] = Swift.min(Self.lengthCap, measured(x))
        }
        return writtenLengths[id] ?? Self.lengthCap
    }

    /// Past this many characters lengths are not told apart.
    static let lengthCap = 1_000_000

    /// About how many characters `ids` take as the printer writes them, without spaces: a part used more
    /// than once and of at least `FormulaPrinter.defaultSharingThreshold` nodes is written once, in the
    /// where clause, and as a two-character name at each use (as `FormulaPrinter.sharedText` does).
    /// Linear in the formulas' size; no text is built.
    func printedLength(of ids: [FormulaID]) -> Int {
        let nodes = reachable(from: ids)  // children before parents
        var uses: [FormulaID: Int] = [:]
        for id in Set(ids) { uses[id, default: 0] += 1 }
        for id in nodes { node(id).forEachChild { uses[$0, default: 0] += 1 } }
        var treeSizes: [FormulaID: Int] = [:]
        var lengths: [FormulaID: Int] = [:]
        var named = Set<FormulaID>()
        var total = 0
        for id in nodes {
            var size = 1
            node(id).forEachChild { size += treeSizes[$0] ?? 1 }
            treeSizes[id] = Swift.min(size, Self.lengthCap)
            lengths[id] = Swift.min(Self.lengthCap, measured(id) { named.contains($0) ? 2 : lengths[$0] ?? 0 })
            switch node(id) {
            case .constant, .variable: continue
            default:
                if (uses[id] ?? 0) >= 2, size >= FormulaPrinter.defaultSharingThreshold {
                    named.insert(id)
                    total += (lengths[id] ?? 0) + 4  // "t1=" and ","
                }
            }
        }
        for id in ids { total += named.contains(id) ? 2 : lengths[id] ?? 0 }
        return Swift.min(total, Self.lengthCap)
    }

    /// The written length of `id`, its children measured.
    private func measured(_ id: FormulaID) -> Int {
        measured(id) { self.writtenLengths[$0] ?? 0 }
    }

    /// The written length of `id`, with `length` giving each child's.
    private func measured(_ id: FormulaID, length: (FormulaID) -> Int) -> Int {
        let isSum = { (child: FormulaID) in self.sumOperandCount(child) > 1 }
        switch node(id) {
        case .constant(let bits): return NumberText.standalone(Double(bitPattern: bits)).count
        case .variable(let v): return v.name.count
        case .apply(let f, let u): return f.rawValue.count + 2 + length(u)
        case .power(let b, let e):
            let parenthesized = { (x: FormulaID) -> Int in
                switch self.node(x) {
                case .constant(let bits): return Double(bitPattern: bits) < 0 || NumberText.standalone(Double(bitPattern: bits)).contains("/") ? 2 : 0
                case .variable, .apply: return 0
                default: return 2
                }
            }
            if let k = constantValue(e) {
                let magnitude = Swift.abs(k)
                let exponent = magnitude == 1 ? 0 : 1 + NumberText.standalone(magnitude).count + (NumberText.standalone(magnitude).contains("/") ? 2 : 0)
                return (k < 0 ? 2 : 0) + length(b) + parenthesized(b) + exponent  // 1/u^k
            }
            return length(b) + parenthesized(b) + 1 + length(e) + parenthesized(e)
        case .multiply(let operands):
            var total = 0
            var first = true
            for f in operands {
                if let c = constantValue(f), first {
                    total += c == -1 ? 1 : (c == 1 ? 0 : NumberText.standalone(c).count + 1)
                } else {
                    // A factor in the denominator: its "1/" becomes the product's "/".
                    var part = length(f) + (isSum(f) ? 2 : 0)
                    if case .power(_, let e) = node(f), let k = constantValue(e), k < 0 { part -= 1 }
                    total += part + (first ? 0 : 1)
                }
                first = false
            }
            return total
        case .add(let operands):
            // A negative term's own "-" takes the place of the "+".
            return operands.reduce(0) { $0 + length($1) } + operands.count - 1
                - operands.dropFirst().filter { term($0).coefficient < 0 }.count
        }
    }
}
