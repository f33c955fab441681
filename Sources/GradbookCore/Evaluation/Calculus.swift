// Symbolic differentiation of a recorded graph, in one place: the graph as formulas, the store's work limited
// (Ctrl-C, and a bound on its growth), the derivative or gradient, tidied. `diff`, `grad` of formulas and
// `gradbook-bench` all go through here, so the benchmark times what a person runs.

/// The symbolic derivative of a graph node, read back as a formula.
public struct SymbolicDerivative {
    /// The derivative as a graph over the same leaves (so it has a value when they do).
    public var node: Node
    /// The simplified formula in gradbook syntax.
    public var formula: String
    /// How many distinct formula nodes the result has (the "size" that must stay linear).
    public var size: Int
}

/// Entry points into symbolic differentiation of recorded graphs.
public enum Calculus {
    /// Lets `store` stop when `shouldStop` says so (Ctrl-C), and once it grows past `Evaluator.maximumFormulaGrowth`
    /// new nodes (or four times its size, for a large formula); `store.stopReason` then says which.
    static func limitWork(of store: FormulaStore, shouldStop: @escaping () -> Bool) {
        store.maximumCount = store.count + max(Evaluator.maximumFormulaGrowth, 4 * store.count)
        store.shouldStop = shouldStop
    }

    /// d(output)/d(variable), `order` times, tidied: one formula for a number, one per element (in storage order)
    /// for a vector or matrix. The work is limited (`limitWork`): when `bridge.store.stopReason` is set, the
    /// formulas are incomplete and must not be shown.
    static func derivatives(of output: Node, withRespectTo variable: Variable, order: Int, in bridge: FormulaBridge,
                            shouldStop: @escaping () -> Bool) -> [FormulaID] {
        let formulas = output.isTensor ? bridge.elementFormulas(of: output) : [bridge.formula(of: output)]
        limitWork(of: bridge.store, shouldStop: shouldStop)
        // The always-valid rewrites of simplify (linear in the formula's size) on every derivative printed:
        // like terms across nested sums, exponentials merged, sin^2 + cos^2 = 1.
        return bridge.store.tidied(formulas.map { bridge.store.derivative(of: $0, withRespectTo: variable, order: order) })
    }

    /// The gradient of the number `output` with respect to `variables`, by reverse-mode differentiation of its
    /// formula (symbolic backprop), tidied; limited as `derivatives` is.
    static func gradient(of output: Node, withRespectTo variables: [Variable], in bridge: FormulaBridge,
                         shouldStop: @escaping () -> Bool) -> [FormulaID] {
        let formula = bridge.formula(of: output)
        limitWork(of: bridge.store, shouldStop: shouldStop)
        return bridge.store.tidied(bridge.store.gradient(of: formula, withRespectTo: variables))
    }

    /// d(output)/d(variable), `order` times; `variable` is a leaf, intermediate or free-symbol node. For
    /// `gradbook-bench`: the path `diff` takes, without Ctrl-C.
    public static func derivative(of output: Node, withRespectTo variable: Node, order: Int = 1, cell: Int? = nil) -> SymbolicDerivative {
        let bridge = FormulaBridge()
        let target = bridge.treatAsVariable(variable)
        let derivative = derivatives(of: output, withRespectTo: target, order: order, in: bridge, shouldStop: { false })[0]
        return SymbolicDerivative(node: bridge.node(of: derivative, cell: cell), formula: bridge.text(of: derivative),
                                  size: bridge.store.size(of: [derivative]))
    }

    /// The whole gradient by reverse-mode symbolic differentiation: its formulas and total size. For
    /// `gradbook-bench`: the path `grad` of a formula takes, without Ctrl-C.
    public static func gradient(of output: Node, withRespectTo variables: [Node]) -> (text: String, size: Int) {
        let bridge = FormulaBridge()
        let targets = variables.map { bridge.treatAsVariable($0) }
        let gradient = gradient(of: output, withRespectTo: targets, in: bridge, shouldStop: { false })
        return (bridge.listText(of: gradient), bridge.store.size(of: gradient))
    }
}
