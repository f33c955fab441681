// Writing one formula as text with the fewest parentheses, iteratively: an explicit stack of pieces
// (text, or a formula still to be laid out), so a formula a million levels deep prints without recursion.
//
// Precedence, loosest first: sum (+ -) < product (* /) < negation (unary -) < power (^, right-assoc) < atom.

/// How tightly a piece of text binds; a piece is parenthesised where something tighter is required.
enum Precedence {
    static let none = 0, sum = 1, product = 2, negation = 3, power = 4, atom = 5
}

/// Writes formulas of one store, given which shared nodes are named.
struct FormulaWriter {
    /// A piece of output still to be written.
    enum Piece {
        case text(String)
        /// The formula, parenthesised when it binds looser than `minimum`.
        case formula(FormulaID, minimum: Int)
        /// The formula with its sign dropped: a subtracted term after " - ".
        case magnitude(FormulaID, minimum: Int)
        /// The formula laid out even though it is named (the right side of its own definition).
        case definition(FormulaID)
        /// base^k for a positive number k (a denominator factor of base^-k).
        case raised(FormulaID, Double)
    }

    /// A node's text one level deep: how tightly it binds, and its pieces.
    struct Layout {
        let precedence: Int
        let pieces: [Piece]
    }

    let store: FormulaStore
    let order: PrintOrder
    let names: [FormulaID: String]

    /// The text of `id`; with `asDefinition`, a named node is written out instead of as its name.
    func write(_ id: FormulaID, asDefinition: Bool = false) -> String {
        var out = ""
        var stack: [Piece] = [asDefinition ? .definition(id) : .formula(id, minimum: Precedence.none)]
        while let piece = stack.popLast() {
            switch piece {
            case .text(let text): out += text
            case .formula(let id, let minimum):
                if let name = names[id] { out += name } else { push(layout(id, negated: false), minimum, &stack) }
            case .magnitude(let id, let minimum): push(layout(id, negated: true), minimum, &stack)
            case .definition(let id): push(layout(id, negated: false), Precedence.none, &stack)
            case .raised(let base, let k): push(raisedLayout(base, k), Precedence.none, &stack)
            }
        }
        return out
    }

    private func push(_ layout: Layout, _ minimum: Int, _ stack: inout [Piece]) {
        let parenthesised = layout.precedence < minimum
        if parenthesised { stack.append(.text(")")) }
        stack.append(contentsOf: layout.pieces.reversed())
        if parenthesised { stack.append(.text("(")) }
    }

    /// The layout of node `id`, or of its negation when `negated` (used only for negative terms).
    func layout(_ id: FormulaID, negated: Bool) -> Layout {
        switch store.node(id) {
        case .constant(let bits):
            let c = Double(bitPattern: bits)
            return constantLayout(negated ? -c : c)
        case .multiply: return productLayout(id, negated: negated)
        case .power(_, let e) where (store.constantValue(e) ?? 0) < 0: return productLayout(id, negated: negated)
        case _ where negated:
            return Layout(precedence: Precedence.negation, pieces: [.text("-"), .formula(id, minimum: Precedence.power)])
        case .variable(let v): return Layout(precedence: Precedence.atom, pieces: [.text(v.name)])
        case .apply(let f, let u):
            return Layout(
                precedence: Precedence.atom,
                pieces: [.text(f.rawValue + "("), .formula(u, minimum: Precedence.none), .text(")")])
        case .power(let b, let e) where halfPowerBase(b, store.constantValue(e)) != nil:
            return raisedLayout(b, store.constantValue(e) ?? 1)
        case .power(let b, let e):
            return Layout(
                precedence: Precedence.power,
                pieces: [.formula(b, minimum: Precedence.atom), .text("^"), .formula(e, minimum: Precedence.power)])
        case .add: return sumLayout(id)
        }
    }

    /// base^k for a positive number k: `x^2`, `(x + 1)^3`, `x^(1/3)`.
    private func raisedLayout(_ base: FormulaID, _ k: Double) -> Layout {
        // sqrt(u)^3 is written u^(3/2), as a textbook does (-1/(2*x^(3/2)), not -1/(2*sqrt(x)^3)).
        if let u = halfPowerBase(base, k) {
            return Layout(precedence: Precedence.power, pieces: [.formula(u, minimum: Precedence.atom), .text("^(\(Int(k))/2)")])
        }
        let exponent = constantLayout(k)
        let text = exponent.precedence < Precedence.power ? "(" + NumberText.standalone(k) + ")" : NumberText.standalone(k)
        return Layout(precedence: Precedence.power, pieces: [.formula(base, minimum: Precedence.atom), .text("^" + text)])
    }

    /// u when `base` is an unnamed sqrt(u) raised to an odd whole number k >= 3 (written u^(k/2); both are NaN
    /// for u < 0), nil otherwise.
    private func halfPowerBase(_ base: FormulaID, _ k: Double?) -> FormulaID? {
        guard let k, k >= 3, k < 1e6, k.rounded() == k, Int(k) % 2 == 1, names[base] == nil,
              case .apply(.sqrt, let u) = store.node(base) else { return nil }
        return u
    }

    func constantLayout(_ c: Double) -> Layout {
        let text = NumberText.standalone(c)
        let precedence =
            text.contains("/") || text.contains("*") ? Precedence.product : (text.hasPrefix("-") ? Precedence.negation : Precedence.atom)
        return Layout(precedence: precedence, pieces: [.text(text)])
    }
}
