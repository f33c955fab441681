// One node of a computation graph: the operation, its inputs and the value it produced.

import CCreationRecord
import CMatrixKernels
import Foundation
import Synchronization

/// Hands out creation serials. Inputs are always created before the node that uses them, so sorting
/// by serial is a topological order; the counter is only an identity source, never read as state.
private let serials = Atomic<Int>(0)

/// Hands out a fresh mark for each traversal (see `Node.traversalMark`).
private let traversalMarks = Atomic<Int>(0)

/// The serial the most recently created node got (`Node.latestSerial`).
func currentSerial() -> Int { serials.load(ordering: .relaxed) }

/// What `estimatedBytes` counts for a node itself (its object and side object, and its entry in the creation record,
/// CreationRecord.h), and for one with at most two inputs and no elements, or more. (A plain node's object takes 112
/// bytes and its entry 32.)
let bytesOfNodeObject = 160
let bytesOfPlainNode = bytesOfNodeObject + 2 * 8

/// The bytes past `bytesOfPlainNode` that the nodes made so far stand for (a third input and more, a tensor's
/// elements): only such nodes add here, as the serials already count the nodes. A second atomic add for every
/// number a loop made cost a few percent of making it.
private let extraBytesMade = Atomic<Int>(0)

/// At least the bytes every node made so far stands for (`estimatedBytes` summed): what a long `repeat` compares
/// with its budget to know that its history cannot have outgrown it yet (`RepeatHistory`). Never less, so a loop
/// measures no later than it must; a number with fewer than two inputs counts a few bytes more than it holds.
func estimatedBytesMade() -> Int { bytesOfPlainNode * currentSerial() + extraBytesMade.load(ordering: .relaxed) }

extension Node {
    /// A mark no traversal has used before.
    static func freshTraversalMark() -> Int {
        traversalMarks.add(1, ordering: .relaxed).newValue
    }
}

/// What builds, when asked, the graph of a value that was shown before it was built (`DeferredGradient`, which
/// the folders above this one define).
protocol GraphToBuild: AnyObject, Sendable {}

/// A value together with how it was computed (micrograd's `Value`).
///
/// Every number gradbook computes is a `Node`. Its `inputs` point at the nodes it was computed from, so
/// backpropagation can walk back to the leaves and symbolic differentiation can read the formula. A node
/// that depends on a free symbol has no number (`isSymbolic`) and is shown as a formula.
///
/// Nodes are immutable once built. Graphs can be a million nodes deep (`a = a + a` repeated), so every
/// traversal is iterative and `deinit` releases chains without recursion.
public final class Node: @unchecked Sendable {
    /// What a node computes from its inputs.
    public enum Operation: Sendable, Equatable, Hashable {
        /// A number typed in the source (or folded from numbers only).
        case constant
        /// A named value the gradient flows to: `x = -4`.
        case leaf(String)
        /// A name with no value: `a` in `a*x^2` while `a` is unbound.
        case freeSymbol(String)
        /// Elementwise, with broadcasting when an input is a vector or matrix.
        case add, subtract, multiply, divide, power, negate
        /// The larger and the smaller of two, element by element (`max(v, 0)`, `min(a, b)`); at a tie the
        /// first is taken, and so is the gradient.
        case maximum, minimum
        case function(MathFunction)
        /// `a @ b`: matrix product (a vector acts as a row on the left, a column on the right).
        case matrixProduct
        case transpose
        /// `[a, b, c]`: numbers into a vector, or vectors (rows) into a matrix.
        case stack
        /// Reductions over everything (`axis == nil`) or along dimension 1 (down the columns) or 2 (along rows).
        case sum(axis: Int?)
        case mean(axis: Int?)
        case max(axis: Int?)
        /// Softmax and its logarithm, over a vector or along each row of a matrix.
        case softmax, logSoftmax
        /// `v[i]`, `W[i, j]`, `W[i, :]`, `v[2:4]`: the elements picked (0-based, resolved by the evaluator).
        /// Boxed: its 33 bytes inline made every node's operation 40 bytes, and a large pass reads every node.
        indirect case select(Selection)
    }

    // The fields a large traversal or backward pass reads come first, so they share a cache line, and the
    // rare ones live in a side object (`Extras`): a 100,000-node pass is bound by memory, not arithmetic, and
    // a node of 112 bytes (it once took 192) leaves that much less for the walk to fetch.

