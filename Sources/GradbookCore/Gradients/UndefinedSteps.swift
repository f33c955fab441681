// Whether a number that is not finite means the formula has no value at this point in the maths (log(x - 5) at
// x = 3), or only that doubles could not hold a step (exp(800) - exp(800) + x, which is x).

extension ForwardRounding {
    /// The first step of `root`'s graph found to have no value at this point although its inputs are finite
    /// (`UndefinedOperation`): a function outside its domain or at its pole, an undefined power, a division by 0, for a
    /// number or an element of a vector or matrix. Nil when every value on the way is finite, when every step that
    /// stopped being finite did so by overflowing, and where rounding could have put an input where it is (log of a
    /// -1e-17 that may be 0): each input's rounding is bounded as in `worstLoss`.
    ///
    /// A step with no value counts even where a later one hides it: exp(-1/x^2) at x = 0 takes -1/0, and exp(-inf) is
    /// 0, a number; `check` called a derivative of 0 there exact, though the formula as typed has no value at 0.
    static func firstUndefinedStep(in root: Node) -> UndefinedOperation? {
        guard !root.isSymbolic else { return nil }
        let order = Node.topologicalTraversal(from: root).order
        // Nearly always every value on the way is finite: one look at each, and nothing more.
        guard order.contains(where: { $0._withUnsafeGuaranteedRef { $0.isTensor ? !$0.elements.allSatisfy(\.isFinite) : !$0.value.isFinite } })
        else { return nil }
        // Each element's error bound, by position in `order` (infinite where it is not known).
        var errors: [[Double]] = []
        errors.reserveCapacity(order.count)
        for handle in order {
            let node = handle.takeUnretainedValue()
            let inputs = Array(node.inputs)
            if node.operation.isElementwise, !inputs.isEmpty, inputs.count <= 2,
               let operation = undefinedElement(of: node, inputs, errors: inputs.map { errors[$0.traversalIndex] }) {
                return operation
            }
            errors.append(typedErrors(of: node, inputs, errors: { errors[$0.traversalIndex] }))
        }
        return nil
    }

    /// What `==`'s bound on a side's rounding (a running bound over its simplified formula) misses: how far the numbers
    /// as typed, and the steps on numbers alone, move `root`. The formula folds its numbers as it is built, which hides
    /// what they did: 1e20 + 1 - 1e20 becomes the number 0 there, not 1; 1e-320*1e300 the number 9.99989e-21, not 1e-20
    /// (the typed 1e-320 holds only 11 bits); sin(1e150) the number 0.690631, though the double 1e150 is 10^150 - 1.9e133
    /// and sin of it can be anything in [-1, 1]. So errors start at each typed number (`TypedNumber.rounding`) and at each
    /// step on numbers alone, and the steps on names pass them on (`errorBounds`) without adding their own rounding, which
    /// the formula's bound has (and knows better: 1 - tanh(x)^2 at 30 is computed to its last digit). Nil for a vector or
    /// matrix, past `largestTypedGraph` nodes, and where the bound is not finite.
    static func typingBound(of root: Node) -> Double? {
        guard !root.isTensor, !root.dependsOnTensors, let bound = typingBounds(of: root)?.first, bound.isFinite else { return nil }
        return bound
    }

    /// `typingBound` for each element of a vector or matrix too (`==` between vectors: [1e20 + 1 - 1e20, 2] is [1, 2]
    /// as typed); an element whose bound is not known is inf. Nil past `largestTypedGraph` nodes.
    static func typingBounds(of root: Node) -> [Double]? {
        guard !root.isSymbolic, !root.hasMoreNodes(than: largestTypedGraph) else { return nil }
        let order = Node.topologicalTraversal(from: root).order
        return withExtendedLifetime(root) { () -> [Double]? in
            var errors: [[Double]] = []
            errors.reserveCapacity(order.count)
            for handle in order {
                let node = handle.takeUnretainedValue()
                errors.append(typedErrors(of: node, Array(node.inputs), countingOwnRounding: !node.dependsOnNames,
                                          errors: { errors[$0.traversalIndex] }))
            }
            return errors.last
        }
    }

    /// Whether every step of `root`'s graph computed from numbers alone came out exact (+, − and × that rounded nothing,
    /// negation): what a formula folds into one number then is that number. Where one rounded (1e20 + 1 is 1e20), or is a
    /// function (sin(1e150)), two formulas that look alike after folding need not be: (1e20 + 1) - 1e20 and 0 fold to
    /// the same 0, and == said true.
    static func foldsExactly(_ root: Node) -> Bool {
        guard !root.hasMoreNodes(than: largestTypedGraph) else { return false }
        let order = Node.topologicalTraversal(from: root).order
        return withExtendedLifetime(root) {
            order.allSatisfy { handle in
                handle._withUnsafeGuaranteedRef { node in
                    guard node.inputCount > 0, !node.dependsOnNames else { return true }
                    if node.isTensor || node.inputCount > 2 { return false }
                    if node.operation == .negate { return true }
                    let inputs = Array(node.inputs)
                    return inputs.count == 2 && isExact(node.operation, inputs[0].value, inputs[1].value, node.value)
                }
            }
        }
    }

