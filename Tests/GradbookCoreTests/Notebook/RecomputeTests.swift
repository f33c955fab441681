// :recompute finds every stale binding in one linear walk, agrees with the stale marks, and summarises long lists.

import Testing
@testable import GradbookCore

@Suite(":recompute at scale")
struct RecomputeTests {
    /// A session where x was rebound after `count` values were computed from it, each from the one before.
    static func chain(_ count: Int) -> Notebook {
        var script = "x = 1\ny1 = x + 1\n"
        for index in 2...count { script += "y\(index) = y\(index - 1) + 1\n" }
        let notebook = Notebook()
        _ = notebook.run(script)
        _ = notebook.run("x = 10")
        return notebook
    }

    @Test("finding 2,000 stale values in a chain visits each node a bounded number of times, not the chain once per value")
    func findingStaleValuesIsLinear() throws {
        let notebook = RecomputeTests.chain(2_000)
        var finder = StaleBindings(notebook.session)
        let names = try #require(finder.names { false })
        #expect(names.count == 2_000)
        // Each y is one + node with a constant beside it: about 3 nodes per value, visited once each.
        #expect(finder.visits <= 4 * 2_000)
    }

    @Test("the stale mark of the end of a 3,000-value chain names x, from one walk of the chain")
    func markOfALongChainIsLinear() throws {
        let notebook = RecomputeTests.chain(3_000)
        guard case .value(let value, let cell)? = notebook.bindings["y3000"] else {
            Issue.record("y3000 is not bound")
            return
        }
        var check = StalenessCheck(notebook.session)
        #expect(check.reasons(for: value, ownName: "y3000", cell: cell).map(\.name) == ["x"])
        #expect(check.visits <= 4 * 3_000)
    }

    @Test("the stale bindings are exactly those the stale marks give a reason", arguments: [
        "x = 2; y = x^2; z = y + 1; w = 3; x = 5",
        "c = 1; c = c + 1; d = c * 2",
        "f(t) = t^2; a = 3; b = f(a); f(t) = t^3",
        "x = 1; h = x * 2; y = h + 1; h = 7",
        "W = randn(2, 2); v = [1, 2]; u = W @ v; W = ones(2, 2); s = sum(u)",
        "x = 2; t = 3; w = 0.5; L = (w*x - t)^2; w = w - 0.1*grad(L, w)",
        "d = diff(x^2, x); e = d + 1; x = 2",
        "y = 1; z = y + 1; y = z * 2",
        "a = 1; b = a; a = 2; c = b + a",
    ])
    func agreesWithStaleMarks(_ script: String) throws {
        let notebook = Notebook()
        _ = notebook.run(script)
        var finder = StaleBindings(notebook.session)
        let found = try #require(finder.names { false })
        var check = StalenessCheck(notebook.session)
        let marked = notebook.bindings.all.compactMap { name, entry -> String? in
            guard case .value(let value, let cell) = entry else { return nil }
            return check.reasons(for: value, ownName: name, cell: cell).isEmpty ? nil : name
        }
        #expect(found == marked)
    }

    @Test(":recompute of a 2,000-value chain updates the last one and names ten, counting the rest")
    func longRecomputeIsSummarised() {
        let notebook = RecomputeTests.chain(2_000)
        let summary = notebook.run(":recompute").outputs.last?.text ?? ""
        #expect(summary.hasPrefix("recomputed 2,000 values: y1 (In [1]: y1 = x + 1), y2 (In [1]: y2 = y1 + 1),"))
        #expect(summary.hasSuffix(", and 1,990 more."))
        #expect(results(of: notebook.run("y2000")) == "2010")
    }
}
