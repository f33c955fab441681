// Reverse-mode differentiation over a recorded graph: one topological order, one reverse sweep.

import CCreationRecord
import Foundation

/// The gradient of one output with respect to every node of its graph (micrograd's `backward()`).
///
/// d(output)/d(output) = 1; then, in reverse topological order, each node passes its gradient to its
/// inputs multiplied by the local derivative, with `+=`, so a node used twice (`a + a`) receives two
/// contributions. Nothing is stored in the nodes, so running it twice gives the same answer.
public struct Backpropagation: Sendable {
    /// The output; it keeps every node of `unretainedOrder` alive.
    let output: Node
    /// The nodes of the graph, inputs first, held without reference counting (100,000 retains and
    /// releases were a fifth of a large backward pass).
    let unretainedOrder: [Unmanaged<Node>]
    /// The nodes of the graph, inputs first.
    public var order: [Node] { unretainedOrder.map { $0.takeUnretainedValue() } }
    /// The gradient of the output for each scalar node, by position in `order`.
    private let gradients: [Double]
    /// The gradient for each vector or matrix node (nil where none reached it), by position in `order`.
    private let tensorGradients: [[Double]?]
    /// The traversal mark under which each node's `traversalIndex` is its position in `order`, where the tape wrote it.
    private let mark: Int
    /// Positions in `order` by serial, where the tape found the graph by the creation record (`BackwardTape`).
    private let positionsBySerial: SerialPositions?
    /// Kinks (relu or abs at exactly 0) where the convention f'(0) = 0 was used.
    public let kinksUsed: [Node]
    /// Where the backward pass first produced a NaN or infinite gradient from finite ones: the node
    /// whose local derivative did it, that local derivative, and the gradient it produced.
    public let firstNonFinite: (node: Node, localDerivative: Double?, gradient: Double)?
    /// Stable forms whose steps broke but could not be bypassed, as they are used elsewhere too.
    let sharedBrokenForms: [StableForm]
    /// Whether every local derivative of a number on the tape is finite. Where one is not, a gradient of exactly 0
    /// arriving there passes nothing here, and 0·∞ = nan in `GradientGraph` (which multiplies regardless).
    let localDerivativesAreFinite: Bool
    /// The nodes a note about the pass can concern (`BackwardTape.unusualSteps`).
    let unusualSteps: [Unmanaged<Node>]

    /// Runs the backward pass from `output`. With `oldestSerial`, only nodes created since then are
    /// visited: the gradients of those are exact, older nodes are left out (`gradient(of:)` is nil).
    /// `findingNamedIntermediates`: find them during the walk, for `backward(v)`'s table (found later when asked).
    public init(from output: Node, oldestSerial: Int = .min, findingNamedIntermediates: Bool = false) {
        self.init(from: output, oldestSerial: oldestSerial, findingNamedIntermediates: findingNamedIntermediates, sweepsNumbersApart: true)
    }