    /// The most nodes `typingBound` follows (as many as `==` turns into a formula).
    static let largestTypedGraph = 20_000

    /// The error bound of each element of `node` (infinite where it is not known), its inputs' given by `errors`.
    private static func typedErrors(of node: Node, _ inputs: [Node], countingOwnRounding: Bool = true,
                                    errors: (Node) -> [Double]) -> [Double] {
        // (A negation is exact: x^-1 at 0 takes 0^(-1), whose exponent -1 is no rounded number. So are x - x, 0 for
        // every x, and x/x, 1 for every x but 0, however x rounded: log(x - x) takes log(0).)
        let sameInputs = inputs.count == 2 && inputs[0] === inputs[1] && (node.operation == .subtract || node.operation == .divide)
        let bounds = inputs.isEmpty ? node.elements.map(TypedNumber.rounding(of:))
            : node.operation == .negate ? errors(inputs[0])
            : sameInputs ? [Double](repeating: 0, count: node.elements.count)
            : errorBounds(of: node, countingOwnRounding: countingOwnRounding, inputErrors: errors) ?? []
        var nodeErrors = bounds.count == node.elements.count ? bounds.map { $0.isFinite ? $0 : .infinity }
            : [Double](repeating: .infinity, count: node.elements.count)
        // A product, quotient or function that came out 0 or subnormal may have underflowed (x^2 at x = 1e-200 is
        // 0, and log of it no pole): the relative bound says nothing there, so the smallest subnormal is added.
        // (A sum never underflows: the exact sum of two doubles that is that small is a double.)
        // (Not where an input is an exact 0, which makes an exact 0 of x*0, 0^2 or sin(0): -1/x^2 at x = 0 divides by 0.)
        if countingOwnRounding, node.graphMayHaveLostParts, !inputs.isEmpty, node.operation != .add, node.operation != .subtract,
           node.isTensor ? !node.elements.allSatisfy(\.isNormal) : !node.value.isNormal {
            let elements = node.elements
            // (Read only where a value came out 0 or subnormal: each input's elements are copied out.)
            let operands = inputs.map { ($0.elements, errors($0)) }
            for at in nodeErrors.indices where !elements[at].isNormal && elements[at].isFinite {
                let hasExactZeroInput = operands.contains { values, bounds in
                    let index = values.count == 1 ? 0 : at
                    return values.indices.contains(index) && bounds.indices.contains(index) && values[index] == 0 && bounds[index] == 0
                }
                if !hasExactZeroInput { nodeErrors[at] += 0x1p-1074 }
            }
        }
        return nodeErrors
    }

    /// The first element of an elementwise step that has no value although its inputs there are finite.
    private static func undefinedElement(of node: Node, _ inputs: [Node], errors: [[Double]]) -> UndefinedOperation? {
        let values = node.elements
        let operands = inputs.map(\.elements)
        for at in values.indices where !values[at].isFinite {
            // (An input is a number or has the step's shape; a row broadcast over a matrix is not followed.)
            guard operands.allSatisfy({ $0.count == 1 || $0.count == values.count }) else { return nil }
            let pick = { (which: Int) -> (value: Double, error: Double) in
                let index = operands[which].count == 1 ? 0 : at
                return (operands[which][index], errors[which].indices.contains(index) ? errors[which][index] : .infinity)
            }
            let x = pick(0), y = inputs.count > 1 ? pick(1) : (value: 0.0, error: 0.0)
            guard x.value.isFinite, y.value.isFinite else { continue }
            if let operation = undefinedOperation(node.operation, isNaN: values[at].isNaN, x: x, y: y) { return operation }
        }
        return nil
    }

    /// What makes a step undefined at its finite inputs `x` (and `y`), each known to within its error; nil where its
    /// value is not finite only because it overflowed, or rounding could be why.
    private static func undefinedOperation(_ operation: Node.Operation, isNaN: Bool, x: (value: Double, error: Double),
                                           y: (value: Double, error: Double)) -> UndefinedOperation? {
        switch operation {
        case .function(let function):
            let undefined = isNaN ? function.isOutsideDomain(x.value, byMoreThan: x.error) : function.hasPole(at: x.value) && x.error == 0
            return undefined ? .function(function, argument: x.value) : nil
        case .power:
            guard y.error == 0 else { return nil }
            let undefined = isNaN ? x.value < -x.error : x.value == 0 && y.value < 0 && x.error == 0
            return undefined ? .power(base: x.value, exponent: y.value) : nil
        case .divide:
            return y.value == 0 && y.error == 0 ? .quotient(numerator: x.value) : nil
        default:
            return nil
        }
    }
}
