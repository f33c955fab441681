// What a calculus call read, so its result's stale mark is judged by those values (Notebook's DerivedNodes)
// rather than by the inside of the graphs it was built from.

extension Evaluator {
    /// Runs a calculus call (`body`), noting every value it reads; its result is recorded in `derivations`
    /// with them. The reads also count for any calculus call around this one (`grad(grad(y, x), x)`).
    func deriving(_ body: () throws(Diagnostic) -> Value) throws(Diagnostic) -> Value {
        readFrames.append([])
        let value: Value
        do throws(Diagnostic) {
            value = try body()
        } catch {
            finishFrame()
            throw error
        }
        let sources = finishFrame()
        // Only nodes the call made are judged by its reads: a result that is an older node (simplify(v) may give
        // v's own node back) keeps its own graph, and a walk from a source can never come back to a result.
        let newestSource = sources.lazy.map(\.serial).max() ?? .min
        let results = StalenessCheck.roots(of: value).filter { $0.serial > newestSource }
        if !results.isEmpty { derivations.append(Derivation(results: results, sources: sources)) }
        return value
    }

    /// Ends the innermost frame of reads, passes them to the frame around it, and returns them.
    @discardableResult
    private func finishFrame() -> [Node] {
        let frame = readFrames.removeLast()
        if !readFrames.isEmpty { readFrames[readFrames.count - 1].append(contentsOf: frame) }
        return frame
    }

    /// Notes that a running calculus call read `value` (a binding, a free symbol, `_` or `Out[n]`).
    func noteRead(_ value: Value) {
        readFrames[readFrames.count - 1].append(contentsOf: StalenessCheck.roots(of: value))
    }
}