    /// The first two inputs, stored in the node itself: nearly every node has one or two, and an array of
    /// them was a second allocation for every node a statement makes. `var` only so `deinit` can dismantle
    /// long chains.
    private(set) var firstInput: Node?
    private(set) var secondInput: Node?
    /// Scratch space for traversals: which traversal last visited the node, and the node's position
    /// in that traversal's order. It saves hashing every node of a 100,000-node graph; a traversal
    /// trusts `traversalIndex` only while `traversalMark` is its own mark. Traversals of one graph must
    /// not run on two threads at once (a session evaluates on one thread at a time).
    var traversalMark = 0
    var traversalIndex: Int {
        get { Int(storedTraversalIndex) }
        set { storedTraversalIndex = Int32(truncatingIfNeeded: newValue) }
    }
    /// (No graph has 2^31 nodes: four bytes keep `inputCount` on the walk's cache line.)
    private var storedTraversalIndex: Int32 = 0
    /// `inputs.count`, likewise kept in the node.
    let inputCount: Int32
    /// The value of a scalar; NaN for a tensor and when `isSymbolic`.
    public let value: Double
    /// Creation order: every input has a smaller serial than the node using it. (Here, beside the inputs:
    /// a walk reads it for every input it meets.)
    public let serial: Int
    public let operation: Operation
    /// The operation in one byte, for the backward tape's common cases (`ScalarRule`).
    let scalarRule: ScalarRule
    /// The facts fixed at creation below, one bit each (`Flag`). With the operation's 17 bytes, separate booleans
    /// made a node 120 bytes, which malloc rounds to 128; packed, it is 104 and takes 112: an eighth less memory
    /// to zero and fetch for every node a loop or a backward pass makes. (A `let`: reading a stored `var` of a
    /// class is checked for exclusive access each time, which cost more than the memory saved.)
    private let flags: UInt8
    /// Whether the node has any of the rare fields (`extras`), so a walk over many nodes can skip reading them.
    private(set) var hasExtras: Bool
    /// Set when the node is bound to its own name (`y = 1` binds the leaf y; `h = relu(z)` the node labelled
    /// h): `BoundNodes` keeps that here rather than in its table, which every statement of a script paid for.
    var wasBoundUnderItsName = false
    /// The label's number (`LabelNames`), 0 for none: in two bytes the layout leaves free here, so labelling
    /// the intermediates of a loop allocates nothing. (A label that found the table full is in `extras`.)
    private var labelNumber: UInt16 = 0
    /// The cell that created the node, or -1 (`cell`).
    private let cellNumber: Int32
    /// `newestDroppedHistory`, as its distance below `serial` plus one (0: none), in four bytes: a distance past
    /// 2^32 is stored as that, which makes the leaf seem newer than it is, so a derivative checks what was
    /// dropped when it need not, never the other way round.
    private let droppedHistoryDistance: UInt32

    private struct Flag {
        static let dependsOnTensors: UInt8 = 1 << 0
        static let isTensor: UInt8 = 1 << 1
        static let isSymbolic: UInt8 = 1 << 2
        static let dependsOnNames: UInt8 = 1 << 3
        static let graphMayHaveLostParts: UInt8 = 1 << 4
    }

    /// Whether a vector or matrix takes part anywhere in the graph.
    public var dependsOnTensors: Bool { flags & Flag.dependsOnTensors != 0 }
    /// Whether this is a vector or matrix rather than a number.
    public var isTensor: Bool { flags & Flag.isTensor != 0 }
    /// Whether the value depends on a free symbol, so only a formula can be shown.
    public var isSymbolic: Bool { flags & Flag.isSymbolic != 0 }
    /// Whether the graph holds a leaf or free symbol (false: it was computed from numbers alone).
    public var dependsOnNames: Bool { flags & Flag.dependsOnNames != 0 }
    /// Whether a number on the way to this value, or the value itself, was too large for a double (inf, nan)
    /// or rounded to 0 or a subnormal from nonzero inputs: only then can the value have lost a part of
    /// itself (`LostValues`), so only then is it looked into.
    public var graphMayHaveLostParts: Bool { flags & Flag.graphMayHaveLostParts != 0 }
    /// The serial of the newest leaf in the graph whose history a long `repeat` dropped (`Int.min` if none):
    /// a derivative with respect to nodes newer than it cannot need what was dropped, which saves a walk per
    /// `grad` in a long loop.
    public var newestDroppedHistory: Int {
        droppedHistoryDistance == 0 ? .min : serial - (Int(droppedHistoryDistance) - 1)
    }
    /// What few nodes have: a shape, more than two inputs, a label, dropped history (nil for most numbers).
    private var extras: Extras?

