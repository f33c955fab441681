// Values that are finite only because a number on the way was too large or too small for a double, followed
// to the value shown so that such a number is never shown as if it were what the formula gives.

import Foundation

/// The part of a value its computation could not represent.
///
/// `x = 1e200; x/(x*x) + x/(x*x)` is 2e-200, but x*x overflows to inf, each x/inf is 0, and the sum came out
/// 0: a confident wrong number. A 0 (or subnormal) that stands for a number too small to represent, and a
/// finite result computed from an infinite input (a limit, x/inf = 0), each leave a part of the true value
/// behind. The part is kept as log2 of a bound on its size and carried forward like an error through each
/// later step (times the step's local derivative), as `LostGradients` does on the way back; a value whose
/// lost part could change half its digits (or, for 0, one that may exceed 2^-1000) is not a number gradbook
/// can give, and is shown as nan with a note saying why.
///
/// A step through vectors or matrices that meets a lost part, or an infinite element it may have turned
/// into a finite one, makes the part of unknown size: such a value is doubted rather than trusted.
/// The lost parts (log2 of a bound) and floors of the nodes one backward pass has asked about
/// (`LostValues.log2BoundOfLostPart(of:memo:)`); it lives as long as the pass, which keeps the nodes alive.
final class LostPartMemo {
    var known: [ObjectIdentifier: (bound: Double, floor: Double)] = [:]
}

