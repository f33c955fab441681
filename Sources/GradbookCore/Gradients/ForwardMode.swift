// Forward-mode differentiation (dual numbers): one pass per input, carrying d(node)/d(input) forward.

/// The derivative of every node with respect to one input, pushed forward through the graph.
///
/// Each value x carries a tangent ẋ = dx/d(input), as in the dual number x + ẋ·ε with ε² = 0: the input's
/// tangent is 1, and each operation combines its inputs' tangents with its local derivatives
/// (ẏ = Σ ∂y/∂xᵢ · ẋᵢ). One pass gives the derivatives of every output with respect to one input —
/// the mirror image of backpropagation, where one pass gives one output's derivatives with respect to
/// every input.
public enum ForwardMode {
    /// d(output)/d(input), or nil when the graph holds vectors or matrices (scalar graphs only).
    public static func derivative(of output: Node, withRespectTo input: Node) -> Double? {
        let order = output.graph
        var tangents: [ObjectIdentifier: Double] = [ObjectIdentifier(input): 1]
        for node in order where node !== input {
            guard !node.isTensor, !node.inputs.contains(where: \.isTensor) else { return nil }
            guard !node.inputs.isEmpty else { continue }
            // log(1 + exp(u)) whose steps overflowed carries u's tangent in one stable step.
            if let form = node.stableForm, form.stepsBreak, !form.steps.contains(where: { $0 === input }) {
                let incoming = tangents[ObjectIdentifier(form.operand)] ?? 0
                if incoming != 0 { tangents[ObjectIdentifier(node)] = form.localDerivatives[0] * incoming }
                continue
            }
            var tangent = 0.0
            for (position, argument) in node.inputs.enumerated() {
                guard let incoming = tangents[ObjectIdentifier(argument)], incoming != 0 else { continue }
                tangent += node.localDerivative(withRespectTo: position) * incoming
            }
            if tangent != 0 { tangents[ObjectIdentifier(node)] = tangent }
        }
        return tangents[ObjectIdentifier(output)] ?? 0
    }
}