    /// The fields most nodes do not need, kept out of the node itself.
    private final class Extras {
        var otherInputs: [Node] = []
        var shape: [Int] = []
        var tensor: Tensor?
        var label: String?
        var droppedHistory: DroppedHistory?
        var graphToBuild: (any GraphToBuild)?
    }

    /// Inputs past the second (`[a, b, c]` stacks more), in order; empty for nearly every node.
    private var otherInputs: [Node] { extras?.otherInputs ?? [] }
    /// The nodes this one was computed from, in order, read from the node without making an array.
    public var inputs: Inputs { Inputs(node: self) }
    /// `[]` for a number, `[n]` for a vector, `[rows, columns]` for a matrix.
    public var shape: [Int] { isTensor ? extras.unsafelyUnwrapped.shape : [] }
    /// A vector's or matrix's elements (nil for numbers, and when `isSymbolic`).
    public var tensor: Tensor? { isTensor ? extras.unsafelyUnwrapped.tensor : nil }
    /// The binding name of an intermediate result (`h` in `h = relu(z*z)`), shown in tables and formulas.
    public var label: String? {
        if labelNumber != 0 { return LabelNames.name(labelNumber) }
        return hasExtras ? extras?.label : nil
    }
    /// Whether the node has a label, without looking the name up.
    var hasLabel: Bool { labelNumber != 0 || (hasExtras && extras?.label != nil) }
    /// The label's number (`LabelNames`), or 0: nodes with the same nonzero number have the same label, which a
    /// walk past thousands of a loop's values can compare without looking the name up each time.
    var labelKey: UInt16 { labelNumber }
    /// The cell that created the node, if known (for messages about stale values).
    public var cell: Int? { cellNumber >= 0 ? Int(cellNumber) : nil }
    /// Set on a value shown before its graph was built (a top-level `grad`'s, `DeferredGradient`): what builds it.
    var graphToBuild: (any GraphToBuild)? { hasExtras ? extras?.graphToBuild : nil }

    /// Marks the node as standing for a graph `builder` builds when asked (a node just made, not yet shared).
    func attach(_ builder: any GraphToBuild) {
        if extras == nil { (extras, hasExtras) = (Extras(), true) }
        extras.unsafelyUnwrapped.graphToBuild = builder
    }

    /// Set on a leaf that stands for a value whose history a long `repeat` dropped (`DroppedHistory.swift`).
    public var droppedHistory: DroppedHistory? { extras?.droppedHistory }
    /// Whether such a leaf lies anywhere in the graph, so derivatives know when to check what was dropped.
    public var reachesDroppedHistory: Bool { droppedHistoryDistance != 0 }

    convenience init(_ operation: Operation, inputs: [Node], value: Double, isSymbolic: Bool, cell: Int?,
                     shape: [Int] = [], tensor: Tensor? = nil, droppedHistory: DroppedHistory? = nil) {
        self.init(operation, first: inputs.first, second: inputs.count > 1 ? inputs[1] : nil,
                  others: inputs.count > 2 ? Array(inputs[2...]) : [], value: value, isSymbolic: isSymbolic, cell: cell,
                  shape: shape, tensor: tensor, droppedHistory: droppedHistory)
    }

