// How much the forward values of a graph lost to rounding, step by step and element by element: what backprop's
// numbers rest on.

import Foundation

/// A running bound on the rounding error of each value of a graph, as computed (first order, like
/// `FormulaEvaluation.boundedValues`, but over the graph as typed, not its simplified formula).
///
/// `(x + 1e20 - 1e20)*x` at x = 2: x + 1e20 rounds to 1e20, the difference is 0 where the maths has 2, and backprop,
/// which reads those values, gives 2 for a slope of 4. The simplified formula (x^2) rounds nothing, so `check` saw two
/// methods disagree and called it wrong. A value whose error bound is as large as itself shows that backprop's number
/// may be off by rounding alone. The same holds element by element for `sum((W + 1e20 - 1e20)*W)`, where the numeric
/// estimate (0, as the rounded function is flat) and backprop (W, for 2W) were set against each other as "wrong".
enum ForwardRounding {
    /// The value that lost the largest share of its digits.
    struct Loss {
        let node: Node
        /// The element of a vector or matrix that lost it (nil for a number).
        let element: Int?
        let value: Double
        let error: Double
        /// Whether the backward pass's gradient reaches it (true when no pass was given).
        let reached: Bool
    }

    /// The value, or element, that lost the largest share of its digits, with its error bound, when some value lost at
    /// least half of them (an error bound above 2^-26 of its size, or any error in a value computed as 0); nil otherwise,
    /// and for graphs with a step this does not follow (softmax, max, sums along one axis, broadcasting a row over a
    /// matrix).
    ///
    /// With `pass`, a value backprop reads on the way to the output is named before one it does not: in
    /// `((W + 1e20 - 1e20)*W)[2]` both elements of the difference lost their digits, but only the second is read. An
    /// element is read where its own gradient is not 0, or where a step that uses it has a gradient that is not 0 (an
    /// element by element step at that element, any other step anywhere): relu(x + 1e20 - 1e20) reads the emptied
    /// value for its slope, though the gradient it passes back to it is 0.
    static func worstLoss(in root: Node, reachedBy pass: Backpropagation? = nil) -> Loss? {
        guard !root.isSymbolic else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [root])
        return withExtendedLifetime(root) {
            var errors: [[Double]] = []
            errors.reserveCapacity(order.count)
            for handle in order {
                let node = handle.takeUnretainedValue()
                guard let nodeErrors = errorBounds(of: node, inputErrors: { errors[$0.traversalIndex] }) else { return nil }
                errors.append(nodeErrors)
            }
            let reached = pass.map { readElements(in: order, errors: errors, by: $0) }
            var worst: (position: Int, element: Int, reached: Bool, share: Double)?
            for (position, handle) in order.enumerated() {
                let values = handle.takeUnretainedValue().elements
                for (element, error) in errors[position].enumerated() where error > 0 {
                    let share = values[element] == 0 ? Double.infinity : error / Swift.abs(values[element])
                    let isReached = reached?[position][element] ?? true
                    guard share > 0x1p-26 else { continue }
                    if let found = worst, found.reached && !isReached || found.reached == isReached && share <= found.share { continue }
                    worst = (position, element, isReached, share)
                }
            }
            return worst.map { worst in
                let node = order[worst.position].takeUnretainedValue()
                return Loss(node: node, element: node.isTensor ? worst.element : nil, value: node.elements[worst.element],
                            error: errors[worst.position][worst.element], reached: worst.reached)
            }
        }
    }

    /// For each element of each node of `order`, whether backprop reads it on the way to the output (`worstLoss`).
    /// Only nodes with an error somewhere are asked about, and their users mark them.
    private static func readElements(in order: [Unmanaged<Node>], errors: [[Double]], by pass: Backpropagation) -> [[Bool]] {
        let positions = pass.positionsByNode()
        var reached = errors.map { [Bool](repeating: false, count: $0.count) }
        for (position, handle) in order.enumerated() {
            let node = handle.takeUnretainedValue()
            guard let passPosition = positions[ObjectIdentifier(node)] else { continue }
            let gradients = (0..<errors[position].count).map { pass.gradient(atPosition: passPosition, element: $0) }
            for (element, gradient) in gradients.enumerated() where gradient != 0 { reached[position][element] = true }
            guard gradients.contains(where: { $0 != 0 }) else { continue }
            for input in node.inputs where input.traversalIndex < position && order[input.traversalIndex].toOpaque() == Unmanaged.passUnretained(input).toOpaque() {
                let inputPosition = input.traversalIndex
                let count = reached[inputPosition].count
                if node.operation.isElementwise, count == gradients.count {
                    for (element, gradient) in gradients.enumerated() where gradient != 0 { reached[inputPosition][element] = true }
                } else {
                    reached[inputPosition] = [Bool](repeating: true, count: count)
                }
            }
        }
        return reached
    }

    /// The error bound of each element of `node`, from its inputs' (`inputErrors`); nil where the step is not followed
    /// or a bound is not finite. A typed number and a leaf are exact as the doubles they are.
    private static func errorBounds(of node: Node, inputErrors: (Node) -> [Double]) -> [Double]? {
        let inputs = Array(node.inputs)
        let count = node.isTensor ? node.elements.count : 1
        guard !inputs.isEmpty else { return [Double](repeating: 0, count: count) }
        let u = Double.ulpOfOne / 2
        let values = node.elements
        var bounds: [Double]
        switch node.operation {
        case let operation where operation.isElementwise:
            guard inputs.count <= 2 else { return nil }
            let operands = inputs.map { ($0.elements, inputErrors($0)) }
            // Each input is a number or has the result's shape: a row broadcast over a matrix is not followed.
            guard operands.allSatisfy({ $0.0.count == 1 || $0.0.count == count }) else { return nil }
            func element(_ which: Int, _ at: Int) -> (value: Double, error: Double) {
                guard which < operands.count else { return (0, 0) }
                let (elements, errors) = operands[which]
                return elements.count == 1 ? (elements[0], errors[0]) : (elements[at], errors[at])
            }
            let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
            // libm's functions are within one ulp; + - × ÷ within half of one.
            let own: Double
            if case .function = operation { own = 2 * u } else { own = u }
            bounds = (0..<count).map { at in
                let (x, ex) = element(0, at), (y, ey) = element(1, at)
                var error = own * Swift.abs(values[at])
                for (which, inputError) in [(0, ex), (1, ey)] where inputError > 0 && which < inputs.count {
                    let slope = operation.elementDerivative(withRespectTo: which, x: x, y: y, output: values[at],
                                                            exponentIsConstant: exponentIsConstant)
                    error += Swift.abs(slope) * inputError
                }
                return error
            }
        case .sum(axis: nil), .mean(axis: nil):
            let elements = inputs[0].elements, inputError = inputErrors(inputs[0])
            // Adding n numbers in turn rounds n - 1 times, each by at most u of a partial sum, itself at most Σ|x|.
            let magnitude = elements.reduce(0) { $0 + Swift.abs($1) }
            var error = inputError.reduce(0, +) + Double(Swift.max(elements.count - 1, 0)) * u * magnitude
            if case .mean = node.operation { error = error / Double(elements.count) + u * Swift.abs(values[0]) }
            bounds = [error]
        case .matrixProduct:
            let (a, b) = (inputs[0], inputs[1])
            let (m, k, n) = LinearAlgebra.dimensions(a.shape, b.shape)
            let absoluteA = a.elements.map(Swift.abs), absoluteB = b.elements.map(Swift.abs)
            // |A|·eB + eA·|B|, and each dot product of k terms rounds k times by at most u of Σ|a||b|.
            let throughB = LinearAlgebra.multiply(absoluteA, inputErrors(b), m: m, k: k, n: n)
            let throughA = LinearAlgebra.multiply(inputErrors(a), absoluteB, m: m, k: k, n: n)
            let magnitudes = LinearAlgebra.multiply(absoluteA, absoluteB, m: m, k: k, n: n)
            bounds = (0..<magnitudes.count).map { throughB[$0] + throughA[$0] + Double(k) * u * magnitudes[$0] }
        case .transpose:
            bounds = Transpose.rearranged(inputErrors(inputs[0]), shape: inputs[0].shape)
        case .select(let selection):
            // Picking elements computes nothing: each keeps its error.
            let source = inputErrors(inputs[0])
            let picked = selection.sourceIndices
            guard picked.allSatisfy({ $0 >= 0 && $0 < source.count }) else { return nil }
            bounds = picked.map { source[$0] }
        case .stack:
            // Rows (or numbers) laid one after another, as the values are: nothing is computed.
            bounds = inputs.flatMap { inputErrors($0) }
        default:
            return nil
        }
        guard bounds.count == count, bounds.allSatisfy(\.isFinite) else { return nil }
        return bounds
    }
}
