// A formula as mathematics is typeset: sums with signs, fractions, powers, roots and functions. The
// LaTeX and MathML writers both read this tree, so the two always show the same formula.

/// A formula reshaped for typesetting: `a + (-1)*b` becomes a difference, `a*b^-1` a fraction,
/// `u^0.5` a square root.
indirect enum MathTree: Equatable {
    case number(Double)
    case symbol(String)
    /// Terms with their signs: `(isNegative, term)`.
    case sum([Term])
    case product([MathTree])
    case fraction(MathTree, MathTree)
    case power(MathTree, MathTree)
    case root(MathTree)
    case absolute(MathTree)
    case function(MathFunction, MathTree)
    /// A part left out because the formula is too large to typeset.
    case ellipsis

    struct Term: Equatable {
        var isNegative: Bool
        var tree: MathTree
    }

    /// The most formula parts typeset, or operands sorted, before the rest is shown as `…` (shared parts
    /// count every time).
    static let partLimit = 4_000

    /// Builds the tree of `id`, expanding shared parts, with terms and factors in the order the terminal
    /// prints them (so `x^2 + 2*x + 1` is typeset in that order too).
    /// The name of a vector's or matrix's element split into its stem and indices: `W[1, 2]` → (`W`, [1, 2]).
    static func element(_ name: String) -> (stem: String, indices: [String])? {
        guard name.hasSuffix("]"), let open = name.firstIndex(of: "["), open != name.startIndex else { return nil }
        let indices = name[name.index(after: open)..<name.index(before: name.endIndex)]
            .split(separator: ",").map { String($0).trimmingSpaces() }
        guard !indices.isEmpty, indices.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        return (String(name[..<open]), indices)
    }

    static func make(_ id: FormulaID, in store: FormulaStore) -> MathTree {
        var budget = partLimit
        let order = FormulaWriter(store: store, order: PrintOrder(store: store, nodes: store.reachable(from: [id])), names: [:])
        return build(id, store, order, &budget)
    }

    private static func build(_ id: FormulaID, _ store: FormulaStore, _ order: FormulaWriter, _ budget: inout Int) -> MathTree {
        budget -= 1
        guard budget > 0 else { return .ellipsis }
        switch store.view(id) {
        case .constant(let c): return .number(c)
        case .variable(let v): return .symbol(v.name)
        case .add(let terms):
            // Each visit is charged for the operands it sorts, not just for itself: expanding a shared
            // part flattens nested products, so one visit can cost as much as the whole formula.
            var shapes: [PrintOrder.TermShape] = []
            for term in terms {
                guard budget > 0, let shape = order.shape(term, limit: budget) else { return .ellipsis }
                budget -= shape.factors.count + 1
                shapes.append(shape)
            }
            guard budget > 0 else { return .ellipsis }
            let sorted = shapes.map(order.order.termKey).sorted(by: order.order.termPrecedes).map(\.shape.id)
            var built = sorted.map { term in
                let tree = build(term, store, order, &budget)
                return tree.negated.map { Term(isNegative: true, tree: $0) } ?? Term(isNegative: false, tree: tree)
            }
            // As printed: a positive term first, `1 - x` rather than `-x + 1`.
            if built.first?.isNegative == true, let positive = built.firstIndex(where: { !$0.isNegative }) {
                built.insert(built.remove(at: positive), at: 0)
            }
            return .sum(built)
        case .multiply(let factors):
            budget -= factors.count
            guard budget > 0 else { return .ellipsis }
            var numerator: [MathTree] = [], denominator: [MathTree] = []
            // The number first, then the factors in print order. A coefficient that is a small fraction
            // is split as the terminal writes it (0.5*x^2 is x^2/2): its numerator first, its denominator
            // first below the bar.
            let numbers = factors.filter { store.constantValue($0) != nil }
            let symbolic = factors.filter { store.constantValue($0) == nil }
            if numbers.count == 1, !symbolic.isEmpty, let c = store.constantValue(numbers[0]),
               c.rounded() != c, let (p, q) = NumberText.fraction(c) {
                if p != 1 { numerator.append(.number(p)) }
                denominator.append(.number(q))
            }
            for factor in (denominator.isEmpty ? numbers : []) + symbolic.sorted(by: order.order.factorPrecedes) {
                if case .power(let base, let exponent) = store.view(factor), let n = store.constantValue(exponent), n < 0 {
                    denominator.append(n == -1 ? build(base, store, order, &budget) : raised(build(base, store, order, &budget), .number(-n)))
                } else {
                    numerator.append(build(factor, store, order, &budget))
                }
            }
            return product(numerator, over: denominator)
        case .power(let base, let exponent):
            let b = build(base, store, order, &budget)
            if let n = store.constantValue(exponent) {
                if n == 0.5 { return .root(b) }
                if n < 0 { return .fraction(.number(1), n == -1 ? b : raised(b, .number(-n))) }
            }
            return raised(b, build(exponent, store, order, &budget))
        case .apply(.abs, let argument): return .absolute(build(argument, store, order, &budget))
        case .apply(.sqrt, let argument): return .root(build(argument, store, order, &budget))
        case .apply(let f, let argument): return .function(f, build(argument, store, order, &budget))
        }
    }

    private static func raised(_ base: MathTree, _ exponent: MathTree) -> MathTree {
        exponent == .number(1) ? base : .power(base, exponent)
    }

    /// A product, or a fraction when some factors had negative exponents; `-1*u` stays a product.
    private static func product(_ numerator: [MathTree], over denominator: [MathTree]) -> MathTree {
        func joined(_ factors: [MathTree]) -> MathTree {
            factors.isEmpty ? .number(1) : (factors.count == 1 ? factors[0] : .product(factors))
        }
        guard !denominator.isEmpty else { return joined(numerator) }
        if case .number(let c)? = numerator.first, c < 0 {
            let rest = [MathTree.number(-c)].filter { $0 != .number(1) || numerator.count == 1 } + numerator.dropFirst()
            return .product([.number(-1), .fraction(joined(rest), joined(denominator))])
        }
        return .fraction(joined(numerator), joined(denominator))
    }

    /// The tree without its leading minus sign, when it has one (`-2*x` → `2*x`); nil otherwise.
    var negated: MathTree? {
        switch self {
        case .number(let c) where c < 0: return .number(-c)
        case .product(let factors):
            guard case .number(let c)? = factors.first, c < 0 else { return nil }
            let rest = Array(factors.dropFirst())
            if c == -1 { return rest.count == 1 ? rest[0] : .product(rest) }
            return .product([.number(-c)] + rest)
        default: return nil
        }
    }

    /// Binding strength, for deciding parentheses: sums bind loosest.
    var precedence: Int {
        switch self {
        case .sum: return 1
        case .product: return 2
        case .number(let c) where c < 0: return 2
        case .fraction: return 3
        case .power: return 4
        default: return 5
        }
    }
}