    // (Inlined: out of line, every node paid for passing its inputs in and out, a tenth more instructions.)
    @inline(__always)
    init(_ operation: Operation, first: Node?, second: Node?, others: [Node] = [], value: Double, isSymbolic: Bool,
         cell: Int?, shape: [Int] = [], tensor: Tensor? = nil, droppedHistory: DroppedHistory? = nil) {
        self.operation = operation
        scalarRule = ScalarRule(operation)
        firstInput = first
        secondInput = second
        inputCount = Int32(first == nil ? 0 : second == nil ? 1 : 2 + others.count)
        self.value = value
        let isTensor = !shape.isEmpty
        var hasExtras = false
        if !others.isEmpty || !shape.isEmpty || tensor != nil || droppedHistory != nil {
            let extras = Extras()
            extras.otherInputs = others
            extras.shape = shape
            extras.tensor = tensor
            extras.droppedHistory = droppedHistory
            self.extras = extras
            hasExtras = true
        }
        cellNumber = cell.map { Int32(clamping: $0) } ?? -1
        let dependsOnNames: Bool
        switch operation {
        case .leaf, .freeSymbol: dependsOnNames = true
        default:
            dependsOnNames = first?.dependsOnNames == true || second?.dependsOnNames == true || others.contains { $0.dependsOnNames }
        }
        let dependsOnTensors = !shape.isEmpty || first?.dependsOnTensors == true || second?.dependsOnTensors == true
            || others.contains { $0.dependsOnTensors }
        // (Plain tests, no closures: this runs for every node, a `y = 1` statement's included.)
        var mayHaveLostParts = false
        if let first { mayHaveLostParts = first.graphMayHaveLostParts }
        if !mayHaveLostParts, let second { mayHaveLostParts = second.graphMayHaveLostParts }
        if !mayHaveLostParts, !others.isEmpty { mayHaveLostParts = others.contains { $0.graphMayHaveLostParts } }
        if !mayHaveLostParts, !isSymbolic, !value.isNormal {
            if let tensor {
                // (Zeros are common in vectors and matrices; only where a step can round a nonzero result to 0.)
                // In one vectorised pass (C): a scan per step made a loop over a 100×100 matrix 10% slower.
                var notFinite: Int32 = 0, notNormal: Int32 = 0
                tensor.elements.withUnsafeBufferPointer { elements in
                    if let base = elements.baseAddress { gradbook_scan_elements(base, elements.count, &notFinite, &notNormal) }
                }
                mayHaveLostParts = notFinite != 0 || (operation.canRoundToZero && notNormal != 0)
            } else if !value.isFinite {
                mayHaveLostParts = true
            } else if let first, first.value != 0 {
                mayHaveLostParts = true
            } else if let second, second.value != 0 {
                mayHaveLostParts = true
            }
        }
        var flags: UInt8 = 0
        if dependsOnTensors { flags |= Flag.dependsOnTensors }
        if isTensor { flags |= Flag.isTensor }
        if isSymbolic { flags |= Flag.isSymbolic }
        if dependsOnNames { flags |= Flag.dependsOnNames }
        if mayHaveLostParts { flags |= Flag.graphMayHaveLostParts }
        self.flags = flags
        self.hasExtras = hasExtras
        let serial = serials.add(1, ordering: .relaxed).newValue
        self.serial = serial
        // (The test first: only a free symbol is symbolic with no inputs.)
        if isSymbolic, first == nil, case .freeSymbol(let name) = operation { FreeSymbolRecord.note(name, serial: serial) }
        // (What `estimatedBytes` counts past `bytesOfPlainNode`, without reading the node back.)
        if inputCount > 2 || tensor != nil {
            extraBytesMade.add(8 * Swift.max(0, Int(inputCount) - 2) + 8 * (tensor?.elements.count ?? 0), ordering: .relaxed)
        }
        let newest = droppedHistory != nil ? serial
            : others.reduce(Swift.max(first?.newestDroppedHistory ?? .min, second?.newestDroppedHistory ?? .min)) { Swift.max($0, $1.newestDroppedHistory) }
        droppedHistoryDistance = newest == .min ? 0 : UInt32(clamping: Swift.min(serial - newest, Int(UInt32.max) - 1) + 1)
        noteCreation(first: first, second: second, others: others)
    }

    /// A number typed in the source.
    public static func constant(_ value: Double, cell: Int? = nil) -> Node {
        Node(.constant, first: nil, second: nil, value: value, isSymbolic: false, cell: cell)
    }

    /// A named leaf holding `value`: what `x = -4` creates.
    public static func leaf(_ name: String, value: Double, cell: Int? = nil) -> Node {
        Node(.leaf(name), first: nil, second: nil, value: value, isSymbolic: false, cell: cell)
    }

    /// A vector or matrix typed or made from numbers alone.
    public static func constant(_ tensor: Tensor, cell: Int? = nil) -> Node {
        Node(.constant, inputs: [], value: .nan, isSymbolic: false, cell: cell, shape: tensor.shape, tensor: tensor)
    }

    /// A named vector or matrix the gradient flows to: what `W = randn(3, 2)` creates.
    public static func leaf(_ name: String, tensor: Tensor, cell: Int? = nil) -> Node {
        Node(.leaf(name), inputs: [], value: .nan, isSymbolic: false, cell: cell, shape: tensor.shape, tensor: tensor)
    }