    /// `sweepsNumbersApart`: a graph of numbers alone goes through `sweepScalarSteps` (false only to test it against
    /// the general sweep). `findingByCreation`: a large graph is found by the creation record (false only to test it
    /// against the depth-first walk; `BackwardTape`).
    init(from output: Node, oldestSerial: Int = .min, findingNamedIntermediates: Bool = false, sweepsNumbersApart: Bool,
         findingByCreation: Bool = true) {
        // A large graph of plain numbers, found and swept in one pass down the creation record.
        if findingByCreation, sweepsNumbersApart,
           let swept = RecordSweep(from: output, oldestSerial: oldestSerial, findingNamedIntermediates: findingNamedIntermediates) {
            self.output = output
            unretainedOrder = swept.order
            gradients = swept.gradients
            tensorGradients = []
            mark = Node.freshTraversalMark()
            positionsBySerial = swept.positions
            kinksUsed = []
            firstNonFinite = nil
            sharedBrokenForms = []
            localDerivativesAreFinite = true
            unusualSteps = swept.unusualSteps
            unknownGradients = swept.unknownGradients
            roundedZeroGradients = swept.roundedZeroGradients
            unknownTensorGradients = [:]
            roundedZeroElements = [:]
            stableShortcuts = [:]
            cutSteps = []
            leafPositions = swept.leafPositions
            namedPositionsFound = swept.namedPositions
            return
        }
        let tape = BackwardTape(from: output, oldestSerial: oldestSerial, findingNamedIntermediates: findingNamedIntermediates,
                                findingByCreation: findingByCreation)
        let order = tape.order
        var gradients = [Double](repeating: 0, count: order.count)
        // Only a graph with vectors or matrices in it needs a slot per node for them.
        var tensorGradients = [[Double]?](repeating: nil, count: output.dependsOnTensors ? order.count : 0)
        var kinks: [Node] = []
        var firstNonFinite: (node: Node, localDerivative: Double?, gradient: Double)?
        gradients[order.count - 1] = 1
        if output.isTensor { tensorGradients[order.count - 1] = [Double](repeating: 1, count: output.elements.count) }
        // The parts of gradients lost to underflow or to a vanishing local derivative (1/inf): a 0 with such
        // a part times an infinite local derivative is 0·∞, and passes nan (LostGradients.swift).
        var lost = LostGradients(count: order.count)
        var lostElements = LostTensorGradients()
        var nextShortcut = tape.shortcuts.count - 1
        // The plain part of a graph of numbers in a tight loop; the loop below takes over from where it stopped.
        var plainEnd = output.dependsOnTensors || !tape.shortcuts.isEmpty ? order.count
            : Self.sweepPlainSteps(tape.entries, &gradients, from: order.count - 1, vanishingEdges: tape.vanishingEdges) + 1
        // The rest of a graph of numbers alone in a tight loop of its own too, lost parts and all.
        if sweepsNumbersApart, plainEnd > 0, !output.dependsOnTensors, tape.shortcuts.isEmpty {
            Self.sweepScalarSteps(tape.entries, order, &gradients, &lost, from: plainEnd - 1, vanishingEdges: tape.vanishingEdges,
                                  kinks: &kinks, firstNonFinite: &firstNonFinite)
            plainEnd = 0
        }
        for index in order.indices.prefix(plainEnd).reversed() {
            var tookShortcut = false
            while nextShortcut >= 0, tape.shortcuts[nextShortcut].from == index {
                tookShortcut = true
                let shortcut = tape.shortcuts[nextShortcut]
                nextShortcut -= 1
                let upstream = tensorGradients.indices.contains(index) ? tensorGradients[index] ?? [gradients[index]] : [gradients[index]]
                let part = shortcut.local.indices.map { upstream[upstream.count == 1 ? 0 : $0] * shortcut.local[$0] }
                if part.count == 1, !order[shortcut.to].takeUnretainedValue().isTensor {
                    gradients[shortcut.to] += part[0]
                } else if let existing = tensorGradients[shortcut.to] {
                    tensorGradients[shortcut.to] = zip(existing, part).map(+)
                } else {
                    tensorGradients[shortcut.to] = part
                }
            }
            switch tape.entries[index].kind {
            case .source:
                continue
            case .tensor:
                let node = order[index].takeUnretainedValue()
                if !node.isTensor, lost.hasPart(at: index) {
                    // A number of a graph with vectors in it (log(sum(v)) + …): its lost part goes on by the
                    // same rules as on the scalar tape below.
                    for (position, input) in node.inputs.enumerated() where input.traversalMark == tape.mark && !input.isTensor {
                        let derivative = node.localDerivative(withRespectTo: position)
                        if derivative.isFinite {
                            lost.pass(from: index, to: input.traversalIndex, derivative: derivative)
                        } else if gradients[index] == 0 {
                            if firstNonFinite == nil { firstNonFinite = (node, derivative, .nan) }
                            gradients[input.traversalIndex] += .nan
                        }
                    }
                }
                // (Not a stable form's steps: the shortcut above sent their gradient straight to the operand.)
                if node.isTensor || !lostElements.isEmpty || !lost.isEmpty, !tookShortcut,
                   !tape.shortcutSteps.contains(index), !tape.cutTensorSteps.contains(index) {
                    Self.followLostElements(of: node, at: index, mark: tape.mark, gradients: &gradients,
                                            tensorGradients: &tensorGradients, lost: &lost, lostElements: &lostElements)
                }
                let upstream = node.isTensor ? tensorGradients[index] : (gradients[index] == 0 ? nil : [gradients[index]])
                guard let upstream else { continue }
                switch node.operation {
                case .max, .maximum, .minimum: if MaximumRouting.hasTie(node) { kinks.append(node) }
                default: break
                }
                // A stable form's step whose edge to its operand the shortcut above replaced.
                if tape.cutTensorSteps.contains(index) { continue }
                let parts = VectorJacobianProducts.contributions(of: node, upstream: upstream)
                if node.isTensor, node.operation.isElementwise {
                    Self.followUnderflowedParts(of: node, at: index, upstream: upstream, parts: parts, mark: tape.mark, lostElements: &lostElements)
                }
                let upstreamIsFinite = firstNonFinite == nil && upstream.allSatisfy(\.isFinite)
                for (input, part) in zip(node.inputs, parts) where input.traversalMark == tape.mark {
                    let position = input.traversalIndex
                    // Where a gradient first stops being finite inside vectors and matrices (sqrt(sum(v^2)) at
                    // v = 0), for the note; not a stable form's step, whose inf the shortcut replaces. The local
                    // derivative is known when one number goes back through one number.
                    if upstreamIsFinite, firstNonFinite == nil, let bad = part.first(where: { !$0.isFinite }),
                       !tape.shortcutSteps.contains(position) {
                        let local: Double? = upstream.count == 1 && part.count == 1 && upstream[0] != 0 ? bad / upstream[0] : nil
                        firstNonFinite = (node, local, bad)
                    }
                    if !input.isTensor {
                        gradients[position] += part.first ?? 0
                    } else if var existing = tensorGradients[position] {
                        tensorGradients[position] = nil
                        for i in existing.indices { existing[i] += part[i] }
                        tensorGradients[position] = existing
                    } else {
                        tensorGradients[position] = part
                    }
                }
            case .scalar, .scalarAtKink:
                Self.passBack(tape.entries[index], at: index, order, &gradients, &lost, vanishingEdges: tape.vanishingEdges,
                              shortcutSteps: tape.shortcutSteps, kinks: &kinks, firstNonFinite: &firstNonFinite)
            }
        }
        // A gradient that its lost part could change is not a number gradbook can give.
        // (By ascending position, found by a binary search: behind a gradient stuck in subnormals along a loop, every
        // step's is unknown, and hashing 25,000 of them into a dictionary cost a sixth of the statement.)
        var unknown: [(position: Int, origin: Int, size: LostSize)] = []
        if !lost.isEmpty {
            unknown.reserveCapacity(lost.partCount)
            for position in lost.unknownPositions(gradients: { gradients[$0] }) {
                gradients[position] = .nan
                let part = lost.part(at: position)
                unknown.append((position, part?.origin ?? position, part?.size ?? .unbounded))
            }
        }
        unknownGradients = unknown
        // A leaf's 0 that a lost part stands behind, too small to change it: still not an exact 0 (backward's table).
        var roundedZeros: [Int: (origin: Int, log2Bound: Double)] = [:]
        if !lost.isEmpty {
            for position in tape.leafPositions where gradients[position] == 0 {
                if let bound = lost.log2Bound(at: position) { roundedZeros[position] = (lost.origin(at: position) ?? position, bound) }
            }
        }
        roundedZeroGradients = roundedZeros
        var unknownElements: [Int: (origin: Int, log2Bound: Double)] = [:]
        for (position, bounds) in lostElements.bounds where tensorGradients.indices.contains(position) {
            let count = bounds.count
            var elements = tensorGradients[position] ?? [Double](repeating: 0, count: count)
            var largest = -Double.infinity
            for element in bounds.indices where element < elements.count && LostGradients.isUnknown(elements[element], bound: bounds[element]) {
                elements[element] = .nan
                largest = Swift.max(largest, bounds[element])
            }
            guard largest > -.infinity else { continue }
            tensorGradients[position] = elements
            unknownElements[position] = (lostElements.origins[position] ?? position, largest)
        }
        unknownTensorGradients = unknownElements
        // The same for the elements of a vector or matrix leaf: 0s that a lost part too small to make them unknown stands behind.
        var roundedZeroElements: [Int: (origin: Int, log2Bound: Double, elements: [Int])] = [:]
        for position in tape.leafPositions {
            guard let bounds = lostElements.bounds[position], tensorGradients.indices.contains(position) else { continue }
            let gradient = tensorGradients[position]
            var elements: [Int] = [], largest = -Double.infinity
            for element in bounds.indices where bounds[element] > -.infinity && (gradient.map { element < $0.count && $0[element] == 0 } ?? true) {
                elements.append(element)
                largest = Swift.max(largest, bounds[element])
            }
            if !elements.isEmpty { roundedZeroElements[position] = (lostElements.origins[position] ?? position, largest, elements) }
        }
        self.roundedZeroElements = roundedZeroElements
        self.output = output
        stableShortcuts = Dictionary(uniqueKeysWithValues: tape.shortcuts.map { (ObjectIdentifier($0.form.node), $0.form) })
        cutSteps = Set(tape.shortcuts.map { ObjectIdentifier($0.form.innermost) })
        self.unretainedOrder = order
        self.gradients = gradients
        self.tensorGradients = tensorGradients
        self.mark = tape.mark
        positionsBySerial = tape.positionsBySerial
        self.kinksUsed = kinks
        self.firstNonFinite = firstNonFinite
        sharedBrokenForms = tape.sharedBrokenForms
        localDerivativesAreFinite = tape.entries.allSatisfy { $0.firstDerivative.isFinite && $0.secondDerivative.isFinite }
        leafPositions = tape.leafPositions
        unusualSteps = tape.unusualSteps
        namedPositionsFound = tape.namedPositions
    }

