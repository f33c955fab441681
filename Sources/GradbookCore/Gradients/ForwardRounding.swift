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
    /// `((W + 1e20 - 1e20)*W)[2]` both elements of the difference lost their digits, but only the second is read. Backprop
    /// reads a value where a step's slope depends on it (the other factor of ×, the argument or result of a function) and
    /// that step's gradient there is not 0: relu(x + 1e20 - 1e20) reads the emptied value for its slope, though the
    /// gradient it passes back to it is 0, and x*1e20 - x*1e20 + x reads none (+ and − have slopes ±1).
    ///
    /// With `numbersAlone`, only values computed from numbers alone are looked at (the numeric estimate varies the names
    /// and sees what their values do, but reads such a number as it rounded, as the others do).
    static func worstLoss(in root: Node, reachedBy pass: Backpropagation? = nil, numbersAlone: Bool = false) -> Loss? {
        guard !root.isSymbolic else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [root])
        return withExtendedLifetime(root) {
            guard let errors = forwardErrors(in: order) else { return nil }
            let reached = pass.map { readElements(in: order, errors: errors, by: $0) }
            var worst: (position: Int, element: Int, reached: Bool, share: Double)?
            for (position, handle) in order.enumerated() {
                if numbersAlone, handle._withUnsafeGuaranteedRef({ $0.dependsOnNames }) { continue }
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

    /// Every number computed from numbers alone that rounded, with its error bound, those that lost the largest share of
    /// their digits first, at most `limit`: what `check` moves to see whether the slope could be another number.
    /// `worstLoss` names only a value that lost half its digits, but a number need lose very few to matter where the
    /// slope takes it away from another: x*(1e20 + 1) - x*1e20 has the slope 1 as typed, 1e20 + 1 rounds to 1e20 (a
    /// loss of 1 in 1e20), and every method gave 0. Not only those backprop reads: in (x*(1e20 + 1) - x*1e20)^2 the
    /// gradient that reaches 1e20 + 1 is 0, yet moving it moves the slope. (Nil for the graphs `worstLoss` does not
    /// follow; only numbers, not elements of vectors or matrices.)
    static func roundedNumbers(in root: Node, limit: Int) -> [Loss]? {
        guard !root.isSymbolic else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [root])
        return withExtendedLifetime(root) {
            guard let errors = forwardErrors(in: order) else { return nil }
            var found: [(loss: Loss, share: Double)] = []
            for (position, handle) in order.enumerated() {
                let node = handle.takeUnretainedValue()
                guard !node.dependsOnNames, !node.isTensor, node.inputCount > 0,
                      let error = errors[position].first, error > 0, error.isFinite else { continue }
                let share = node.value == 0 ? Double.infinity : error / Swift.abs(node.value)
                found.append((Loss(node: node, element: nil, value: node.value, error: error, reached: true), share))
            }
            return found.sorted { $0.share > $1.share }.prefix(limit).map(\.loss)
        }
    }

    /// For each element of each node of `order`, whether backprop reads it on the way to the output (`worstLoss`):
    /// the steps whose slopes read values mark what they read.
    private static func readElements(in order: [Unmanaged<Node>], errors: [[Double]], by pass: Backpropagation) -> [[Bool]] {
        let positions = pass.positionsByNode()
        var reached = errors.map { [Bool](repeating: false, count: $0.count) }
        for (position, handle) in order.enumerated() {
            let node = handle.takeUnretainedValue()
            guard slopeReadsValues(node.operation), let passPosition = positions[ObjectIdentifier(node)] else { continue }
            let gradients = (0..<errors[position].count).map { pass.gradient(atPosition: passPosition, element: $0) }
            guard gradients.contains(where: { $0 != 0 }) else { continue }
            // A function's slope may read its own result (exp, tanh, sqrt).
            if case .function = node.operation {
                for (element, gradient) in gradients.enumerated() where gradient != 0 { reached[position][element] = true }
            }
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

    /// Whether backprop's slopes for `operation` depend on values: not for +, −, negation, nor for moving, picking or
    /// adding up elements.
    private static func slopeReadsValues(_ operation: Node.Operation) -> Bool {
        switch operation {
        case .add, .subtract, .negate, .sum, .mean, .stack, .select, .transpose: return false
        default: return true
        }
    }

    /// A first-order bound on the rounding in backprop's gradient of `root` for `target`, in a graph of numbers: the
    /// values its slopes read carry their forward bounds (each slope is also taken at the ends of its inputs' bounds),
    /// each product of a gradient and a slope rounds, and each sum of contributions rounds by up to half an ulp of the
    /// sum of their sizes. x*1e20 - x*1e20 + x: x's gradient adds 1e20, -1e20 and 1 and gives 0 for the slope 1, and
    /// the bound is about 3e4. Nil for graphs with vectors or matrices, a target not in the graph, or a bound not finite;
    /// with `allowingUnbounded`, inf where a slope overflows within its inputs' bounds (exp of a value known only to ±1e4).
    static func backpropErrorBound(of root: Node, at target: Node, allowingUnbounded: Bool = false) -> Double? {
        guard !root.dependsOnTensors, !root.isSymbolic else { return nil }
        let (order, mark) = Node.topologicalTraversal(from: [root])
        return withExtendedLifetime(root) { () -> Double? in
            let count = order.count
            guard target.traversalMark == mark, target.traversalIndex < count,
                  order[target.traversalIndex].toOpaque() == Unmanaged.passUnretained(target).toOpaque() else { return nil }
            guard let errors = forwardErrors(in: order)?.map({ $0[0] }) else { return nil }
            let u = Double.ulpOfOne / 2
            var gradients = [Double](repeating: 0, count: count), gradientErrors = gradients, sizes = gradients
            gradients[count - 1] = 1
            for position in stride(from: count - 1, through: 0, by: -1) {
                let (gradient, gradientError) = (gradients[position], gradientErrors[position])
                guard gradient != 0 || gradientError != 0 else { continue }
                let node = order[position].takeUnretainedValue()
                let inputs = Array(node.inputs)
                guard inputs.count <= 2 else { return nil }
                let x = inputs.first?.value ?? 0, y = inputs.count > 1 ? inputs[1].value : 0
                let ex = inputs.first.map { errors[$0.traversalIndex] } ?? 0, ey = inputs.count > 1 ? errors[inputs[1].traversalIndex] : 0
                let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
                for (which, input) in inputs.enumerated() {
                    func slope(_ x: Double, _ y: Double, _ output: Double) -> Double {
                        node.operation.elementDerivative(withRespectTo: which, x: x, y: y, output: output, exponentIsConstant: exponentIsConstant)
                    }
                    let local = slope(x, y, node.value)
                    // How far the slope moves across its inputs' bounds (a kink inside them moves it by its jump).
                    var spread = 0.0
                    if ex > 0 || ey > 0 {
                        for (dx, dy) in [(-ex, -ey), (-ex, ey), (ex, -ey), (ex, ey)] {
                            let (xs, ys) = (x + dx, y + dy)
                            let moved = Swift.abs(slope(xs, ys, node.operation.apply(xs, ys)) - local)
                            guard moved.isFinite else { return allowingUnbounded && !moved.isNaN ? .infinity : nil }
                            spread = Swift.max(spread, moved)
                        }
                        // (sin's slope is periodic: its two ends say nothing of what lies between them.)
                        if case .function(let function) = node.operation,
                           let movement = function.slopeMovement(at: x, error: ex, slope: local, value: node.value) {
                            guard movement.isFinite else { return allowingUnbounded ? .infinity : nil }
                            spread = Swift.max(spread, movement)
                        }
                    }
                    let localError = spread + 2 * u * Swift.abs(local)
                    let contribution = gradient * local
                    // (Times a power of two, such as ±1, is exact; so is the first contribution a gradient receives.)
                    let productRounding = local.significand == 1 ? 0 : u * Swift.abs(contribution)
                    let contributionError = Swift.abs(gradient) * localError + gradientError * Swift.abs(local) + productRounding
                    let to = input.traversalIndex
                    let sumRounding = sizes[to] > 0 ? u * (sizes[to] + Swift.abs(contribution)) : 0
                    gradients[to] += contribution
                    sizes[to] += Swift.abs(contribution)
                    gradientErrors[to] += contributionError + sumRounding
                }
            }
            let bound = gradientErrors[target.traversalIndex]
            return bound.isFinite ? bound : nil
        }
    }

    /// Whether `operation` at `x` (and `y`) gave `value` with no rounding: a sum or difference whose rounding error (by
    /// Knuth's two-sum) is 0, a product whose fused remainder is 0 and that is a normal number (a subnormal one may have
    /// lost digits the remainder does not show).
    static func isExact(_ operation: Node.Operation, _ x: Double, _ y: Double, _ value: Double) -> Bool {
        guard value.isFinite, x.isFinite, y.isFinite else { return false }
        switch operation {
        case .add, .subtract:
            let b = operation == .add ? y : -y
            let virtual = value - x
            return (x - (value - virtual)) + (b - virtual) == 0
        case .multiply:
            return (value.isNormal || value == 0 && (x == 0 || y == 0)) && (-value).addingProduct(x, y) == 0
        case .negate:
            return true
        default:
            return false
        }
    }

    /// The error bound of each element of each node of `order` (inputs first, walked just now, so each input's
    /// `traversalIndex` is its position); nil where a step is not followed or a bound is not finite.
    private static func forwardErrors(in order: [Unmanaged<Node>]) -> [[Double]]? {
        var errors: [[Double]] = []
        errors.reserveCapacity(order.count)
        for handle in order {
            guard let nodeErrors = errorBounds(of: handle.takeUnretainedValue(), inputErrors: { errors[$0.traversalIndex] }) else { return nil }
            errors.append(nodeErrors)
        }
        return errors
    }

    /// |slope|·`error`, how far a step's value moves when one input moves by `error`, worked out so that a slope too large
    /// for a double does not make it inf: 1/x at x = 1e-200 has the slope -1e400 with respect to x, yet x's typed rounding
    /// (1e-216) moves 1/x by only 1.1e184, |value|·(error/|x|).
    static func moved(_ operation: Node.Operation, _ which: Int, _ x: Double, _ y: Double, _ value: Double,
                      slope: Double, by error: Double) -> Double {
        let direct = Swift.abs(slope) * error
        guard !direct.isFinite, value.isFinite else { return direct }
        switch (operation, which) {
        case (.divide, 0) where y != 0: return error / Swift.abs(y)
        case (.divide, 1) where y != 0: return Swift.abs(value) * (error / Swift.abs(y))
        case (.power, 0) where x != 0: return Swift.abs(y) * Swift.abs(value) * (error / Swift.abs(x))
        // (A logarithm's slope 1/x at a subnormal x is past a double, but its error is not: log(1e-320) as typed is moved
        // by 4.9e-4, the typed number's 4.9e-324 over 1e-320.)
        case (.function(.log), 0) where x != 0: return error / Swift.abs(x)
        case (.function(.log2), 0) where x != 0: return error / Swift.abs(x) / M_LN2
        case (.function(.log10), 0) where x != 0: return error / Swift.abs(x) / M_LN10
        default: return direct
        }
    }

    /// The error bound of each element of `node`, from its inputs' (`inputErrors`); nil where the step is not followed
    /// or a bound is not finite. A typed number and a leaf are as far from the decimal a person meant as a double can
    /// be (`TypedNumber.rounding`): nothing for 3, 0.5 or 1e20, half an ulp for 0.1 or 1e150. Only a step that magnifies it
    /// makes that matter: sin(1e150) is sin of 10^150 - 1.9e133, and all three methods agreed on it exactly.
    /// With `countingOwnRounding` false, a step passes its inputs' errors on and adds none of its own.
    static func errorBounds(of node: Node, countingOwnRounding: Bool = true, inputErrors: (Node) -> [Double]) -> [Double]? {
        let inputs = Array(node.inputs)
        let count = node.isTensor ? node.elements.count : 1
        guard !inputs.isEmpty else {
            return node.isSymbolic ? [Double](repeating: 0, count: count) : node.elements.map(TypedNumber.rounding(of:))
        }
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
                // A sum, difference or product that came out exact rounds nothing (1e20*x at x = 1 is 1e20 exactly, and
                // cos of it is cos(1e20), not a number anywhere within 1.1e4 of it).
                var error = !countingOwnRounding || Self.isExact(operation, x, y, values[at]) ? 0 : own * Swift.abs(values[at])
                for (which, inputError) in [(0, ex), (1, ey)] where inputError > 0 && which < inputs.count {
                    // (A typed exponent is a constant to backprop, which passes it nothing, but its rounding still moves
                    // the power: 1e8^1.63 is 1.1e13, and 1.63's 1.8e-16 moves it by 0.04.)
                    let slope = operation.elementDerivative(withRespectTo: which, x: x, y: y, output: values[at],
                                                            exponentIsConstant: exponentIsConstant && which == 0)
                    error += Self.moved(operation, which, x, y, values[at], slope: slope, by: inputError)
                }
                if case .function(let function) = operation, ex > 0 {
                    error = function.valueError(linear: error, argumentError: ex, value: values[at])
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
