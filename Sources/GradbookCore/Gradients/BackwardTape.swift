// The graph flattened for the backward sweep: one walk records every node's inputs and local
// derivatives in flat arrays, so the sweep itself never touches a node of a scalar graph again.

import CCreationRecord

/// A computation graph in topological order, with what backpropagation needs of each scalar node.
///
/// A 100,000-node graph is bound by memory, not arithmetic: reading scattered nodes twice (once to
/// order them, once to sweep back) cost more than all the multiplications. The local derivatives are
/// computed while each node is at hand in the walk, and the sweep reads only these arrays.
struct BackwardTape {
    /// How the sweep treats a node.
    enum Kind: UInt8 {
        /// Nothing to pass back: a leaf, a constant, a free symbol.
        case source
        /// A scalar operation: pass `upstream × local derivative` to each input.
        case scalar
        /// The same, at a kink (relu or abs at exactly 0) where the convention f'(0) = 0 was used.
        case scalarAtKink
        /// A node in a graph with vectors or matrices: its vector-Jacobian product needs the node.
        case tensor
    }

    /// The nodes, inputs first, unretained: the caller keeps the root alive.
    private(set) var order: [Unmanaged<Node>]
    /// What the sweep needs of each node, by position in `order`: one array, so recording a node appends once
    /// (five parallel arrays were five appends per node).
    private(set) var entries: [Entry] = []

    struct Entry {
        var kind: Kind
        /// Positions in `order` of the node's inputs (-1 where there is none).
        var firstInput: Int32
        var secondInput: Int32
        /// ∂node/∂input for each of the two inputs (0 where there is none).
        var firstDerivative: Double
        var secondDerivative: Double

        static let source = Entry(kind: .source, firstInput: -1, secondInput: -1, firstDerivative: 0, secondDerivative: 0)
    }
    /// The traversal mark under which each node's `traversalIndex` is its position in `order`, for a graph walked
    /// node by node or one with vectors or matrices in it.
    let mark: Int
    /// Positions in `order` by serial, for a graph found by the creation record: a graph of numbers alone is recorded
    /// without writing in (or reading) the nodes the record describes, so their `traversalIndex` is not this tape's.
    /// Ask `position(of:)`.
    private(set) var positionsBySerial: SerialPositions?

    /// A stable form's gradient sent straight from the logarithm to its operand (Node+StableForms.swift).
    struct Shortcut {
        /// Positions in `order` of the logarithm and of the operand.
        let from: Int, to: Int
        /// d(logarithm)/d(operand), elementwise.
        let local: [Double]
        let form: StableForm
    }
    /// The shortcuts, by ascending `from`.
    private(set) var shortcuts: [Shortcut] = []
    /// Vector or matrix steps whose edge to their operand a shortcut replaces (a scalar step's edge is
    /// simply removed from `firstInputs`).
    private(set) var cutTensorSteps: Set<Int> = []
    /// The positions of every shortcut's steps: their own gradients may be inf (1/sigmoid(-800)) while
    /// the gradient the shortcut passes on is finite, so they are not where a gradient "became" inf.
    private(set) var shortcutSteps: Set<Int> = []
    /// Edges (2 × position in `order` + input position) whose local derivative is a 0 that only stands
    /// for a number too small to represent (a limit at an infinite input, or an underflow at finite ones),
    /// with log2 of a bound on that number (`Node.Operation.log2BoundOfZeroDerivative`).
    private(set) var vanishingEdges: [Int: Double] = [:]
    /// Stable forms whose steps broke but are used elsewhere too (s = sigmoid(z) in both halves of a
    /// cross-entropy), so the sweep went through them as typed: their gradient may be inaccurate or not finite.
    private(set) var sharedBrokenForms: [StableForm] = []
    /// What the products' factors that rounded to 0 lost, worked out once each (made at the first such factor).
    private var lostParts: LostPartMemo?
    /// Logarithms whose stable form's steps overflowed, to be checked once the walk is done.
    private var stableCandidates: [Int] = []

    /// Positions in `order` of the leaves, and (when asked for: only `backward(v)`'s table shows them, and a loop
    /// labels every value it makes) of the named intermediate results (`h = relu(z*z)`), each in creation order,
    /// found while each node is at hand.
    private(set) var leafPositions: [Int] = []
    private(set) var namedPositions: [Int]?
    /// The nodes other than numbers made by +, −, × or negation, and sources of numbers: the only ones a backward
    /// pass can have a note about (`Evaluator.mayNeedNotes`), found while each node is at hand. Looking through the
    /// whole order again for them read every node of a long loop's graph a second time.
    private(set) var unusualSteps: [Unmanaged<Node>] = []