    /// Sweeps back from `start` through the steps of a graph of numbers while each is plain (every part a finite,
    /// nonzero number, or nothing where the local derivative is an exact 0; no kink), and returns the position of
    /// the first that is not, or -1: there the general sweep takes over, with nothing lost so far. Nearly every
    /// step of a large graph is plain, and the general sweep's bookkeeping cost more than its arithmetic.
    private static func sweepPlainSteps(_ entries: [BackwardTape.Entry], _ gradients: inout [Double], from start: Int,
                                        vanishingEdges: [Int: Double]) -> Int {
        entries.withUnsafeBufferPointer { entries in
            gradients.withUnsafeMutableBufferPointer { gradients in
                var index = start
                while index >= 0 {
                    let entry = entries[index]
                    switch entry.kind {
                    case .source: break
                    case .scalarAtKink, .tensor: return index
                    case .scalar:
                        let upstream = gradients[index]
                        guard upstream != 0 else { break }
                        // (An input older than the walk's cut-off is -1, and gets nothing.)
                        let first = upstream * entry.firstDerivative, second = upstream * entry.secondDerivative
                        // An edge whose local derivative is an exact 0 (a saturated tanh, a product with a factor
                        // that is 0) passes nothing, as in the general sweep: it is skipped, unless its 0 only
                        // stands for a number too small to represent (`vanishingEdges`), which the general sweep
                        // follows. A random 100,000-node graph met such a 0 near its top and left the rest to it.
                        let hasFirst = entry.firstInput >= 0
                            && (entry.firstDerivative != 0 || vanishingEdges[2 * index] != nil)
                        let hasSecond = entry.secondInput >= 0
                            && (entry.secondDerivative != 0 || vanishingEdges[2 * index + 1] != nil)
                        // (Normal: a part that underflowed to 0 or to a subnormal lost some of itself.)
                        guard !hasFirst || first.isNormal, !hasSecond || second.isNormal else { return index }
                        // In the general sweep's order, so a sum like x*x rounds the same.
                        if hasFirst { gradients[Int(entry.firstInput)] += first }
                        if hasSecond { gradients[Int(entry.secondInput)] += second }
                    }
                    index -= 1
                }
                return -1
            }
        }
    }

