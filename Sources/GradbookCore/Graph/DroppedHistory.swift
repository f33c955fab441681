// History a long `repeat` dropped to keep memory bounded, and the checks that keep derivatives honest about it.
//
// Convention: a dropped history is replaced by a leaf holding the value it computed (`Node.historyCut`), as
// PyTorch's `detach()` does. Everything computed from the leaf afterwards is exact with respect to the leaf
// and to anything created after it. A derivative with respect to something older may need a path through
// the dropped part; then it is refused with `Diagnostic.historyDropped`, never given as a silent 0.

/// What a leaf remembers of the history it replaced.
public final class DroppedHistory: Sendable {
    /// About how much history a `repeat` keeps before it drops the oldest (`RepeatHistory`).
    static let budgetMegabytes = 16
    static let budget = budgetMegabytes << 20

    /// The name the value was bound to when its history was dropped.
    public let name: String
    /// The cell of the `repeat`, and how many of its repetitions (counting inner ones) had run then.
    public let cell: Int?
    public let repetition: Int
    /// The serial of the first node the loop made: any node from then on, older than the leaf, may lie in
    /// the dropped part (the loop made it; it is not worth a list).
    let loopStart: Int
    /// The values from before the loop that the dropped part read (`x`, `lr`, the first `w`), with those of
    /// any dropped history inside it: whatever lies in their graphs may have reached the value through it.
    let frontier: [Node]
    /// The names of the leaves and named values the loop made inside the dropped part (`c` of `c = 3` in the
    /// block): `at c = 5` would have to replace them.
    let names: Set<String>

    init(name: String, cell: Int?, repetition: Int, loopStart: Int, frontier: [Node], names: Set<String>) {
        self.name = name
        self.cell = cell
        self.repetition = repetition
        self.loopStart = loopStart
        self.frontier = frontier
        self.names = names
    }

    /// Whether the dropped part may have read a value named one of `names` (what `at` would replace).
    func mayHold(named names: Set<String>) -> Bool {
        if !self.names.isDisjoint(with: names) { return true }
        var seen: Set<ObjectIdentifier> = []
        var pending = frontier
        while let node = pending.popLast() {
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if let name = node.name, names.contains(name) { return true }
            pending.append(contentsOf: node.computedFrom)
        }
        return false
    }

    /// Whether `target`, a node older than the leaf, may have reached the leaf's value through the dropped part.
    func mayHold(_ target: Node) -> Bool {
        if target.serial >= loopStart { return true }
        // Nodes older than the target cannot depend on it, so the search stops there.
        var seen: Set<ObjectIdentifier> = []
        var pending = frontier
        while let node = pending.popLast() {
            guard node.serial >= target.serial, seen.insert(ObjectIdentifier(node)).inserted else { continue }
            if node === target { return true }
            pending.append(contentsOf: node.computedFrom)
        }
        return false
    }
}

extension Node {
    /// What the node was computed from: its inputs, or for a leaf that stands for a dropped history, the
    /// values from before the loop that history read (so a stale mark still finds an old `x`).
    var computedFrom: ComputedFrom { ComputedFrom(node: self) }

    /// `computedFrom` as a collection read from the node (no array is made: stale marks walk whole graphs).
    /// Only a node with the rare fields can stand for a dropped history, so the others skip looking.
    struct ComputedFrom: RandomAccessCollection {
        let node: Node
        var startIndex: Int { 0 }
        var endIndex: Int {
            if node.hasExtras, let history = node.droppedHistory { return history.frontier.count }
            return Int(node.inputCount)
        }
        subscript(position: Int) -> Node { unretained(position).takeUnretainedValue() }

        /// The node at `position`, unretained (`node` holds it).
        @inline(__always)
        func unretained(_ position: Int) -> Unmanaged<Node> {
            if node.hasExtras, let history = node.droppedHistory { return .passUnretained(history.frontier[position]) }
            return node.unretainedInput(position)
        }
    }