    /// A free symbol: a name with no value.
    public static func freeSymbol(_ name: String, cell: Int? = nil) -> Node {
        Node(.freeSymbol(name), inputs: [], value: .nan, isSymbolic: true, cell: cell)
    }

    /// The node computing `operation` on `inputs`, with its value worked out now (forward pass).
    ///
    /// The shapes must fit (the evaluator checks them first with `Shapes.result(of:_:)`).
    public static func make(_ operation: Operation, _ inputs: [Node], cell: Int? = nil) -> Node {
        let isSymbolic = inputs.contains { $0.isSymbolic }
        // Numbers through anything but log, the usual case: no stable form to look for. Looking (an optional
        // tuple) cost a run-time type lookup per node.
        if operation.isElementwise, !operation.isLog, !inputs.contains(where: \.isTensor) {
            let complement = isSymbolic || operation != .subtract ? nil : Node.stableComplement(inputs[0], inputs[1])
            let value = isSymbolic ? .nan : complement ?? operation.apply(inputs[0].value, inputs.count > 1 ? inputs[1].value : .nan)
            return Node(operation, inputs: inputs, value: value, isSymbolic: isSymbolic, cell: cell)
        }
        // log(1 + exp(u)) and its kin: the value from u in one stable step (Node+StableForms.swift).
        let stable = isSymbolic ? nil : StableForm.match(operation, inputs)
        if !inputs.contains(where: \.isTensor), operation.isElementwise {
            let value = isSymbolic ? .nan
                : stable.map { $0.kind.value($0.operand.elements)[0] } ?? operation.apply(inputs[0].value, inputs.count > 1 ? inputs[1].value : .nan)
            return Node(operation, inputs: inputs, value: value, isSymbolic: isSymbolic, cell: cell)
        }
        let shape = Shapes.shape(of: operation, inputs.map(\.shape)) ?? []
        if isSymbolic {
            return Node(operation, inputs: inputs, value: .nan, isSymbolic: true, cell: cell, shape: shape)
        }
        if let stable {
            let elements = stable.kind.value(stable.operand.elements)
            let tensor = shape.isEmpty ? nil : Tensor(shape: shape, elements: elements)
            return Node(operation, inputs: inputs, value: shape.isEmpty ? elements[0] : .nan, isSymbolic: false, cell: cell, shape: shape, tensor: tensor)
        }
        if operation == .subtract, inputs.count == 2, let elements = Node.stableComplementElements(inputs[0], inputs[1]) {
            return Node(operation, inputs: inputs, value: .nan, isSymbolic: false, cell: cell, shape: shape, tensor: Tensor(shape: shape, elements: elements))
        }
        let result = TensorForward.apply(operation, inputs, shape: shape)
        return Node(operation, inputs: inputs, value: result.value, isSymbolic: false, cell: cell, shape: shape, tensor: result.tensor)
    }

    /// `make(operation, [a, b])` without the array: for two numbers through anything but log (no stable form
    /// to look for), the node is built directly.
    static func make(_ operation: Operation, _ a: Node, _ b: Node, cell: Int? = nil) -> Node {
        guard operation.isElementwise, !operation.isLog, !a.isTensor, !b.isTensor else { return make(operation, [a, b], cell: cell) }
        let isSymbolic = a.isSymbolic || b.isSymbolic
        // 1 - sigmoid(u) keeps its digits (Node+StableForms.swift).
        let complement = isSymbolic || operation != .subtract ? nil : Node.stableComplement(a, b)
        let value = isSymbolic ? .nan : complement ?? operation.apply(a.value, b.value)
        return Node(operation, first: a, second: b, value: value, isSymbolic: isSymbolic, cell: cell)
    }

    /// `make(operation, [a])` without the array, likewise.
    static func make(_ operation: Operation, _ a: Node, cell: Int? = nil) -> Node {
        guard operation.isElementwise, !operation.isLog, !a.isTensor else { return make(operation, [a], cell: cell) }
        let value = a.isSymbolic ? .nan : operation.apply(a.value, .nan)
        return Node(operation, first: a, second: nil, value: value, isSymbolic: a.isSymbolic, cell: cell)
    }