    /// The general sweep's steps for numbers (`.scalar`, `.scalarAtKink`, `.source`), from `start` back to the first
    /// step, for a graph of numbers alone with no stable form's shortcut: each by `passBack`, as the general sweep
    /// does it, without the general sweep's bookkeeping for vectors and shortcuts at every step. Behind a gradient
    /// that underflowed (`v = v*x + 0.1` repeated 20,000 times, at x = 0.5, underflows about 1,000 steps back) every
    /// step has a lost part to pass on, and that bookkeeping cost five times the passing.
    private static func sweepScalarSteps(_ entries: [BackwardTape.Entry], _ order: [Unmanaged<Node>], _ gradients: inout [Double],
                                         _ lost: inout LostGradients, from start: Int, vanishingEdges: [Int: Double],
                                         kinks: inout [Node],
                                         firstNonFinite: inout (node: Node, localDerivative: Double?, gradient: Double)?) {
        let noShortcutSteps = Set<Int>()
        entries.withUnsafeBufferPointer { entries in
            var index = start
            while index >= 0 {
                let entry = entries[index]
                precondition(entry.kind != .tensor, "a graph of numbers alone has no vector step")
                if entry.kind != .source {
                    passBack(entry, at: index, order, &gradients, &lost, vanishingEdges: vanishingEdges, shortcutSteps: noShortcutSteps,
                             kinks: &kinks, firstNonFinite: &firstNonFinite)
                }
                index -= 1
            }
        }
    }

