// A gradient shown before its graph is built.
//
// `grad(v, [x])` gives nodes that can be differentiated again (`GradientGraph`), which costs about three nodes
// for every node of v's graph: after a 20,000-step loop, more than the loop itself. A `grad` typed as a whole
// statement is usually only looked at, so its numbers come from the backward pass (`Backpropagation`, the same
// sums in the same order: property tests hold the two to the same values) and its graph is built only when the
// result is read again, as `_`, `Out[n]` or `_n`. Nodes are immutable, so the graph built later is the one the
// statement would have built.

/// How to build the graph of a gradient whose numbers were shown without it: `grad(v, [x, …])`, a vector (one name
/// alone gives a number, whose nan-or-not the graph's own values decide, so it is built at once).
final class DeferredGradient: GraphToBuild, @unchecked Sendable {
    /// The number differentiated and the names it was differentiated with respect to (their nodes).
    let output: Node
    let targets: [Node]
    /// The cell the statement ran in: the graph's nodes are attributed to it, as they would have been.
    let cell: Int?
    /// The values the `grad` call read (`Evaluator.deriving`): what the built graph's stale mark is judged by.
    var sources: [Node] = []
    /// The graph, once built.
    private var built: Node?

    init(output: Node, targets: [Node], cell: Int?) {
        (self.output, self.targets, self.cell) = (output, targets, cell)
    }

    /// The gradient's graph, built the first time it is asked for; nil when `shouldStop` said so (Ctrl-C).
    func graph(shouldStop: () -> Bool) -> Node? {
        if let built { return built }
        guard let gradients = GradientGraph(cell: cell).gradients(of: output, withRespectTo: targets, shouldStop: shouldStop) else { return nil }
        let node = Node.make(.stack, gradients, cell: cell)
        built = node
        return node
    }
}

extension Node {
    /// The recipe of a gradient shown before its graph was built, if this node stands for one.
    var deferredGradient: DeferredGradient? { graphToBuild as? DeferredGradient }

    /// A gradient's numbers shown before its graph is built: a vector of constants that says how to build the graph.
    static func deferredGradient(_ values: [Double], recipe: DeferredGradient) -> Node {
        let elements = values.map { Node.constant($0, cell: recipe.cell) }
        let node = Node(.stack, inputs: elements, value: .nan, isSymbolic: false, cell: recipe.cell, shape: [values.count],
                        tensor: Tensor(shape: [values.count], elements: values))
        node.attach(recipe)
        return node
    }
}
