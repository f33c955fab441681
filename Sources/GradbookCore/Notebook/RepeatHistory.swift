// How much computation history a running repeat holds, and where it drops the oldest to keep memory bounded.
//
// Every value remembers the graph that made it, so `w = w - 0.01*grad(L, w)` repeated keeps every step: the
// 15,000 steps of `W = W - 0.001*W` on a 100×100 matrix held 2.4 GB. A repeat therefore keeps about the last
// `DroppedHistory.budgetMegabytes` of history its bindings hold. When they hold more, each value the loop has bound is
// replaced by a leaf with the same value (`Node.historyCut`): the steps before are released, derivatives with
// respect to anything made since stay exact, and one that would need the dropped steps is refused
// (`DroppedHistory`). A loop that stays under the budget keeps all of its history, as before.

/// The history a running `repeat` (with any repeats inside it) has made, measured after a repetition once it
/// could be over the budget.
struct RepeatHistory {
    /// The names the loop's statements bind, inner loops included.
    let names: [String]
    /// The serial of the first node the loop made.
    let loopStart: Int
    let cell: Int?
    /// The bytes of history kept before the oldest is dropped.
    let budget: Int
    /// Nodes made since this serial have not been measured yet.
    private var measuredUpTo: Int
    /// `estimatedBytesMade()` when they were last measured: what the loop's bindings hold cannot have grown by
    /// more than what has been made since, so until that could take it past the budget there is nothing to measure.
    private var bytesMadeWhenMeasured: Int
    /// The bytes of history the loop's bindings hold since the last cut.
    private(set) var held = 0
    /// Repetitions completed so far, inner ones included.
    private(set) var repetitions = 0
    /// How many times history was dropped, and the repetition after which it was last dropped.
    private(set) var cuts = 0
    private(set) var lastCut = 0
    /// The names whose history was dropped.
    private(set) var namesCut: [String] = []
    /// The slots of `names` in the loop's bindings, found at the first measurement (no hashing per repetition).
    private var slots: [Bindings.Slot] = []

    init(body: [Statement], cell: Int?, budget: Int = DroppedHistory.budget) {
        self.budget = budget
        names = RepeatHistory.boundNames(in: body)
        loopStart = Node.latestSerial + 1
        measuredUpTo = loopStart
        bytesMadeWhenMeasured = estimatedBytesMade()
        self.cell = cell
    }

    /// Measures what the repetition just completed added to the bindings' history, and drops the history
    /// (keeping the values) when the loop holds more than the budget.
    mutating func repetitionCompleted(_ bindings: inout Bindings) {
        repetitions += 1
        let now = Node.latestSerial + 1
        // Nothing made since the last measurement (a loop that only reads): nothing to add.
        guard now > measuredUpTo else { return }
        // Nor while everything made since, held or not, would still leave the history within the budget: then
        // no cut can be due, and the walk that measures it (a tenth of a `v = v*x + 0.1` repetition) waits until
        // one could be. It then counts every node made since that the bindings still hold, so a loop whose
        // history is all kept is cut at the very repetition it was cut at when measured after each one.
        let made = estimatedBytesMade()
        guard held + (made - bytesMadeWhenMeasured) > budget else { return }
        bytesMadeWhenMeasured = made
        let mark = Node.freshTraversalMark()
        if slots.isEmpty { slots = names.map { bindings.slot(of: $0) } }
        for slot in slots {
            RepeatHistory.forEachNode(of: bindings[slot]) { root in
                guard root.serial >= measuredUpTo, root.traversalMark != mark else { return }
                // A leaf (y = 1) is its own history: no walk, which would allocate a stack per repetition.
                guard root.inputCount > 0 else {
                    root.traversalMark = mark
                    held += root.estimatedBytes
                    return
                }
                Node.walk(from: root, mark: mark, oldestSerial: measuredUpTo) { node, _ in held += node.estimatedBytes }
            }
        }
        measuredUpTo = now
        guard held > budget else { return }
        for name in names where cut(name, in: &bindings) && !namesCut.contains(name) { namesCut.append(name) }
        cuts += 1
        lastCut = repetitions
        held = 0
        measuredUpTo = Node.latestSerial + 1
        bytesMadeWhenMeasured = estimatedBytesMade()
    }

    /// Replaces `name`'s value by leaves holding the same numbers, when the loop made it with a history.
    /// Whether it replaced any.
    private func cut(_ name: String, in bindings: inout Bindings) -> Bool {
        guard case .value(let value, let cell)? = bindings[name] else { return false }
        var didCut = false
        func leaf(_ node: Node) -> Node {
            guard node.serial >= loopStart, !node.inputs.isEmpty, !node.isSymbolic else { return node }
            didCut = true
            return Node.historyCut(of: node, as: name, cell: self.cell, repetition: repetitions, loopStart: loopStart)
        }
        switch value {
        case .scalar(let node):
            bindings.bind(name, to: .value(.scalar(leaf(node)), cell: cell))
        case .collection(let nodes, let names):
            bindings.bind(name, to: .value(.collection(nodes.map(leaf), names: names), cell: cell))
        default:
            break
        }
        return didCut
    }

    /// What to tell the user once the loop has finished, if it dropped history.
    var note: Note? {
        guard !namesCut.isEmpty else { return nil }
        return .repeatDroppedHistory(names: namesCut.map { "'\($0)'" }.joined(separator: ", "), upTo: lastCut, keptMegabytes: DroppedHistory.budgetMegabytes)
    }

    /// Calls `body` on each node a binding holds whose history can grow (numbers, vectors, matrices and
    /// lists of them), without building an array of them: this runs after every repetition.
    private static func forEachNode(of entry: Bindings.Entry?, _ body: (Node) -> Void) {
        guard case .value(let value, _)? = entry else { return }
        switch value {
        case .scalar(let node): body(node)
        case .derivative(let result): body(result.node)
        case .collection(let nodes, _): for node in nodes { body(node) }
        default: return
        }
    }

    /// Every name assigned in `body`, in repeats inside it too, each once.
    static func boundNames(in body: [Statement]) -> [String] {
        var names: [String] = []
        for statement in body {
            switch statement.kind {
            case .assignment(let name, _, _) where !names.contains(name): names.append(name)
            case .repeatBlock(_, let inner): names += boundNames(in: inner).filter { !names.contains($0) }
            default: break
            }
        }
        return names
    }
}