    /// One number's step of the sweep: passes its gradient, times each local derivative, to its inputs, and its lost
    /// part (`LostGradients`) with it. The one place both sweeps do this.
    @inline(__always)
    private static func passBack(_ entry: BackwardTape.Entry, at index: Int, _ order: [Unmanaged<Node>], _ gradients: inout [Double],
                                 _ lost: inout LostGradients, vanishingEdges: [Int: Double], shortcutSteps: Set<Int>,
                                 kinks: inout [Node],
                                 firstNonFinite: inout (node: Node, localDerivative: Double?, gradient: Double)?) {
        let upstream = gradients[index]
        let hasLostPart = lost.hasPart(at: index)
        // An exact zero gradient passes nothing back (and 0 times an infinite local derivative is
        // not NaN: a relu that is off blocks even an overflowed path). A lost part goes on, multiplied
        // like a gradient, and makes nan where a gradient of 0 with a lost part meets an infinite one.
        guard upstream != 0 || hasLostPart else { return }
        if upstream != 0, entry.kind == .scalarAtKink { kinks.append(order[index].takeUnretainedValue()) }
        for position in 0..<2 {
            let input = Int(position == 0 ? entry.firstInput : entry.secondInput)
            let derivative = position == 0 ? entry.firstDerivative : entry.secondDerivative
            guard input >= 0 else { continue }
            // Nearly every edge: a finite, nonzero part and nothing lost, so nothing else to look at.
            if !hasLostPart, derivative != 0, upstream.isNormal {
                let contribution = upstream * derivative
                if contribution.isNormal {
                    gradients[input] += contribution
                    continue
                }
            }
            let vanishedBound = derivative == 0 && !vanishingEdges.isEmpty ? vanishingEdges[2 * index + position] : nil
            if hasLostPart {
                if let vanishedBound {
                    lost.pass(from: index, to: input, log2Factor: vanishedBound)
                } else if derivative.isFinite {
                    lost.pass(from: index, to: input, derivative: derivative)
                } else if upstream == 0 {
                    if firstNonFinite == nil { firstNonFinite = (order[index].takeUnretainedValue(), derivative, .nan) }
                    gradients[input] += .nan
                }
            }
            guard upstream != 0 else { continue }
            guard derivative != 0 else {
                if let vanishedBound { lost.add(upstream, throughVanished: vanishedBound, at: input, origin: index) }
                continue
            }
            // (Not `upstream * derivative`: behind an underflow the gradient is subnormal, see `SubnormalProducts`.)
            let (contribution, isExact) = SubnormalProducts.product(upstream, derivative)
            if contribution == 0 {  // underflowed: not an exact 0
                lost.add(productOf: upstream, derivative, at: input, origin: index)
            } else if contribution.isSubnormal, !isExact {
                // Rounded to a multiple of the smallest subnormal, 2^-1074, as a value that underflows is
                // (`LostValues`): along a chain of such products (v = v*x + 0.1 with x = 0.9, 32,000 times) the
                // gradient sticks at a few multiples of it while the true one is 10^-1464.
                lost.add(.smallestSubnormal, at: input, origin: index)
            }
            if firstNonFinite == nil, !contribution.isFinite, upstream.isFinite, !shortcutSteps.contains(input) {
                firstNonFinite = (order[index].takeUnretainedValue(), derivative, contribution)
            }
            gradients[input] += contribution
        }
    }

    /// The gradients made nan because a part of them that was too small or too large for a double on the
    /// way back could make them any number up to a bound (`LostGradients`): by position in `order`, where
    /// that part began and log2 of the bound.
    private let unknownGradients: [(position: Int, origin: Int, size: LostSize)]

    /// Why the gradient of `node` is nan, if it is because of a lost part: the node on the way back where
    /// the gradient became 0 (or too small) only by rounding, and log2 of a bound on the true gradient.
    public func lostGradient(of node: Node) -> (origin: Node, log2Bound: Double)? {
        guard !unknownGradients.isEmpty || !unknownTensorGradients.isEmpty, let position = position(of: node),
              let lost = unknownGradient(at: position) ?? unknownTensorGradients[position] else { return nil }
        return (unretainedOrder[lost.origin].takeUnretainedValue(), lost.log2Bound)
    }

    /// The leaves whose gradient is 0 only because a part of it was too small for a double on the way back, a part
    /// too small to make it unknown (`LostGradients.isUnknown`): by position in `order`, where the part began and log2
    /// of a bound on it.
    private let roundedZeroGradients: [Int: (origin: Int, log2Bound: Double)]

    /// Why the gradient 0 of the leaf `node` is not an exact 0, if it is not: the node on the way back where a part of
    /// it rounded away, and log2 of a bound on the true gradient.
    public func roundedZeroGradient(of node: Node) -> (origin: Node, log2Bound: Double)? {
        guard !roundedZeroGradients.isEmpty, let position = position(of: node), let part = roundedZeroGradients[position] else { return nil }
        return (unretainedOrder[part.origin].takeUnretainedValue(), part.log2Bound)
    }

    /// `roundedZeroGradients` for the leaves that are vectors or matrices: the elements (positions in storage order), where
    /// the largest part began and log2 of a bound on it.
    private let roundedZeroElements: [Int: (origin: Int, log2Bound: Double, elements: [Int])]

    /// The elements of the gradient of the vector or matrix leaf `node` that are 0 only because parts of them were too
    /// small for a double on the way back, if any.
    public func roundedZeroElements(of node: Node) -> (origin: Node, log2Bound: Double, elements: [Int])? {
        guard !roundedZeroElements.isEmpty, let position = position(of: node), let found = roundedZeroElements[position] else { return nil }
        return (unretainedOrder[found.origin].takeUnretainedValue(), found.log2Bound, found.elements)
    }

