// The REPL loop over scripted lines: continuation, _ and Out[n], stale marks, errors that keep state.

import Foundation
import GradbookCore
import Testing
@testable import GradbookTerminal

@Suite("REPL sessions over scripted lines")
struct REPLSessionTests {
    @Test("an open bracket or a trailing backslash continues the cell with ...:")
    func continuationLines() {
        let screen = session(["y = (1 +", "  2)", "y * \\", "10", "^D"])
        #expect(screen == """
            In [1]: y = (1 +
               ...:   2)
            In [2]: y * \\
               ...: 10
            Out[2]: 30
            In [3]: \n
            """)
    }

    @Test("an empty continuation line runs the cell, and the error says what is open")
    func emptyLineEndsCell() {
        let screen = session(["grad([x", "", "1 + 1", "^D"])
        #expect(screen.contains("error: this '[' is never closed."))
        #expect(screen.contains("In [2]: 1 + 1\nOut[2]: 2"))
    }

    @Test("an unmatched closing bracket ends the cell as an error, and the next line is a cell of its own")
    func unmatchedClosingBracketEndsCell() {
        let screen = session(["garbage ) (", "1 + 1", "^D"])
        #expect(screen.contains("error: ')' has no matching opening bracket."), "\(screen)")
        #expect(!screen.contains("...:"), "\(screen)")
        #expect(screen.contains("In [2]: 1 + 1\nOut[2]: 2"), "\(screen)")
    }

    @Test("_ is the last result, Out[n] and _n an earlier one")
    func earlierResults() {
        let screen = session(["x = 3", "x^2", "_ + 1", "Out[2] * 2", "_2 - 1", "Out[1]", "^D"])
        #expect(screen.contains("Out[2]: 9\n"))
        #expect(screen.contains("Out[3]: 10\n"))
        #expect(screen.contains("Out[4]: 18\n"))
        #expect(screen.contains("Out[5]: 8\n"))
        #expect(screen.contains("error: there is no result Out[1]: that cell showed none."))
    }

    @Test("rebinding a name marks the values computed from it stale, and :recompute updates them")
    func staleValues() {
        let screen = session(["x = 2", "y = x^2", "x = 5", "y", ":vars", ":recompute", "y", ":vars", "^D"])
        #expect(screen.contains("Out[4]: 4  (stale: computed from the old x, In [2])"))
        #expect(screen.contains("y     4      x^2      (stale: computed from the old x, In [2])"))
        #expect(screen.contains("recomputed y (In [2]: y = x^2)."))
        #expect(screen.contains("Out[7]: 25\n"))
        #expect(!screen.components(separatedBy: "In [8]: :vars").last!.contains("stale"))
    }

    @Test("c = c + 1 is not stale, and neither is what is computed from the new c")
    func selfUpdateIsNotStale() {
        let screen = session(["c = 1", "c = c + 1", "d = c * 10", "c", "d", ":vars", "^D"])
        #expect(!screen.contains("stale"))
        #expect(screen.contains("Out[5]: 20"))
    }

    @Test("a value computed with at is not stale when the name is bound later")
    func atIsNotStale() {
        let screen = session(["y = x^2 at x = 3", "x = 7", "y", "^D"])
        #expect(screen.contains("Out[3]: 9\n"))
    }

    @Test("an error keeps every binding, and the statements after it still run")
    func errorsKeepState() {
        let screen = session(["x = 2", "x = sin(x, 1); y = 3", "x", "y", "^D"])
        #expect(screen.contains("error: sin takes 1 argument, but 2 were given."))
        #expect(screen.contains("Out[3]: 2\n"))
        #expect(screen.contains("Out[4]: 3\n"))
    }

    @Test("Ctrl-C at a ...: prompt drops the cell and starts a fresh one")
    func ctrlCDropsPendingCell() {
        let screen = session(["(1 +", "^C", "2", "^D"])
        #expect(screen.contains("   ...: ^C\nIn [1]: 2\nOut[1]: 2\n"))
    }

    @Test("a pasted transcript runs its In [n]: inputs and skips its outputs")
    func pastedTranscript() {
        let paste = "In [1]: x = 4\nIn [2]: x^2\nOut[2]: 16\nIn [7]: grad(x^3,\n   ...: [x])\nOut[7]: [48]"
        let screen = session([paste, "^D"])
        #expect(screen.hasSuffix("In [1]: x = 4\nIn [2]: x^2\nOut[2]: 16\nIn [3]: grad(x^3,\n   ...: [x])\nOut[3]: [48]\nIn [4]: \n"))
    }

    @Test("a line with a copied In [n]: prompt runs what follows it; a copied Out line is skipped")
    func copiedPromptLines() {
        let screen = session(["In [5]: 2 + 3", "Out[5]: 5", "^D"])
        #expect(screen == "In [1]: In [5]: 2 + 3\nOut[1]: 5\nIn [2]: Out[5]: 5\nIn [2]: \n")
    }

    @Test(":quit ends the session, and Ctrl-D does too")
    func quitting() {
        #expect(session([":quit", "1 + 1"]) == "In [1]: :quit\n")
        #expect(session(["^D", "1 + 1"]) == "In [1]: \n")
    }

    @Test("every cell is remembered for the history, blank lines are not")
    func history() {
        let source = ScriptedLineSource(["x = 1", "", "(x +", "1)", "^D"])
        REPL(notebook: Notebook(), lines: source, output: OutputSink(standard: { _ in }, error: { _ in })).run()
        #expect(source.remembered == ["x = 1", "(x +\n1)"])
    }

    @Test(":save then :load replays the session to the same bindings")
    func saveAndLoad() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = Notebook(workingDirectory: folder)
        let saved = session(["x = 3", "f(t) = t^2 + 1", "y = f(x);", "x^2", ":digits 3", ":save s.gb", "^D"], notebook: first)
        #expect(saved.contains("saved 5 statements to s.gb."))
        let second = Notebook(workingDirectory: folder)
        let loaded = session([":load s.gb", "y", "f(2)", "1/3", "^D"], notebook: second)
        #expect(loaded.contains("In [1]: :load s.gb\nOut[1]: 9\n"))
        #expect(loaded.contains("Out[2]: 10\n"))
        #expect(loaded.contains("Out[3]: 5\n"))
        #expect(loaded.contains("Out[4]: 0.333\n"))
    }

    @Test(":save into a missing folder fails and writes nothing; an existing file is never truncated")
    func saveFailure() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("keep.gb")
        try "x = 1\n".write(to: file, atomically: true, encoding: .utf8)
        let notebook = Notebook(workingDirectory: folder)
        let screen = session(["x = 2", ":save nowhere/s.gb", ":save keep.gb/inside.gb", "^D"], notebook: notebook)
        #expect(screen.contains("could not save to 'nowhere/s.gb'"))
        #expect(screen.contains("could not save to 'keep.gb/inside.gb'"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "x = 1\n")
    }

    @Test(":load reports an error with the file's name, line and column")
    func loadErrorsNameTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "x = 1\ny = sin(x, 2)\nz = 3\n".write(to: folder.appendingPathComponent("bad.gb"), atomically: true, encoding: .utf8)
        let screen = session([":load bad.gb", "z", "^D"], notebook: Notebook(workingDirectory: folder))
        #expect(screen.contains("bad.gb:2:5: error: sin takes 1 argument, but 2 were given.\n    y = sin(x, 2)\n        ^~~~~~~~~"))
        #expect(screen.contains("Out[2]: 3\n"))
    }

    @Test("the training progress line fits one column short of the terminal, so rewriting it leaves nothing behind")
    func progressLineFits() {
        let line = "epoch 10118/10000000  loss 0.0003868  50527/s  198 s left  (Ctrl-C keeps weights)"
        let cut = REPL.progressLine(line, width: 80)
        #expect(cut.count == 79)
        #expect(cut.hasPrefix("epoch 10118/10000000  loss 0.0003868") && cut.hasSuffix("…"))
        #expect(REPL.progressLine("epoch 1/10  loss 0.5", width: 80) == "epoch 1/10  loss 0.5")
        #expect(REPL.progressLine(line, width: nil) == line)
    }
}