    /// The elements of a tensor, or the value of a scalar as a one-element array.
    var elements: [Double] { tensor?.elements ?? [value] }

    /// Names an intermediate result after the binding that holds it (the first name sticks).
    func labelIfUnnamed(_ name: String) {
        switch operation {
        case .constant, .leaf, .freeSymbol: return
        default:
            guard !hasLabel else { return }
            gradbook_note_label(Int64(serial))
            if let number = LabelNames.number(for: name) {
                labelNumber = number
                return
            }
            if extras == nil { (extras, hasExtras) = (Extras(), true) }
            extras.unsafelyUnwrapped.label = name
        }
    }

    /// `labelIfUnnamed` with the name's number already looked up (`LabelNames.number(for:)`): a loop labels
    /// every value it makes with the same name.
    func labelIfUnnamed(number: UInt16) {
        switch operation {
        case .constant, .leaf, .freeSymbol: return
        default:
            guard !hasLabel else { return }
            labelNumber = number
            gradbook_note_label(Int64(serial))
        }
    }

    /// The name shown for this node: a leaf's or free symbol's own name, else its binding label.
    public var name: String? {
        switch operation {
        case .leaf(let name), .freeSymbol(let name): return name
        default: return label
        }
    }

    /// Whether this node is a leaf (a named value with no inputs).
    public var isLeaf: Bool {
        if case .leaf = operation { return true }
        return false
    }

    deinit {
        gradbook_note_death(Int64(serial))
        // Releasing a long chain recursively would overflow the stack (TOOLCHAIN.md §6): take over the inputs
        // that nothing else holds, and release them one by one, each after taking over its own.
        guard firstInput != nil || secondInput != nil || extras?.otherInputs.isEmpty == false else { return }
        var pending: [Node] = []
        takeInputs(into: &pending)
        while let node = pending.popLast() {
            node.takeInputs(into: &pending)
        }
    }

    /// Detaches the inputs, keeping in `pending` those this node held the last reference to and that have
    /// inputs of their own (a leaf or constant is simply released: it has nothing to dismantle).
    private func takeInputs(into pending: inout [Node]) {
        if var first = firstInput {
            firstInput = nil
            if first.inputCount > 0, isKnownUniquelyReferenced(&first) { pending.append(first) }
        }
        if var second = secondInput {
            secondInput = nil
            if second.inputCount > 0, isKnownUniquelyReferenced(&second) { pending.append(second) }
        }
        guard let extras, !extras.otherInputs.isEmpty else { return }
        var others: [Node] = []
        swap(&others, &extras.otherInputs)
        while var node = others.popLast() {
            if node.inputCount > 0, isKnownUniquelyReferenced(&node) { pending.append(node) }
        }
    }

    /// A node's inputs as a collection, read from the node itself (no array is made).
    public struct Inputs: RandomAccessCollection, Sendable {
        let node: Node
        public var startIndex: Int { 0 }
        public var endIndex: Int { Int(node.inputCount) }
        public subscript(position: Int) -> Node {
            switch position {
            case 0: return node.firstInput.unsafelyUnwrapped
            case 1: return node.secondInput.unsafelyUnwrapped
            default: return node.otherInputs[position - 2]
            }
        }
    }
}

extension Node {
    /// The operations whose local derivatives the backward tape writes down without asking `Operation`: the
    /// bulk of a large scalar graph. Their derivatives are never a vanished 0 and have no kink.
    enum ScalarRule: UInt8 {
        case add, subtract, multiply, negate
        /// `log`, the one operation that may complete a stable form.
        case log
        case other

        init(_ operation: Operation) {
            switch operation {
            case .add: self = .add
            case .subtract: self = .subtract
            case .multiply: self = .multiply
            case .negate: self = .negate
            case .function(.log): self = .log
            default: self = .other
            }
        }
    }

    /// ∂self/∂inputs[position], from the inputs' values and this node's own (backprop's local rule).
    ///
    /// For u^v: ∂/∂u = v·u^(v-1) and ∂/∂v = u^v·log(u); the latter is taken as 0 when the exponent is a
    /// constant, so x^2 at x = -1 does not produce log(-1).
    func localDerivative(withRespectTo position: Int) -> Double {
        // (Inputs read unretained: a long loop's grad asks this of every step.)
        let hasSecond = inputCount > 1
        return operation.elementDerivative(
            withRespectTo: position, x: unretainedInput(0)._withUnsafeGuaranteedRef { $0.value },
            y: hasSecond ? unretainedInput(1)._withUnsafeGuaranteedRef { $0.value } : 0, output: value,
            exponentIsConstant: hasSecond && unretainedInput(1)._withUnsafeGuaranteedRef { $0.operation == .constant })
    }
}