    /// `unknownGradients`' entry for `position`, if it has one.
    private func unknownGradient(at position: Int) -> (origin: Int, log2Bound: Double)? {
        var (low, high) = (0, unknownGradients.count)
        while low < high {
            let middle = (low + high) / 2
            if unknownGradients[middle].position < position { low = middle + 1 } else { high = middle }
        }
        guard low < unknownGradients.count, unknownGradients[low].position == position else { return nil }
        return (unknownGradients[low].origin, unknownGradients[low].size.log2)
    }

    /// The same for vectors and matrices: where any element of a gradient was made nan (`LostTensorGradients`).
    private let unknownTensorGradients: [Int: (origin: Int, log2Bound: Double)]

    /// Elements of an elementwise step's parts for its vector or matrix inputs of its own shape where the gradient times
    /// the local derivative was too small for a double: rounded to 0, or to a subnormal (as `passBack` finds for numbers),
    /// each a new lost part. Without them `sum(1e-300*(1e-300*(1e300*u)))` passed u a gradient of [0, 0] for 1e-300, and
    /// a loop's 0.9^8000 stuck at 2.47e-323. (An input broadcast to the step's shape gets sums of such products; not
    /// followed.)
    private static func followUnderflowedParts(of node: Node, at index: Int, upstream: [Double], parts: [[Double]], mark: Int,
                                               lostElements: inout LostTensorGradients) {
        let inputs = node.inputs
        guard inputs.count <= 2 else { return }
        let shape = node.shape, outputs = node.elements
        let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
        func element(_ input: Node, _ element: Int) -> Double {
            guard input.isTensor else { return input.value }
            let at = input.shape == shape ? element : Broadcast.sourceIndex(element, of: input.shape, in: shape)
            return input.elements[at]
        }
        for (position, (input, part)) in zip(inputs, parts).enumerated()
        where input.traversalMark == mark && input.isTensor && input.shape == shape && part.count == outputs.count {
            // Nearly always every part is a normal number or an exact 0: one pass to see, and nothing more.
            guard part.contains(where: { $0 == 0 || $0.isSubnormal }) else { continue }
            for at in part.indices where part[at] == 0 || part[at].isSubnormal {
                let g = upstream.count == 1 ? upstream[0] : upstream[at]
                guard g != 0, g.isFinite else { continue }
                let x = element(inputs[0], at), y = inputs.count > 1 ? element(inputs[1], at) : 0
                let d = node.operation.elementDerivative(withRespectTo: position, x: x, y: y, output: outputs[at],
                                                         exponentIsConstant: exponentIsConstant)
                guard d != 0, d.isFinite else { continue }
                let product = SubnormalProducts.product(g, d)
                let size: Double
                if product.value == 0 {
                    size = LostGradients.log2OfSize(g) + LostGradients.log2OfSize(d)
                } else if product.value.isSubnormal, !product.isExact {
                    size = -1074
                } else {
                    continue
                }
                lostElements.add(log2Size: size, at: input.traversalIndex, element: at, count: part.count, origin: index)
            }
        }
    }