    /// Walks the graph of `root` and records each node as the walk visits it, inputs first, leaving out nodes
    /// created before `oldestSerial` (see `Node.walk`). A large graph is found by the creation record and visited
    /// in creation order (`CreationOrder`); a small one depth first (`Node.walk`, no recursion). Either way the
    /// node is recorded as it is visited, while it is in the cache: a second pass over the order read every
    /// scattered node again (a 100,000-node random graph took a tenth longer).
    /// `findingByCreation`: false only to test the creation-order visit against the depth-first one.
    init(from root: Node, oldestSerial: Int = .min, findingNamedIntermediates: Bool = false, findingByCreation: Bool = true) {
        mark = Node.freshTraversalMark()
        self.order = []
        var order: [Unmanaged<Node>] = []
        var entries: [Entry] = []
        // The walk visits at most the nodes made from `oldestSerial` to the root: a grad after a loop records all
        // 40,000 of the loop's, and growing the two arrays to that by doubling copied them ten times over.
        if oldestSerial > .min {
            let expected = Swift.min(root.serial - oldestSerial + 1, Node.largestReservationBySpan)
            order.reserveCapacity(expected)
            entries.reserveCapacity(expected)
        }
        var leaves: [(serial: Int, position: Int)] = [], named: [(serial: Int, position: Int)] = []
        var unusual: [Unmanaged<Node>] = []
        // What every node's visit does, however it was found. (Its `traversalIndex` is the caller's to write.)
        func noteVisit(_ node: Node, _ handle: Unmanaged<Node>, at position: Int) {
            order.append(handle)
            if node.inputCount == 0 {
                if node.isLeaf { leaves.append((node.serial, position)) }
            } else if findingNamedIntermediates, node.hasLabel {
                named.append((node.serial, position))
            }
            if node.dependsOnTensors {
                unusual.append(handle)
            } else if node.inputCount > 0 {
                switch node.scalarRule {
                case .add, .subtract, .multiply, .negate: break
                case .log, .other: unusual.append(handle)
                }
            }
        }
        if findingByCreation, let creation = CreationOrder.find(from: root, oldestSerial: oldestSerial) {
            // A large graph, found by the creation record and visited in creation order. Its common steps are recorded
            // from the record alone (the node's value and its inputs' values and positions).
            order.reserveCapacity(creation.count)
            entries.reserveCapacity(creation.count)
            let positions = SerialPositions(top: creation.top, span: creation.span)
            positionsBySerial = positions
            // A graph of numbers alone never reads the nodes the record describes: reading each scattered node (and
            // writing its `traversalIndex`) was most of a 100,000-node pass. With vectors or matrices in it, every node
            // is read and marked, as the sweep's steps for them look their inputs up by mark.
            let readingEveryNode = root.dependsOnTensors
            creation.forEachEntry(readingEveryNode: readingEveryNode) { serial, entry, handle in
                let position = order.count
                positions.set(serial, position)
                if !readingEveryNode, let recorded = Self.recordedEntry(entry, at: serial, creation, positions) {
                    order.append(handle)
                    entries.append(recorded)
                    if entry.step == UInt8(GRADBOOK_STEP_LEAF) {
                        leaves.append((serial, position))
                    } else if entry.step == UInt8(GRADBOOK_STEP_FUNCTION) {
                        unusual.append(handle)
                    }
                    if findingNamedIntermediates, entry.labelled != 0, entry.first_distance != 0 { named.append((serial, position)) }
                    return
                }
                handle._withUnsafeGuaranteedRef { node in
                    if readingEveryNode {
                        node.traversalMark = mark
                        node.traversalIndex = position
                    }
                    noteVisit(node, handle, at: position)
                    entries.append(record(node, at: position))
                }
            }
        } else {
            Node.walk(from: root, mark: mark, oldestSerial: oldestSerial) { node, handle in
                let position = order.count
                node.traversalIndex = position
                noteVisit(node, handle, at: position)
                entries.append(record(node, at: position))
            }
        }
        self.order = order
        self.entries = entries
        unusualSteps = unusual
        // The walk's order is topological but not by creation; nearly so, which the sort is quick at.
        leafPositions = leaves.sorted { $0.serial < $1.serial }.map(\.position)
        if findingNamedIntermediates { namedPositions = named.sorted { $0.serial < $1.serial }.map(\.position) }
        if !stableCandidates.isEmpty { takeStableShortcuts() }
    }

