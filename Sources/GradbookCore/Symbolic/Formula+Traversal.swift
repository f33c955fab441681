// Walks over the DAG: reachable nodes, variables, size, evaluation and substitution.
// All are loops over ascending indices (children before parents) or an explicit stack.

import Foundation

extension FormulaStore {
    /// Every node reachable from `roots`, each once, in ascending index order (children first).
    func reachable(from roots: [FormulaID]) -> [FormulaID] {
        guard let top = roots.max() else { return [] }
        var seen = [Bool](repeating: false, count: top.index + 1)
        var stack = roots, found: [FormulaID] = []
        while let id = stack.popLast() {
            if seen[id.index] { continue }
            seen[id.index] = true
            found.append(id)
            node(id).forEachChild { if !seen[$0.index] { stack.append($0) } }
        }
        return found.sorted()
    }

    /// The variables `id` depends on.
    public func variables(in id: FormulaID) -> Set<Variable> {
        Set(reachable(from: [id]).compactMap(variableValue))
    }

    /// The number of distinct nodes reachable from `ids` (shared subterms counted once).
    public func size(of ids: [FormulaID]) -> Int { reachable(from: ids).count }

    /// The value of `id` with `values` for its variables; a variable without a value gives NaN.
    public func evaluate(_ id: FormulaID, at values: [Variable: Double]) -> Double {
        FormulaEvaluation(store: self, roots: [id]).values(at: values)[0]
    }

    /// `id` with each variable in `replacements` replaced by its formula, re-simplified on the way up.
    public func substitute(_ id: FormulaID, _ replacements: [Variable: FormulaID]) -> FormulaID {
        var image: [FormulaID: FormulaID] = [:]
        for old in reachable(from: [id]) {
            let n = node(old)
            if case .variable(let v) = n, let new = replacements[v] {
                image[old] = new
            } else {
                image[old] = rebuilt(n) { image[$0] ?? $0 }
            }
        }
        return image[id] ?? id
    }

    /// `n` rebuilt through the simplifying constructors, with each child mapped by `child`.
    func rebuilt(_ n: Node, _ child: (FormulaID) -> FormulaID) -> FormulaID {
        switch n {
        case .constant, .variable: return intern(n)
        case .add(let operands): return operands.dropFirst().reduce(child(operands[0])) { add($0, child($1)) }
        case .multiply(let operands):
            return operands.dropFirst().reduce(child(operands[0])) { multiply($0, child($1)) }
        case .power(let base, let exponent): return power(child(base), child(exponent))
        case .apply(let f, let argument): return apply(f, child(argument))
        }
    }
}