    /// Lost parts at a step of a graph with vectors or matrices in it: new ones where an elementwise step's local
    /// derivative vanished at an infinite element (log of an overflowed element), and those already at the step
    /// passed on, element by element through elementwise steps, at unknown size through any other.
    private static func followLostElements(of node: Node, at index: Int, mark: Int, gradients: inout [Double],
                                           tensorGradients: inout [[Double]?], lost: inout LostGradients,
                                           lostElements: inout LostTensorGradients) {
        // A number computed elementwise from numbers passes its own lost part on above (the scalar rules);
        // here only a new part is found for it.
        let passesOn = node.isTensor || !node.operation.isElementwise
        let here: [Double]? = !passesOn ? nil : node.isTensor ? lostElements.bounds[index] : lost.log2Bound(at: index).map { [$0] }
        let upstream: [Double] = node.isTensor ? tensorGradients[index] ?? [] : [gradients[index]]
        let inputs = node.inputs
        guard !inputs.isEmpty else { return }
        let origin = node.isTensor ? lostElements.origins[index] ?? index : lost.origin(at: index) ?? index
        func add(_ size: Double, to input: Node, element: Int, from origin: Int) {
            guard input.traversalMark == mark else { return }
            if input.isTensor {
                lostElements.add(log2Size: size, at: input.traversalIndex, element: element, count: input.elements.count, origin: origin)
            } else {
                lost.add(log2Size: size, at: input.traversalIndex, origin: origin)
            }
        }
        guard node.operation.isElementwise, inputs.count <= 2 else {
            // Any other step: the parts go on at a size not followed here, or as they are through a sum.
            guard let here, here.contains(where: { $0 > -.infinity }) else { return }
            let largest = here.max() ?? -.infinity
            let size: Double
            switch node.operation {
            case .sum(nil): size = largest
            case .mean(nil): size = largest - log2(Double(Swift.max(1, inputs[0].elements.count)))
            default: size = .infinity
            }
            // (Numbers among the inputs got theirs above, by their local derivatives.)
            for input in inputs where input.traversalMark == mark && (input.isTensor || node.isTensor) {
                for element in 0..<Swift.max(1, input.elements.count) { add(size, to: input, element: element, from: origin) }
            }
            return
        }
        let hasInfiniteInput = inputs.contains { $0.elements.contains { $0.isInfinite } }
        // A product's local derivative is the other factor: where an element of it is 0 only because it rounded
        // to 0 on the way, the 0 is not exact (as BackwardTape does for numbers). Each factor's lost parts, by element.
        let lostFactors: [[Double]?] = node.operation == .multiply && inputs.count == 2
            ? (0..<2).map { which in
                let factor = inputs[1 - which]
                guard factor.graphMayHaveLostParts, factor.elements.contains(0) else { return nil }
                if factor.isTensor { return LostValues.log2BoundsOfLostParts(ofElementsOf: factor) }
                let bound = LostValues.log2BoundOfLostPart(of: factor)
                return bound > -.infinity ? [bound] : nil
            }
            : [nil, nil]
        guard here != nil || hasInfiniteInput || lostFactors.contains(where: { $0 != nil }) else { return }
        let shape = node.shape
        let count = Swift.max(1, node.elements.count)
        let outputs = node.elements
        let exponentIsConstant = inputs.count > 1 && inputs[1].operation == .constant
        func source(_ input: Node, _ element: Int) -> Int {
            guard input.isTensor else { return 0 }
            return input.shape == shape ? element : Broadcast.sourceIndex(element, of: input.shape, in: shape)
        }
        for element in 0..<count {
            let x = inputs[0].elements.isEmpty ? inputs[0].value : inputs[0].elements[source(inputs[0], element)]
            let y = inputs.count > 1 ? (inputs[1].elements.isEmpty ? inputs[1].value : inputs[1].elements[source(inputs[1], element)]) : 0
            let output = element < outputs.count ? outputs[element] : node.value
            let g = element < upstream.count ? upstream[element] : 0
            let bound = here.map { element < $0.count ? $0[element] : -.infinity } ?? -.infinity
            let vanishes = node.operation.derivativeVanishesAtInfinity(x: x, y: y, inputCount: inputs.count)
            // The part the other factor lost at the element this one reads, where it is 0.
            let factorLost: [Double] = (0..<inputs.count).map { position in
                guard let parts = lostFactors[position], inputs.count == 2 else { return -.infinity }
                let other = inputs[1 - position]
                let at = other.isTensor ? source(other, element) : 0
                return at < parts.count ? parts[at] : -.infinity
            }
            guard bound > -.infinity || vanishes || factorLost.contains(where: { $0 > -.infinity }) else { continue }
            for (position, input) in inputs.enumerated() where input.traversalMark == mark {
                let d = node.operation.elementDerivative(withRespectTo: position, x: x, y: y, output: output, exponentIsConstant: exponentIsConstant)
                let target = source(input, element)
                let vanishedBound = d == 0 && factorLost[position] > -.infinity ? factorLost[position]
                    : d == 0 && vanishes ? node.operation.log2BoundOfVanishedDerivative(
                    withRespectTo: position, x: x, y: y, exponentIsConstant: exponentIsConstant) : nil
                if bound > -.infinity {
                    if let vanishedBound {
                        add(bound + vanishedBound, to: input, element: target, from: origin)
                    } else if d.isFinite, d != 0 {
                        add(bound + log2(Swift.abs(d)), to: input, element: target, from: origin)
                    } else if !d.isFinite, g == 0 {
                        if input.isTensor, var existing = tensorGradients[input.traversalIndex], existing.indices.contains(target) {
                            existing[target] = .nan
                            tensorGradients[input.traversalIndex] = existing
                        } else if !input.isTensor {
                            gradients[input.traversalIndex] += .nan
                        }
                    }
                }
                if g != 0, let vanishedBound { add(log2(Swift.abs(g)) + vanishedBound, to: input, element: target, from: index) }
            }
        }
    }

    /// The stable forms (log(1 + exp(u)), …) whose steps overflowed, so the pass sent their gradient
    /// straight to the operand (Node+StableForms.swift), by the logarithm node.
    private let stableShortcuts: [ObjectIdentifier: StableForm]
    /// The innermost steps of those forms: their own edge to the operand passed nothing.
    private let cutSteps: Set<ObjectIdentifier>

    /// The stable form whose gradient went from `node` straight to its operand, if any.
    func stableShortcut(at node: Node) -> StableForm? { stableShortcuts[ObjectIdentifier(node)] }

    /// Whether `node` is a stable form's step whose edge to the operand the shortcut replaced.
    func isCutStep(_ node: Node) -> Bool { cutSteps.contains(ObjectIdentifier(node)) }