public enum LostValues {
    /// Why `node`'s value is not a number gradbook can give: the step where the largest lost part began and
    /// log2 of the bound on its size at the value; nil when the value is what its formula gives (as far as
    /// the steps' rounding allows), and for vectors, matrices and formulas.
    public static func doubt(about node: Node) -> (origin: Node, log2Bound: Double)? {
        guard !node.isTensor, !node.isSymbolic, node.value.isFinite, node.graphMayHaveLostParts else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [node])
        return withExtendedLifetime(node) {
            let (bound, origin, _) = lostPart(of: order) { $0.traversalIndex }
            guard LostGradients.isUnknown(node.value, bound: bound) else { return nil }
            return (order[origin].takeUnretainedValue(), bound)
        }
    }

    /// Where a value of 0 comes from a number too small for a double (exp(-800), 1e-300*1e-300), too small to doubt
    /// (`doubt(about:)` gives nil): the step where the largest lost part began and log2 of the bound on the value's
    /// size. Nil for an exact 0 (relu(-3), x - x), and for anything but a number.
    public static func roundedZero(of node: Node) -> (origin: Node, log2Bound: Double)? {
        guard !node.isTensor, !node.isSymbolic, node.value == 0, node.graphMayHaveLostParts else { return nil }
        let (order, _) = Node.topologicalTraversal(from: [node])
        return withExtendedLifetime(node) {
            let (bound, origin, _) = lostPart(of: order) { $0.traversalIndex }
            // (A part large enough to doubt the 0 makes it nan as shown, with `doubt`'s note instead.)
            guard bound > -.infinity, bound.isFinite, !LostGradients.isUnknown(node.value, bound: bound) else { return nil }
            return (order[origin].takeUnretainedValue(), bound)
        }
    }

    /// `doubt(about:)` for each element of a vector made of numbers (`[a, b]`, a `grad` of several names), from one
    /// walk of their graphs; nil for any other value, and where nothing on the way lost anything. A vector showed its
    /// elements as they were: `[x/(x*x), 1]` at x = 1e200 was [0, 1], though x/(x*x) alone is shown as nan.
    public static func doubts(aboutElementsOf node: Node) -> [(origin: Node, log2Bound: Double)?]? {
        guard node.operation == .stack, node.isTensor, !node.isSymbolic, node.graphMayHaveLostParts,
              node.inputs.allSatisfy({ !$0.isTensor }) else { return nil }
        let elements = Array(node.inputs)
        let (order, _) = Node.topologicalTraversal(from: elements)
        return withExtendedLifetime(node) {
            let (bounds, origins, _) = lostParts(of: order) { $0.traversalIndex }
            let found = elements.map { element -> (origin: Node, log2Bound: Double)? in
                guard element.value.isFinite, element.graphMayHaveLostParts else { return nil }
                let index = element.traversalIndex
                guard LostGradients.isUnknown(element.value, bound: bounds[index]) else { return nil }
                return (order[origins[index]].takeUnretainedValue(), bounds[index])
            }
            return found.contains { $0 != nil } ? found : nil
        }
    }

    /// log2 of a bound on the part of `node`'s value lost on the way (-inf when nothing was), found without
    /// touching the nodes' traversal marks: a backward pass asks it in the middle of its own traversal, for a
    /// local derivative that is 0 only because the value it is (x*x in (x*x)*x) rounded to 0.
    static func log2BoundOfLostPart(of node: Node) -> Double {
        guard !node.isTensor, !node.isSymbolic, node.value.isFinite, node.graphMayHaveLostParts else { return -.infinity }
        return markFreeLostPart(of: node).bound
    }

    /// `log2BoundOfLostPart(of:)`, reusing what `memo` knows of the nodes below and adding what it works out.
    ///
    /// A backward pass asks about the factor of every product that rounded to 0, and after a loop whose gradient
    /// underflowed those factors' graphs are nested one in the next: walked whole each time, a second derivative
    /// through 2,000 steps took a second, and through 20,000 nearly four minutes. Each node's part and floor
    /// depend on its graph alone (nodes do not change), so each is worked out once per pass.
    static func log2BoundOfLostPart(of node: Node, memo: LostPartMemo) -> Double {
        guard !node.isTensor, !node.isSymbolic, node.value.isFinite, node.graphMayHaveLostParts else { return -.infinity }
        // (Vectors and matrices keep a part per element, which the memo does not hold.)
        guard !node.dependsOnTensors else { return markFreeLostPart(of: node).bound }
        if let known = memo.known[ObjectIdentifier(node)] { return known.bound }
        // The nodes not known yet, inputs first; a node with no inputs, or nothing lost below it, is known at once.
        var positions: [ObjectIdentifier: Int] = [:]
        var order: [Unmanaged<Node>] = []
        var stack: [(node: Node, expanded: Bool)] = [(node, false)]
        while let (next, expanded) = stack.popLast() {
            let id = ObjectIdentifier(next)
            if positions[id] != nil || memo.known[id] != nil { continue }
            if next.inputCount == 0 || !next.graphMayHaveLostParts {
                // Nothing lost, and a floor read from the value alone (a node whose value is not finite has lost parts).
                memo.known[id] = (-.infinity, floor(of: next, floors: []) { _ in 0 })
                continue
            }
            if expanded {
                positions[id] = order.count
                order.append(.passUnretained(next))
                continue
            }
            stack.append((next, true))
            for input in next.inputs where positions[ObjectIdentifier(input)] == nil && memo.known[ObjectIdentifier(input)] == nil {
                stack.append((input, false))
            }
        }
        // The known inputs take places after the new nodes, so the steps below read every input by position.
        var bounds = [Double](repeating: -.infinity, count: order.count), floors = bounds
        for handle in order {
            for input in handle.takeUnretainedValue().inputs where positions[ObjectIdentifier(input)] == nil {
                guard let known = memo.known[ObjectIdentifier(input)] else { continue }
                positions[ObjectIdentifier(input)] = bounds.count
                bounds.append(known.bound)
                floors.append(known.floor)
            }
        }
        let origins = [Int](repeating: 0, count: bounds.count)
        let position = { (node: Node) in positions[ObjectIdentifier(node)] ?? 0 }
        return withExtendedLifetime(node) {
            for index in order.indices {
                let step = order[index].takeUnretainedValue()
                floors[index] = floor(of: step, floors: floors, position: position)
                bounds[index] = lostPart(of: step, bounds: bounds, origins: origins, floors: floors, at: index, position: position).0
                memo.known[ObjectIdentifier(step)] = (bounds[index], floors[index])
            }
            return memo.known[ObjectIdentifier(node)]?.bound ?? -.infinity
        }
    }

    /// `log2BoundOfLostPart` for each element of a vector or matrix (nil when none lost anything).
    static func log2BoundsOfLostParts(ofElementsOf node: Node) -> [Double]? {
        guard node.isTensor, !node.isSymbolic, node.graphMayHaveLostParts else { return nil }
        let found = markFreeLostPart(of: node)
        if let elements = found.elements { return elements }
        return found.bound > -.infinity ? [Double](repeating: found.bound, count: node.elements.count) : nil
    }

    /// The lost part of `node`, over its graph in an order found without traversal marks.
    private static func markFreeLostPart(of node: Node) -> (bound: Double, origin: Int, elements: [Double]?) {
        var positions: [ObjectIdentifier: Int] = [:]
        var order: [Unmanaged<Node>] = []
        // Post-order by an explicit stack (graphs can be deep), each node once.
        var stack: [(node: Node, expanded: Bool)] = [(node, false)]
        while let (next, expanded) = stack.popLast() {
            let id = ObjectIdentifier(next)
            if positions[id] != nil { continue }
            if expanded {
                positions[id] = order.count
                order.append(.passUnretained(next))
                continue
            }
            stack.append((next, true))
            for input in next.inputs where positions[ObjectIdentifier(input)] == nil { stack.append((input, false)) }
        }
        return withExtendedLifetime(node) { lostPart(of: order) { positions[ObjectIdentifier($0)] ?? 0 } }
    }

    /// The lost part of the last node of `order` (inputs before users) and where the largest part of it began;
    /// `position` gives a node's place in `order`.
    private static func lostPart(of order: [Unmanaged<Node>], position: @escaping (Node) -> Int) -> (bound: Double, origin: Int, elements: [Double]?) {
        let (bounds, origins, elementBounds) = lostParts(of: order, position: position)
        return (bounds[order.count - 1], origins[order.count - 1], elementBounds[order.count - 1])
    }

    /// The lost part of every node of `order` (inputs before users) and where the largest part of each began.
    private static func lostParts(of order: [Unmanaged<Node>], position: @escaping (Node) -> Int)
        -> (bounds: [Double], origins: [Int], elementBounds: [Int: [Double]]) {
        var bounds = [Double](repeating: -.infinity, count: order.count)
        var origins = [Int](repeating: 0, count: order.count)
        var floors = [Double](repeating: -.infinity, count: order.count)
        // Vectors and matrices with a lost part, element by element (few nodes have one).
        var elementBounds: [Int: [Double]] = [:]
        for index in order.indices {
            let step = order[index].takeUnretainedValue()
            floors[index] = floor(of: step, floors: floors, position: position)
            // Below a node whose graph has no overflow or underflow, nothing is lost.
            guard step.inputCount > 0, step.graphMayHaveLostParts else { continue }
            let (bound, origin): (Double, Int)
            if step.isTensor || step.inputs.contains(where: \.isTensor) {
                (bound, origin) = tensorLostPart(of: step, bounds: bounds, elementBounds: &elementBounds, origins: origins,
                                                 at: index, position: position)
            } else {
                (bound, origin) = lostPart(of: step, bounds: bounds, origins: origins, floors: floors, at: index, position: position)
            }
            bounds[index] = bound
            origins[index] = origin
        }
        return (bounds, origins, elementBounds)
    }

    /// The lost part of `step` (log2 of a bound) and where it began, from its inputs' (`bounds`, by
    /// position in the order, which `position` gives).
    private static func lostPart(of step: Node, bounds: [Double], origins: [Int], floors: [Double], at index: Int,
                                 position: @escaping (Node) -> Int) -> (Double, Int) {
        let inputs = step.inputs
        let carried = inputs.map { (bounds[position($0)], origins[position($0)]) }
        let largestOrigin = carried.max { $0.0 < $1.0 }.map { $0.0 > -.infinity ? $0.1 : index } ?? index
        guard step.value.isFinite else { return (-.infinity, index) }
        // log(1 + exp(u)) and its kin whose steps overflowed or rounded to 0 were computed from u in one stable
        // step: what they lose is u's, times a slope of at most 1 (Node+StableForms.swift).
        if case .function(.log) = step.operation, let form = step.stableForm, form.stepsBreak {
            let operand = position(form.operand)
            return bounds[operand] > -.infinity ? (bounds[operand], origins[operand]) : (-.infinity, index)
        }
        if inputs.allSatisfy({ $0.value.isFinite }) {
            // Each input's lost part, times the local derivative (first order, as for rounding errors).
            var bound = -Double.infinity
            for (position, (part, _)) in carried.enumerated() where part > -.infinity {
                let derivative = step.localDerivative(withRespectTo: position)
                guard derivative.isFinite else {
                    // A slope past a double at a nonzero input is still a size: log's 1/x at x = 1e-320 is 2^1063.
                    guard let log2Slope = log2SizeOfOverflowedSlope(step, position) else { return (.infinity, largestOrigin) }
                    bound = LostGradients.sum(bound, part + log2Slope)
                    continue
                }
                if derivative != 0 { bound = LostGradients.sum(bound, part + log2(Swift.abs(derivative))) }
            }
            // A result too small for a double, where the true one is not 0.
            if step.value == 0 || !step.value.isNormal, underflowLosesSomething(step) {
                let new = -1074.0
                return (LostGradients.sum(bound, new), new >= bound ? index : largestOrigin)
            }
            return (bound, largestOrigin)
        }
        // A finite result from an infinite input (the input overflowed): the limit, missing what the true,
        // finite input would have left.
        let (x, y) = (inputs[0].value, inputs.count > 1 ? inputs[1].value : 0)
        let floorOf = { (input: Int) in floors[position(inputs[input])] }
        switch step.operation {
        case .divide where !x.isFinite:
            return (.infinity, index)
        case .divide:
            // x/inf: at most |x| over the least the true denominator can be.
            return x == 0 ? (-.infinity, index) : (log2(Swift.abs(x)) - floorOf(1), index)
        case .power where !x.isFinite && y.isFinite && y < 0 && carried[1].0 == -.infinity:
            return (floorOf(0) * y, index)
        case .maximum, .minimum:
            // The finite input was taken, whole.
            let taken = step.value == x && x.isFinite ? 0 : 1
            return carried[taken].0 > -.infinity ? carried[taken] : (-.infinity, index)
        case .function(.atan):
            // atan(u) is pi/2 less about 1/u.
            return (-floorOf(0), index)
        case .function(let function) where limitIsReachedAtOnce(function):
            return (-.infinity, index)
        default:
            return (.infinity, index)
        }
    }

    /// The lost part of a step through vectors or matrices: element by element through elementwise steps (each
    /// element's inputs' parts times its local derivatives, and a new part where an element rounded to 0 or a
    /// subnormal), summed by `sum` and `mean` of everything; through any other step, or where an infinite
    /// element may have become a finite one, of a size gradbook does not follow (+inf). Returns the largest
    /// element's part, and keeps each element's in `elementBounds` for the steps after.
    private static func tensorLostPart(of step: Node, bounds: [Double], elementBounds: inout [Int: [Double]], origins: [Int],
                                       at index: Int, position: @escaping (Node) -> Int) -> (Double, Int) {
        let inputs = step.inputs
        let positions = inputs.map(position)
        let carriedOrigin = positions.max { bounds[$0] < bounds[$1] }.map { bounds[$0] > -.infinity ? origins[$0] : index } ?? index
        /// Input `which`'s part at its element `element` (a number's is its own).
        func part(_ which: Int, _ element: Int) -> Double {
            guard inputs[which].isTensor else { return bounds[positions[which]] }
            // Without elements of its own, a tensor's part is its largest (or none, or of unknown size) for each.
            return elementBounds[positions[which]]?[element] ?? bounds[positions[which]]
        }
        let anyCarried = positions.contains { bounds[$0] > -.infinity }
        switch step.operation {
        case .add, .subtract, .multiply, .divide, .power, .negate, .function:
            guard step.isTensor, let tensor = step.tensor else { return anyCarried ? (.infinity, carriedOrigin) : (-.infinity, index) }
            let shape = step.shape
            let values = inputs.map(\.elements)
            let shapes = inputs.map(\.shape)
            let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
            var elements = [Double](repeating: -.infinity, count: tensor.elements.count)
            var largest = -Double.infinity
            var startsHere = false
            for element in elements.indices {
                let output = tensor.elements[element]
                guard output.isFinite else { continue }
                let sources = shapes.map { Broadcast.sourceIndex(element, of: $0, in: shape) }
                let x = values[0][sources[0]], y = inputs.count > 1 ? values[1][sources[1]] : 0
                // An infinite input element that became a finite one: a size not followed.
                guard x.isFinite, y.isFinite else { elements[element] = .infinity; largest = .infinity; startsHere = true; continue }
                var bound = -Double.infinity
                for which in inputs.indices {
                    let inherited = part(which, sources[which])
                    guard inherited > -.infinity else { continue }
                    let derivative = step.operation.elementDerivative(withRespectTo: which, x: x, y: y, output: output,
                                                                      exponentIsConstant: exponentIsConstant)
                    guard derivative.isFinite else { bound = .infinity; break }
                    if derivative != 0 { bound = LostGradients.sum(bound, inherited + log2(Swift.abs(derivative))) }
                }
                if !output.isNormal, underflowLosesSomething(step.operation, x: x, y: y) {
                    bound = LostGradients.sum(bound, -1074)
                    startsHere = true
                }
                elements[element] = bound
                largest = Swift.max(largest, bound)
            }
            if largest > -.infinity { elementBounds[index] = elements }
            return (largest, anyCarried && !startsHere ? carriedOrigin : index)
        case .sum(axis: nil), .mean(axis: nil):
            guard let which = inputs.indices.first, inputs[which].isTensor else { return anyCarried ? (.infinity, carriedOrigin) : (-.infinity, index) }
            let count = inputs[which].elements.count
            var total = -Double.infinity
            for element in 0..<count { total = LostGradients.sum(total, part(which, element)) }
            if case .mean = step.operation, count > 0, total.isFinite { total -= log2(Double(count)) }
            return (total, total > -.infinity ? carriedOrigin : index)
        default:
            if anyCarried { return (.infinity, carriedOrigin) }
            if case .select = step.operation { return (-.infinity, index) }
            let infiniteInput = inputs.contains { input in input.elements.contains { !$0.isFinite } }
            let finiteResult = step.elements.contains(where: \.isFinite)
            return infiniteInput && finiteResult ? (.infinity, index) : (-.infinity, index)
        }
    }

    /// log2 of the least the true value of `step` can be in size: its own for a finite number; for one that
    /// overflowed, what its inputs say (x*x at x = 1e200 is about 2^1329, where inf says only "at least 2^1024").
    /// It bounds what x/inf and the like left out. -inf where nothing is known.
    private static func floor(of step: Node, floors: [Double], position: @escaping (Node) -> Int) -> Double {
        if step.isTensor || step.isSymbolic { return -.infinity }
        if step.value.isFinite { return step.value == 0 ? -.infinity : log2(Swift.abs(step.value)) }
        if step.value.isNaN { return -.infinity }
        let inputs = step.inputs
        let overflowed = 1023.0
        guard !inputs.isEmpty, !inputs.contains(where: \.isTensor) else { return overflowed }
        let input = { (which: Int) in floors[position(inputs[which])] }
        switch step.operation {
        case .multiply:
            return Swift.max(overflowed, input(0) + input(1))
        case .divide where inputs[1].value != 0:
            return Swift.max(overflowed, input(0) - log2(Swift.abs(inputs[1].value)))
        case .power where inputs[1].value.isFinite && inputs[1].value > 0:
            return Swift.max(overflowed, input(0) * inputs[1].value)
        case .negate, .function(.abs):
            return input(0)
        case .add, .subtract:
            // Two finite numbers that overflowed together, or a huge one and one no larger than a double.
            let infinite = inputs.filter { !$0.value.isFinite }.map { floors[position($0)] }
            return infinite.count == 1 ? Swift.max(overflowed, infinite[0] - 1) : Swift.max(overflowed, infinite.min() ?? overflowed)
        case .function(.exp) where inputs[0].value.isFinite:
            return inputs[0].value * log2(M_E)
        case .function(.sqrt):
            return input(0) / 2
        default:
            return overflowed
        }
    }

    /// Whether a 0 or subnormal result of `step` (finite, nonzero where it matters) rounds a true value
    /// that is not 0: a product or quotient of nonzero numbers, a power of one, an exponential.
    private static func underflowLosesSomething(_ step: Node) -> Bool {
        let inputs = step.inputs
        let (x, y) = (inputs[0].value, inputs.count > 1 ? inputs[1].value : 0)
        return underflowLosesSomething(step.operation, x: x, y: y) && !isExactBelowNormal(step.operation, x, y, step.value)
    }

    /// log2 of the size of a local derivative too large for a double, where it is a size (log, log2, log10 and a quotient
    /// at a nonzero subnormal): nil for a true pole (log at 0) and for any other step.
    private static func log2SizeOfOverflowedSlope(_ step: Node, _ position: Int) -> Double? {
        let inputs = step.inputs
        let x = Swift.abs(inputs[0].value), y = inputs.count > 1 ? Swift.abs(inputs[1].value) : 0
        switch step.operation {
        case .function(.log) where x != 0: return -log2(x)
        case .function(.log2) where x != 0: return -log2(x) - log2(M_LN2)
        case .function(.log10) where x != 0: return -log2(x) - log2(M_LN10)
        case .divide where y != 0: return position == 0 ? -log2(y) : (x == 0 ? nil : log2(x) - 2 * log2(y))
        default: return nil
        }
    }

    /// Whether a product or quotient that came out subnormal is exact: x*2 and x/4 at x = 1e-320 lose nothing, and log of
    /// them was nan. Checked at 2^600 times the size, where the result is a normal number and a multiply-add shows any
    /// remainder (below the normal range the remainder itself can round away).
    static func isExactBelowNormal(_ operation: Node.Operation, _ x: Double, _ y: Double, _ value: Double) -> Bool {
        guard value.isSubnormal, x.isFinite, y.isFinite else { return false }
        let scale = 0x1p600
        let scaledValue = value * scale
        switch operation {
        case .multiply:
            // value = x*y exactly where (x*2^600)*y = value*2^600 exactly (one of the factors is small, so x*2^600 is finite).
            let scaledX = x * scale
            return scaledX.isFinite && (-scaledValue).addingProduct(scaledX, y) == 0
        case .divide:
            // value = x/y exactly where (value*2^600)*y = x*2^600 exactly.
            let scaledX = x * scale
            return y != 0 && scaledX.isFinite && (-scaledX).addingProduct(scaledValue, y) == 0
        default:
            return false
        }
    }

    /// `underflowLosesSomething` for an element with inputs `x` and `y`.
    static func underflowLosesSomething(_ operation: Node.Operation, x: Double, y: Double) -> Bool {
        guard operation.canRoundToZero else { return false }
        switch operation {
        case .multiply: return x != 0 && y != 0
        case .divide, .power: return x != 0
        default: return true
        }
    }

    /// Functions whose value at ±inf is a limit reached faster than any power (exp(-inf) = 0, tanh(inf) = 1),
    /// or exactly (relu, step): what an overflowed input loses there is far below anything shown.
    private static func limitIsReachedAtOnce(_ function: MathFunction) -> Bool {
        switch function {
        case .exp, .expm1, .sigmoid, .softplus, .tanh, .erf, .erfc, .relu, .step, .sign, .elu, .gelu: return true
        default: return false
        }
    }
}
