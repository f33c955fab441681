// Which bindings are stale, all at once and in time linear in the session's graphs, for :recompute.
//
// Asking `StalenessCheck.reasons(for:)` about every binding walked a chain y2 = y1 + 1, y3 = y2 + 1, … again
// and again (a 4,000-value chain took 42 s). Here each node's finding is computed once and shared by every
// binding whose graph holds it; a binding is stale exactly when `reasons(for:)` gives it a reason (a test
// holds the two to the same answers).

/// Finds the stale bindings of a session with one walk over every node reachable from a binding.
struct StaleBindings {
    private var check: StalenessCheck

    /// How many nodes the walks have visited so far (each once), so tests can check the work is linear.
    var visits: Int { check.visits }

    init(_ session: Notebook.Session, skipsUnchangedGraphs: Bool = true) {
        check = StalenessCheck(session)
        check.skipsUnchangedGraphs = skipsUnchangedGraphs
    }

    /// The names of the stale value bindings, in binding order; nil when `shouldStop` asked to stop.
    mutating func names(shouldStop: () -> Bool) -> [String]? {
        var stale: [String] = []
        for (name, entry) in check.bindings.all {
            guard case .value(let value, _) = entry else { continue }
            var isStale = !check.redefinedFunctions(usedBy: name, cell: nil).isEmpty
            for root in StalenessCheck.roots(of: value) where !isStale {
                guard let finding = check.finding(for: root, shouldStop: shouldStop) else { return nil }
                // The walk starts exempt from the binding's own name (`c = c + 1` is made from the old c).
                isStale = finding.hasRedefinedFunction || !finding.names.subtracting([name]).isEmpty
            }
            if isStale { stale.append(name) }
        }
        return stale
    }
}