    /// `record(_:at:)` for a node whose step the creation record describes (`GRADBOOK_STEP_*`): a leaf or constant, a
    /// sum, difference or product of two numbers, a negation, or a function of one number, from the node's value and
    /// its inputs' values and positions, without reading the node or its inputs. Nil for anything else, and where the
    /// step needs a closer look: a product with a factor of 0 (`noteLostFactors` reads the factor), a function at its
    /// kink, or a local derivative of 0 (which may stand for a number too small to represent).
    private static func recordedEntry(_ entry: gradbook_creation_entry, at serial: Int, _ creation: borrowing CreationOrder,
                                      _ positions: SerialPositions) -> Entry? {
        guard let step = RecordedStep(entry, at: serial, creation.record) else { return nil }
        guard step.first >= 0 else { return .source }
        return Entry(kind: .scalar, firstInput: Int32(truncatingIfNeeded: positions.position(ofSerial: step.first)),
                     secondInput: step.second >= 0 ? Int32(truncatingIfNeeded: positions.position(ofSerial: step.second)) : -1,
                     firstDerivative: step.firstDerivative, secondDerivative: step.secondDerivative)
    }

    /// The position of `node` in `order`, or nil where it is not part of the tape.
    func position(of node: Node) -> Int? {
        let position: Int
        if let positionsBySerial {
            position = positionsBySerial.position(ofSerial: node.serial)
        } else if node.traversalMark == mark {
            position = node.traversalIndex
        } else {
            return nil
        }
        guard position >= 0, position < order.count, order[position].toOpaque() == Unmanaged.passUnretained(node).toOpaque() else { return nil }
        return position
    }

    /// Where log(1 + exp(u)) and its kin overflowed step by step, sends their gradient straight to u
    /// and removes the steps' own edge to u, so u receives the form's derivative once, not 0·∞.
    private mutating func takeStableShortcuts() {
        // Below, nodes are looked up by mark, which a graph of numbers found by the creation record did not write.
        if positionsBySerial != nil {
            for (position, handle) in order.enumerated() {
                handle._withUnsafeGuaranteedRef { node in
                    node.traversalMark = mark
                    node.traversalIndex = position
                }
            }
        }
        var parents = [Int](repeating: 0, count: order.count)
        for handle in order {
            handle._withUnsafeGuaranteedRef { node in
                for input in node.inputs where input.traversalMark == mark { parents[input.traversalIndex] += 1 }
            }
        }
        for index in stableCandidates {
            let node = order[index].takeUnretainedValue()
            guard let form = node.stableShortcut(parents: { $0.traversalMark == mark ? parents[$0.traversalIndex] : 0 }) else {
                if let form = node.stableForm { sharedBrokenForms.append(form) }
                continue
            }
            guard form.operand.traversalMark == mark else { continue }
            let innermost = form.innermost.traversalIndex
            if entries[innermost].kind == .tensor {
                cutTensorSteps.insert(innermost)
            } else {
                entries[innermost].firstInput = -1
                entries[innermost].firstDerivative = 0
            }
            shortcuts.append(Shortcut(from: index, to: form.operand.traversalIndex, local: form.localDerivatives, form: form))
            for step in form.steps { shortcutSteps.insert(step.traversalIndex) }
        }
    }

    /// A product's local derivative is the other factor's value; where that is 0 only because the factor
    /// rounded to 0 on the way (x*x at x = 1e-200, in (x*x)*x), the 0 is not exact, and the edge carries what
    /// the factor lost (`LostValues`), as an edge whose derivative vanished at an overflow does.
    private mutating func noteLostFactors(_ first: Unmanaged<Node>, _ second: Unmanaged<Node>, at position: Int) {
        // The derivative for the first input is the second's value, and the other way round.
        for (edge, factor) in [(0, second), (1, first)] {
            let bound = factor._withUnsafeGuaranteedRef { factor in
                guard factor.value == 0 else { return -Double.infinity }
                if lostParts == nil { lostParts = LostPartMemo() }
                return LostValues.log2BoundOfLostPart(of: factor, memo: lostParts.unsafelyUnwrapped)
            }
            if bound > -.infinity { vanishingEdges[2 * position + edge] = bound }
        }
    }

    /// An input's position in `order`, or -1 for an input the walk left out (older than its cut-off).
    private func position(of input: Unmanaged<Node>) -> Int32 {
        input._withUnsafeGuaranteedRef { input in
            if let positionsBySerial { return Int32(truncatingIfNeeded: positionsBySerial.position(ofSerial: input.serial)) }
            return input.traversalMark == mark ? Int32(input.traversalIndex) : -1
        }
    }

