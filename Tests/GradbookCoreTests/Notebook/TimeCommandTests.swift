// :time STATEMENT runs the statement as a cell would and puts its wall time first; a clock that ticks by a fixed
// step makes the figure known, so these tests assert it exactly without timing anything.

import Testing
@testable import GradbookCore

@Suite(":time")
struct TimeCommandTests {
    /// A notebook whose clock advances by `tick` at each reading.
    static func notebook(tick: Duration) -> Notebook {
        let notebook = Notebook()
        var now = Duration.zero
        notebook.clock = { now += tick; return now }
        return notebook
    }

    @Test("the time comes first, then the result; the statement's bindings are kept and :save records it without :time")
    func timesAStatement() {
        let notebook = TimeCommandTests.notebook(tick: .microseconds(1_520))
        _ = notebook.run("w = 3; L = (2*w - 1)^2")
        let result = notebook.run(":time grad(L, w)")
        #expect(result.outputs.map(\.text) == ["wall time: 1.52 ms", "20"])
        _ = notebook.run(":time g = numdiff(L, w)")
        #expect(notebook.bindings["g"] != nil)
        #expect(notebook.history.last == "g = numdiff(L, w)")
        #expect(notebook.run("g").outputs.first?.text == "20")
    }

    @Test("units are chosen so the figure reads at a glance", arguments: [
        (Duration.nanoseconds(850), "850 ns"), (.nanoseconds(12_300), "12.3 µs"), (.microseconds(1_520), "1.52 ms"),
        (.milliseconds(2_040), "2.04 s"),
    ])
    func units(_ duration: Duration, _ shown: String) {
        #expect(Notebook.durationText(duration) == shown)
    }

    @Test("a failing statement shows its error with the caret where it was typed, no time, and changes nothing")
    func failingStatement() {
        let notebook = TimeCommandTests.notebook(tick: .milliseconds(1))
        _ = notebook.run("x = 1")
        let result = notebook.run(":time x = 1 + nosuchfunction(2)")
        #expect(result.hasErrors)
        #expect(!result.outputs.contains { $0.text.hasPrefix("wall time") })
        guard case .error(let diagnostic)? = result.outputs.first?.kind else { Issue.record("no error"); return }
        // The caret is under nosuchfunction, at its column in the cell as typed (":time x = 1 + " is 14 columns).
        #expect(diagnostic.source.map { $0.location(of: diagnostic.range.lowerBound).column } == 15)
        #expect(notebook.run("x").outputs.first?.text == "1")
    }

    @Test(":time alone says what it needs; a syntax error after it is reported against the cell")
    func missingOrBrokenStatement() {
        let notebook = TimeCommandTests.notebook(tick: .milliseconds(1))
        #expect(notebook.run(":time").outputs.first?.text == ":time needs an argument.")
        let broken = notebook.run(":time (1 + ")
        #expect(broken.hasErrors)
        #expect(broken.outputs.count == 1)
    }
}
