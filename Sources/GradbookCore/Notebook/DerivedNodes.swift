// Where a derivative came from, for stale marks.
//
// grad, diff and their kin build their results from the inside of the differentiated value's graph: the
// gradient of v = v*x + 0.1 (run in a loop) is made of the earlier v's, not of v itself. A stale mark that
// walked the result's own graph met those earlier values, and the first v of all (bound before the loop),
// and blamed them: `grad(v, [x])` was marked "computed from the old v", and :recompute could never clear the
// mark, since re-running the statement made the same graph. A derived value is judged instead by what the
// call that made it read: the current v and x, so it is stale exactly when one of those is.

/// The values each derived node was computed from, as the calculus call that made it read them.
/// References to the derived nodes are weak, as in `BoundNodes`, so the registry keeps no graph alive.
struct DerivedNodes {
    /// Immutable, so copies of the registry (a session kept for undo) can share entries.
    private final class Entry {
        weak var node: Node?
        let sources: [Node]
        init(node: Node, sources: [Node]) {
            self.node = node
            self.sources = sources
        }
    }

    private var entries: [ObjectIdentifier: Entry] = [:]
    /// Entries are swept of released nodes when they double past this, so sweeping stays linear overall.
    private var sweepThreshold = 4096
    /// The smallest serial of a registered node: a walk asks only about nodes at least this new, so the
    /// old parts of a large graph cost no lookup.
    private var oldestSerial = Int.max

    var isEmpty: Bool { entries.isEmpty }

    /// Records that each of `derivation`'s results was computed from its sources.
    mutating func record(_ derivation: Evaluator.Derivation) {
        for node in derivation.results {
            entries[ObjectIdentifier(node)] = Entry(node: node, sources: derivation.sources)
            oldestSerial = min(oldestSerial, node.serial)
        }
        if entries.count > sweepThreshold {
            entries = entries.filter { $0.value.node != nil }
            sweepThreshold = max(4096, 2 * entries.count)
        }
    }

    /// What `node` was computed from, if a calculus call made it; nil for every other node.
    func sources(of node: Node) -> [Node]? {
        guard node.serial >= oldestSerial, let entry = entries[ObjectIdentifier(node)], entry.node === node else { return nil }
        return entry.sources
    }
}
