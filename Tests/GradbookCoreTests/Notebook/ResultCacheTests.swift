// Out[n] keeps the last 1,000 results: an older one is dropped, and asking for it says so.

import Testing
@testable import GradbookCore

@Suite("The Out cache")
struct ResultCacheTests {
    /// A notebook that has shown `count` results, cell n showing n.
    static func notebook(showing count: Int) -> Notebook {
        let notebook = Notebook()
        for cell in 1...count { _ = notebook.run("\(cell)") }
        return notebook
    }

    @Test("past 1,000 results the oldest is dropped, and Out[n] says so instead of meaning anything else")
    func oldestResultIsDropped() {
        let notebook = ResultCacheTests.notebook(showing: Bindings.maximumKeptResults + 5)
        #expect(notebook.bindings.results.count == Bindings.maximumKeptResults)
        let dropped = diagnostic(of: notebook.run("Out[5]"))
        #expect(dropped?.message == "Out[5] is no longer kept: gradbook keeps the last 1,000 results, and the oldest kept now is Out[6].")
        #expect(diagnostic(of: notebook.run("_3"))?.message.hasPrefix("_3 is no longer kept") == true)
        #expect(results(of: notebook.run("Out[6] + _1005")) == "1011")
    }

    @Test("a cell that never showed a result is still 'showed none', not 'dropped'")
    func missingResultIsNotCalledDropped() {
        let notebook = ResultCacheTests.notebook(showing: Bindings.maximumKeptResults + 1)
        _ = notebook.run("x = 1")
        let missing = diagnostic(of: notebook.run("Out[\(Bindings.maximumKeptResults + 2)]"))
        #expect(missing?.message.contains("that cell showed none") == true)
    }

    @Test("_ is the last result however many were dropped, and :info names a dropped one")
    func lastResultAndInfo() {
        let notebook = ResultCacheTests.notebook(showing: Bindings.maximumKeptResults + 2)
        #expect(results(of: notebook.run("_")) == "\(Bindings.maximumKeptResults + 2)")
        #expect(notebook.run(":info _1").outputs.first?.text.contains("no longer kept") == true)
    }

    @Test("the session log keeps values only for the last 1,000 cells that showed one (exports show older ones as text)")
    func logForgetsOldValues() {
        let notebook = ResultCacheTests.notebook(showing: Bindings.maximumKeptResults + 3)
        let withValues = notebook.log.filter { $0.result.outputs.contains { $0.value != nil } }
        #expect(withValues.count == Bindings.maximumKeptResults)
        #expect(notebook.log[0].result.outputs.first?.text == "1")
        #expect(notebook.log[0].result.outputs.first?.value == nil)
    }
}
