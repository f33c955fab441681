// Ctrl-C during load("big.csv"): reading stops within a few thousand lines, and nothing is loaded.

import Foundation
import Testing
@testable import GradbookCore

@Suite("Interrupting load()")
struct CSVInterruptionTests {
    /// A CSV of `rows` rows of three numbers, with Windows line endings on every other line.
    static func csv(rows: Int) -> String {
        var text = "a,b,y\n"
        for row in 0..<rows { text += "\(row),\(row * 2),\(row % 2)" + (row % 2 == 0 ? "\r\n" : "\n") }
        return text
    }

    @Test("the reader asks to stop every few thousand lines, and stops at the first yes")
    func readerStopsPromptly() {
        let text = CSVInterruptionTests.csv(rows: 100_000)
        var asked = 0
        let result = CSVReader.read(text) {
            asked += 1
            return asked == 3
        }
        #expect(result.map { _ in 0 } == .failure(.interrupted))
        #expect(asked == 3, "two polls answered no, the third stopped it: at most \(3 * CSVReader.pollInterval) lines were read")
    }

    @Test("without Ctrl-C the same file loads whole, every line ending accepted")
    func readerLoadsWhole() throws {
        guard case .success(let (names, matrix)) = CSVReader.read(CSVInterruptionTests.csv(rows: 10_000)) else {
            Issue.record("the file was refused")
            return
        }
        #expect(names == ["a", "b", "y"])
        #expect(matrix.shape == [10_000, 3])
        #expect(matrix.elements.suffix(3) == [9_999, 19_998, 1])
    }

    @Test("load() at Ctrl-C stops the cell and binds nothing")
    func loadIsInterrupted() throws {
        let folder = try temporaryFolder("csv-stop")
        defer { try? FileManager.default.removeItem(at: folder) }
        try CSVInterruptionTests.csv(rows: 20_000).write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let notebook = Notebook(workingDirectory: folder)
        // Ctrl-C already pressed when load() starts (Notebook.run would clear it, so the statement runs directly).
        notebook.interruption.request()
        var result = CellResult(number: 1)
        notebook.run(SourceText("D = load(\"big.csv\")"), into: &result)
        #expect(result.wasInterrupted)
        #expect(notebook.bindings["D"] == nil)
    }
}
