// The printing order of factors in a product and terms in a sum: readable and deterministic
// (it does not depend on the order in which nodes happened to be built, except as a last tie-break).
//
// Factors: number, then variables (natural name order, w2 before w10), then named intermediates, then
// function calls (sin, cos, tan, exp, log, … as a textbook lists them), then sums, then the rest: 2*x*sin(x).
// Terms: terms with function or sum factors first, compared by those factors; then higher degree
// first: x^2 + 2*x + 1, 2*x*sin(x) + x^2*cos(x), w2*tanh(w1*x + b1) + b2.

/// Facts about each node that the printer sorts by, computed bottom-up once per printing.
struct PrintOrder {
    /// The order a textbook lists the functions in, used to sort function factors.
    static let functionRank: [MathFunction: Int] = Dictionary(
        uniqueKeysWithValues: [MathFunction.sin, .cos, .tan, .asin, .acos, .atan, .sinh, .cosh, .exp, .expm1, .log, .log1p,
                              .log2, .log10, .sqrt, .abs, .sign, .relu, .step, .elu, .gelu, .softplus, .sigmoid, .tanh, .erf, .erfc]
            .enumerated().map { ($1, $0) })
    /// Sort keys are truncated here: they only break ties between factors of the same kind.
    static let keyLength = 24
    /// Tree sizes are capped so shared DAGs cannot overflow the count.
    static let sizeCap = 1 << 40

    /// A summand as the printer sees it: coefficient times factors, nested products flattened.
    struct TermShape {
        let id: FormulaID
        let coefficient: Double
        let factors: [FormulaID]
    }

    let store: FormulaStore
    /// Named intermediates print like variables, so they sort right after the variables, by name.
    var names: [FormulaID: String] = [:]
    private var treeSizes: [FormulaID: Int] = [:]
    private var keys: [FormulaID: String] = [:]

    init(store: FormulaStore, nodes: [FormulaID]) {
        self.store = store
        for id in nodes { record(id) }
    }

    /// The number of nodes in `id` written out as a tree (capped).
    func treeSize(_ id: FormulaID) -> Int { treeSizes[id] ?? 1 }

    /// Whether factor `a` is printed before factor `b` in a product.
    func factorPrecedes(_ a: FormulaID, _ b: FormulaID) -> Bool {
        if a == b { return false }
        let (fa, fb) = (parts(a), parts(b))
        if let result = baseComparison(fa.base, fb.base) { return result }
        switch (store.constantValue(fa.exponent), store.constantValue(fb.exponent)) {
        case let (x?, y?) where x != y: return x > y  // x^3 before x^2
        case (.some, nil): return true
        case (nil, .some): return false
        default: return keyComparison(fa.exponent, fb.exponent) ?? (a < b)
        }
    }

    /// What a term is sorted by, worked out once per term rather than once per comparison.
    struct TermKey {
        let shape: TermShape
        let functionFactors: [FormulaID]
        let variableFactors: [FormulaID]
        let degree: Double
    }

    func termKey(_ t: TermShape) -> TermKey {
        let variables = t.factors.filter { category(parts($0).base) == 0 }.sorted(by: factorPrecedes)
        return TermKey(
            shape: t,
            functionFactors: t.factors.filter { category(parts($0).base) != 0 }.sorted(by: factorPrecedes),
            variableFactors: variables,
            // The total degree of the variable factors with numeric exponents.
            degree: variables.reduce(0) { $0 + (store.constantValue(parts($1).exponent) ?? 0) })
    }

    /// Whether term `a` is printed before term `b` in a sum.
    func termPrecedes(_ a: TermKey, _ b: TermKey) -> Bool {
        let (fa, fb) = (a.functionFactors, b.functionFactors)
        if fa.isEmpty != fb.isEmpty { return !fa.isEmpty }
        if let result = lexicographic(fa, fb) { return result }
        if a.degree != b.degree { return a.degree > b.degree }
        if let result = lexicographic(a.variableFactors, b.variableFactors) { return result }
        let (ca, cb) = (Swift.abs(a.shape.coefficient), Swift.abs(b.shape.coefficient))
        return ca != cb ? ca < cb : a.shape.id < b.shape.id
    }

    // MARK: - Parts

    private mutating func record(_ id: FormulaID) {
        let n = store.node(id)
        let children = n.children
        treeSizes[id] = min(Self.sizeCap, children.reduce(1) { $0 + treeSize($1) })
        let key: String
        switch n {
        case .constant(let bits): key = NumberText.decimal(Double(bitPattern: bits))
        case .variable(let v): key = v.name
        case .apply(let f, let u): key = f.rawValue + "(" + (keys[u] ?? "") + ")"
        case .power(let b, let e): key = (keys[b] ?? "") + "^" + (keys[e] ?? "")
        case .add: key = children.compactMap { keys[$0] }.sorted(by: NaturalOrder.precedes).joined(separator: "+")
        case .multiply: key = children.compactMap { keys[$0] }.sorted(by: NaturalOrder.precedes).joined(separator: "*")
        }
        keys[id] = String(key.prefix(Self.keyLength))
    }

    /// 0 for variables, 1 for named intermediates, 2 for function calls, 3 for sums, 4 for anything
    /// else (2^x, nested products).
    private func category(_ base: FormulaID) -> Int {
        if names[base] != nil { return 1 }
        switch store.node(base) {
        case .variable: return 0
        case .apply: return 2
        case .add: return 3
        default: return 4
        }
    }

    /// Order of two factor bases, or nil when they are the same base.
    private func baseComparison(_ a: FormulaID, _ b: FormulaID) -> Bool? {
        if a == b { return nil }
        let (ca, cb) = (category(a), category(b))
        if ca != cb { return ca < cb }
        if let x = names[a], let y = names[b] { return NaturalOrder.precedes(x, y) }
        switch (store.node(a), store.node(b)) {
        case let (.variable(x), .variable(y)): return x == y ? a < b : x < y
        case let (.apply(f, u), .apply(g, w)):
            if f != g { return (Self.functionRank[f] ?? 0) < (Self.functionRank[g] ?? 0) }
            return keyComparison(u, w) ?? (u < w)
        default: return keyComparison(a, b) ?? (a < b)
        }
    }

    /// A factor as base ^ exponent; a named intermediate is an atom, whatever it stands for.
    private func parts(_ f: FormulaID) -> FormulaStore.Factor {
        names[f] == nil ? store.factor(f) : FormulaStore.Factor(base: f, exponent: store.one)
    }

    /// Smaller trees first, then by key; nil when both agree.
    private func keyComparison(_ a: FormulaID, _ b: FormulaID) -> Bool? {
        let (sa, sb) = (treeSize(a), treeSize(b))
        if sa != sb { return sa < sb }
        let (ka, kb) = (keys[a] ?? "", keys[b] ?? "")
        // Natural order, so x[2] comes before x[10] as it does for the names themselves.
        return ka == kb ? nil : NaturalOrder.precedes(ka, kb)
    }

    private func lexicographic(_ a: [FormulaID], _ b: [FormulaID]) -> Bool? {
        for (x, y) in zip(a, b) where x != y { return factorPrecedes(x, y) }
        return a.count == b.count ? nil : a.count < b.count
    }
}
