// Ctrl-C during :export: the work stops at the next output or node, and no file is written or replaced.

import Foundation
import Testing
@testable import GradbookCore

@Suite("Interrupting an export")
struct ExportInterruptionTests {
    /// A folder of its own, removed by the caller.
    static func folder() throws -> URL {
        try temporaryFolder("export-stop")
    }

    @Test("a session export asks to stop before each output, and typesets nothing once the answer is yes")
    func sessionExportStopsAtTheNextOutput() {
        let notebook = Notebook()
        for cell in 1...50 { _ = notebook.run("diff(x^\(cell), x)") }
        let whole = SessionExport(cells: notebook.log, format: notebook.format).html()
        #expect(whole.components(separatedBy: "<math").count - 1 == 50)
        var asked = 0
        let stopped = SessionExport(cells: notebook.log, format: notebook.format) {
            asked += 1
            return true
        }.html()
        #expect(!stopped.contains("<math"))
        #expect(asked == 50, "one question per output, and no formula built")
    }

    @Test("the graph's DOT text stops within 1,024 nodes of the request")
    func graphStopsPromptly() {
        let notebook = Notebook()
        _ = notebook.run("x = 2; y = sum([" + (1...3_000).map { "x*\($0)" }.joined(separator: ", ") + "])")
        guard case .value(let value, _)? = notebook.bindings["y"], let root = value.node else {
            Issue.record("y has no graph")
            return
        }
        var asked = 0
        let dot = GraphDOT(format: notebook.format).text(root, title: "y") {
            asked += 1
            return asked > 2
        }
        #expect(dot == nil)
        #expect(asked == 3)
    }

    @Test(":export at Ctrl-C writes nothing, leaves gradbook's earlier file as it was, and leaves no temporary file")
    func interruptedExportKeepsTheOldFile() throws {
        let folder = try ExportInterruptionTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = "<!-- gradbook export: session -->\nthe earlier export\n"
        let file = folder.appendingPathComponent("notes.html")
        try old.write(to: file, atomically: true, encoding: .utf8)
        let notebook = Notebook(workingDirectory: folder)
        _ = notebook.run("x = 2; diff(x^3, x)")
        // Ctrl-C already pressed when :export starts (Notebook.run would clear it, so the statement runs directly).
        notebook.interruption.request()
        var result = CellResult(number: 2)
        notebook.run(SourceText(":export notes.html"), into: &result)
        #expect(result.wasInterrupted)
        #expect(diagnostic(of: result)?.message == "'notes.html' was not written (interrupted), and a file already there is as it was.")
        #expect(try String(contentsOf: file, encoding: .utf8) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.html"])
    }

    @Test("Graphviz is stopped, not waited for, when Ctrl-C comes while it draws", .enabled(if: ExportFile.graphvizPath() != nil))
    func graphvizIsStopped() {
        #expect(throws: ExportProblem.interrupted) {
            try ExportFile.graphviz("digraph { a -> b }", format: "svg") { true }
        }
    }
}
