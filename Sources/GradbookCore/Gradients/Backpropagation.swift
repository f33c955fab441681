// Reverse-mode differentiation over a recorded graph: one topological order, one reverse sweep.

/// The gradient of one output with respect to every node of its graph (micrograd's `backward()`).
///
/// d(output)/d(output) = 1; then, in reverse topological order, each node passes its gradient to its
/// inputs multiplied by the local derivative, with `+=`, so a node used twice (`a + a`) receives two
/// contributions. Nothing is stored in the nodes, so running it twice gives the same answer.
public struct Backpropagation {
    /// The nodes of the graph, inputs first.
    public let order: [Node]
    /// The gradient of the output for each node, by position in `order`.
    private let gradients: [Double]
    private let positions: [ObjectIdentifier: Int]
    /// Kinks (relu or abs at exactly 0) where the convention f'(0) = 0 was used.
    public let kinksUsed: [Node]
    /// Where the backward pass first produced a NaN or infinite gradient from finite ones: the node
    /// whose local derivative did it, and that local derivative (PyTorch's anomaly mode, in words).
    public let firstNonFinite: (node: Node, localDerivative: Double, gradient: Double)?

    /// Runs the backward pass from `output`.
    public init(from output: Node) {
        let order = output.graph
        var positions: [ObjectIdentifier: Int] = [:]
        positions.reserveCapacity(order.count)
        for (index, node) in order.enumerated() { positions[ObjectIdentifier(node)] = index }
        var gradients = [Double](repeating: 0, count: order.count)
        var kinks: [Node] = []
        var firstNonFinite: (node: Node, localDerivative: Double, gradient: Double)?
        gradients[order.count - 1] = 1
        for index in order.indices.reversed() {
            let node = order[index]
            let upstream = gradients[index]
            guard !node.inputs.isEmpty else { continue }
            if case .function(let function) = node.operation, function.hasKinkAtZero, node.inputs[0].value == 0 {
                kinks.append(node)
            }
            let inputValues = node.inputs.map(\.value)
            let local = node.operation.localDerivatives(
                inputs: inputValues, output: node.value,
                exponentIsConstant: node.operation == .power && node.inputs[1].operation == .constant)
            for (input, derivative) in zip(node.inputs, local) {
                // A zero upstream gradient times an infinite local one is 0, not NaN: no contribution.
                guard upstream != 0, derivative != 0 else { continue }
                let contribution = upstream * derivative
                if firstNonFinite == nil, !contribution.isFinite, upstream.isFinite {
                    firstNonFinite = (node, derivative, contribution)
                }
                if let position = positions[ObjectIdentifier(input)] {
                    gradients[position] += contribution
                }
            }
        }
        self.order = order
        self.gradients = gradients
        self.positions = positions
        self.kinksUsed = kinks
        self.firstNonFinite = firstNonFinite
    }

    /// d(output)/d(node), or nil when `node` is not part of the output's graph.
    public func gradient(of node: Node) -> Double? {
        positions[ObjectIdentifier(node)].map { gradients[$0] }
    }

    /// The leaves of the graph (named values with no inputs), in creation order.
    public var leaves: [Node] { order.filter(\.isLeaf) }

    /// The named intermediate results of the graph (bindings like `h = relu(z*z)`).
    public var namedIntermediates: [Node] { order.filter { !$0.inputs.isEmpty && $0.label != nil } }
}