    /// d(output)/d(node) for a number, or nil when `node` is not part of the output's graph.
    public func gradient(of node: Node) -> Double? {
        position(of: node).map { gradients[$0] }
    }

    /// d(output)/d(node) for a vector or matrix, with the node's shape (zeros if no gradient reached
    /// it), or nil when `node` is not part of the output's graph.
    public func tensorGradient(of node: Node) -> Tensor? {
        guard let position = position(of: node) else { return nil }
        guard node.isTensor else { return nil }
        let gradient = position < tensorGradients.count ? tensorGradients[position] : nil
        return Tensor(shape: node.shape, elements: gradient ?? [Double](repeating: 0, count: node.elements.count))
    }

    /// Each node's position in `order`, for many lookups after other walks have reused the nodes' scratch space.
    func positionsByNode() -> [ObjectIdentifier: Int] {
        Dictionary(uniqueKeysWithValues: unretainedOrder.enumerated().map { (ObjectIdentifier($1.takeUnretainedValue()), $0) })
    }

    /// The gradient of one element of the node at `position` in `order` (element 0 of a number).
    func gradient(atPosition position: Int, element: Int) -> Double {
        if position < tensorGradients.count, let elements = tensorGradients[position] {
            return element < elements.count ? elements[element] : 0
        }
        return element == 0 ? gradients[position] : 0
    }

    private func position(of node: Node) -> Int? {
        let handle = Unmanaged.passUnretained(node)
        if let positionsBySerial {
            let position = positionsBySerial.position(ofSerial: node.serial)
            return position >= 0 && unretainedOrder[position].toOpaque() == handle.toOpaque() ? position : nil
        }
        if node.traversalMark == mark, node.traversalIndex < unretainedOrder.count, unretainedOrder[node.traversalIndex].toOpaque() == handle.toOpaque() {
            return node.traversalIndex
        }
        // A later traversal of a shared node reused its scratch space: look the node up directly.
        return unretainedOrder.firstIndex { $0.toOpaque() == handle.toOpaque() }
    }

    /// The leaves of the graph (named values with no inputs), in creation order.
    public var leaves: [Node] { leafPositions.map { unretainedOrder[$0].takeUnretainedValue() } }

    /// The named intermediate results of the graph (bindings like `h = relu(z*z)`), in creation order.
    public var namedIntermediates: [Node] { namedPositions.map { unretainedOrder[$0].takeUnretainedValue() } }

    /// `transform` of each leaf, then each named intermediate, in creation order, and its gradient (0 for a vector or
    /// matrix: see `tensorGradient(of:)`), leaving out those it gives nil for: the rows `backward(v)` shows, read without
    /// retaining each of a long loop's thousands of named steps, into a list made once at its full size.
    public func compactMapLeavesAndNamedIntermediates<Row>(_ transform: (_ node: Node, _ isLeaf: Bool, _ gradient: Double) -> Row?) -> [Row] {
        let named = namedPositions
        var rows: [Row] = []
        rows.reserveCapacity(leafPositions.count + named.count)
        // Each node is read (its name, value, shape) where malloc put it: asked for a few rows ahead, rather than waited
        // for row by row (most of the time the rows took after a loop of 32,000 steps).
        let lookahead = 8
        for (positions, isLeaf) in [(leafPositions, true), (named, false)] {
            for (index, position) in positions.enumerated() {
                if index + lookahead < positions.count { gradbook_prefetch_node(unretainedOrder[positions[index + lookahead]].toOpaque()) }
                if let row = unretainedOrder[position]._withUnsafeGuaranteedRef({ transform($0, isLeaf, gradients[position]) }) {
                    rows.append(row)
                }
            }
        }
        return rows
    }

    /// Positions in `order` of the leaves, in creation order (`BackwardTape`).
    private let leafPositions: [Int]

    /// Positions in `order` of the named intermediate results (`h = relu(z*z)`), in creation order: as the walk
    /// found them, or found now.
    private let namedPositionsFound: [Int]?
    private var namedPositions: [Int] {
        if let namedPositionsFound { return namedPositionsFound }
        var named: [(serial: Int, position: Int)] = []
        for (position, handle) in unretainedOrder.enumerated() {
            handle._withUnsafeGuaranteedRef { node in
                if node.inputCount > 0, node.hasLabel { named.append((node.serial, position)) }
            }
        }
        // The walk's order is topological but not by creation; nearly so, which the sort is quick at.
        return named.sorted { $0.serial < $1.serial }.map(\.position)
    }

    /// Whether any gradient was made nan because of a part lost to rounding (`lostGradient(of:)`).
    public var lostSomeGradient: Bool { !unknownGradients.isEmpty || !unknownTensorGradients.isEmpty }
}