    /// About how many bytes the node holds: the object, its inputs and its elements.
    var estimatedBytes: Int { bytesOfNodeObject + 8 * Int(inputCount) + 8 * (tensor?.elements.count ?? 0) }

    /// The serial the most recently created node got: nodes created after now have larger ones.
    static var latestSerial: Int { currentSerial() }

    /// A leaf named `name` holding `node`'s value, standing for `node` with its history (back to `loopStart`)
    /// dropped; `node` itself is not changed, so values that hold it keep theirs.
    ///
    /// The walk finds exactly what the history read from before the loop (a leaf from an earlier cut passes on
    /// its own), so a stale mark names only what this value was computed from. It covers the history since the
    /// last cut: older parts of the loop are leaves by then.
    static func historyCut(of node: Node, as name: String, cell: Int?, repetition: Int, loopStart: Int) -> Node {
        var frontier: [Node] = []
        var seen: Set<ObjectIdentifier> = []
        var names: Set<String> = []
        func keep(_ old: Node) {
            if seen.insert(ObjectIdentifier(old)).inserted { frontier.append(old) }
        }
        // The label numbers met so far: a loop labels every value it makes with the same few names, and hashing
        // the name of each of the 100,000 nodes a long loop drops was a third of dropping them.
        var labelsMet: Set<UInt16> = [], lastLabel: UInt16 = 0
        walk(from: node, mark: freshTraversalMark(), oldestSerial: loopStart) { visited, _ in
            if let earlier = visited.droppedHistory {
                earlier.frontier.forEach(keep)
                names.formUnion(earlier.names)
            }
            let key = visited.labelKey
            if key == 0 || visited.inputCount == 0 {
                if let name = visited.name { names.insert(name) }
            } else if key != lastLabel {
                lastLabel = key
                if labelsMet.insert(key).inserted, let name = visited.name { names.insert(name) }
            }
            for input in visited.inputs where input.serial < loopStart { keep(input) }
        }
        let history = DroppedHistory(name: name, cell: cell, repetition: repetition, loopStart: loopStart, frontier: frontier, names: names)
        return Node(.leaf(name), inputs: [], value: node.value, isSymbolic: false, cell: cell, shape: node.shape,
                    tensor: node.tensor, droppedHistory: history)
    }

    /// The first leaf in `order` (a graph walked from the oldest target on) whose dropped history may hold one
    /// of `targets`: a derivative with respect to them would need what was dropped.
    static func droppedHistory(in order: [Node], holding targets: [Node]) -> Node? {
        for node in order {
            guard let history = node.droppedHistory else { continue }
            if targets.contains(where: { $0 !== node && $0.serial < node.serial && history.mayHold($0) }) { return node }
        }
        return nil
    }

    /// The first leaf standing for a dropped history in the graphs of `roots`, if any.
    static func anyDroppedHistory(in roots: [Node]) -> DroppedHistory? {
        guard roots.contains(where: \.reachesDroppedHistory) else { return nil }
        return topologicalOrder(from: roots).lazy.compactMap(\.droppedHistory).first
    }

    /// Whether a derivative with respect to every leaf and named value of `output`'s graph (what `backward`
    /// and `graph` show) may need dropped history: the leaf that dropped it, if so.
    static func droppedHistory(holdingAnyNameOf output: Node) -> Node? {
        guard output.reachesDroppedHistory else { return nil }
        let order = topologicalOrder(from: [output])
        return droppedHistory(in: order, holding: order.filter { $0.isLeaf || $0.name != nil })
    }

    /// Like `droppedHistory(in:holding:)`, walking `output`'s graph itself; free when it has no dropped history.
    static func droppedHistory(of output: Node, holding targets: [Node]) -> Node? {
        guard let oldest = targets.lazy.map(\.serial).min(), output.newestDroppedHistory > oldest else { return nil }
        return droppedHistory(in: topologicalOrder(from: [output], oldestSerial: oldest), holding: targets)
    }
}