extension Node.Operation {
    /// ∂out/∂input[position] of an elementwise operation at one element: inputs x (and y), output out.
    @inline(__always)
    func elementDerivative(withRespectTo position: Int, x: Double, y: Double, output: Double, exponentIsConstant: Bool) -> Double {
        switch self {
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.derivative(self, withRespectTo: position, x: x, y: y, output: output,
                                         exponentIsConstant: exponentIsConstant)
        case .function(let function): return function.derivative(at: x, value: output)
        // The sum, mean or maximum of one number is that number (a loss over a single example).
        case .sum, .mean, .max: return 1
        default: return 0
        }
    }
}

extension Node.Operation {
    /// Whether a local derivative of 0 is only a limit because an input is infinite (log'(u) = 1/u at
    /// u = inf, a quotient's 1/b at b = inf), rather than exact (a relu that is off, a factor that is 0).
    /// Such a 0 stands for a number too small to represent; met by an infinite local derivative further
    /// back (exp'(1000)) it makes 0·∞, which has no value, so backprop passes nan there, not 0.
    func derivativeVanishesAtInfinity(x: Double, y: Double, inputCount: Int) -> Bool {
        guard x.isInfinite || (inputCount > 1 && y.isInfinite) else { return false }
        switch self {
        case .add, .subtract, .negate, .multiply, .maximum, .minimum: return false
        case .function(let function): return !function.hasKinkAtZero
        default: return true
        }
    }

    /// log2 of a bound on the size of a local derivative that `elementDerivative` gives as 0 at an infinite
    /// input (`derivativeVanishesAtInfinity`): the derivative at the largest finite number instead, since
    /// beyond it these derivatives only shrink (1/u, 0.5/sqrt(u), y·u^(y-1) for y < 1). Where even that
    /// underflows (a/b² at b near 1e308), -1022: no such derivative here is larger than 2^-1022 there.
    func log2BoundOfVanishedDerivative(withRespectTo position: Int, x: Double, y: Double, exponentIsConstant: Bool) -> Double {
        let largest = Double.greatestFiniteMagnitude
        let x = x.isInfinite ? (x < 0 ? -largest : largest) : x
        let y = y.isInfinite ? (y < 0 ? -largest : largest) : y
        let derivative = elementDerivative(withRespectTo: position, x: x, y: y, output: apply(x, y), exponentIsConstant: exponentIsConstant)
        guard derivative.isFinite else { return .infinity }
        return derivative == 0 ? -1022 : log2(Swift.abs(derivative))
    }

    /// log2 of a bound on a local derivative that `elementDerivative` gave as 0 though it is not 0, or nil when the
    /// 0 is exact (a relu that is off, x^2 at x = 0, a constant exponent's own derivative). Such a 0 is either a
    /// limit at an infinite input (`derivativeVanishesAtInfinity`) or an underflow at finite ones: exp'(-800) is
    /// 3.6e-348, 3x^2 at x = 1e-200 is 3e-400 and -a/b^2 at b = 1e200 is -a·1e-400, each too small for a double.
    /// The chain rule can make such a part large again (1e300*exp(x) at x = -800 has the slope 3.6e-48), so the
    /// backward passes follow it as a lost part (`LostGradients`) rather than as an exact 0.
    func log2BoundOfZeroDerivative(withRespectTo position: Int, x: Double, y: Double, inputCount: Int, exponentIsConstant: Bool) -> Double? {
        if derivativeVanishesAtInfinity(x: x, y: y, inputCount: inputCount) {
            return log2BoundOfVanishedDerivative(withRespectTo: position, x: x, y: y, exponentIsConstant: exponentIsConstant)
        }
        guard x.isFinite, inputCount < 2 || y.isFinite else { return nil }
        return log2BoundOfUnderflowedDerivative(withRespectTo: position, x: x, y: y, exponentIsConstant: exponentIsConstant)
    }

