// Loss functions as small graphs of existing operations, so their gradients come from backprop itself.

/// How wrong a prediction is, as one number.
public enum Loss: String, CaseIterable, Sendable {
    /// mean((prediction − target)²): regression.
    case mse
    /// Binary cross-entropy from logits z and labels y ∈ {0, 1}: mean(relu(z) − z·y + log(1 + exp(−|z|))),
    /// which equals −mean(y·log σ(z) + (1 − y)·log(1 − σ(z))) without ever taking log of 0.
    case bce
    /// Cross-entropy from logits (one row per example) and one-hot targets: −mean(Σ y·log_softmax(z)).
    case crossEntropy = "cross_entropy"
    /// The max-margin loss of micrograd's demo, labels y ∈ {−1, 1}: mean(relu(1 − y·s)).
    case hinge

    /// The loss of `prediction` against `target`, built with `make` (so it is part of the graph).
    public func node(_ prediction: Node, _ target: Node, make: (Node.Operation, [Node]) -> Node) -> Node {
        func constant(_ value: Double) -> Node { .constant(value) }
        // The mean over examples; a prediction of one number is one example, its own mean.
        func average(_ node: Node) -> Node { node.isTensor ? make(.mean(axis: nil), [node]) : node }
        switch self {
        case .mse:
            let difference = make(.subtract, [prediction, target])
            return average(make(.power, [difference, constant(2)]))
        case .bce:
            let z = prediction
            let softplus = make(.function(.log), [make(.add, [constant(1), make(.function(.exp), [make(.negate, [make(.function(.abs), [z])])])])])
            let terms = make(.add, [make(.subtract, [make(.function(.relu), [z]), make(.multiply, [z, target])]), softplus])
            return average(terms)
        case .crossEntropy:
            let logProbabilities = make(.logSoftmax, [prediction])
            let perExample = prediction.shape.count == 2 ? make(.sum(axis: 2), [make(.multiply, [target, logProbabilities])])
                : make(.sum(axis: nil), [make(.multiply, [target, logProbabilities])])
            return make(.negate, [average(perExample)])
        case .hinge:
            let signs = target.isTensor ? Node.constant(Tensor(shape: target.shape, elements: target.elements.map { $0 > 0 ? 1 : -1 }))
                                        : constant(target.value > 0 ? 1 : -1)
            let margins = make(.subtract, [constant(1), make(.multiply, [signs, prediction])])
            return average(make(.function(.relu), [margins]))
        }
    }
}
