// Ctrl-C during a computation: the cell stops at a safe point and the session is as it was before it.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

/// Requests an interruption after `delay` seconds, from a thread of its own (not the cooperative pool,
/// which the blocked test itself may be holding).
func interrupt(_ interruption: Interruption, after delay: TimeInterval) {
    Thread.detachNewThread {
        Thread.sleep(forTimeInterval: delay)
        interruption.request()
    }
}

@Suite("Interrupting a cell", .serialized)
struct InterruptionTests {
    @Test("an interrupted cell is undone whole, even the statements before the slow one")
    func interruptedCellIsUndone() {
        let notebook = Notebook()
        _ = notebook.run("x = 1")
        interrupt(notebook.interruption, after: 0.15)
        let result = notebook.run("x = 2; y = 5; W = randn(60, 60); numdiff(sum(W @ W), W); z = 1")
        #expect(result.wasInterrupted)
        #expect(notebook.run("x").outputs.first?.text == "1")
        #expect(notebook.bindings["y"] == nil && notebook.bindings["z"] == nil)
    }

    @Test("the REPL reports the interruption on a fresh line and goes on")
    func replReportsInterruption() {
        let notebook = Notebook()
        interrupt(notebook.interruption, after: 0.15)
        let screen = session(["W = randn(60, 60); numdiff(sum(W @ W), W)", "1 + 1", "^D"], notebook: notebook)
        #expect(screen.contains("\ninterrupted: In [1] was stopped; every binding is as it was before it.\nIn [2]: 1 + 1\nOut[2]: 2"))
    }
}

@Suite("Ctrl-C during long commands", .serialized)
struct CommandInterruptionTests {
    @Test(":recompute of 40,000 stale values stops at Ctrl-C with every binding as it was")
    func recomputeStops() {
        // Long enough that Ctrl-C after 0.15 s comes in the middle: 5,000 values, once slow enough, came to be
        // recomputed in less time than that when finding the stale ones got faster.
        var script = "x = 1\ny1 = x + 1\n"
        for index in 2...40_000 { script += "y\(index) = y\(index - 1) + 1\n" }
        let notebook = Notebook()
        _ = notebook.run(script)
        _ = notebook.run("x = 10")
        interrupt(notebook.interruption, after: 0.15)
        let result = notebook.run(":recompute")
        #expect(result.wasInterrupted)
        #expect(notebook.run("y1").outputs.first?.text.hasPrefix("2  (stale") == true)
        #expect(notebook.run("y40000").outputs.first?.text.hasPrefix("40001  (stale") == true)
    }
}

@Suite("What an interrupted cell reports", .serialized)
struct InterruptionReportTests {
    @Test("the REPL says which file an interrupted :export did not write, after the usual line")
    func exportInterruptionNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gradbook-repl-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = Notebook(workingDirectory: folder)
        _ = notebook.run("x = 2; y = sum([" + (1...20_000).map { "x*\($0)" }.joined(separator: ", ") + "])")
        // Writing the 40,000-node graph as DOT takes seconds in a debug build; Ctrl-C comes during it.
        interrupt(notebook.interruption, after: 0.3)
        let screen = session([":export y.dot y", "^D"], notebook: notebook)
        #expect(screen.contains("interrupted: In [2] was stopped; every binding is as it was before it.\n'y.dot' was not written (interrupted), and a file already there is as it was.\n"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("y.dot").path))
    }
}
