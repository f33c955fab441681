// Each operation's vector-Jacobian product written with graph operations, for `GradientGraph`.
//
// Convention: `g` is d(output)/d(node) with the node's shape; a rule returns d(output)/d(input) with the
// input's shape, or nil when the contribution is 0 by the rule itself (the derivative of step, a constant
// exponent). Each rule multiplies the same numbers in the same order as `BackwardTape` and
// `VectorJacobianProducts`, so the values agree with the tape's exactly.

extension GradientGraph: RecordedPass {
    /// The gradient `node` passes back to `node.inputs[position]`, given its own gradient `g`.
    func contribution(of node: Node, toInput position: Int, upstream g: Node) -> Node? {
        let inputs = node.inputs
        switch node.operation {
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.contribution(of: node, toInput: position, upstream: g, in: self)
        case .function(let function):
            return derivative(of: function, at: inputs[0], value: node).map { times(g, $0) }
        case .matrixProduct: return MatrixProduct.contribution(inputs[0], inputs[1], toInput: position, upstream: g, cell: cell)
        case .transpose: return Transpose.contribution(upstream: g, cell: cell)
        case .stack: return Stack.contribution(toInput: position, like: inputs[position], upstream: g, cell: cell)
        case .sum(let axis): return Reduction.contribution(.sum, node, axis: axis, upstream: g, cell: cell)
        case .mean(let axis): return Reduction.contribution(.mean, node, axis: axis, upstream: g, cell: cell)
        case .max(let axis): return Reduction.contribution(.max, node, axis: axis, upstream: g, cell: cell)
        case .softmax, .logSoftmax: return Softmax.contribution(node, upstream: g, isLog: node.operation == .logSoftmax, cell: cell)
        case .select(let selection): return Select.contribution(selection, into: inputs[0], upstream: g, cell: cell)
        case .constant, .leaf, .freeSymbol: return nil
        }
    }

    /// `contribution(of:toInput:upstream:)` between numbers, with the commonest steps (+ - * and negation)
    /// read from the node's one-byte rule rather than the general dispatch: the same nodes, made the same way
    /// (a long loop's `grad` passes through tens of thousands of them).
    func scalarContribution(of node: Node, toInput position: Int, upstream g: Node) -> Node? {
        switch node.scalarRule {
        case .add: return g
        case .subtract: return position == 0 ? g : make(.negate, g)
        case .multiply: return times(g, node.inputs[1 - position])
        case .negate: return make(.negate, g)
        case .log, .other: return contribution(of: node, toInput: position, upstream: g)
        }
    }

    /// What a stable form passes straight to its operand: g times sigmoid(u), sigmoid(-u), -sigmoid(u), or
    /// exp(v - log-sum-exp) (softmax of v), the same numbers `StableForm.localDerivatives` gives the tape.
    func stableContribution(of form: StableForm, upstream g: Node) -> Node {
        let u = form.operand
        switch form.kind {
        case .softplus: return times(g, make(.function(.sigmoid), u))
        case .logSigmoid: return times(g, make(.function(.sigmoid), make(.negate, u)))
        case .logOneMinusSigmoid: return times(g, make(.negate, [make(.function(.sigmoid), u)]))
        case .logSumExp: return make(.multiply, [g, make(.function(.exp), make(.subtract, u, form.node))])
        }
    }

    /// g·d, except where the tape passes nothing back: a number times 0 where the other factor is
    /// infinite or NaN (the tape skips zero gradients and zero local derivatives, so 0·∞ never arises).
    func times(_ g: Node, _ local: Node) -> Node {
        if !g.isTensor, !local.isTensor,
           (g.value == 0 && !local.value.isFinite) || (local.value == 0 && !g.value.isFinite) {
            return constant(0)
        }
        return make(.multiply, g, local)
    }

    /// f'(x) as a node, from the function's input `x` and output `y`: the function's one statement of its
    /// rule (`MathFunction.localDerivative`), with f(x) read from the forward node as the tape does.
    private func derivative(of function: MathFunction, at x: Node, value y: Node) -> Node? {
        function.localDerivative?.build(NodeBuilder(graph: self), argument: x) { y }
    }

    /// Builds a `LocalDerivative` with graph operations: a² as a·a, the product the tape computes.
    private struct NodeBuilder: LocalDerivativeBuilder {
        let graph: GradientGraph
        func constant(_ c: Double) -> Node { graph.constant(c) }
        func apply(_ f: MathFunction, _ a: Node) -> Node { graph.make(.function(f), a) }
        func add(_ a: Node, _ b: Node) -> Node { graph.make(.add, a, b) }
        func subtract(_ a: Node, _ b: Node) -> Node { graph.make(.subtract, a, b) }
        func multiply(_ a: Node, _ b: Node) -> Node { graph.make(.multiply, a, b) }
        func divide(_ a: Node, _ b: Node) -> Node { graph.make(.divide, a, b) }
        func negate(_ a: Node) -> Node { graph.make(.negate, a) }
        func square(_ a: Node) -> Node { graph.make(.multiply, a, a) }
    }

    /// A vector as a matrix of one column.
    private func column(_ v: Node) -> Node {
        make(.transpose, make(.stack, v))
    }

    /// The gradient of a broadcast result summed back onto `input`'s shape (Broadcast.reduce's sums,
    /// in the same order).
    func unbroadcast(_ g: Node, to input: Node) -> Node {
        let shape = input.shape, result = g.shape
        if shape == result { return g }
        if shape.reduce(1, *) == 1 {
            let total = make(.sum(axis: nil), [g])
            return shape.isEmpty ? total : shape.count == 1 ? make(.stack, total) : make(.stack, make(.stack, total))
        }
        if result.count == 2, shape == [result[1]] { return make(.sum(axis: 1), [g]) }
        if result.count == 2, shape == [1, result[1]] { return make(.stack, [make(.sum(axis: 1), [g])]) }
        if result.count == 2, shape == [result[0], 1] { return column(make(.sum(axis: 2), [g])) }
        return make(.sum(axis: nil), [g])
    }
}