    /// What the sweep needs of `node`, at `position` in `order`; its inputs are recorded already.
    private mutating func record(_ node: Node, at position: Int) -> Entry {
        let count = Int(node.inputCount)
        guard !node.dependsOnTensors, count > 0, count <= 2 else {
            if node.scalarRule == .log, node.stableForm?.stepsBreak == true { stableCandidates.append(position) }
            return node.dependsOnTensors && count > 0 ? Entry(kind: .tensor, firstInput: -1, secondInput: -1, firstDerivative: 0, secondDerivative: 0) : .source
        }
        let first = node.unretainedInput(0)
        let second = count > 1 ? node.unretainedInput(1) : first
        let x = first._withUnsafeGuaranteedRef { $0.value }
        let y = count > 1 ? second._withUnsafeGuaranteedRef { $0.value } : 0
        // The common operations without reading the operation itself (an enum with payloads, copied out of
        // the node): what `Arithmetic.derivative` gives for them, which is never a vanished 0 nor at a kink.
        let rule = node.scalarRule
        if rule == .add || rule == .subtract || rule == .multiply, count == 2 {
            if rule == .multiply, x == 0 || y == 0 { noteLostFactors(first, second, at: position) }
            return Entry(kind: .scalar, firstInput: self.position(of: first), secondInput: self.position(of: second),
                         firstDerivative: rule == .multiply ? y : 1,
                         secondDerivative: rule == .multiply ? x : rule == .add ? 1 : -1)
        }
        if rule == .negate, count == 1 {
            return Entry(kind: .scalar, firstInput: self.position(of: first), secondInput: -1, firstDerivative: -1, secondDerivative: 0)
        }
        if rule == .log, node.stableForm?.stepsBreak == true { stableCandidates.append(position) }
        let operation = node.operation
        var exponentIsConstant = false
        var kind = Kind.scalar
        switch operation {
        case .power: exponentIsConstant = second._withUnsafeGuaranteedRef { $0.operation == .constant }
        case .function(let function): if function.hasKinkAtZero, x == 0 { kind = .scalarAtKink }
        case .maximum, .minimum: if x == y { kind = .scalarAtKink }
        default: break
        }
        var entry = Entry(kind: kind, firstInput: self.position(of: first), secondInput: -1, firstDerivative: 0, secondDerivative: 0)
        entry.firstDerivative = operation.elementDerivative(withRespectTo: 0, x: x, y: y, output: node.value, exponentIsConstant: exponentIsConstant)
        // A 0 that is not exact (a limit at an infinite input, or an underflow) is followed as a lost part.
        if entry.firstDerivative == 0, let bound = operation.log2BoundOfZeroDerivative(
            withRespectTo: 0, x: x, y: y, inputCount: count, exponentIsConstant: exponentIsConstant) {
            vanishingEdges[2 * position] = bound
        }
        if count > 1 {
            entry.secondInput = self.position(of: second)
            entry.secondDerivative = operation.elementDerivative(withRespectTo: 1, x: x, y: y, output: node.value, exponentIsConstant: exponentIsConstant)
            if entry.secondDerivative == 0, let bound = operation.log2BoundOfZeroDerivative(
                withRespectTo: 1, x: x, y: y, inputCount: count, exponentIsConstant: exponentIsConstant) {
                vanishingEdges[2 * position + 1] = bound
            }
        }
        return entry
    }
}

/// Positions in a tape's `order` by serial, for a graph visited in creation order (-1: not in the graph). Written while
/// the tape is made, and only read afterwards.
final class SerialPositions: @unchecked Sendable {
    /// The newest serial in the graph, and how many serials below it the table covers.
    let top: Int
    let span: Int
    /// By offset below `top`; nil where every serial of the span is in the graph, at `span - 1 - offset`.
    private let positions: UnsafeMutablePointer<Int32>?

    /// A table to `set`, each serial not in the graph until set.
    init(top: Int, span: Int) {
        self.top = top
        self.span = span
        let table = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(span, 1))
        table.initialize(repeating: -1, count: Swift.max(span, 1))
        positions = table
    }

    /// Every serial from `top - span + 1` to `top` in the graph, in order: no table.
    init(everySerialBelow top: Int, span: Int) {
        self.top = top
        self.span = span
        positions = nil
    }

    deinit { positions?.deallocate() }

    @inline(__always)
    func set(_ serial: Int, _ position: Int) {
        positions.unsafelyUnwrapped[top - serial] = Int32(truncatingIfNeeded: position)
    }

    @inline(__always)
    func position(ofSerial serial: Int) -> Int {
        let offset = top - serial
        guard offset >= 0, offset < span else { return -1 }
        guard let positions else { return span - 1 - offset }
        return Int(positions[offset])
    }
}
