// Laying out sums and products as a person writes them: `x^2 + 2*x + 1`, `a - b`, `x/(2*y)`, `-x^2`.
// Nested sums and products (kept apart by the swell guard) are flattened here unless they are named.

extension FormulaWriter {
    /// A sum: terms in print order, a negative coefficient written as ` - ` (and a positive term moved
    /// to the front when the first one is negative: `1 - x`, not `-x + 1`).
    func sumLayout(_ id: FormulaID) -> Layout {
        var shapes = flattened(id, isSum: true)!.map { term in
            order.termKey(names[term] == nil ? shape(term) : PrintOrder.TermShape(id: term, coefficient: 1, factors: [term]))
        }.sorted(by: order.termPrecedes).map(\.shape)
        if let first = shapes.first, first.coefficient < 0, let i = shapes.firstIndex(where: { !($0.coefficient < 0) }) {
            shapes.insert(shapes.remove(at: i), at: 0)
        }
        var pieces: [Piece] = []
        for (i, term) in shapes.enumerated() {
            if i == 0 {
                pieces.append(.formula(term.id, minimum: Precedence.product))
            } else if term.coefficient < 0 {
                pieces += [.text(" - "), .magnitude(term.id, minimum: Precedence.product)]
            } else {
                pieces += [.text(" + "), .formula(term.id, minimum: Precedence.product)]
            }
        }
        return Layout(precedence: Precedence.sum, pieces: pieces)
    }

    /// A product: sign, numerator (number first, then factors in print order) and a denominator made of
    /// the factors with negative numeric exponents and of the coefficient's denominator (0.5*x is x/2).
    func productLayout(_ id: FormulaID, negated: Bool) -> Layout {
        let term = shape(id)
        let isDenominator = { (f: FormulaID) in self.negativeExponent(f, in: id) != nil }
        let numerator = term.factors.filter { !isDenominator($0) }.sorted(by: order.factorPrecedes)
        let denominator = term.factors.filter(isDenominator).sorted(by: order.factorPrecedes)
        let coefficient = negated ? -term.coefficient : term.coefficient
        let magnitude = Swift.abs(coefficient)
        let (p, q) = magnitude.rounded() == magnitude || !magnitude.isFinite ? (magnitude, 1) : NumberText.fraction(magnitude) ?? (magnitude, 1)
        // A named constant keeps its name: exp(-x^2/2)/sqrt(2*pi), not 0.3989422804014327*exp(-x^2/2).
        let named = NumberText.namedConstant(magnitude)

        var top: [Piece]
        if let named {
            top = named.numerator.map { [.text($0)] } ?? (numerator.isEmpty ? [.text("1")] : [])
        } else {
            top = (p != 1 || numerator.isEmpty) ? [.text(NumberText.decimal(p))] : []
        }
        top += numerator.map { .formula($0, minimum: Precedence.power) }
        var bottom: [Piece] = q != 1 ? [.text(NumberText.decimal(q))] : []
        for f in denominator {
            let parts = store.factor(f)
            let k = -(store.constantValue(parts.exponent) ?? -1)
            bottom.append(k == 1 ? .formula(parts.base, minimum: Precedence.power) : .raised(parts.base, k))
        }
        // The constant's name last, as a textbook writes it: 1/(x*log(2)).
        if let denominator = named?.denominator { bottom.append(.text(denominator)) }

        var pieces = joined(top)
        if !bottom.isEmpty {
            pieces.append(.text("/"))
            pieces += bottom.count == 1 ? bottom : [.text("(")] + joined(bottom) + [.text(")")]
        }
        let precedence = top.count == 1 && bottom.isEmpty ? Precedence.power : Precedence.product
        if coefficient < 0 {
            return Layout(precedence: Precedence.negation, pieces: [.text("-")] + pieces)
        }
        return Layout(precedence: precedence, pieces: pieces)
    }

    /// `id` as coefficient × factors, with nested unnamed products flattened (iteratively).
    func shape(_ id: FormulaID) -> PrintOrder.TermShape {
        shape(id, limit: .max)!
    }

    /// The shape of `id`, or nil when flattening it would visit more than `limit` nodes. Without names, a
    /// product that uses a shared product twice, `w*w`, doubles at every level: flattening 500 such levels
    /// would never end.
    func shape(_ id: FormulaID, limit: Int) -> PrintOrder.TermShape? {
        var coefficient = 1.0
        var factors: [FormulaID] = []
        guard let operands = flattened(id, isSum: false, limit: limit) else { return nil }
        for operand in operands {
            // Numbers fold into one coefficient, unless folding rounds them to 0 or inf: 1e-300*1e-300 stays as
            // written (the store keeps it so, `FormulaStore.multiply`), not a 0 or inf that the maths is not.
            if let c = store.constantValue(operand), FormulaStore.multipliesFaithfully(coefficient, c) { coefficient *= c } else { factors.append(operand) }
        }
        return PrintOrder.TermShape(id: id, coefficient: coefficient, factors: factors)
    }

    /// The operands of the sum (or product) `id`, descending into nested unnamed sums (products), or nil
    /// after visiting `limit` nodes. A node that is not a sum (product) is its own single operand.
    private func flattened(_ id: FormulaID, isSum: Bool, limit: Int = .max) -> [FormulaID]? {
        var result: [FormulaID] = []
        var stack = [id]
        var visited = 0
        while let x = stack.popLast() {
            visited += 1
            if visited > limit { return nil }
            switch store.node(x) {
            case .add(let operands) where isSum && (x == id || names[x] == nil):
                stack.append(contentsOf: operands.reversed())
            case .multiply(let operands) where !isSum && (x == id || names[x] == nil):
                stack.append(contentsOf: operands.reversed())
            default: result.append(x)
            }
        }
        return result
    }

    /// The exponent of a factor u^k with a negative number k (which goes into the denominator), if any.
    /// (`root` is the product being laid out: it is expanded even when it is named.)
    private func negativeExponent(_ factor: FormulaID, in root: FormulaID) -> Double? {
        guard factor == root || names[factor] == nil, case .power(_, let e) = store.node(factor), let k = store.constantValue(e), k < 0 else {
            return nil
        }
        return k
    }

    private func joined(_ items: [Piece]) -> [Piece] {
        var pieces: [Piece] = []
        for (i, item) in items.enumerated() {
            if i > 0 { pieces.append(.text("*")) }
            pieces.append(item)
        }
        return pieces
    }
}
