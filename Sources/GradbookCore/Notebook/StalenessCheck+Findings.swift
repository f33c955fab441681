// What a node's graph holds that can make a value stale, found once per node whatever path reaches it.
//
// `reasons(for:)` walks paths, carrying the names it must not blame (`c = c + 1` is made from the old c);
// these findings let it skip what cannot give a reason and keep its sets small, and let `StaleBindings`
// judge every binding in one linear walk.

extension StalenessCheck {
    /// What a node's graph holds that can make a value stale.
    struct Finding: Equatable {
        /// Names whose old value (or, for a free symbol, whose new binding) lies below, on a path that does
        /// not pass through the current value of that name; a walk that passed through it is exempt.
        var names: Set<String> = []
        /// Whether a current value made with a function redefined since lies below: stale on any path.
        var hasRedefinedFunction = false
    }

    /// Nodes visited between polls of `shouldStop` (Ctrl-C).
    static let pollInterval = 4_096

    /// What `root`'s graph holds, by an iterative post-order walk that remembers every node it finishes;
    /// nil when `shouldStop` asked to stop (the check is then spent: its marks are half made).
    ///
    /// The walk is `Node.walk`'s, over sources rather than inputs: unretained handles (`root` holds every
    /// node the walk meets, and `derivedNodes` what a derivation read) and a stack that starts on the call
    /// stack. Showing a value built by a 20,000-step loop walks 60,000 nodes, and reference counting, sets
    /// copied per node and a name looked up per constant once made that walk cost more than the loop.
    mutating func finding(for root: Node, shouldStop: () -> Bool = { false }) -> Finding? {
        if let known = finished(root) { return known }
        let mark = mark
        if findsNothing(below: root) {
            root.traversalMark = mark
            root.traversalIndex = 0
            return findings[0]
        }
        var stopped = false
        withExtendedLifetime(root) {
            withUnsafeTemporaryAllocation(of: Node.WalkFrame.self, capacity: Node.WalkStack.inlineCapacity) { buffer in
                var stack = Node.WalkStack(buffer)
                root.traversalMark = mark
                stack.push(Node.WalkFrame(node: .passUnretained(root), nextInput: 0))
                while let frame = stack.top {
                    let (handle, next) = (frame.node, frame.nextInput)
                    let pushed = handle._withUnsafeGuaranteedRef { node -> (Unmanaged<Node>, Int)? in
                        let derived = derivedSources(of: node)
                        let count = StalenessCheck.sourceCount(of: node, derived: derived)
                        var position = next
                        if next == 0 {
                            visits += 1
                            if visits % StalenessCheck.pollInterval == 0, shouldStop() { stopped = true; return nil }
                        }
                        while position < count {
                            let source = StalenessCheck.source(position, of: node, derived: derived)
                            position += 1
                            let isNew = source._withUnsafeGuaranteedRef { source in
                                guard source.traversalMark != mark else { return false }
                                source.traversalMark = mark
                                // Finished at once, with nothing found, where nothing can be (`findsNothing`).
                                guard !findsNothing(below: source) else {
                                    source.traversalIndex = 0
                                    return false
                                }
                                return true
                            }
                            if isNew { return (source, position) }
                        }
                        finish(node, derived: derived, count: count)
                        return nil
                    }
                    if stopped { return }
                    if let (source, position) = pushed {
                        stack.setTopNextInput(position)
                        stack.push(Node.WalkFrame(node: source, nextInput: 0))
                    } else {
                        stack.pop()
                    }
                }
            }
        }
        return stopped ? nil : finished(root)
    }

    /// Records what `node` holds, all its sources being finished: they are marked (in a graph, a source
    /// marked but not finished would be a cycle), and each one's `traversalIndex` is its finding's.
    private mutating func finish(_ node: Node, derived: [Node]?, count: Int) {
        // Nodes whose sources all found the same thing share its entry; a new one is made only where they differ.
        var found = 0
        for position in 0..<count {
            let (index, exempt) = StalenessCheck.source(position, of: node, derived: derived)._withUnsafeGuaranteedRef { source in
                (source.traversalIndex, derived == nil ? nil : StalenessCheck.passesAsCurrent(source))
            }
            found = merging(found, index, exempt: exempt)
        }
        // (Most nodes of a large graph are computed and unnamed, or constants: nothing to look up for them.)
        if node.hasExtras || node.hasLabel || (node.inputCount == 0 && node.dependsOnNames) {
            switch localRule(of: node) {
            case .none: break
            case .stale(let name):
                if !findings[found].names.contains(name) {
                    var with = findings[found]
                    with.names.insert(name)
                    found = intern(with)
                }
            case .current(let name, let redefined):
                if findings[found].names.contains(name) || (redefined && !findings[found].hasRedefinedFunction) {
                    var without = findings[found]
                    without.names.remove(name)
                    without.hasRedefinedFunction = without.hasRedefinedFunction || redefined
                    found = intern(without)
                }
            }
        }
        node.traversalIndex = found
    }

    /// What a calculus call that made `node` read, if one did (see `forEachSource`).
    private func derivedSources(of node: Node) -> [Node]? {
        derivedNodes.isEmpty ? nil : derivedNodes.sources(of: node)
    }

    /// How many nodes the walk goes down to from `node` (`forEachSource`): what a calculus call read, or what
    /// the node was computed from.
    private static func sourceCount(of node: Node, derived: [Node]?) -> Int {
        derived?.count ?? node.computedFrom.endIndex
    }

    /// The `position`th node the walk goes down to from `node`, unretained.
    @inline(__always)
    private static func source(_ position: Int, of node: Node, derived: [Node]?) -> Unmanaged<Node> {
        if let derived { return .passUnretained(derived[position]) }
        return node.computedFrom.unretained(position)
    }

    /// The finding of a node with inputs that found `found` so far and one more that found `below`, the
    /// walk there being exempt from `exempt`.
    private mutating func merging(_ found: Int, _ below: Int, exempt: String?) -> Int {
        var below = below
        if let exempt, findings[below].names.contains(exempt) {
            var without = findings[below]
            without.names.remove(exempt)
            below = intern(without)
        }
        if found == below || below == 0 { return found }
        if found == 0 { return below }
        var union = findings[found]
        union.names.formUnion(findings[below].names)
        union.hasRedefinedFunction = union.hasRedefinedFunction || findings[below].hasRedefinedFunction
        return intern(union)
    }

    /// The index of `finding` in `findings`, added if it differs from the last one added (the usual way a
    /// finding repeats is down a chain, where the one just made is the one wanted again).
    private mutating func intern(_ finding: Finding) -> Int {
        if finding.names.isEmpty, !finding.hasRedefinedFunction { return 0 }
        if let last = findings.last, last == finding { return findings.count - 1 }
        findings.append(finding)
        return findings.count - 1
    }

    /// What the walk found for `node`, if it finished it.
    private func finished(_ node: Node) -> Finding? {
        node.traversalMark == mark ? findings[node.traversalIndex] : nil
    }
}
