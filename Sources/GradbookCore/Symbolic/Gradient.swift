// Reverse-mode symbolic differentiation (backpropagation on formulas): one sweep from the root down,
// each node passing adjoint × local partial to its children with `+=` (micrograd's backward, in symbols).

extension FormulaStore {
    /// ∂id/∂v for every v in `vs`, by adjoints: adjoint(root) = 1, and each node u adds
    /// adjoint(u)·∂u/∂c to every child c. Each node is visited once, so the cost is O(size of `id`),
    /// and the gradients share the adjoints of the intermediates they have in common.
    public func gradient(of id: FormulaID, withRespectTo vs: [Variable]) -> [FormulaID] {
        let order = reachable(from: [id])
        let relevant = dependence(in: order, on: Set(vs), top: id)
        var adjoint = [FormulaID?](repeating: nil, count: id.index + 1)
        adjoint[id.index] = one
        for parent in order.reversed() {
            guard relevant[parent.index], let a = adjoint[parent.index] else { continue }
            // log(1 + exp(u)) and log(sigmoid(u)) pass sigmoid(±u) straight to u (see StableFormulas.swift).
            if case .apply(.log, let argument) = node(parent), let (form, u) = stableLogarithm(of: argument) {
                if relevant[u.index] {
                    let contribution = multiply(a, stableDerivativeRule(form, at: u))
                    adjoint[u.index] = adjoint[u.index].map { add($0, contribution) } ?? contribution
                }
                continue
            }
            for (position, child) in node(parent).children.enumerated() where relevant[child.index] {
                let contribution = multiply(a, localPartial(of: parent, childAt: position))
                adjoint[child.index] = adjoint[child.index].map { add($0, contribution) } ?? contribution
            }
        }
        return vs.map { v in existing(.variable(v)).flatMap { $0 <= id ? adjoint[$0.index] : nil } ?? zero }
    }

    /// For each node in `order` (ascending), whether it depends on any of `targets`.
    func dependence(in order: [FormulaID], on targets: Set<Variable>, top: FormulaID) -> [Bool] {
        var depends = [Bool](repeating: false, count: top.index + 1)
        for id in order {
            if case .variable(let v) = node(id) {
                depends[id.index] = targets.contains(v)
            } else {
                var any = false
                node(id).forEachChild { any = any || depends[$0.index] }
                depends[id.index] = any
            }
        }
        return depends
    }
}
