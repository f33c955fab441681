// Which bindings are stale, all at once and in time linear in the session's graphs, for :recompute.
//
// `StalenessCheck.reasons(for:)` walks one value's whole graph to say why it is stale; asking it for every
// binding walks a chain y2 = y1 + 1, y3 = y2 + 1, … again and again (a 4,000-value chain took 42 s). Here each
// node is visited once and remembers what its graph holds, independent of the path that reached it; a binding
// is stale exactly when `reasons(for:)` gives it a reason (a test holds the two to the same answers).

/// Finds the stale bindings of a session with one walk over every node reachable from a binding.
struct StaleBindings {
    /// What a node's graph holds that can make a value stale.
    private struct Finding {
        /// Names whose old value (or, for a free symbol, whose new binding) lies below, on a path that does not
        /// pass through the current value of that name; a walk that passed through it already is exempt.
        var names: Set<String> = []
        /// Whether a current value made with a function redefined since lies below: stale on any path.
        var hasRedefinedFunction = false
    }

    private var check: StalenessCheck
    private var findings: [ObjectIdentifier: Finding] = [:]
    /// Nodes visited between polls of `shouldStop` (Ctrl-C).
    private static let pollInterval = 4_096
    /// How many nodes the walks have visited so far (each once), so tests can check the work is linear.
    private(set) var visits = 0

    init(_ session: Notebook.Session) {
        check = StalenessCheck(session)
    }

    /// The names of the stale value bindings, in binding order; nil when `shouldStop` asked to stop.
    mutating func names(shouldStop: () -> Bool) -> [String]? {
        var stale: [String] = []
        for (name, entry) in check.bindings.all {
            guard case .value(let value, _) = entry else { continue }
            var isStale = !check.redefinedFunctions(usedBy: name, cell: nil).isEmpty
            for root in StalenessCheck.roots(of: value) where !isStale {
                guard let finding = finding(for: root, shouldStop: shouldStop) else { return nil }
                // The walk starts exempt from the binding's own name (`c = c + 1` is made from the old c).
                isStale = finding.hasRedefinedFunction || !finding.names.subtracting([name]).isEmpty
            }
            if isStale { stale.append(name) }
        }
        return stale
    }

    /// What `root`'s graph holds, by an iterative post-order walk that remembers every node it finishes.
    private mutating func finding(for root: Node, shouldStop: () -> Bool) -> Finding? {
        var stack: [(node: Node, expanded: Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            let id = ObjectIdentifier(node)
            if findings[id] != nil { continue }
            guard expanded else {
                visits += 1
                if visits % StaleBindings.pollInterval == 0, shouldStop() { return nil }
                stack.append((node, true))
                for input in node.inputs where findings[ObjectIdentifier(input)] == nil { stack.append((input, false)) }
                continue
            }
            // Every input was finished before this entry came back to the top of the stack.
            var finding = Finding()
            for input in node.inputs {
                guard let below = findings[ObjectIdentifier(input)] else { continue }
                finding.names.formUnion(below.names)
                finding.hasRedefinedFunction = finding.hasRedefinedFunction || below.hasRedefinedFunction
            }
            switch check.localRule(of: node) {
            case .none: break
            case .stale(let name): finding.names.insert(name)
            case .current(let name, let redefined):
                finding.names.remove(name)
                finding.hasRedefinedFunction = finding.hasRedefinedFunction || redefined
            }
            findings[id] = finding
        }
        return findings[ObjectIdentifier(root)]
    }
}
