// What a calculus call read, so its result's stale mark is judged by those values (Notebook's DerivedNodes)
// rather than by the inside of the graphs it was built from.

extension Evaluator {
    /// Runs a calculus call (`body`), noting every value it reads; its result is recorded in `derivations`
    /// with them. The reads also count for any calculus call around this one (`grad(grad(y, x), x)`).
    func deriving(_ body: () throws(Diagnostic) -> Value) throws(Diagnostic) -> Value {
        readStarts.append(reads.count)
        let value: Value
        do throws(Diagnostic) {
            value = try body()
        } catch {
            endReads()
            throw error
        }
        let start = readStarts[readStarts.count - 1]
        // Only nodes the call made are judged by its reads: a result that is an older node (simplify(v) may give
        // v's own node back) keeps its own graph, and a walk from a source can never come back to a result.
        var newestSource = Int.min
        for index in start..<reads.count { newestSource = max(newestSource, reads[index].serial) }
        let read = reads[start...]
        if case .scalar(let node) = value, let recipe = node.deferredGradient { recipe.sources = Array(read) }
        // One result and one value read (twice, in grad(L, w)), as every step of a training loop has, make no array.
        if case .scalar(let node) = value, node.serial > newestSource, let only = read.first, read.allSatisfy({ $0 === only }) {
            derivations.append(Derivation(result: node, source: only))
        } else {
            let results = value.graphRoots.filter { $0.serial > newestSource }
            if !results.isEmpty { derivations.append(Derivation(results: results, sources: Array(read))) }
        }
        endReads()
        return value
    }

    /// Ends the innermost call's reads; they stay in `reads` for the calls around it.
    private func endReads() {
        readStarts.removeLast()
        if readStarts.isEmpty { reads.removeAll(keepingCapacity: true) }
    }

    /// Notes that a running calculus call read `value` (a binding, a free symbol, `_` or `Out[n]`).
    func noteRead(_ value: Value) {
        switch value {
        case .scalar(let node): reads.append(node)
        case .derivative(let result): reads.append(result.node)
        case .collection(let nodes, _): reads.append(contentsOf: nodes)
        default: break
        }
    }
}

extension Value {
    /// The nodes a value's graph starts from (none for networks, data sets and reports): what stale marks and
    /// a calculus call's record judge it by.
    var graphRoots: [Node] {
        switch self {
        case .scalar(let node): return [node]
        case .derivative(let result): return [result.node]
        case .collection(let nodes, _): return nodes
        default: return []
        }
    }
}
