// Symbolic differentiation of a recorded graph, as one call: for the evaluator and the benchmarks.

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
    /// d(output)/d(variable), `order` times; `variable` is a leaf, intermediate or free-symbol node.
    public static func derivative(of output: Node, withRespectTo variable: Node, order: Int = 1, cell: Int? = nil) -> SymbolicDerivative {
        let bridge = FormulaBridge()
        let target = bridge.treatAsVariable(variable)
        let derivative = bridge.store.tidied([bridge.store.derivative(of: bridge.formula(of: output), withRespectTo: target, order: order)])[0]
        return SymbolicDerivative(node: bridge.node(of: derivative, cell: cell), formula: bridge.text(of: derivative),
                                  size: bridge.store.size(of: [derivative]))
    }

    /// The whole gradient by reverse-mode symbolic differentiation: its formulas and total size.
    public static func gradient(of output: Node, withRespectTo variables: [Node]) -> (text: String, size: Int) {
        let bridge = FormulaBridge()
        let targets = variables.map { bridge.treatAsVariable($0) }
        let gradient = bridge.store.tidied(bridge.store.gradient(of: bridge.formula(of: output), withRespectTo: targets))
        return (bridge.listText(of: gradient), bridge.store.size(of: gradient))
    }
}
