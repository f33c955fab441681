// Ctrl-C during a computation: the cell stops at a safe point and the session is as it was before it.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("Interrupting a cell", .serialized)
struct InterruptionTests {
    @Test("an interrupted cell is undone whole, even the statements before the slow one")
    func interruptedCellIsUndone() async throws {
        let notebook = Notebook()
        _ = notebook.run("x = 1")
        let interruption = notebook.interruption
        let stopper = Task.detached {
            try await Task.sleep(for: .milliseconds(150))
            interruption.request()
        }
        let result = notebook.run("x = 2; y = 5; diff(sin(x)*exp(x)/(1 + x^2), x, 11); z = 1")
        try await stopper.value
        #expect(result.wasInterrupted)
        #expect(notebook.run("x").outputs.first?.text == "1")
        #expect(notebook.bindings["y"] == nil && notebook.bindings["z"] == nil)
    }

    @Test("the REPL reports the interruption on a fresh line and goes on")
    func replReportsInterruption() async throws {
        let notebook = Notebook()
        let interruption = notebook.interruption
        let stopper = Task.detached {
            try await Task.sleep(for: .milliseconds(150))
            interruption.request()
        }
        let screen = session(["diff(sin(x)*exp(x)/(1 + x^2), x, 11)", "1 + 1", "^D"], notebook: notebook)
        try await stopper.value
        #expect(screen.contains("\ninterrupted: In [1] was stopped; every binding is as it was before it.\nIn [2]: 1 + 1\nOut[2]: 2"))
    }
}
