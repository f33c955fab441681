// Walking a computation graph without recursion: topological order, leaves, re-evaluation, substitution.

extension Node {
    /// Every node reachable from `roots`, each once, inputs before the nodes that use them.
    ///
    /// Serials increase with creation and every input is older than its users, so sorting the reachable
    /// set by serial is a topological order; the walk uses an explicit stack, so depth is no limit.
    public static func topologicalOrder(from roots: [Node]) -> [Node] {
        var seen: Set<ObjectIdentifier> = []
        var order: [Node] = []
        var stack = roots
        while let node = stack.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            order.append(node)
            stack.append(contentsOf: node.inputs)
        }
        order.sort { $0.serial < $1.serial }
        return order
    }

    /// This node's graph in topological order (see `topologicalOrder(from:)`).
    public var graph: [Node] { Node.topologicalOrder(from: [self]) }

    /// The leaves and free symbols this node depends on, in creation order.
    public var sources: [Node] {
        graph.filter { $0.inputs.isEmpty && $0.operation != .constant }
    }

    /// The graph's value with some nodes' values replaced, recomputed forward (numdiff's re-run).
    ///
    /// A replaced node keeps its new value even if it is an intermediate: that is how a numeric
    /// derivative with respect to `h` in `y = f(h)` holds everything upstream of `h` fixed.
    public func value(replacing replacements: [ObjectIdentifier: Double], order: [Node]? = nil) -> Double {
        let nodes = order ?? graph
        var values: [ObjectIdentifier: Double] = [:]
        values.reserveCapacity(nodes.count)
        for node in nodes {
            let id = ObjectIdentifier(node)
            if let replaced = replacements[id] {
                values[id] = replaced
            } else if node.inputs.isEmpty {
                values[id] = node.value
            } else {
                values[id] = node.operation.apply(to: node.inputs.map { values[ObjectIdentifier($0)] ?? .nan })
            }
        }
        return values[ObjectIdentifier(self)] ?? .nan
    }

    /// The same computation with some nodes swapped for others (what `at x = 2` does to a stored value).
    public func substituting(_ replacements: [ObjectIdentifier: Node]) -> Node {
        guard !replacements.isEmpty else { return self }
        var rebuilt: [ObjectIdentifier: Node] = replacements
        for node in graph where rebuilt[ObjectIdentifier(node)] == nil && !node.inputs.isEmpty {
            let inputs = node.inputs.map { rebuilt[ObjectIdentifier($0)] ?? $0 }
            if zip(inputs, node.inputs).contains(where: { $0 !== $1 }) {
                let copy = Node.make(node.operation, inputs, cell: node.cell)
                if let label = node.label { copy.labelIfUnnamed(label) }
                rebuilt[ObjectIdentifier(node)] = copy
            }
        }
        return rebuilt[ObjectIdentifier(self)] ?? self
    }
}
