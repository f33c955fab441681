// forward_diff: the derivative by forward mode (dual numbers), and through vectors and matrices the
// Jacobian-vector product J·v along a direction v (JAX's jvp), for comparison with backprop.

extension Evaluator {
    /// `forward_diff(EXPR, x)` and `forward_diff(EXPR, w, v)`: d EXPR/dε with the input moving as w + ε·v.
    ///
    /// The numbers come from forward mode. They are joined to the graph like numdiff's (`differentiable`),
    /// so differentiating the result again gives the true higher derivative, never a silent 0.
    func forwardDerivative(_ arguments: [Expression], at range: SourceRange) throws(Diagnostic) -> Value {
        try checkCount("forward_diff", arguments, within: 2...3,
                       usage: "forward_diff(EXPR, x) or forward_diff(EXPR, w, v), for example `forward_diff(x^3, x) at x = 2`", at: range)
        let output = try numericNode(arguments[0], for: "forward_diff", allowingTensors: true)
        let target = try target(arguments[1], of: "forward_diff")
        guard let input = target.node else {
            throw .freeSymbolsInNumericOperation("forward_diff", symbols: [target.name], at: target.range)
        }
        let direction = try self.direction(arguments, for: target, input, output: output)
        guard try isPart(target, of: output, expression: arguments[0]) else {
            let zero = output.isTensor ? Node.constant(Tensor(shape: output.shape, elements: [Double](repeating: 0, count: output.elements.count)), cell: cell)
                                       : Node.constant(0, cell: cell)
            return .scalar(zero)
        }
        // A graph of numbers along x itself: the scalar pass, exactly as before vectors were allowed.
        if arguments.count == 2, !output.isTensor, let derivative = ForwardMode.derivative(of: output, withRespectTo: input) {
            return .scalar(try differentiable(.constant(derivative, cell: cell), of: output, at: input, range: range))
        }
        let columns = output.elements.count * input.elements.count
        guard columns <= Evaluator.maximumJacobianEntries else {
            let directionText = arguments.count == 3 ? ", " + source.text(in: arguments[2].range) : ""
            throw .forwardJacobianTooLarge(rows: output.elements.count, columns: input.elements.count, limit: Evaluator.maximumJacobianEntries,
                                           call: "forward_diff(sum(\(source.text(in: arguments[0].range))), \(target.name)\(directionText))", at: range)
        }
        try refuseDroppedHistory(source.text(in: range), of: output, from: [input], at: range)
        let interruption = interruption
        guard let tangent = ForwardMode.jacobianVectorProduct(of: output, withRespectTo: input, direction: direction,
                                                              shouldStop: { interruption?.isRequested == true }) else {
            throw .interrupted(at: range)
        }
        let estimate = output.isTensor ? Node.constant(Tensor(shape: output.shape, elements: tangent), cell: cell) : Node.constant(tangent[0], cell: cell)
        let exact = try directionalDerivative(of: output, at: input, along: direction, range: range)
        guard let connected = GradientGraph(cell: cell).value(estimate, differentiatedLike: exact) else {
            throw .forwardModeOfInfinite(source.text(in: range), at: range)
        }
        return .scalar(connected)
    }

    /// The direction v of `forward_diff(EXPR, w, v)`: numbers of w's shape; 1 for a number with no direction.
    private func direction(_ arguments: [Expression], for target: Target, _ input: Node, output: Node) throws(Diagnostic) -> [Double] {
        let kind = input.isTensor ? Tensor.noun(input.shape) : "a single number"
        guard arguments.count == 3 else {
            guard !input.isTensor else {
                let expression = source.text(in: arguments[0].range)
                throw .forwardNeedsDirection(target.name, shape: kind, call: "forward_diff(\(expression), \(target.name), \(onesCall(input.shape)))",
                                             whole: "\(output.isTensor ? "jacobian" : "grad")(\(expression), \(target.name))", at: target.range)
            }
            return [1]
        }
        let direction = try node(arguments[2], role: .direction)
        guard !direction.isSymbolic, direction.shape == input.shape else {
            throw .directionShape(source.text(in: arguments[2].range), target: target.name, kind: kind,
                                  example: "forward_diff(\(source.text(in: arguments[0].range)), \(target.name), \(input.isTensor ? onesCall(input.shape) : "1"))",
                                  at: arguments[2].range)
        }
        return direction.elements
    }

    private func onesCall(_ shape: [Int]) -> String {
        "ones(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// Σⱼ ∂f/∂wⱼ · vⱼ for each element of f, as nodes of the graph (one backward pass per element of f).
    private func directionalDerivative(of output: Node, at input: Node, along direction: [Double], range: SourceRange) throws(Diagnostic) -> Node {
        let interruption = interruption
        let v = input.isTensor ? Node.constant(Tensor(shape: input.shape, elements: direction), cell: cell) : Node.constant(direction[0], cell: cell)
        var elements: [Node] = []
        for index in 0..<output.elements.count {
            try checkInterruption(at: range)
            guard let gradient = GradientGraph(cell: cell).gradients(of: element(index, of: output), withRespectTo: [input],
                                                                     shouldStop: { interruption?.isRequested == true })?.first else {
                throw .interrupted(at: range)
            }
            let along = makeNode(.multiply, [gradient, v], at: range)
            elements.append(input.isTensor ? makeNode(.sum(axis: nil), [along], at: range) : along)
        }
        guard output.isTensor else { return elements[0] }
        guard output.shape.count == 2 else { return makeNode(.stack, elements, at: range) }
        let width = output.shape[1]
        return makeNode(.stack, stride(from: 0, to: elements.count, by: width).map { makeNode(.stack, Array(elements[$0..<$0 + width]), at: range) }, at: range)
    }
}
