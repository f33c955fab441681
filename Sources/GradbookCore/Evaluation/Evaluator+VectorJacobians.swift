// jacobian and hessian of vectors and matrices: every output element differentiated by backpropagation with
// respect to every element of every input, laid out as one matrix.

extension Evaluator {
    /// The most entries a Jacobian or Hessian of vectors is built with (each row is a backward pass).
    static let maximumJacobianEntries = 10_000

    /// jacobian(f, [x, W]) where f is a vector (or matrix, or number) and every input is bound: J[i, j] is
    /// d f_i / d θ_j. Rows are the elements of f and columns the elements of the inputs, each flattened row
    /// by row, the inputs in the order given. The numbers come from one backward pass per row.
    func numericJacobian(of output: Node, outputText: String, targets: [Target], at range: SourceRange) throws(Diagnostic) -> Value {
        let inputs = try boundInputs(targets, of: "jacobian", at: range)
        let columns = inputs.reduce(0) { $0 + $1.elements.count }
        let rows = output.elements.count
        guard rows * columns <= Evaluator.maximumJacobianEntries else {
            throw .jacobianTooLarge(rows: rows, columns: columns, limit: Evaluator.maximumJacobianEntries, call: "grad(sum(\(outputText)), \(targetList(targets)))", at: range)
        }
        var entries: [Double] = []
        entries.reserveCapacity(rows * columns)
        for row in 0..<rows {
            try checkInterruption(at: range)
            let pass = Backpropagation(from: element(row, of: output))
            noteBackwardPass(pass, targets: inputs)
            for input in inputs {
                if input.isTensor {
                    entries += pass.tensorGradient(of: input)?.elements ?? [Double](repeating: 0, count: input.elements.count)
                } else {
                    entries.append(pass.gradient(of: input) ?? 0)
                }
            }
        }
        return .scalar(.constant(Tensor(shape: [rows, columns], elements: entries), cell: cell))
    }

    /// hessian(f, w) for a number f and bound inputs, some of them vectors or matrices: the Jacobian of
    /// the gradient, whose nodes stay connected to the graph (grad's `GradientGraph`), so a second
    /// backward pass through them gives the second derivatives.
    func numericHessian(of output: Node, targets: [Target], at range: SourceRange) throws(Diagnostic) -> Value {
        let inputs = try boundInputs(targets, of: "hessian", at: range)
        let count = inputs.reduce(0) { $0 + $1.elements.count }
        guard count * count <= Evaluator.maximumJacobianEntries else {
            throw .hessianTooLarge(count, limit: Evaluator.maximumJacobianEntries, at: range)
        }
        let gradients = try connectedGradients(of: output, withRespectTo: inputs, at: range)
        var parts: [Node] = []
        for gradient in gradients {
            if gradient.isTensor {
                for index in 0..<gradient.elements.count { parts.append(element(index, of: gradient)) }
            } else {
                parts.append(gradient)
            }
        }
        let flat = parts.count == 1 ? parts[0] : makeNode(.stack, parts, at: range)
        return try numericJacobian(of: flat, outputText: "grad(f)", targets: targets, at: range)
    }

    private func targetList(_ targets: [Target]) -> String {
        targets.count == 1 ? targets[0].name : "[" + targets.map(\.name).joined(separator: ", ") + "]"
    }

    /// Every target's node: a Jacobian of vectors is computed from numbers, so a free name has no place.
    private func boundInputs(_ targets: [Target], of function: String, at range: SourceRange) throws(Diagnostic) -> [Node] {
        var inputs: [Node] = []
        for target in targets {
            guard let node = target.node else {
                throw .unboundTensorTarget(target.name, function: function, at: target.range)
            }
            inputs.append(node)
        }
        return inputs
    }

    /// Element `index` (row by row) of a vector or matrix node, as a node of the graph; a number is itself.
    func element(_ index: Int, of node: Node) -> Node {
        guard node.isTensor else { return node }
        let width = node.shape.last ?? 1
        let selection = Selection(rows: [index / width], columns: [index % width], dropsRows: true, dropsColumns: true, sourceColumns: width)
        return Node.make(.select(selection), [node], cell: cell)
    }
}
