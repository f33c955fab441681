// What a node's graph holds that can make a value stale, found once per node whatever path reaches it.
//
// `reasons(for:)` walks paths, carrying the names it must not blame (`c = c + 1` is made from the old c);
// these findings let it skip what cannot give a reason and keep its sets small, and let `StaleBindings`
// judge every binding in one linear walk.

extension StalenessCheck {
    /// What a node's graph holds that can make a value stale.
    struct Finding {
        /// Names whose old value (or, for a free symbol, whose new binding) lies below, on a path that does
        /// not pass through the current value of that name; a walk that passed through it is exempt.
        var names: Set<String> = []
        /// Whether a current value made with a function redefined since lies below: stale on any path.
        var hasRedefinedFunction = false
    }

    /// Nodes visited between polls of `shouldStop` (Ctrl-C).
    static let pollInterval = 4_096

    /// What `root`'s graph holds, by an iterative post-order walk that remembers every node it finishes;
    /// nil when `shouldStop` asked to stop.
    mutating func finding(for root: Node, shouldStop: () -> Bool = { false }) -> Finding? {
        if let known = finished(root) { return known }
        var stack: [(node: Node, expanded: Bool)] = [(root, false)]
        while let (node, expanded) = stack.popLast() {
            if node.traversalMark == mark { continue }
            guard expanded else {
                visits += 1
                if visits % StalenessCheck.pollInterval == 0, shouldStop() { return nil }
                stack.append((node, true))
                forEachSource(of: node) { input, _ in
                    if input.traversalMark != mark { stack.append((input, false)) }
                }
                continue
            }
            // Every input was finished before this entry came back to the top of the stack.
            var finding = Finding()
            forEachSource(of: node) { input, exempt in
                guard var below = finished(input) else { return }
                if let exempt, below.names.contains(exempt) { below.names.remove(exempt) }
                // Shared rather than merged where it can be: along a chain every node finds the same names,
                // and a union per node allocated a set per node.
                if finding.names.isEmpty {
                    finding.names = below.names
                } else if !below.names.isSubset(of: finding.names) {
                    finding.names.formUnion(below.names)
                }
                finding.hasRedefinedFunction = finding.hasRedefinedFunction || below.hasRedefinedFunction
            }
            switch localRule(of: node) {
            case .none: break
            case .stale(let name): if !finding.names.contains(name) { finding.names.insert(name) }
            case .current(let name, let redefined):
                if finding.names.contains(name) { finding.names.remove(name) }
                finding.hasRedefinedFunction = finding.hasRedefinedFunction || redefined
            }
            node.traversalMark = mark
            node.traversalIndex = findings.count
            findings.append(finding)
        }
        return finished(root)
    }

    /// What the walk found for `node`, if it finished it.
    private func finished(_ node: Node) -> Finding? {
        node.traversalMark == mark ? findings[node.traversalIndex] : nil
    }
}