    /// log2 of the size of a local derivative that underflowed to 0 at finite inputs, worked out in logarithms
    /// (with a factor's worth of slack where the derivative is a bound, not a formula); nil where its 0 is exact.
    private func log2BoundOfUnderflowedDerivative(withRespectTo position: Int, x: Double, y: Double, exponentIsConstant: Bool) -> Double? {
        let log2e = 1.4426950408889634
        switch self {
        case .divide:
            // ∂(x/y)/∂y = -x/y² (∂/∂x = 1/y is never 0 at a finite y).
            guard position == 1, x != 0, y != 0 else { return nil }
            return Foundation.log2(Swift.abs(x)) - 2 * Foundation.log2(Swift.abs(y))
        case .power:
            if position == 0 {
                // y·x^(y-1): exactly 0 for y = 0, and for x = 0 with y > 1.
                guard y != 0, x != 0 else { return nil }
                return Foundation.log2(Swift.abs(y)) + (y - 1) * Foundation.log2(Swift.abs(x))
            }
            // x^y·log(x): exactly 0 where log(x) is (x = 1), x is 0, or the exponent is a constant.
            guard !exponentIsConstant, x != 0, x != 1 else { return nil }
            let logX = Foundation.log(Swift.abs(x))
            return y * Foundation.log2(Swift.abs(x)) + Foundation.log2(Swift.abs(logX))
        case .function(let function):
            switch function {
            case .exp, .expm1: return x * log2e
            case .elu: return x < 0 ? x * log2e : nil
            case .softplus: return x < 0 ? x * log2e : nil
            case .sigmoid: return -Swift.abs(x) * log2e
            case .erf, .erfc: return 0.17 - x * x * log2e  // (2/√π)·e^(-x²)
            case .gelu: return Foundation.log2(Swift.abs(x) + 1) - 1.32 - x * x / 2 * log2e  // ≤ (|x| + 1)·φ(x)
            case .atan: return -2 * Foundation.log2(Swift.abs(x))  // 1/(1 + x²) with x² overflowed
            case .log10: return -Foundation.log2(Swift.abs(x)) - 1.2  // 1/(x·ln 10) with x·ln 10 overflowed
            // tanh' = 1 - tanh² is 0 where tanh rounds to ±1 (x past about 19), a cancellation, not an underflow: a
            // saturated tanh passes 0, as frameworks do, and check says that 0 is rounded (RoundedZero).
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Whether the operation can round a result that is not 0 to 0 or a subnormal (a product, quotient or power
    /// of nonzero numbers, exp, sigmoid): where such a result is one, part of the true value is lost (`LostValues`).
    var canRoundToZero: Bool {
        switch self {
        case .multiply, .divide, .power, .function(.exp), .function(.sigmoid): return true
        default: return false
        }
    }

    /// Whether this is `log`, the one operation that may complete a stable form (`StableForm.match`).
    var isLog: Bool {
        if case .function(.log) = self { return true }
        return false
    }

    /// Whether the operation works element by element (scalar rules, broadcast over tensors).
    var isElementwise: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .power, .negate, .function, .maximum, .minimum: return true
        default: return false
        }
    }

    /// The forward rule for numbers of a one- or two-input operation, without an array per node.
    func apply(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum: return Arithmetic.value(self, x, y)
        case .function(let function): return function(x)
        default: return apply(to: [x, y])
        }
    }

    /// The forward rule for numbers: the operation's value given its inputs' values.
    func apply(to x: [Double]) -> Double {
        switch self {
        case .constant, .leaf, .freeSymbol, .matrixProduct, .transpose, .stack, .sum, .mean, .max, .softmax,
             .logSoftmax, .select:
            return .nan
        case .add, .subtract, .multiply, .divide, .power, .negate, .maximum, .minimum:
            return Arithmetic.value(self, x[0], x.count > 1 ? x[1] : 0)
        case .function(let function): return function(x[0])
        }
    }

    /// How the operation reads in messages: `+`, `log`.
    public var symbol: String {
        switch self {
        case .constant: return "number"
        case .leaf(let name), .freeSymbol(let name): return name
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .power: return "^"
        case .negate: return "-"
        case .maximum: return "max"
        case .minimum: return "min"
        case .function(let function): return function.rawValue
        case .matrixProduct: return "@"
        case .transpose: return "transpose"
        case .stack: return "[…]"
        case .sum: return "sum"
        case .mean: return "mean"
        case .max: return "max"
        case .softmax: return "softmax"
        case .logSoftmax: return "log_softmax"
        case .select: return "[…]"
        }
    }
}
